using WarRoomBot.Crises;

namespace WarRoomBot.CrashTrial;

/// <summary>
/// Real crisis events, so every table an append writes (the timeline, the rooms, the wake) is written in the trial:
/// each crisis gets its two rooms, then deadlines and their outcomes in turn.
/// </summary>
public static class TrialEvents
{
    private static readonly UserId Owner = new("U0TRIAL");

    public static CrisisEvent.Opened Opened(DateTimeOffset now) =>
        new("Checkout freezes", Severity.Sev1, "Acme Retail", Owner, Owner, null, null,
            ValueList<UserId>.Empty, ValueList<UserId>.Empty, true, now.AddMinutes(30), now);

    /// <summary>The event that follows the first <paramref name="version"/> events of <paramref name="crisis"/>.</summary>
    public static CrisisEvent Next(CrisisId crisis, int version, DateTimeOffset now)
    {
        var deadline = new DeadlineId((version - 1) / 2);
        return version switch
        {
            1 => new CrisisEvent.ChannelCreated(ChannelKind.Technical, new ChannelId($"C{crisis.Number}TECH"), $"crisis-{crisis.Number}-checkout", now),
            2 => new CrisisEvent.ChannelCreated(ChannelKind.Business, new ChannelId($"C{crisis.Number}BIZ"), $"crisis-{crisis.Number}-checkout-biz", now),
            _ when version % 2 == 1 => new CrisisEvent.DeadlineSet(deadline, "Get a heap dump", null, now.AddMinutes(45), Owner, null, null, now),
            _ => new CrisisEvent.OutcomeRecorded(deadline, Outcome.Disproved, null, Owner, now),
        };
    }
}
