using WarRoomBot.Crises;

namespace WarRoomBot.Crises.Tests;

/// <summary>
/// The crisis the specs start from: Alice opened crisis 42 and Bob owns it. A spec file imports these with
/// <c>using static</c> and keeps locally only what it does differently.
/// </summary>
internal static class Spec
{
    public static readonly CrisisId Id = new(42);
    public static readonly DateTimeOffset Opened = new(2026, 3, 14, 16, 20, 0, TimeSpan.Zero);

    /// <summary>When the command under test is given: ten minutes into the crisis.</summary>
    public static readonly DateTimeOffset Now = Opened.AddMinutes(10);

    public static readonly DateTimeOffset InAnHour = Now.AddHours(1);

    /// <summary>Opened the crisis.</summary>
    public static readonly UserId Alice = new("U0ALICE");

    /// <summary>Owns the crisis.</summary>
    public static readonly UserId Bob = new("U0BOB");

    public static readonly UserId Carol = new("U0CAROL");
    public static readonly UserId Dave = new("U0DAVE");

    public static readonly TheoryId T1 = new(1);
    public static readonly TheoryId T2 = new(2);
    public static readonly TheoryId T3 = new(3);
    public static readonly DeadlineId D1 = new(1);
    public static readonly DeadlineId D2 = new(2);
    public static readonly DeadlineId D3 = new(3);
    public static readonly DeadlineId D4 = new(4);

    /// <summary>The theory the specs write, and the plan that will settle it.</summary>
    public const string Statement = "The price cache stampedes when the nightly import ends";

    public const string Plan = "Replay the import on staging with cache metrics on";

    public static readonly CrisisEvent.Opened OpenedEvent = new(
        "Checkout freezes at 300 stores", Severity.Sev1, "Acme Retail", Bob, Alice, new ChannelId("C0SUPPORT"),
        "https://hooks.slack.com/commands/T1/1/abc", ValueList<UserId>.Empty, ValueList<UserId>.Empty,
        BusinessChannelIsPrivate: true, FirstUpdateDue: Opened.AddMinutes(30), At: Opened);

    /// <summary>Crisis 42 just opened, with nothing else on its timeline yet.</summary>
    public static Timeline Given() => new(Id, OpenedEvent);

    /// <summary>The rule refused: it says why and records nothing.</summary>
    public static string AssertRefused(Decision decision)
    {
        Assert.False(decision.IsAccepted);
        Assert.Empty(decision.Events);
        return decision.RejectedBecause!;
    }
}
