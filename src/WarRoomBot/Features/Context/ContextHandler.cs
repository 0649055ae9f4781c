using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Context;

/// <summary>
/// <c>/crisis context</c> (issue 15): the customer's own account, recorded by anyone in the crisis's channels, so it lands on
/// the right crisis. Only records and answers; the publisher refreshes the business kickoff.
/// </summary>
public sealed class ContextHandler(CrisisTimeline timeline)
{
    public async Task<Reply> HandleAsync(CrisisCommand.AddContext command, UserId user, ChannelId? channel, CancellationToken ct)
    {
        if (channel is not { } here || await timeline.CrisisForChannelAsync(here, ct) is not { } id)
            return Reply.Private(":x: `/crisis context` works in a crisis's technical or business channel, so it goes on that crisis's record. Run it there.");

        var decided = await timeline.DecideAsync(id, (crisis, now) => ContextRules.Add(crisis, new AddContext(command.Text, user), now), ct);
        return DecidedReply.Of(decided, "context", d =>
        {
            var added = (CrisisEvent.ContextAdded)d.Decision.Events[0];
            var where = d.Crisis.Business.Channel is { } b ? Mrkdwn.Link(b) : "the business channel";
            return $":speech_balloon: Recorded the customer's context ({added.Number} on record). It shows first, under \"{ContextBlocks.Heading(d.Crisis)}\", "
                + $"in the pinned kickoff in {where} and in every digest.";
        });
    }
}
