using WarRoomBot.Crises;

namespace WarRoomBot.Storage;

/// <summary>
/// The last folded state of the crises most recently loaded or written, each with the version it was folded at, so that a
/// click on a long crisis does not fold its whole timeline again. Bounded: at most <see cref="Capacity"/> crises are kept,
/// and the one used least recently is let go first, so memory does not grow with every crisis ever touched. A state is
/// only ever answered for the exact version asked about: a store that has a newer version (another replica wrote) folds
/// that instead. Safe to use from any thread.
/// </summary>
public sealed class FoldCache
{
    /// <summary>
    /// Far more crises than are worked at once (a sev1 burst touches a handful; the deadline run keeps 1,000 busy), and a
    /// folded crisis is a few kilobytes, so the bound costs a few megabytes at most.
    /// </summary>
    public const int DefaultCapacity = 1000;

    private readonly Lock gate = new();
    private readonly RecencyMap<CrisisId, Entry> entries;

    public FoldCache(int capacity = DefaultCapacity) => entries = new(capacity);

    public int Capacity => entries.Capacity;

    /// <summary>How many crises are kept now.</summary>
    public int Count
    {
        get
        {
            lock (gate)
                return entries.Count;
        }
    }

    /// <summary>
    /// The crisis as folded at <paramref name="version"/> (and kept by <paramref name="keeper"/>, when one is given), or null
    /// when what is kept is at another version, by another keeper, or nothing is. The keeper matters as much as the version: after a failed group
    /// the store reads its files again as a new keeper, and a state kept before may be of a version the disk never got,
    /// which a later write reaches again with other events.
    /// </summary>
    public Crisis? At(CrisisId crisis, int version, object? keeper = null)
    {
        lock (gate)
        {
            if (!entries.TryPeek(crisis, out var kept) || kept.Version != version || (keeper is not null && !ReferenceEquals(kept.Keeper, keeper)))
                return null;
            entries.Touch(crisis);
            return kept.Crisis;
        }
    }

    /// <summary>
    /// The crisis and its version as last kept by <paramref name="keeper"/>, or null when nothing is kept or another keeper
    /// kept it last. A store that alone writes its file asks this instead of reading the version from the file: what it
    /// kept last, after its own commit or a read, is the file's version (<see cref="LiteDbCrisisStore"/>).
    /// </summary>
    public (int Version, Crisis Crisis)? Latest(CrisisId crisis, object keeper)
    {
        lock (gate)
        {
            if (!entries.TryPeek(crisis, out var kept) || !ReferenceEquals(kept.Keeper, keeper))
                return null;
            entries.Touch(crisis);
            return (kept.Version, kept.Crisis);
        }
    }

    /// <summary>
    /// Keeps <paramref name="folded"/> as the crisis at <paramref name="version"/>, unless a newer version is kept already:
    /// two writers finishing out of order leave the newer state. <paramref name="keeper"/> is the store that kept it, for
    /// <see cref="Latest"/>.
    /// </summary>
    public void Keep(CrisisId crisis, int version, Crisis folded, object? keeper = null)
    {
        lock (gate)
        {
            if (entries.TryPeek(crisis, out var kept) && kept.Version > version)
                return;
            entries.Set(crisis, new Entry(version, folded, keeper));
        }
    }

    private sealed record Entry(int Version, Crisis Crisis, object? Keeper);
}
