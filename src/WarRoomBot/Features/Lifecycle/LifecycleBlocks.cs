using System.Globalization;
using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Lifecycle;

/// <summary>
/// What people read about the crisis's life (playbook §13 and §14): the resolution in both rooms, the customer's
/// acceptance, the follow-up with its two buttons, a reopening, the close, and the stage in <c>/crisis status</c>. Pure
/// functions of the folded crisis.
/// </summary>
public static class LifecycleBlocks
{
    public const string StillFixedAction = "followup_still_fixed";
    public const string CameBackAction = "followup_came_back";

    /// <summary>The buttons' value names the crisis and the resolution followed up, so a click needs no lookup of the message.</summary>
    public static string FollowUpValue(CrisisId crisis, int resolution) => string.Create(CultureInfo.InvariantCulture, $"{crisis.Number}:{resolution}");

    public static (CrisisId Crisis, int Resolution)? ReadFollowUp(string? value)
    {
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0
            || !int.TryParse(value.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var crisis)
            || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var resolution)
            || crisis <= 0 || resolution <= 0)
            return null;
        return (new CrisisId(crisis), resolution);
    }

    /// <summary>Where the engineers work: what fixed it, what was abandoned, and the owner's next duties (playbook §13, §14).</summary>
    public static SlackMessage Resolved(Crisis crisis, Resolution resolution)
    {
        var abandoned = resolution.Abandoned.Count == 0 ? ""
            : $"\nRecorded as abandoned: {string.Join(", ", resolution.Abandoned.Select(d => d.ToString()))}.";
        return new($"Crisis {crisis.Id} is resolved, awaiting the customer's acceptance.", new JsonArray(
            Block.Section($":white_check_mark: *Crisis {crisis.Id} is resolved*, awaiting the customer's acceptance.\n"
                + $"*What fixed it:* {Mrkdwn.Escape(resolution.Fix)}\nResolved by {Mrkdwn.Mention(resolution.By)} at {Mrkdwn.Time(resolution.At)}.{abandoned}"),
            Block.Section($"{Mrkdwn.Mention(crisis.Owner)}: *hold the debrief* while it is fresh (playbook §14); the parking lot is its first agenda item. "
                + "When the customer confirms the fix works for them, record it with `/crisis accepted [note]`; if it comes back, `/crisis reopen because &lt;what came back&gt;`."),
            Block.Actions($"debrief_{resolution.Number}",
                Block.Button("Post the debrief", Debrief.DebriefPoster.PostAction, Debrief.DebriefPoster.Value(crisis.Id)))));
    }

    /// <summary>The business room, in business words: fixed on our side, waiting for the customer, and how often we update until then.</summary>
    public static SlackMessage ResolvedNotice(Crisis crisis, Resolution resolution, UpdatePolicy policy)
    {
        var customer = crisis.Customer is { } name ? Mrkdwn.Escape(name) : "the customer";
        return new($"The problem is fixed on our side; we are waiting for {customer} to confirm.", new JsonArray(
            Block.Section($":white_check_mark: *The problem is fixed on our side.* We are waiting for {customer} to confirm it works for them.\n"
                + $"*What was done:* {Mrkdwn.Escape(resolution.Fix)}"),
            Block.Context($"Until {customer} confirms, updates come {Mrkdwn.Every(policy.WhileResolved)}. {Mrkdwn.Mention(crisis.Owner)} owns the crisis.")));
    }

    public static SlackMessage Accepted(Crisis crisis, Acceptance accepted)
    {
        var note = accepted.Note is { } n ? $" _{Mrkdwn.Escape(n)}_" : "";
        return new($"The customer accepted the fix for crisis {crisis.Id}.", new JsonArray(
            Block.Section($":handshake: *The customer accepted the fix.* Recorded by {Mrkdwn.Mention(accepted.By)} at {Mrkdwn.Time(accepted.At)}.{note}\n"
                + $"Business updates stop here. On {Mrkdwn.Time(accepted.FollowUpDue)} {Mrkdwn.Mention(crisis.Owner)} is asked whether it is still fixed.")));
    }

    public static SlackMessage AcceptedNotice(Crisis crisis, Acceptance accepted)
    {
        var customer = crisis.Customer is { } name ? Mrkdwn.Escape(name) : "The customer";
        return new($"{customer} confirmed the fix works.", new JsonArray(
            Block.Section($":handshake: *{customer} confirmed the fix works.* This is the last scheduled update. "
                + $"We check back with them at {Mrkdwn.Time(accepted.FollowUpDue)} that it held.")));
    }

    /// <summary>
    /// Playbook §13: the follow-up, with "Still fixed" and "It came back" until one is answered; then the same post says how it
    /// ended, in place.
    /// </summary>
    public static SlackMessage FollowUp(Crisis crisis, Resolution resolution)
    {
        var text = $"Follow-up on crisis {crisis.Id}: is it still fixed?";
        var asked = Block.Section($":calendar: {Mrkdwn.Mention(crisis.Owner)} *follow-up on crisis {crisis.Id}* ({Mrkdwn.Escape(crisis.Title)}): "
            + $"the customer accepted the fix at {Mrkdwn.Time(resolution.Accepted!.At)}. *Is it still fixed for them?* Ask them, then answer here.");
        if (Answer(crisis, resolution) is { } answer)
            return new(text, new JsonArray(asked, Block.Context(answer)));
        return new(text, new JsonArray(
            asked,
            Block.Actions($"followup_{resolution.Number}",
                Block.Button("Still fixed", StillFixedAction, FollowUpValue(crisis.Id, resolution.Number), "primary"),
                Block.Button("It came back", CameBackAction, FollowUpValue(crisis.Id, resolution.Number), "danger"))));
    }

    /// <summary>How the follow-up of <paramref name="resolution"/> was answered, or null while it waits.</summary>
    public static string? Answer(Crisis crisis, Resolution resolution)
    {
        var life = crisis.Lifecycle;
        if (life.Reopenings.Count >= resolution.Number)
        {
            var reopened = life.Reopenings[resolution.Number - 1];
            return $":rotating_light: It came back: reopened by {Mrkdwn.Mention(reopened.By)} at {Mrkdwn.Time(reopened.At)}.";
        }

        return life.Closure is { } closed && resolution.Number == life.Resolutions.Count
            ? $":white_check_mark: Still fixed: closed by {Mrkdwn.Mention(closed.By)} at {Mrkdwn.Time(closed.At)}, customer satisfaction {closed.Satisfaction} of 5."
            : null;
    }

    public static SlackMessage Reopened(Crisis crisis, Reopening reopening, UpdatePolicy policy) => new(
        $"Crisis {crisis.Id} is reopened.",
        new JsonArray(Block.Section($":rotating_light: *Crisis {crisis.Id} is reopened* by {Mrkdwn.Mention(reopening.By)} at {Mrkdwn.Time(reopening.At)}: "
            + $"{Mrkdwn.Escape(reopening.Reason)}\nIts history is kept. {Mrkdwn.Mention(crisis.Owner)} owns it; record the next theory with "
            + $"`/crisis theory &lt;statement&gt; prove &lt;plan&gt; by &lt;time&gt;`. Business updates resume {Mrkdwn.Every(policy.Cadence.For(crisis.Severity))}.")));

    public static SlackMessage ReopenedNotice(Crisis crisis, Reopening reopening, UpdatePolicy policy) => new(
        "The problem is back; we are working on it again.",
        new JsonArray(
            Block.Section($":rotating_light: *The problem is back and we are working on it again.* {Mrkdwn.Escape(reopening.Reason)}"),
            Block.Context($"{Mrkdwn.Mention(crisis.Owner)} owns the crisis. Updates resume {Mrkdwn.Every(policy.Cadence.For(crisis.Severity))} ({crisis.Severity.Label()}).")));

    public static SlackMessage Closed(Crisis crisis, Closure closure, bool business)
    {
        var comment = closure.Comment is { } c ? $" _{Mrkdwn.Escape(c)}_" : "";
        var archive = closure.ArchiveRooms ? " This channel is archived now; the record is kept." : "";
        return business
            ? new($"Crisis {crisis.Id} is closed.", new JsonArray(Block.Section(
                $":white_check_mark: *Closed.* The fix held through the follow-up. Customer satisfaction: {closure.Satisfaction} of 5.{comment}{archive}")))
            : new($"Crisis {crisis.Id} is closed.", new JsonArray(Block.Section(
                $":white_check_mark: *Crisis {crisis.Id} is closed*: still fixed at the follow-up, recorded by {Mrkdwn.Mention(closure.By)} at {Mrkdwn.Time(closure.At)}. "
                + $"Customer satisfaction: {closure.Satisfaction} of 5.{comment}{archive}")));
    }

    /// <summary>The stage line of <c>/crisis status</c>.</summary>
    public static string Status(Crisis crisis)
    {
        var life = crisis.Lifecycle;
        return life.Stage switch
        {
            Stage.Resolved => $"\n*Stage:* resolved since {Mrkdwn.Time(life.Current!.At)}, awaiting the customer's acceptance. *Fixed by:* {Mrkdwn.Escape(life.Current.Fix)}",
            Stage.Accepted => $"\n*Stage:* the customer accepted the fix at {Mrkdwn.Time(life.Current!.Accepted!.At)}; follow-up due {Mrkdwn.Time(life.Current.Accepted.FollowUpDue)}",
            Stage.Closed => $"\n*Stage:* closed since {Mrkdwn.Time(life.Closure!.At)}, customer satisfaction {life.Closure.Satisfaction} of 5",
            _ => life.Reopenings.Count > 0
                ? $"\n*Stage:* open again since {Mrkdwn.Time(life.Reopenings[^1].At)} (reopened {Times(life.Reopenings.Count)})"
                : "",
        };
    }

    private static string Times(int n) => n == 1 ? "once" : $"{n} times";
}
