namespace WarRoomBot.Crises;

public abstract partial record CrisisEvent
{
    /// <summary>
    /// Playbook §11: what the crisis promised about resolution (a target and a worst case, both counted from the report) and
    /// the bad news that follows when reality drifts. All of them are folded by <see cref="Expectations.Evolve"/>.
    /// </summary>
    public abstract record AboutExpectations : CrisisEvent
    {
        private protected AboutExpectations()
        {
        }
    }

    /// <summary>
    /// The expectations of <paramref name="Severity"/> by the policy in force, counted from the report: recorded when the
    /// crisis opens and when its severity changes (unless the owner has set their own), so the fold needs no policy and a
    /// later policy change cannot rewrite what people were told.
    /// </summary>
    public sealed record ExpectationsDefaulted(Severity Severity, DateTimeOffset Target, DateTimeOffset Worst, DateTimeOffset At) : AboutExpectations;

    /// <summary>
    /// The owner (or sponsor) set the target and worst case themselves, with the reason the business channel reads.
    /// <paramref name="WordingOverridden"/>: the reason failed the wording check and was announced as written on purpose.
    /// </summary>
    public sealed record ExpectationsSet(DateTimeOffset Target, DateTimeOffset Worst, string Reason, UserId By, bool WordingOverridden, DateTimeOffset At)
        : AboutExpectations;

    /// <summary>
    /// At-risk episode <paramref name="Episode"/> (1 for the first): the target <paramref name="Target"/> is at risk, because
    /// most of the time to it is used or a diagnostic deadline (<paramref name="Deadline"/>) was missed. The owner is prompted
    /// to tell the business channel now; <paramref name="Draft"/> is the update the bot wrote for them from the record.
    /// </summary>
    public sealed record TargetAtRisk(int Episode, AtRiskCause Cause, DeadlineId? Deadline, DateTimeOffset Target, DateTimeOffset Worst, string Draft, DateTimeOffset At)
        : AboutExpectations;

    /// <summary>The worst case <paramref name="Worst"/> passed with the crisis not resolved; the business channel is told at once.</summary>
    public sealed record WorstCasePassed(DateTimeOffset Worst, DateTimeOffset At) : AboutExpectations;
}
