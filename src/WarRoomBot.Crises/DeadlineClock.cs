using System.Collections.Immutable;

namespace WarRoomBot.Crises;

/// <summary>When the owner is reminded before a deadline, and how long after it an open deadline is escalated as missed.</summary>
public sealed record DeadlinePolicy(TimeSpan ReminderLead, TimeSpan EscalateAfter)
{
    public static readonly DeadlinePolicy Default = new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15));
}

/// <summary>
/// What the passing of time does to a crisis's deadlines, decided from its state and the <c>now</c> it is given.
/// The scheduler only decides when to ask; asking late, or twice, records each step once (playbook §6 and §11).
/// </summary>
public static class DeadlineClock
{
    /// <summary>The events that are due at <paramref name="now"/>; empty when nothing is.</summary>
    public static ImmutableArray<CrisisEvent> Tick(Crisis crisis, DeadlinePolicy policy, DateTimeOffset now)
    {
        var happened = ImmutableArray.CreateBuilder<CrisisEvent>();
        foreach (var deadline in crisis.Deadlines)
        {
            if (!deadline.IsOpen)
                continue;

            // A reminder after the due time would be noise: the due post says it all.
            if (WantsReminder(deadline, policy) && now >= deadline.Due - policy.ReminderLead && now < deadline.Due)
                happened.Add(new CrisisEvent.DeadlineApproaching(deadline.Id, now));
            if (!deadline.FellDue && now >= deadline.Due)
                happened.Add(new CrisisEvent.DeadlineFellDue(deadline.Id, now));
            if (!deadline.Escalated && now >= deadline.Due + policy.EscalateAfter)
                happened.Add(new CrisisEvent.DeadlineMissed(deadline.Id, now));
        }

        return happened.ToImmutable();
    }

    /// <summary>
    /// The earliest time <see cref="Tick"/> has something to do; null when no open deadline needs the clock. Computed on
    /// every command, so it reads the open deadlines earliest due first and stops at the first whose soonest possible wake
    /// is no earlier than the one found: a crisis's other deadlines, however many, are not read.
    /// </summary>
    public static DateTimeOffset? NextWake(Crisis crisis, DeadlinePolicy policy)
    {
        var soonest = TimeSpan.Zero;
        if (-policy.ReminderLead < soonest)
            soonest = -policy.ReminderLead;
        if (policy.EscalateAfter < soonest)
            soonest = policy.EscalateAfter;

        DateTimeOffset? next = null;
        foreach (var deadline in crisis.OpenByDue)
        {
            if (next is { } found && deadline.Due + soonest >= found)
                break;
            DateTimeOffset? at = WantsReminder(deadline, policy) ? deadline.Due - policy.ReminderLead
                : !deadline.FellDue ? deadline.Due
                : !deadline.Escalated ? deadline.Due + policy.EscalateAfter
                : null;
            if (at is { } wake && (next is null || wake < next))
                next = wake;
        }

        return next;
    }

    /// <summary>
    /// A reminder is worth sending only when the deadline was set further ahead than the lead time;
    /// "by 5m" needs no reminder a moment after it was written.
    /// </summary>
    private static bool WantsReminder(Deadline deadline, DeadlinePolicy policy) =>
        !deadline.Reminded && !deadline.FellDue && deadline.Due - policy.ReminderLead > deadline.SetAt;
}
