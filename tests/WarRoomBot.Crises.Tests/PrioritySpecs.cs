using WarRoomBot.Crises;

namespace WarRoomBot.Crises.Tests;

/// <summary>Playbook §1: the priority score is a pure function of the recorded impact and the customer flags.</summary>
public sealed class PrioritySpecs
{
    [Theory]
    [InlineData(1200, 300, 410, 25000, 2000000, "global", true, true, 108, Severity.Sev1)]
    [InlineData(null, null, null, null, null, null, false, false, 0, Severity.Sev4)]
    [InlineData(50, null, null, null, null, null, false, false, 0, Severity.Sev4)]
    [InlineData(1499, null, null, null, null, null, false, false, 14, Severity.Sev4)]
    [InlineData(1500, null, null, null, null, null, false, false, 15, Severity.Sev3)]
    [InlineData(50000, null, null, null, null, null, false, false, 20, Severity.Sev3)]
    [InlineData(null, 410, 410, null, null, null, false, false, 30, Severity.Sev3)]
    [InlineData(null, 1, 410, null, null, null, false, false, 0, Severity.Sev4)]
    [InlineData(null, 40, null, null, null, null, false, false, 4, Severity.Sev4)]
    [InlineData(null, 900, null, null, null, null, false, false, 30, Severity.Sev3)]
    [InlineData(null, null, null, 35000, 2500000, null, false, false, 50, Severity.Sev2)]
    [InlineData(null, null, null, 34999, null, "regional", false, false, 35, Severity.Sev2)]
    [InlineData(null, null, null, 30000, 3000000, null, true, false, 60, Severity.Sev1)]
    [InlineData(null, null, null, 29999, 3000000, null, true, false, 59, Severity.Sev2)]
    [InlineData(null, null, null, null, null, "local", false, true, 5, Severity.Sev4)]
    [InlineData(null, null, null, null, null, "national", true, false, 20, Severity.Sev3)]
    public void The_score_adds_each_recorded_factor_and_suggests_a_severity_by_the_thresholds(
        int? users, int? sites, int? total, int? loss, int? deal, string? scope, bool strategic, bool reference, int score, Severity suggested)
    {
        var impact = new Impact(users, sites, total, loss, deal, scope is null ? null : Enum.Parse<ImpactScope>(scope, ignoreCase: true), strategic, reference);

        var priority = Priority.Of(impact, PriorityPolicy.Default);

        Assert.Equal(score, priority.Score);
        Assert.Equal(suggested, priority.Suggested);
        Assert.Equal(score, priority.Breakdown.Sum(p => p.Points));
    }

    [Fact]
    public void The_breakdown_names_each_recorded_factor_and_the_points_it_gave_in_a_fixed_order()
    {
        var impact = new Impact(1200, 300, 410, 25000, 2000000, ImpactScope.Global, Strategic: true, Reference: true);

        Assert.Equal(
            [
                new PriorityPoints(PriorityFactor.Users, 12), new PriorityPoints(PriorityFactor.Sites, 21), new PriorityPoints(PriorityFactor.LossPerHour, 25),
                new PriorityPoints(PriorityFactor.Deal, 20), new PriorityPoints(PriorityFactor.Scope, 15), new PriorityPoints(PriorityFactor.Strategic, 10),
                new PriorityPoints(PriorityFactor.Reference, 5),
            ],
            Priority.Of(impact, PriorityPolicy.Default).Breakdown);
    }

    [Fact]
    public void Factors_not_recorded_are_left_out_of_the_breakdown()
    {
        Assert.Equal([new PriorityPoints(PriorityFactor.LossPerHour, 2)], Priority.Of(new Impact(LossPerHour: 2500m), PriorityPolicy.Default).Breakdown);
    }

    [Fact]
    public void The_weights_and_thresholds_are_the_policys()
    {
        var policy = PriorityPolicy.Default with { Users = new Scale(10, 100), Sev1At = 100 };

        var priority = Priority.Of(new Impact(Users: 1000), policy);

        Assert.Equal(100, priority.Score);
        Assert.Equal(Severity.Sev1, priority.Suggested);
    }
}
