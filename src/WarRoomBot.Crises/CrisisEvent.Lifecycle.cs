namespace WarRoomBot.Crises;

public abstract partial record CrisisEvent
{
    /// <summary>
    /// Playbook §13: where the crisis is in its life, from resolved to closed, and back to open when it returns. All of them
    /// are folded by <see cref="Lifecycle.Evolve"/>.
    /// </summary>
    public abstract record AboutLifecycle : CrisisEvent
    {
        private protected AboutLifecycle()
        {
        }
    }

    /// <summary>
    /// Resolution <paramref name="Number"/> (1 for the first): <paramref name="Fix"/> is what fixed it. The crisis now awaits
    /// the customer's acceptance. <paramref name="Abandoned"/> are the deadlines still open then, recorded as abandoned;
    /// <paramref name="Next"/> is the business channel's next update at the slower cadence of a resolved crisis.
    /// </summary>
    public sealed record Resolved(int Number, string Fix, ValueList<DeadlineId> Abandoned, NextUpdate Next, UserId By, DateTimeOffset At) : AboutLifecycle;

    /// <summary>
    /// Playbook §13: the customer said the fix works, as <paramref name="By"/> recorded it. Business updates stop; the
    /// follow-up is due at <paramref name="FollowUpDue"/>.
    /// </summary>
    public sealed record FixAccepted(int Resolution, string? Note, DateTimeOffset FollowUpDue, UserId By, DateTimeOffset At) : AboutLifecycle;

    /// <summary>The follow-up of resolution <paramref name="Resolution"/> came due and the owner was asked whether it is still fixed.</summary>
    public sealed record FollowUpFellDue(int Resolution, DateTimeOffset At) : AboutLifecycle;

    /// <summary>
    /// Reopening <paramref name="Number"/>: the problem came back (or the fix did not hold), for <paramref name="Reason"/>.
    /// The crisis is open again with its history kept; <paramref name="Next"/> is the business update under the current
    /// severity's cadence.
    /// </summary>
    public sealed record Reopened(int Number, string Reason, NextUpdate Next, UserId By, DateTimeOffset At) : AboutLifecycle;

    /// <summary>
    /// Still fixed at the follow-up: the customer's <paramref name="Satisfaction"/> (1 to 5) and comment are recorded and the
    /// crisis is closed; <paramref name="ArchiveRooms"/> is the policy in force then, so the rooms are archived or kept as decided.
    /// </summary>
    public sealed record Closed(int Satisfaction, string? Comment, bool ArchiveRooms, UserId By, DateTimeOffset At) : AboutLifecycle;
}
