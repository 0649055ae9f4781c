using WarRoomBot.Crises;

namespace WarRoomBot.Storage;

/// <summary>
/// The crisis of each channel most recently asked about, so that every command typed in a war room does not look its
/// channel up in the store again. A room belongs to its crisis from the moment it is created and never moves, so a kept
/// answer is never stale, even when another replica wrote it. Only found rooms are kept: a channel with no crisis yet
/// (a command typed elsewhere, or a room whose creation is not committed yet) is asked of the store each time, so a room
/// created later is found. Bounded like <see cref="FoldCache"/>: at most <see cref="Capacity"/> channels, the one used
/// least recently let go first. Safe to use from any thread.
/// </summary>
public sealed class ChannelCache
{
    /// <summary>Two rooms per crisis for as many crises as <see cref="FoldCache.DefaultCapacity"/>; an entry is two short ids.</summary>
    public const int DefaultCapacity = 2 * FoldCache.DefaultCapacity;

    private readonly Lock gate = new();
    private readonly RecencyMap<ChannelId, CrisisId> entries;

    public ChannelCache(int capacity = DefaultCapacity) => entries = new(capacity);

    public int Capacity => entries.Capacity;

    /// <summary>How many channels are kept now.</summary>
    public int Count
    {
        get
        {
            lock (gate)
                return entries.Count;
        }
    }

    /// <summary>The crisis of <paramref name="channel"/>, from memory when kept, otherwise from <paramref name="read"/> (kept when found).</summary>
    public async Task<CrisisId?> CrisisForAsync(ChannelId channel, Func<Task<CrisisId?>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (gate)
        {
            if (entries.TryPeek(channel, out var kept))
            {
                entries.Touch(channel);
                return kept;
            }
        }

        if (await read() is not { } crisis)
            return null;

        lock (gate)
        {
            // Two readers missing at once both read the same crisis: the second finds the first's entry.
            if (!entries.TryPeek(channel, out _))
                entries.Set(channel, crisis);
        }

        return crisis;
    }
}
