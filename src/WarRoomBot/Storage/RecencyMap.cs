namespace WarRoomBot.Storage;

/// <summary>
/// At most <see cref="Capacity"/> values by key, the one used least recently let go first when another is set: the bound
/// that keeps <see cref="FoldCache"/> and <see cref="ChannelCache"/> from growing with every crisis ever touched. Not safe
/// for concurrent use; each cache holds its own lock around it.
/// </summary>
internal sealed class RecencyMap<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> entries = [];

    /// <summary>Most recently used first.</summary>
    private readonly LinkedList<(TKey Key, TValue Value)> recency = new();

    public RecencyMap(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count => entries.Count;

    /// <summary>The value kept for <paramref name="key"/>, without counting as a use: a caller may find it unfit.</summary>
    public bool TryPeek(TKey key, out TValue value)
    {
        if (entries.TryGetValue(key, out var node))
        {
            value = node.Value.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Counts a use of <paramref name="key"/>, when kept, so it is let go last.</summary>
    public void Touch(TKey key)
    {
        if (entries.TryGetValue(key, out var node))
        {
            recency.Remove(node);
            recency.AddFirst(node);
        }
    }

    /// <summary>Lets go of every value.</summary>
    public void Clear()
    {
        entries.Clear();
        recency.Clear();
    }

    /// <summary>Keeps <paramref name="value"/> as the most recently used, letting the least recently used go when over the bound.</summary>
    public void Set(TKey key, TValue value)
    {
        if (entries.TryGetValue(key, out var node))
            recency.Remove(node);
        entries[key] = recency.AddFirst((key, value));
        while (entries.Count > Capacity)
        {
            entries.Remove(recency.Last!.Value.Key);
            recency.RemoveLast();
        }
    }
}
