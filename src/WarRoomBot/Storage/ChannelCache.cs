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
    private readonly Dictionary<ChannelId, LinkedListNode<(ChannelId Channel, CrisisId Crisis)>> entries = [];

    /// <summary>Most recently used first.</summary>
    private readonly LinkedList<(ChannelId Channel, CrisisId Crisis)> recency = new();

    public ChannelCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    public int Capacity { get; }

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
            if (entries.TryGetValue(channel, out var node))
            {
                recency.Remove(node);
                recency.AddFirst(node);
                return node.Value.Crisis;
            }
        }

        if (await read() is not { } crisis)
            return null;

        lock (gate)
        {
            // Two readers missing at once both read the same crisis: the second finds the first's entry.
            if (!entries.ContainsKey(channel))
            {
                entries[channel] = recency.AddFirst((channel, crisis));
                while (entries.Count > Capacity)
                {
                    entries.Remove(recency.Last!.Value.Channel);
                    recency.RemoveLast();
                }
            }
        }

        return crisis;
    }
}
