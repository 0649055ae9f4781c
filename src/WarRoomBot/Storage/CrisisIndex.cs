using System.Collections.Immutable;
using WarRoomBot.Crises;

namespace WarRoomBot.Storage;

/// <summary>
/// What a store keeps beside a crisis's timeline so it can answer without folding every crisis: when the crisis clock
/// next needs it (<see cref="ICrisisStore.DueByAsync"/>) and which channels are its rooms
/// (<see cref="ICrisisStore.CrisisForChannelAsync"/>). Computed here from the folded crisis, once for every engine, so a
/// second engine writes the same index without learning which events move it (issue 8, "How it works").
/// </summary>
public sealed record CrisisIndex(DateTimeOffset? WakeAt, ImmutableArray<(ChannelId Channel, ChannelKind Kind)> Channels)
{
    public static CrisisIndex Of(Crisis crisis, ClockPolicy policy) => new(CrisisClock.NextWake(crisis, policy), [.. Rooms(crisis)]);

    private static IEnumerable<(ChannelId, ChannelKind)> Rooms(Crisis crisis)
    {
        foreach (var room in (Room[])[crisis.Technical, crisis.Business])
        {
            if (room.Channel is { } channel)
                yield return (channel, room.Kind);
        }
    }
}
