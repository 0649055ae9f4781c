using System.Globalization;
using WarRoomBot.Crises;
using WarRoomBot.Features.Updates;
using WarRoomBot.Slack.Api;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Expectations;

/// <summary>
/// What people read about the expectations (playbook §11): the line in the kickoffs, the digests and status, the
/// announcement of new expectations in both rooms, the owner's at-risk prompt and the worst case passing. Pure functions
/// of the crisis record and the time of posting; times are Slack date tokens, so each reader sees their own time zone.
/// </summary>
public static class ExpectationBlocks
{
    /// <summary>The prompt's "Post it as it is" button: the drafted update goes out as the owner's.</summary>
    public const string PostDraftAction = "expectations_post_draft";

    /// <summary>The prompt's "Edit it first" button, which opens <see cref="WriteUpdateModal"/> with the draft in it.</summary>
    public const string EditDraftAction = "expectations_edit_draft";

    public const string PromptActionsBlock = "expectations_at_risk";

    /// <summary>The drafted update is quoted whole unless it is very long; the rest is in the form "Edit it first" opens.</summary>
    private const int DraftShown = 2500;

    /// <summary>The buttons carry the crisis number and the at-risk episode, so a click needs no lookup of the message.</summary>
    public static string ButtonValue(CrisisId crisis, int episode) => string.Create(CultureInfo.InvariantCulture, $"{crisis.Number}:{episode}");

    /// <summary>
    /// "*Target for a fix:* … (1 day from the report); *worst case:* … (2 days from the report)", and who set them and why
    /// when the owner did. Null when expectations do not apply, or none were recorded (a crisis opened before they existed).
    /// </summary>
    public static string? Line(Crisis crisis)
    {
        if (!ExpectationRules.Apply(crisis) || crisis.Expectations.Current is not { } current)
            return null;
        var line = $"*Target for a fix:* {When(crisis, current.Target)}; *worst case:* {When(crisis, current.Worst)}";
        return current.By is { } by
            ? $"{line}. Set by {Mrkdwn.Mention(by)} because {Mrkdwn.Escape(current.Reason ?? "")}"
            : $"{line}, as for every {current.Severity?.Label()} crisis.";
    }

    /// <summary>
    /// <see cref="Line"/> on a line of its own, to follow the severity in the kickoffs and the impact in the digest and
    /// status: both rooms know from the start when the fix is targeted and the latest it may come. Empty when there is none.
    /// </summary>
    public static string OnNewLine(Crisis crisis) => Line(crisis) is { } line ? "\n" + line : "";

    /// <summary>New expectations, in the technical channel (who set them, and that the business is told) or the business channel.</summary>
    public static SlackMessage Announcement(Crisis crisis, Expected set, bool technical, DateTimeOffset now)
    {
        var by = set.By ?? crisis.Owner;
        var times = $"target {When(crisis, set.Target)}, worst case {When(crisis, set.Worst)}";
        var text = $"Crisis {crisis.Id}: new expectations for the fix: target {Plain(set.Target)}, worst case {Plain(set.Worst)}.";
        return technical
            ? new(text, [Block.Section($":dart: {Mrkdwn.Mention(by)} set new expectations for the fix: {times}.\n*Why:* {Mrkdwn.Escape(set.Reason ?? "")}\n"
                + $"{Business(crisis)} is told.")])
            : new(text,
            [
                Block.Section($":dart: *New expectations for the fix of crisis {crisis.Id}:* {times}."),
                Block.Section($"*Why:* {Mrkdwn.Escape(set.Reason ?? "")}"),
                Block.Context($"From {Mrkdwn.Mention(by)}, {(by == crisis.Ownership.Sponsor && by != crisis.Owner ? "executive sponsor" : "accountable owner")}"),
                Block.Context(UpdateBlocks.Footer(crisis, crisis.Updates.Next, now)),
            ]);
    }

    /// <summary>
    /// Playbook §11: the owner is asked in the technical channel to tell the business channel now, with an update drafted
    /// from the record to post as it is or edit first. It goes out as the owner's own update, with the usual footer.
    /// </summary>
    public static SlackMessage Prompt(Crisis crisis, AtRisk risk)
    {
        var why = risk.Cause == AtRiskCause.DeadlineMissed && risk.Deadline is { } missed
            ? $"we missed diagnostic deadline {missed}"
            : $"most of the time to it is used ({Mrkdwn.Duration(risk.At - crisis.OpenedAt)} of {Mrkdwn.Duration(risk.Target - crisis.OpenedAt)})";
        var value = ButtonValue(crisis.Id, risk.Episode);
        return new(
            $"Crisis {crisis.Id}: the target for a fix ({Plain(risk.Target)}) is at risk. Tell the business channel now.",
            [
                Block.Section($":hourglass_flowing_sand: {Mrkdwn.Mention(crisis.Owner)} *the target for a fix, {Mrkdwn.Time(risk.Target)}, is at risk*: {why}. "
                    + $"Tell {Business(crisis)} now: bad news goes out fast, before the deadline, not after it."),
                Block.Section($"*Drafted from the record:*\n{Quote(Mrkdwn.Truncate(Mrkdwn.Escape(risk.Draft), DraftShown))}"),
                Block.Context("It goes out as your update, with when the next one comes and why. Edit it first to change the words or the time of the next update."),
                Block.Actions(PromptActionsBlock,
                    Block.Button("Post it as it is", PostDraftAction, value, "primary"),
                    Block.Button("Edit it first", EditDraftAction, value)),
            ]);
    }

    /// <summary>The prompt once the business channel was told, without the buttons.</summary>
    public static SlackMessage PromptDone(Crisis crisis, AtRisk risk, BusinessUpdate told) => new(
        $"Crisis {crisis.Id}: the business channel was told (update {told.Number}).",
        [
            Block.Section($":white_check_mark: The target for a fix, {Mrkdwn.Time(risk.Target)}, was at risk; business update {told.Number} went out at "
                + $"{Mrkdwn.Time(told.At)} ({UpdateBlocks.WhatWentOut(crisis, told, withSender: true)}) in {Business(crisis)}."),
        ]);

    /// <summary>Playbook §11: the worst case we gave has passed; the business channel hears it from us at once, with where we stand.</summary>
    public static SlackMessage WorstPassed(Crisis crisis, CrisisEvent.WorstCasePassed passed, DateTimeOffset now)
    {
        var next = crisis.Deadlines.Where(d => d.IsOpen && d.Due > now).OrderBy(d => d.Due).FirstOrDefault();
        var standing = crisis.WorkingExplanation is { } working
            ? $"the cause is identified ({working.Id}) and the fix is being worked"
            : "the cause is not identified yet";
        var step = next is null ? "" : $" Next step: {next.Id}, {Mrkdwn.Truncate(Mrkdwn.Escape(next.Step), 200)}, by {Mrkdwn.Time(next.Due)}.";
        return new(
            $"Crisis {crisis.Id}: the worst case we gave for a fix ({Plain(passed.Worst)}) has passed.",
            [
                Block.Section($":warning: *The worst case we gave for a fix has passed.* We said crisis {crisis.Id} would be fixed by {Mrkdwn.Time(passed.Worst)} "
                    + "at the latest, and it is not fixed yet."),
                Block.Section($"*Where we stand:* {standing}.{step} {Mrkdwn.Mention(crisis.Owner)} sets the new target and worst case, with the reason."),
                Block.Context(UpdateBlocks.Footer(crisis, crisis.Updates.Next, now)),
            ]);
    }

    /// <summary>"&lt;date token&gt; (1 day from the report)".</summary>
    private static string When(Crisis crisis, DateTimeOffset at) => $"{Mrkdwn.Time(at)} ({Mrkdwn.Duration(at - crisis.OpenedAt)} from the report)";

    private static string Quote(string mrkdwn) => string.Join("\n", mrkdwn.Split('\n').Select(l => "> " + l));

    private static string Business(Crisis crisis) => crisis.Business.Channel is { } b ? Mrkdwn.Link(b) : "the business channel";

    /// <summary>Notification text shows no date tokens on every device, so it names UTC.</summary>
    private static string Plain(DateTimeOffset at) => ExpectationRules.Plain(at);
}
