using WarRoomBot.Crises;
using WarRoomBot.Features.Triage;
using WarRoomBot.Features.Updates;
using static WarRoomBot.Tests.Slack.Rendered;

namespace WarRoomBot.Tests.Slack;

/// <summary>
/// What people read about triage (issue 11 item 1): the impact in plain words in the digest, the score with its breakdown
/// in status, and a severity change announced in the rooms, for crises folded out of the events the rules write.
/// </summary>
public sealed class TriageBlocksTests
{
    private static readonly CrisisId Id = new(42);
    private static readonly DateTimeOffset Opened = new(2026, 3, 14, 16, 20, 0, TimeSpan.Zero);
    private static readonly UserId Alice = new("U0ALICE");
    private static readonly UserId Bob = new("U0BOB");
    private static readonly Impact Everything = new(1200, 300, 410, 25000m, 2000000m, ImpactScope.Global, Strategic: true, Reference: true);

    private static DateTimeOffset At(int minutes) => Opened.AddMinutes(minutes);

    private static Crisis Fold(params CrisisEvent[] events) => Crisis.Fold(Id, [
        new CrisisEvent.Opened(
            "Checkout freezes at 300 stores", Severity.Sev2, "Acme Retail", Bob, Alice, null, null,
            ValueList<UserId>.Empty, ValueList<UserId>.Empty, BusinessChannelIsPrivate: true, FirstUpdateDue: At(60), At: Opened),
        .. events,
    ]);

    private static Crisis Changed(Impact? impact, Severity to, string? reason, int at)
    {
        var crisis = impact is null ? Fold() : Fold(new CrisisEvent.ImpactAssessed(impact, Alice, At(5)));
        var decision = TriageRules.ChangeSeverity(crisis, new ChangeSeverity(to, reason, Bob), PriorityPolicy.Default, UpdatePolicy.Default, At(at));
        return decision.Events.Aggregate(crisis, Crisis.Evolve);
    }

    [Theory]
    [InlineData(null, "not yet assessed")]
    [InlineData("all", "1,200 users, 300 of 410 sites, $25,000 an hour, a $2,000,000 deal at stake, global; strategic reference customer")]
    [InlineData("reference", "reference customer")]
    [InlineData("one", "1 user, 1 site, $1,500.50 an hour, local; strategic customer")]
    public void The_digest_names_the_impact_in_plain_words_once_recorded(string? which, string expected)
    {
        var impact = which switch
        {
            "all" => Everything,
            "reference" => new Impact(Reference: true),
            "one" => new Impact(Users: 1, Sites: 1, LossPerHour: 1500.50m, Scope: ImpactScope.Local, Strategic: true),
            _ => null,
        };
        var crisis = impact is null ? Fold() : Fold(new CrisisEvent.ImpactAssessed(impact, Alice, At(5)));

        Assert.Contains($"*Impact:* {expected}", Seen(UpdateBlocks.Status(crisis, null, At(10))));
    }

    [Fact]
    public void Status_shows_the_score_with_its_breakdown_the_suggestion_and_who_assessed_it()
    {
        var crisis = Fold(new CrisisEvent.ImpactAssessed(Everything, Alice, At(5)));

        var status = TriageBlocks.Status(crisis, PriorityPolicy.Default);

        Assert.Contains(
            "score 108 (users 12 + sites 21 + loss per hour 25 + deal 20 + scope 15 + strategic 10 + reference 5) suggests *sev1*; the crisis is *sev2*. "
            + $"Assessed by <@U0ALICE> at <!date^{At(5).ToUnixTimeSeconds()}^",
            status);
    }

    [Fact]
    public void Status_leaves_triage_out_until_something_is_triaged_then_says_when_no_impact_is_recorded()
    {
        Assert.Equal("", TriageBlocks.Status(Fold(), PriorityPolicy.Default));
        Assert.StartsWith("\n\n*Priority:* no impact recorded yet; `/crisis impact` gives a score and a suggested severity.\n• ",
            TriageBlocks.Status(Changed(null, Severity.Sev3, "one store only", 10), PriorityPolicy.Default));
    }

    [Fact]
    public void Status_lists_each_severity_change_with_its_reason_and_the_suggestion_it_went_against()
    {
        var crisis = Changed(new Impact(Users: 50), Severity.Sev3, "only the <!channel> test store", 10);

        Assert.Contains("sev2 → *sev3* by <@U0BOB>: only the &lt;!channel&gt; test store (against the suggested sev4)", TriageBlocks.Status(crisis, PriorityPolicy.Default));
    }

    [Fact]
    public void A_more_severe_crisis_is_announced_with_its_new_cadence_and_the_next_update_from_the_change()
    {
        var crisis = Changed(Everything, Severity.Sev1, null, 10);

        var seen = Seen(TriageBlocks.SeverityPost(crisis, crisis.Triage.Changes[0], UpdatePolicy.Default, technical: false, At(10)));

        Assert.Contains(":rotating_light: *Crisis 42 is now sev1* (was sev2), set by <@U0BOB>. The recorded impact scores 108 and suggests sev1.", seen);
        Assert.Contains($"Business updates now come every 30 minutes. *Next update at <!date^{At(40).ToUnixTimeSeconds()}^", seen);
        Assert.Contains("because sev1 crises are updated every 30 minutes.", seen);
        Assert.DoesNotContain("1,200 users", seen);
    }

    [Fact]
    public void The_technical_channel_also_reads_the_impact_the_score_came_from()
    {
        var crisis = Changed(Everything, Severity.Sev1, null, 10);

        var seen = Seen(TriageBlocks.SeverityPost(crisis, crisis.Triage.Changes[0], UpdatePolicy.Default, technical: true, At(10)));

        Assert.Contains("*Impact:* 1,200 users, 300 of 410 sites, $25,000 an hour, a $2,000,000 deal at stake, global; strategic reference customer.", seen);
    }

    [Fact]
    public void A_less_severe_crisis_keeps_the_promised_update_and_the_footer_says_why()
    {
        var crisis = Changed(null, Severity.Sev3, "one store only", 10);

        var seen = Seen(TriageBlocks.SeverityPost(crisis, crisis.Triage.Changes[0], UpdatePolicy.Default, technical: false, At(10)));

        Assert.Contains("set by <@U0BOB> because one store only.", seen);
        Assert.Contains($"*Next update at <!date^{At(60).ToUnixTimeSeconds()}^", seen);
        Assert.Contains("because it was promised before the crisis became sev3, and the business channel is never told later than promised; "
            + "after it, sev3 crises are updated every 4 hours.", seen);
    }
}
