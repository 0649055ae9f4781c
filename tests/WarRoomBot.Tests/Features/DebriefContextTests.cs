using WarRoomBot.Crises;
using WarRoomBot.Features.Debrief;
using E = WarRoomBot.Crises.CrisisEvent;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Issue 15 in the debrief document: the customer's context in its customer and impact section, in their words with who
/// recorded each entry and when, and the time from the report to the first mitigation among the timings.
/// </summary>
public sealed class DebriefContextTests
{
    private static readonly UserId Alice = new("U0ALICE");
    private static readonly UserId Carol = new("U0CAROL");

    private static DateTimeOffset At(int hour, int minute) => new(2026, 3, 14, hour, minute, 0, TimeSpan.Zero);

    private static readonly E.Opened Opened = new("Checkout freezes", Severity.Sev1, "Acme Retail", Alice, Alice, null, null,
        ValueList<UserId>.Empty, ValueList<UserId>.Empty, true, At(16, 30), At(16, 0));

    private static string[] Lines(IEnumerable<CrisisEvent> history) =>
        DebriefDocument.Render(new CrisisId(1), [.. history], TimeZoneInfo.Utc, PriorityPolicy.Default).Split('\n');

    [Fact]
    public void The_customers_words_are_in_the_customer_and_impact_section_and_the_first_mitigation_in_the_timings()
    {
        var next = new NextUpdate(At(17, 20), NextUpdateCause.Mitigated, TimeSpan.FromHours(1), null, null, At(16, 20));
        var lines = Lines(
        [
            Opened,
            new E.ContextAdded(1, "The tills froze at *opening*", true, Alice, At(16, 0)),
            new E.ContextAdded(2, "Saturday is their busiest day", false, Carol, At(16, 10)),
            new E.Mitigated(1, "offline tills", next, false, Alice, At(16, 20)),
            new E.MitigationFailed(1, "they stop after 500 sales", next, false, Alice, At(16, 40)),
            new E.Mitigated(2, "card payments by phone", next, false, Alice, At(16, 50)),
        ]);

        var section = Array.IndexOf(lines, "## Customer and impact");
        var words = Array.IndexOf(lines, "- **In the customer's words** (what brought it to their attention, and why it hurts them):");
        Assert.True(words > section && words < Array.IndexOf(lines, "## Expectations"));
        Assert.Equal(@"  - ""The tills froze at \*opening\*"" (recorded by @U0ALICE, 2026-03-14 16:00 UTC)", lines[words + 1]);
        Assert.Equal(@"  - ""Saturday is their busiest day"" (recorded by @U0CAROL, 2026-03-14 16:10 UTC)", lines[words + 2]);
        Assert.Contains("- **Report to mitigation** (the customer's pain first relieved, while the fix went on): 20 minutes (2026-03-14 16:20 UTC)", lines);
        Assert.Contains("- 2026-03-14 16:40 UTC: Mitigation 1 failed, recorded by @U0ALICE: they stop after 500 sales", lines);
    }

    [Fact]
    public void Without_context_or_mitigation_the_document_says_so()
    {
        var lines = Lines([Opened]);

        Assert.Contains("- **In the customer's words:** no context was recorded.", lines);
        Assert.Contains("- **Report to mitigation** (the customer's pain first relieved, while the fix went on): the pain was not mitigated before the fix", lines);
    }
}
