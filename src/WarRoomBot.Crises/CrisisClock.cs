using System.Collections.Immutable;

namespace WarRoomBot.Crises;

/// <summary>Everything the crisis clock needs to know about time: deadlines and business updates.</summary>
public sealed record ClockPolicy(DeadlinePolicy Deadlines, UpdatePolicy Updates)
{
    /// <summary>How long a new owner has to accept a handover.</summary>
    public OwnerPolicy Owner { get; init; } = OwnerPolicy.Default;

    /// <summary>When the follow-up comes after the customer accepts the fix.</summary>
    public LifecyclePolicy Lifecycle { get; init; } = LifecyclePolicy.Default;

    /// <summary>Playbook §11: the target and worst case per severity, and when the target is at risk.</summary>
    public ExpectationPolicy Expectations { get; init; } = ExpectationPolicy.Default;

    public static readonly ClockPolicy Default = new(DeadlinePolicy.Default, UpdatePolicy.Default);
}

/// <summary>
/// DESIGN "Clock": one clock for all clock-driven work. Each area says when it next needs to wake and what it decides
/// then; the clock wakes at the earliest and takes every area's decisions, so a new area never needs a timer of its own.
/// A closed crisis needs nothing of the clock but its action items: its rooms may be archived, and an open handover there
/// has nobody left to escalate to.
/// </summary>
public static class CrisisClock
{
    public static ImmutableArray<CrisisEvent> Tick(Crisis crisis, ClockPolicy policy, DateTimeOffset now) =>
        [
            .. crisis.Lifecycle.Stage == Stage.Closed
                ? []
                : (IEnumerable<CrisisEvent>)[
                    .. DeadlineClock.Tick(crisis, policy.Deadlines, now), .. UpdateClock.Tick(crisis, policy.Updates, now), .. OwnerClock.Tick(crisis, policy.Owner, now),
                    .. LifecycleClock.Tick(crisis, now), .. ExpectationClock.Tick(crisis, policy, now)],

            // Playbook §14: the debrief's action items outlive the crisis; they are still chased once it is closed.
            .. ActionClock.Tick(crisis, now),
        ];

    /// <summary>The earliest time <see cref="Tick"/> has something to do; null when nothing needs the clock.</summary>
    public static DateTimeOffset? NextWake(Crisis crisis, ClockPolicy policy) =>
        Earliest(
            crisis.Lifecycle.Stage == Stage.Closed
                ? null
                : Earliest(
                    Earliest(Earliest(Earliest(DeadlineClock.NextWake(crisis, policy.Deadlines), UpdateClock.NextWake(crisis, policy.Updates)), OwnerClock.NextWake(crisis, policy.Owner)), LifecycleClock.NextWake(crisis)),
                    ExpectationClock.NextWake(crisis, policy)),
            ActionClock.NextWake(crisis));

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
