namespace WarRoomBot.Crises;

public abstract partial record CrisisEvent
{
    /// <summary>
    /// Issue 15, relieve the pain first: the customer's pain relieved while the fix goes on, and a relief that failed. All of
    /// them are folded by <see cref="Mitigation.Evolve"/>.
    /// </summary>
    public abstract record AboutMitigation : CrisisEvent
    {
        private protected AboutMitigation()
        {
        }
    }

    /// <summary>
    /// Mitigation <paramref name="Number"/>: <paramref name="How"/> relieves the customer's pain now. <paramref name="Next"/> is
    /// the business channel's next update from then on, at the slower cadence, decided with it so the fold needs no policy.
    /// <paramref name="WordingOverridden"/>: the words failed the wording check and were announced as written on purpose.
    /// </summary>
    public sealed record Mitigated(int Number, string How, NextUpdate Next, bool WordingOverridden, UserId By, DateTimeOffset At) : AboutMitigation;

    /// <summary>Mitigation <paramref name="Number"/> failed for <paramref name="Why"/>; updates return to the severity's cadence (<paramref name="Next"/>).</summary>
    public sealed record MitigationFailed(int Number, string Why, NextUpdate Next, bool WordingOverridden, UserId By, DateTimeOffset At) : AboutMitigation;
}
