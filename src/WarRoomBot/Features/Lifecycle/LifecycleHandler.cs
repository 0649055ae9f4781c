using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Lifecycle;

/// <summary>
/// The crisis's life from the slash command and the follow-up's buttons (playbook §13): resolve, the customer's acceptance,
/// reopen, and at the follow-up "Still fixed" (the satisfaction form, then the close) or "It came back". Typed in the
/// crisis's own channels, so it lands on the right crisis. Only records and answers; the publisher tells both rooms, the
/// clock asks for the follow-up.
/// </summary>
public sealed class LifecycleHandler(CrisisTimeline timeline, SlackSideTasks side, IOptions<WarRoomOptions> options)
{
    /// <summary>The reason a reopening from the follow-up's button is recorded with.</summary>
    public const string CameBackAtFollowUp = "it came back: reported at the follow-up";

    public async Task<Reply> HandleAsync(CrisisCommand command, UserId user, ChannelId? channel, CancellationToken ct)
    {
        var verb = command switch
        {
            CrisisCommand.Resolve => "resolve",
            CrisisCommand.Accepted => "accepted",
            _ => "reopen",
        };
        if (channel is not { } here || await timeline.CrisisForChannelAsync(here, ct) is not { } id)
            return Reply.Private($":x: `/crisis {verb}` works in a crisis's technical or business channel, so it applies to that crisis. Run it there.");

        // Read once per command, so a configuration reload applies from the next one.
        var policy = options.Value.ToClockPolicy();
        switch (command)
        {
            case CrisisCommand.Resolve resolve:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) =>
                    LifecycleRules.Resolve(crisis, new Resolve(resolve.Fix, resolve.Abandon, user), policy.Updates, now), ct);
                return DecidedReply.Of(decided, verb, d =>
                {
                    var resolved = (CrisisEvent.Resolved)d.Decision.Events[0];
                    var abandoned = resolved.Abandoned.Count == 0 ? ""
                        : $" Recorded as abandoned: {string.Join(", ", resolved.Abandoned.Select(x => x.ToString()))}.";
                    return $":white_check_mark: Crisis {d.Crisis.Id} is resolved and awaits the customer's acceptance; both channels are told.{abandoned} "
                        + $"Business updates now come {Mrkdwn.Every(policy.Updates.WhileResolved)} until the customer accepts: record it with `/crisis accepted [note]`. "
                        + $"Hold the debrief while it is fresh. {Updates.UpdateBlocks.Footer(d.Crisis, resolved.Next, d.Now)}";
                });
            }

            case CrisisCommand.Accepted accepted:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) =>
                    LifecycleRules.Accept(crisis, new AcceptFix(accepted.Note, user), policy.Lifecycle, now), ct);
                return DecidedReply.Of(decided, verb, d =>
                {
                    var fix = (CrisisEvent.FixAccepted)d.Decision.Events[0];
                    return $":handshake: Recorded that the customer accepted the fix; both channels are told and business updates stop. "
                        + $"On {Mrkdwn.Time(fix.FollowUpDue)} {Mrkdwn.Mention(d.Crisis.Owner)} is asked, here and by direct message, whether it is still fixed.";
                });
            }

            case CrisisCommand.Reopen reopen:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) => LifecycleRules.Reopen(crisis, new Reopen(reopen.Reason, user), policy.Updates, now), ct);
                return DecidedReply.Of(decided, verb, Reopened);
            }

            default:
                return Reply.Private(Usage.Help(null));
        }
    }

    /// <summary>
    /// "It came back" reopens at once; "Still fixed" opens the satisfaction form, unless closing would be refused anyway, in
    /// which case the clicker hears why privately.
    /// </summary>
    public async Task ClickAsync(Interaction.FollowUpClicked click, CancellationToken ct)
    {
        if (click.StillFixed)
        {
            var crisis = await timeline.LoadAsync(click.Crisis, ct);
            var refused = crisis is null ? $"Crisis {click.Crisis} no longer exists." : LifecycleRules.CannotClose(crisis, click.Resolution, click.User);
            if (refused is not null)
            {
                side.Tell(click.ResponseUrl, $":x: {UserId.RenderPeople(refused, Mrkdwn.Mention)}");
                return;
            }

            side.OpenView(click.TriggerId, SatisfactionModal.View(crisis!, click.Resolution), click.ResponseUrl, e =>
                $":x: Slack did not open the satisfaction form ({e.Error}). Press *Still fixed* again in a moment.");
            return;
        }

        var policy = options.Value.ToClockPolicy();
        var decided = await timeline.DecideAsync(click.Crisis, (crisis, now) =>
            crisis.Lifecycle.Current?.Number == click.Resolution
                ? LifecycleRules.Reopen(crisis, new Reopen(CameBackAtFollowUp, click.User), policy.Updates, now)
                : Decision.Reject($"This follow-up is no longer current: crisis {crisis.Id} is {LifecycleRules.Describe(crisis)}."), ct);
        var reply = decided is null ? $":x: Crisis {click.Crisis} no longer exists."
            : decided.Decision.RejectedBecause is { } because ? $":x: {UserId.RenderPeople(because, Mrkdwn.Mention)}"
            : Reopened(decided);
        side.Tell(click.ResponseUrl, reply);
    }

    /// <summary>The satisfaction form's answer: null when the crisis closed (the form closes), otherwise the problem under its field.</summary>
    public async Task<Dictionary<string, string>?> SubmitAsync(Interaction.SatisfactionSubmitted submitted, CancellationToken ct)
    {
        var (satisfaction, comment) = SatisfactionModal.Read(submitted.Values);
        var archive = options.Value.ArchiveOnClose;
        var decided = await timeline.DecideAsync(submitted.Crisis, (crisis, now) =>
            LifecycleRules.Close(crisis, new CloseCrisis(submitted.Resolution, satisfaction, comment, archive, submitted.User), now), ct);
        if (decided is null)
            return new() { [SatisfactionModal.SatisfactionBlock] = $"Crisis {submitted.Crisis} no longer exists." };
        return decided.Decision.RejectedBecause is { } because
            ? new()
            {
                [because.StartsWith("The comment", StringComparison.Ordinal) ? SatisfactionModal.CommentBlock : SatisfactionModal.SatisfactionBlock]
                    = Mrkdwn.AsPlainText(UserId.RenderPeople(because, u => u.Value)),
            }
            : null;
    }

    private static string Reopened(Decided decided) =>
        $":rotating_light: Crisis {decided.Crisis.Id} is open again, with its history kept; both channels are told and business updates resume "
        + $"at the {decided.Crisis.Severity.Label()} cadence. {Updates.UpdateBlocks.Footer(decided.Crisis, decided.Crisis.Updates.Next, decided.Now)}";
}
