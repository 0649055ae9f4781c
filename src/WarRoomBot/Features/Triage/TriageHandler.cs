using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Triage;

/// <summary>
/// Triage from the slash command (playbook §1): the impact, its score and the suggested severity; the severity itself,
/// changed by the owner. Only in the crisis's own channels, so each lands on the right crisis. Only records and answers;
/// the publisher announces a severity change in both rooms, and the clock follows the new cadence.
/// </summary>
public sealed class TriageHandler(CrisisTimeline timeline, SlackSideTasks side, IOptions<WarRoomOptions> options)
{
    public async Task<Reply> HandleAsync(CrisisCommand command, UserId user, ChannelId? channel, CancellationToken ct)
    {
        var verb = command is CrisisCommand.SetSeverity ? "severity" : "impact";
        if (channel is not { } here || await timeline.CrisisForChannelAsync(here, ct) is not { } id)
            return Reply.Private($":x: `/crisis {verb}` works in a crisis's technical or business channel, so it applies to that crisis. Run it there.");

        // Read once per command, so a configuration reload applies from the next one.
        var priority = options.Value.Priority.ToPolicy();
        switch (command)
        {
            case CrisisCommand.AssessImpact impact:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) => TriageRules.Assess(crisis, new AssessImpact(impact.Given, user), now), ct);
                return DecidedReply.Of(decided, verb, d =>
                {
                    var crisis = d.Crisis;
                    var scored = Priority.Of(crisis.Triage.Impact, priority);
                    var advice = scored.Suggested == crisis.Severity
                        ? $"The crisis is {crisis.Severity.Label()}, as suggested."
                        : $"The crisis is {crisis.Severity.Label()}; the owner can change it with `/crisis severity {scored.Suggested.Label()}`, "
                            + $"or keep it and say why with `/crisis severity <sev> because <reason>`.";
                    return $":bar_chart: Recorded the impact: {TriageRules.Describe(crisis.Triage.Impact)}. Priority {TriageBlocks.Score(scored)}. {advice} "
                        + "The business digest shows the impact.";
                });
            }

            case CrisisCommand.SetSeverity severity:
            {
                var clock = options.Value.ToClockPolicy();
                var policy = clock.Updates;
                var decided = await timeline.DecideAsync(id, (crisis, now) => ExpectationRules.FollowSeverity(
                    crisis, TriageRules.ChangeSeverity(crisis, new ChangeSeverity(severity.To, severity.Reason, user, severity.Anyway), priority, policy, now), clock.Expectations), ct);
                return DecidedReply.Of(decided, verb, d =>
                {
                    var change = d.Crisis.Triage.Changes[^1];
                    return $":rotating_light: Crisis {d.Crisis.Id} is now *{change.To.Label()}* (was {change.From.Label()}); both channels are told. "
                        + $"Business updates now come {Mrkdwn.Every(policy.Cadence.For(change.To))}. "
                        + Features.Updates.UpdateBlocks.Footer(d.Crisis, change.Next, d.Now);
                });
            }

            default:
                return Reply.Private(Usage.Help(null));
        }
    }

    /// <summary><c>/crisis impact</c> alone: the same parts in a form.</summary>
    public async Task<Reply> OpenFormAsync(UserId user, ChannelId? channel, string triggerId, string? responseUrl, CancellationToken ct)
    {
        if (channel is not { } here || await timeline.CrisisForChannelAsync(here, ct) is not { } id || await timeline.LoadAsync(id, ct) is not { IsOpened: true } crisis)
            return Reply.Private(":x: `/crisis impact` works in a crisis's technical or business channel, so it applies to that crisis. Run it there.");
        side.OpenView(triggerId, ImpactModal.View(crisis), responseUrl, e =>
            $":x: Slack did not open the impact form ({e.Error}). Type the parts instead: {Usage.For("impact")}");
        return Reply.Nothing;
    }

    /// <summary>The form's answer: null when recorded (the form closes), otherwise the problem under each field.</summary>
    public async Task<Dictionary<string, string>?> SubmitAsync(Interaction.ImpactSubmitted submitted, CancellationToken ct)
    {
        var (given, errors) = ImpactModal.Read(submitted.Values);
        if (given is null)
            return errors;
        var decided = await timeline.DecideAsync(submitted.Crisis, (crisis, now) => TriageRules.Assess(crisis, new AssessImpact(given, submitted.User), now), ct);
        if (decided is null)
            return new() { [ImpactModal.UsersBlock] = $"Crisis {submitted.Crisis} no longer exists." };
        return decided.Decision.RejectedBecause is { } because
            ? new() { [because.Contains("sites", StringComparison.Ordinal) ? ImpactModal.SitesBlock : ImpactModal.UsersBlock] = Mrkdwn.AsPlainText(because) }
            : null;
    }
}
