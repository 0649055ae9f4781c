namespace WarRoomBot.Crises;

public abstract partial record CrisisEvent
{
    /// <summary>
    /// Playbook §1: what people put on the record about the customer's pain and how urgent it makes the crisis. All of them
    /// are folded by <see cref="TriageRecord.Evolve"/>.
    /// </summary>
    public abstract record Triaged : CrisisEvent
    {
        private protected Triaged()
        {
        }
    }

    /// <summary>
    /// Playbook §1: the impact as numbers and facts. <paramref name="Impact"/> holds only the parts given this time; the
    /// parts left out keep what was recorded before.
    /// </summary>
    public sealed record ImpactAssessed(Impact Impact, UserId By, DateTimeOffset At) : Triaged;

    /// <summary>
    /// Playbook §1 and §9: the severity changed from <paramref name="From"/> to <paramref name="To"/>, with the reason when
    /// one was given. <paramref name="Suggested"/> and <paramref name="Score"/> are what the recorded impact suggested at
    /// that moment (null when none was recorded), so the record shows whether the choice went against it.
    /// <paramref name="Next"/> is the business channel's next update from then on, under the new cadence.
    /// <paramref name="WordingOverridden"/>: the reason failed the wording check and was posted as written on purpose.
    /// </summary>
    public sealed record SeverityChanged(
        Severity From,
        Severity To,
        string? Reason,
        Severity? Suggested,
        int? Score,
        NextUpdate Next,
        UserId By,
        DateTimeOffset At,
        bool WordingOverridden = false) : Triaged;
}
