using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Api;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Updates;

/// <summary>
/// Playbook §8 and §9 from the slash command, the reminder's buttons and the update form: the owner's own business update
/// and the digest on demand. Only records and answers; the publisher posts in the rooms, the clock keeps the rhythm.
/// </summary>
public sealed class UpdatesHandler(CrisisTimeline timeline, UserTimeZones zones, SlackSideTasks side, IOptions<WarRoomOptions> options)
{
    /// <summary><c>/crisis update[!] &lt;text&gt; next &lt;time&gt; because &lt;why&gt;</c>.</summary>
    public async Task<Reply> PostAsync(string text, TimeExpression next, string? reason, bool anyway, UserId user, ChannelId? channel, CancellationToken ct)
    {
        if (await CrisisHereAsync(channel, ct) is not { } id)
            return NotHere(anyway ? "update!" : "update");
        var due = await zones.ResolveAsync(next, user, timeline.Now, ct);
        if (due.Problem is { } problem)
            return Reply.Private($":x: {problem}\nUsage: {Usage.For("update")}");
        var decided = await timeline.DecideAsync(id, (crisis, now) =>
            UpdateRules.Post(crisis, new OwnerUpdate(text, due.Due!.Value, reason, anyway, user), Policy, now), ct);
        return Answer(decided, Posted);
    }

    /// <summary><c>/crisis digest</c>: the digest goes out now and the cadence restarts from now.</summary>
    public async Task<Reply> DigestAsync(UserId user, ChannelId? channel, CancellationToken ct)
    {
        if (await CrisisHereAsync(channel, ct) is not { } id)
            return NotHere("digest");
        var decided = await timeline.DecideAsync(id, (crisis, now) => UpdateRules.Digest(crisis, user, Policy, now), ct);
        return Answer(decided, Digested);
    }

    /// <summary><c>/crisis update</c> alone: the owner writes the update in a form.</summary>
    public async Task<Reply> OpenFormAsync(UserId user, ChannelId? channel, string triggerId, string? responseUrl, CancellationToken ct)
    {
        if (await CrisisHereAsync(channel, ct) is not { } id || await timeline.LoadAsync(id, ct) is not { IsOpened: true } crisis)
            return NotHere("update");
        if (UpdateRules.WhoMayPost(crisis, user) is { } refused)
            return Reply.Private($":x: {UserId.RenderPeople(refused, Mrkdwn.Mention)}");
        side.OpenView(triggerId, WriteUpdateModal.View(crisis), responseUrl, FormFailed);
        return Reply.Nothing;
    }

    /// <summary>The reminder's buttons. The answer goes privately to the clicker; the reminder itself is updated by the publisher.</summary>
    public async Task ClickAsync(Interaction.UpdateClicked click, CancellationToken ct)
    {
        if (await timeline.LoadAsync(click.Crisis, ct) is not { IsOpened: true } crisis)
        {
            side.Tell(click.ResponseUrl, $":x: Crisis {click.Crisis} no longer exists.");
            return;
        }

        if (!click.PostDigest)
        {
            if (UpdateRules.WhoMayPost(crisis, click.User) is { } refused)
                side.Tell(click.ResponseUrl, $":x: {UserId.RenderPeople(refused, Mrkdwn.Mention)}");
            else
                side.OpenView(click.TriggerId, WriteUpdateModal.View(crisis), click.ResponseUrl, FormFailed);
            return;
        }

        // Decided on the crisis as it is when the click lands: a second click, or one on a reminder whose update already
        // went out, must not send another digest.
        string? gone = null;
        var decided = await timeline.DecideAsync(click.Crisis, (current, now) =>
        {
            if (current.Updates.Given.FirstOrDefault(u => u.Number == click.Update) is not { } given)
                return UpdateRules.Digest(current, click.User, Policy, now);
            gone = WentOut(current, given, now);
            return Decision.Accept();
        }, ct);
        side.Tell(click.ResponseUrl, gone ?? Answer(decided, Digested).Text ?? "");
    }

    /// <summary>The update form: Slack's per-field errors, or null when the update was recorded (the form closes).</summary>
    public async Task<Dictionary<string, string>?> SubmitAsync(Interaction.UpdateSubmitted submitted, CancellationToken ct)
    {
        if (await timeline.LoadAsync(submitted.Crisis, ct) is not { IsOpened: true } crisis)
            return new() { [WriteUpdateModal.TextBlock] = $"Crisis {submitted.Crisis} no longer exists." };
        if ((UpdateRules.WhoMayPost(crisis, submitted.User) ?? UpdateRules.CheckText(submitted.Text)) is { } textProblem)
            return new() { [WriteUpdateModal.TextBlock] = Mrkdwn.AsPlainText(textProblem) };
        if (UpdateRules.CheckReason(submitted.Reason) is { } reasonProblem)
            return new() { [WriteUpdateModal.ReasonBlock] = Mrkdwn.AsPlainText(reasonProblem) };
        var parsed = TimeExpression.Parse(submitted.Next);
        if (parsed.Expression is not { } expression)
            return new() { [WriteUpdateModal.NextBlock] = Mrkdwn.AsPlainText(parsed.Problem!) };
        var due = await zones.ResolveAsync(expression, submitted.User, timeline.Now, ct);
        if (due.Problem is { } timeProblem)
            return new() { [WriteUpdateModal.NextBlock] = Mrkdwn.AsPlainText(timeProblem) };
        if (UpdateRules.CheckNext(crisis, due.Due!.Value, Policy, timeline.Now) is { } nextProblem)
            return new() { [WriteUpdateModal.NextBlock] = Mrkdwn.AsPlainText(nextProblem) };

        var decided = await timeline.DecideAsync(submitted.Crisis, (current, now) =>
            UpdateRules.Post(current, new OwnerUpdate(submitted.Text, due.Due!.Value, submitted.Reason, false, submitted.User), Policy, now), ct);
        if (decided?.Decision.RejectedBecause is not { } because)
            return null;

        // The wording check is the one refusal left here; it names the phrases, which are in the text or the reason.
        var field = Wording.Check(submitted.Text).IsEmpty && !Wording.Check(submitted.Reason).IsEmpty ? WriteUpdateModal.ReasonBlock : WriteUpdateModal.TextBlock;
        return new() { [field] = Mrkdwn.AsPlainText(UserId.RenderPeople(because, person => "@" + person.Value)) };
    }

    private UpdatePolicy Policy => options.Value.ToClockPolicy().Updates;

    private async Task<CrisisId?> CrisisHereAsync(ChannelId? channel, CancellationToken ct) =>
        channel is { } here ? await timeline.CrisisForChannelAsync(here, ct) : null;

    private static Reply NotHere(string verb) =>
        Reply.Private($":x: `/crisis {verb}` works in a crisis's technical or business channel, so it is clear which crisis the business hears about. Run it there.");

    private static Reply Answer(Decided? decided, Func<Decided, string> accepted)
    {
        if (decided is null)
            return Reply.Private(":x: That crisis no longer exists.");
        return decided.Decision.RejectedBecause is { } because
            ? Reply.Private($":x: {UserId.RenderPeople(because, Mrkdwn.Mention)}")
            : Reply.Private(accepted(decided));
    }

    private string Posted(Decided decided)
    {
        var given = (CrisisEvent.BusinessUpdateGiven)decided.Decision.Events[0];
        var crisis = decided.Crisis;
        var cadence = Policy.Cadence.For(crisis.Severity);
        var later = given.Next.Due - decided.Now > cadence
            ? $" That is later than the {crisis.Severity.Label()} cadence ({Mrkdwn.Every(cadence)}), so your reason is shown with it."
            : "";
        var anyway = given.WordingOverridden ? " Posted past the wording check on purpose; the record keeps that choice and your name." : "";
        return $":loudspeaker: Update *U{given.Number}* is going to {Business(crisis)} in your words. {UpdateBlocks.Footer(crisis, given.Next, decided.Now)}{later}{anyway}";
    }

    private static string Digested(Decided decided)
    {
        var given = (CrisisEvent.BusinessUpdateGiven)decided.Decision.Events[0];
        return $":newspaper: The digest (*U{given.Number}*) is going to {Business(decided.Crisis)} now, and the cadence restarts from now. "
            + UpdateBlocks.Footer(decided.Crisis, given.Next, decided.Now);
    }

    private static string WentOut(Crisis crisis, BusinessUpdate given, DateTimeOffset now)
    {
        var what = UpdateBlocks.WhatWentOut(crisis, given, withSender: true) + (given.By is null ? ", on time by itself" : "");
        return $":information_source: Update *U{given.Number}* already went out at {Mrkdwn.Time(given.At)} ({what}); nothing more was sent. "
            + $"{UpdateBlocks.Footer(crisis, crisis.Updates.Next, now)} `/crisis digest` sends one more now.";
    }

    private static string Business(Crisis crisis) => crisis.Business.Channel is { } b ? Mrkdwn.Link(b) : "the business channel";

    private static string FormFailed(SlackApiException e) =>
        (e.MayHaveApplied
            ? $":warning: Slack did not confirm that the update form opened (`{e.Error}`). If you do not see it, "
            : $":x: Slack could not open the update form (`{e.Error}`). ")
        + $"Post it in one line instead:\n{Usage.For("update")}";
}
