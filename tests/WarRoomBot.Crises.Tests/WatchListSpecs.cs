using WarRoomBot.Crises;

namespace WarRoomBot.Crises.Tests;

/// <summary>
/// Issue 15, the watch list: a table of support case histories and the customers they flag, with the reasons a reader
/// sees. Each flagged customer is written "Customer: reason; reason", with " (crisis N open)" when one is.
/// Defaults: 5 cases in 14 days, or 1 priority-1 case open more than 48 h.
/// </summary>
public sealed class WatchListSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static int next;

    /// <summary>A case opened <paramref name="ago"/> before now, closed <paramref name="closedAgo"/> before now unless null.</summary>
    private static SupportCase Case(string customer, CasePriority priority, TimeSpan ago, TimeSpan? closedAgo = null) =>
        new($"CS-{Interlocked.Increment(ref next)}", customer, priority, Now - ago, Now - closedAgo);

    /// <summary><paramref name="count"/> closed priority-3 cases, one a day, the newest a day ago.</summary>
    private static SupportCase[] Closed(string customer, int count) =>
        [.. Enumerable.Range(1, count).Select(d => Case(customer, CasePriority.P3, d * Day, closedAgo: TimeSpan.FromMinutes(1)))];

    private static string[] Listed(IReadOnlyList<AtRiskCustomer> flagged) =>
        [.. flagged.Select(f => $"{f.Customer}: {string.Join("; ", f.Reasons)}{(f.OpenCrisis is { } c ? $" (crisis {c} open)" : "")}")];

    private static string[] Flag(IEnumerable<SupportCase> cases, params (string, CrisisId)[] open) =>
        Listed(WatchList.Flag(cases, open, WatchThresholds.Default, Now));

    public static TheoryData<string, SupportCase[], string[]> Histories => new()
    {
        { "five cases in the window: exactly at the threshold", Closed("Acme Retail", 5), ["Acme Retail: 5 cases in 14 days"] },
        { "four cases in the window: one under it", Closed("Acme Retail", 4), [] },
        { "closed cases count: how often they call, not how it ended", Closed("Acme Retail", 7), ["Acme Retail: 7 cases in 14 days"] },
        { "a case opened exactly 14 days ago is in the window", [.. Closed("Acme Retail", 4), Case("Acme Retail", CasePriority.P4, 14 * Day, Day)], ["Acme Retail: 5 cases in 14 days"] },
        { "a case opened a second before the window is outside it", [.. Closed("Acme Retail", 4), Case("Acme Retail", CasePriority.P4, 14 * Day + TimeSpan.FromSeconds(1), Day)], [] },
        { "a case opened in the future counts for nothing", [.. Closed("Acme Retail", 4), Case("Acme Retail", CasePriority.P1, -Hour)], [] },
        { "a priority-1 case open more than 48 h", [Case("Acme Retail", CasePriority.P1, 48 * Hour + TimeSpan.FromMinutes(1))], ["Acme Retail: 1 priority-1 case open more than 48 h"] },
        { "a priority-1 case open exactly 48 h: not more than", [Case("Acme Retail", CasePriority.P1, 48 * Hour)], [] },
        { "a long-open priority-1 case that is now closed", [Case("Acme Retail", CasePriority.P1, 5 * Day, closedAgo: Hour)], [] },
        { "a priority-1 case closed only after now is still open now", [Case("Acme Retail", CasePriority.P1, 5 * Day, closedAgo: -Hour)], ["Acme Retail: 1 priority-1 case open more than 48 h"] },
        { "a priority-2 case open for weeks: not urgent enough by default", [Case("Acme Retail", CasePriority.P2, 30 * Day)], [] },
        { "an old priority-1 case still open counts though outside the window", [Case("Acme Retail", CasePriority.P1, 40 * Day), Case("Acme Retail", CasePriority.P1, 3 * Day)], ["Acme Retail: 2 priority-1 cases open more than 48 h"] },
        { "both reasons, in the order of the thresholds", [.. Closed("Acme Retail", 6), Case("Acme Retail", CasePriority.P1, 3 * Day)], ["Acme Retail: 7 cases in 14 days; 1 priority-1 case open more than 48 h"] },
        {
            "name casing and spaces: one customer, shown as on the latest case",
            [Case(" acme retail", CasePriority.P3, 5 * Day, Day), Case("ACME RETAIL ", CasePriority.P3, 4 * Day, Day), Case("Acme retail", CasePriority.P3, 3 * Day, Day),
             Case("acme Retail", CasePriority.P3, 2 * Day, Day), Case(" Acme Retail ", CasePriority.P3, Day, Hour)],
            ["Acme Retail: 5 cases in 14 days"]
        },
        {
            "punctuation, accents and a company form: one customer",
            [Case("Acme-Retail, Inc.", CasePriority.P3, 5 * Day, Day), Case("ACME RETAIL LTD", CasePriority.P3, 4 * Day, Day), Case("Acmé Retail", CasePriority.P3, 3 * Day, Day),
             Case("Acme Retail", CasePriority.P3, 2 * Day, Day), Case("Acme Retail GmbH", CasePriority.P3, Day, Hour), .. Closed("Acme", 4)],
            ["Acme Retail GmbH: 5 cases in 14 days"]
        },
        {
            "several customers, most at risk first: both reasons, then more urgent cases open, then more cases, then by name",
            [
                .. Closed("Umbrella", 5), .. Closed("Initech", 7), .. Closed("Hooli", 7), .. Closed("Quiet Co", 2),
                Case("Acme Retail", CasePriority.P1, 20 * Day), Case("Acme Retail", CasePriority.P1, 25 * Day),
                .. Closed("Globex", 5), Case("Globex", CasePriority.P1, 3 * Day),
            ],
            [
                "Globex: 6 cases in 14 days; 1 priority-1 case open more than 48 h", "Acme Retail: 2 priority-1 cases open more than 48 h",
                "Hooli: 7 cases in 14 days", "Initech: 7 cases in 14 days", "Umbrella: 5 cases in 14 days",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Histories))]
    public void A_case_history_flags_these_customers_with_these_reasons(string history, SupportCase[] cases, string[] flagged)
    {
        // The row's name rides in both sides so a failure reads as the history it broke.
        Assert.Equal($"{history}: [{string.Join(" | ", flagged)}]", $"{history}: [{string.Join(" | ", Flag(cases))}]");
    }

    [Fact]
    public void A_customer_with_an_open_crisis_stays_listed_and_marked_with_the_earliest_matched_by_name_in_any_case()
    {
        var cases = Closed("Acme Retail", 5).Concat(Closed("Globex", 6));

        Assert.Equal(
            ["Globex: 6 cases in 14 days", "Acme Retail: 5 cases in 14 days (crisis 42 open)"],
            Flag(cases, ("  ACME retail", new CrisisId(43)), ("Acme Retail, Inc.", new CrisisId(42)), ("Initech", new CrisisId(44)), ("Acme", new CrisisId(41))));
    }

    [Fact]
    public void An_open_crisis_alone_does_not_list_a_customer()
    {
        Assert.Empty(Flag(Closed("Acme Retail", 4), ("Acme Retail", new CrisisId(42))));
    }

    [Fact]
    public void The_thresholds_are_the_configurations_and_the_reasons_say_them_in_the_right_number()
    {
        var thresholds = new WatchThresholds(CasesInWindow: 1, Window: Day, HighPriority: CasePriority.P2, LongOpenAfter: TimeSpan.FromMinutes(90), LongOpenCases: 2);
        SupportCase[] cases =
        [
            Case("Acme Retail", CasePriority.P4, 2 * Hour, Hour),
            Case("Globex", CasePriority.P1, 3 * Day), Case("Globex", CasePriority.P2, 2 * Day),
            Case("Initech", CasePriority.P2, 2 * Day),
        ];

        Assert.Equal(
            ["Globex: 2 priority-1 or priority-2 cases open more than 90 min", "Acme Retail: 1 case in 1 day"],
            Listed(WatchList.Flag(cases, [], thresholds, Now)));
        Assert.Equal(
            ["Acme Retail: 1 case in 36 h"],
            Listed(WatchList.Flag(cases, [], thresholds with { Window = 36 * Hour, LongOpenCases = 3 }, Now)));
    }
}
