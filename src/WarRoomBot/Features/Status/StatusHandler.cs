using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Features.Record;
using WarRoomBot.Features.Triage;
using WarRoomBot.Features.Updates;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Status;

/// <summary>
/// <c>/crisis status [42]</c>: where a crisis stands, for the person who asked only: the business digest as it would read
/// now, then the technical detail, so an engineer sees what the business is being told.
/// </summary>
public sealed class StatusHandler(CrisisTimeline timeline, UserTimeZones people, IOptions<WarRoomOptions> options)
{
    /// <summary>Slack's limit of blocks in one message.</summary>
    private const int MaxBlocks = 50;

    public async Task<Reply> HandleAsync(CrisisCommand.Status command, ChannelId? channel, CancellationToken ct)
    {
        var id = command.Crisis;
        if (id is null && channel is { } here)
            id = await timeline.CrisisForChannelAsync(here, ct);
        if (id is not { } crisisId)
            return Reply.Private(":x: This channel is not a crisis room. Name the crisis: `/crisis status 42`.");
        if (await timeline.LoadAsync(crisisId, ct) is not { IsOpened: true } crisis)
            return Reply.Private($":x: There is no crisis {crisisId}.");

        var now = timeline.Now;
        var technical = StatusText.Render(crisis, now) + TriageBlocks.Status(crisis, options.Value.Priority.ToPolicy()) + RecordBlocks.Status(crisis, now)
            + Actions.ActionBlocks.Status(crisis, now);
        var digest = UpdateBlocks.Status(crisis, await people.ProfileAsync(crisis.Owner, ct), now);
        var blocks = digest.Blocks;
        blocks.Add(Block.Divider());
        foreach (var section in Block.Sections(technical, MaxBlocks - blocks.Count))
            blocks.Add(section);
        return Reply.Private(technical, blocks);
    }
}
