using System.Collections.Immutable;
using WarRoomBot.Crises;

namespace WarRoomBot.Storage;

/// <summary>
/// What a store keeps beside a crisis's timeline so it can answer without folding every crisis: when the crisis clock
/// next needs it (<see cref="ICrisisStore.DueByAsync"/>), which channels are its rooms
/// (<see cref="ICrisisStore.CrisisForChannelAsync"/>) and its line in <c>/crisis list</c>
/// (<see cref="ICrisisStore.ListOpenAsync"/>). Computed here from the folded crisis, once for every engine, so a second
/// engine writes the same index without learning which events move it (issue 8, "How it works").
/// </summary>
public sealed record CrisisIndex(DateTimeOffset? WakeAt, ImmutableArray<(ChannelId Channel, ChannelKind Kind)> Channels, CrisisListing Listing)
{
    public static CrisisIndex Of(Crisis crisis, ClockPolicy policy, PriorityPolicy priority) =>
        new(CrisisClock.NextWake(crisis, policy), [.. Rooms(crisis)], CrisisListing.Of(crisis, priority));

    private static IEnumerable<(ChannelId, ChannelKind)> Rooms(Crisis crisis)
    {
        foreach (var room in (Room[])[crisis.Technical, crisis.Business])
        {
            if (room.Channel is { } channel)
                yield return (channel, room.Kind);
        }
    }
}

/// <summary>
/// A crisis's line in <c>/crisis list</c> (issue 11): who, what, how bad, who owns it, since when, and what comes next.
/// <paramref name="Score"/> is the priority score of the recorded impact (playbook §1), null while no impact is recorded.
/// <paramref name="Stage"/> tells a crisis being worked from one fixed on our side and awaiting the customer (playbook §13);
/// <paramref name="ResolvedAt"/> is when the resolution in force was recorded, null while there is none.
/// </summary>
public sealed record CrisisListing(
    CrisisId Crisis,
    string? Customer,
    string Title,
    Severity Severity,
    UserId Owner,
    DateTimeOffset OpenedAt,
    DateTimeOffset? NextDeadline,
    DateTimeOffset? NextUpdate,
    ChannelId? Technical,
    int? Score,
    bool IsOpen,
    Stage Stage,
    DateTimeOffset? ResolvedAt)
{
    /// <summary>
    /// The list's order, the same on every engine: the worst severity first; within one, the crises still being worked
    /// before those resolved and awaiting the customer (only the former still need engineers); then the highest priority
    /// score, a crisis with no impact recorded after those with one (we know less of its pain); then the oldest first, as
    /// it has waited longest; the number settles the rest.
    /// </summary>
    public static readonly IComparer<CrisisListing> Priority = Comparer<CrisisListing>.Create((a, b) =>
    {
        var order = a.Severity.CompareTo(b.Severity);
        if (order == 0)
            order = a.Stage.CompareTo(b.Stage);
        if (order == 0)
            order = (b.Score ?? -1).CompareTo(a.Score ?? -1);
        if (order == 0)
            order = a.OpenedAt.CompareTo(b.OpenedAt);
        return order != 0 ? order : a.Crisis.Number.CompareTo(b.Crisis.Number);
    });

    public static CrisisListing Of(Crisis crisis, PriorityPolicy priority) => new(
        crisis.Id,
        crisis.Customer,
        crisis.Title,
        crisis.Severity,
        crisis.Owner,
        crisis.OpenedAt,
        crisis.OpenByDue.FirstOrDefault()?.Due,
        crisis.Updates.Next.Due,
        crisis.Technical.Channel,
        crisis.Triage.IsAssessed ? Crises.Priority.Of(crisis.Triage.Impact, priority).Score : null,
        IsListedOpen(crisis),
        crisis.Lifecycle.Stage,
        crisis.Lifecycle.Current?.At);

    /// <summary>
    /// The one place that says whether a crisis shows in <c>/crisis list</c>: from its opening until the customer accepts
    /// the fix (playbook §13: resolved means the customer says so), so a crisis awaiting that word is still listed.
    /// </summary>
    public static bool IsListedOpen(Crisis crisis) => crisis.IsOpened && crisis.Lifecycle.Stage is Stage.Open or Stage.Resolved;
}

/// <summary>The first rows of <c>/crisis list</c> in <see cref="CrisisListing.Priority"/> order, and how many crises are open in all.</summary>
public sealed record CrisisList(IReadOnlyList<CrisisListing> Rows, int Total);
