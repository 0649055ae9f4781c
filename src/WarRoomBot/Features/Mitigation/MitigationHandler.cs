using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Mitigation;

/// <summary>
/// <c>/crisis mitigated</c> and <c>/crisis unmitigated</c> (issue 15), typed in the crisis's own channels so they land on the
/// right crisis. Only records and answers; the publisher tells both rooms, the clock follows the new promise.
/// </summary>
public sealed class MitigationHandler(CrisisTimeline timeline, IOptions<WarRoomOptions> options)
{
    public async Task<Reply> HandleAsync(CrisisCommand command, UserId user, ChannelId? channel, CancellationToken ct)
    {
        var verb = command switch
        {
            CrisisCommand.Mitigated { Anyway: true } => "mitigated!",
            CrisisCommand.Mitigated => "mitigated",
            CrisisCommand.Unmitigated { Anyway: true } => "unmitigated!",
            _ => "unmitigated",
        };
        if (channel is not { } here || await timeline.CrisisForChannelAsync(here, ct) is not { } id)
            return Reply.Private($":x: `/crisis {verb}` works in a crisis's technical or business channel, so it applies to that crisis. Run it there.");

        // Read once per command, so a configuration reload applies from the next one.
        var updates = options.Value.ToClockPolicy().Updates;
        switch (command)
        {
            case CrisisCommand.Mitigated mitigated:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) =>
                    MitigationRules.Mitigate(crisis, new Mitigate(mitigated.How, user, mitigated.Anyway), updates, now), ct);
                return DecidedReply.Of(decided, verb.TrimEnd('!'), d =>
                {
                    var e = (CrisisEvent.Mitigated)d.Decision.Events[0];
                    var anyway = e.WordingOverridden ? " Announced past the wording check on purpose; the record keeps that choice and your name." : "";
                    return $":adhesive_bandage: Recorded the mitigation; both channels are told, and the digest now reads \"Mitigated: …, fix in progress\". "
                        + $"Business updates slow to {Mrkdwn.Every(e.Next.Cadence)} while the fix goes on; if the relief fails, `/crisis unmitigated because <why>`.{anyway} "
                        + Updates.UpdateBlocks.Footer(d.Crisis, e.Next, d.Now);
                });
            }

            case CrisisCommand.Unmitigated unmitigated:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) =>
                    MitigationRules.Unmitigate(crisis, new Unmitigate(unmitigated.Why, user, unmitigated.Anyway), updates, now), ct);
                return DecidedReply.Of(decided, verb.TrimEnd('!'), d =>
                {
                    var e = (CrisisEvent.MitigationFailed)d.Decision.Events[0];
                    return $":warning: Recorded that mitigation {e.Number} failed; both channels are told and business updates return to the "
                        + $"{d.Crisis.Severity.Label()} rhythm. {Updates.UpdateBlocks.Footer(d.Crisis, e.Next, d.Now)}";
                });
            }

            default:
                return Reply.Private(Usage.Help(null));
        }
    }
}
