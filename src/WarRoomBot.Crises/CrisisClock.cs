using System.Collections.Immutable;

namespace WarRoomBot.Crises;

/// <summary>Everything the crisis clock needs to know about time: deadlines and business updates.</summary>
public sealed record ClockPolicy(DeadlinePolicy Deadlines, UpdatePolicy Updates)
{
    /// <summary>How long a new owner has to accept a handover.</summary>
    public OwnerPolicy Owner { get; init; } = OwnerPolicy.Default;

    /// <summary>Playbook §11: the target and worst case per severity, and when the target is at risk.</summary>
    public ExpectationPolicy Expectations { get; init; } = ExpectationPolicy.Default;

    public static readonly ClockPolicy Default = new(DeadlinePolicy.Default, UpdatePolicy.Default);
}

/// <summary>
/// DESIGN "Clock": one clock for all clock-driven work. Each area says when it next needs to wake and what it decides
/// then; the clock wakes at the earliest and takes every area's decisions, so a new area never needs a timer of its own.
/// </summary>
public static class CrisisClock
{
    public static ImmutableArray<CrisisEvent> Tick(Crisis crisis, ClockPolicy policy, DateTimeOffset now) =>
        [.. DeadlineClock.Tick(crisis, policy.Deadlines, now), .. UpdateClock.Tick(crisis, policy.Updates, now), .. OwnerClock.Tick(crisis, policy.Owner, now),
            .. ExpectationClock.Tick(crisis, policy, now)];

    /// <summary>The earliest time <see cref="Tick"/> has something to do; null when nothing needs the clock.</summary>
    public static DateTimeOffset? NextWake(Crisis crisis, ClockPolicy policy) =>
        Earliest(Earliest(Earliest(DeadlineClock.NextWake(crisis, policy.Deadlines), UpdateClock.NextWake(crisis, policy.Updates)), OwnerClock.NextWake(crisis, policy.Owner)),
            ExpectationClock.NextWake(crisis, policy));

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
