using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Status;

/// <summary><c>/crisis status [42]</c>: where a crisis stands, for the person who asked only.</summary>
public sealed class StatusHandler(CrisisTimeline timeline)
{
    public async Task<Reply> HandleAsync(CrisisCommand.Status command, ChannelId? channel, CancellationToken ct)
    {
        var id = command.Crisis;
        if (id is null && channel is { } here)
            id = await timeline.CrisisForChannelAsync(here, ct);
        if (id is not { } crisisId)
            return Reply.Private(":x: This channel is not a crisis room. Name the crisis: `/crisis status 42`.");
        if (await timeline.LoadAsync(crisisId, ct) is not { IsOpened: true } crisis)
            return Reply.Private($":x: There is no crisis {crisisId}.");
        return Reply.Private(StatusText.Render(crisis, timeline.Now));
    }
}
