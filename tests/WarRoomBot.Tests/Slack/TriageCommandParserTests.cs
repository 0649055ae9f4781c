using WarRoomBot.Crises;
using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

/// <summary><c>impact</c> and <c>severity</c>, as typed after <c>/crisis</c> (issue 11 item 1, playbook §1).</summary>
public sealed class TriageCommandParserTests
{
    public static TheoryData<string, Impact> Impacts => new()
    {
        {
            "impact users 1200 sites 300 of 410 loss 25000/h deal 2000000 scope global strategic reference",
            new Impact(1200, 300, 410, 25000m, 2000000m, ImpactScope.Global, Strategic: true, Reference: true)
        },
        { "impact reference deal $2.5m STRATEGIC loss $25k per hour users 1,200", new Impact(Users: 1200, LossPerHour: 25000m, Deal: 2500000m, Strategic: true, Reference: true) },
        { "impact loss 25,000 /h sites 12, scope Regional", new Impact(Sites: 12, LossPerHour: 25000m, Scope: ImpactScope.Regional) },
        { "impact loss 1500.50 an hour", new Impact(LossPerHour: 1500.50m) },
        { "Impact Users 0", new Impact(Users: 0) },
        { "impact sites 1.2k of 2k", new Impact(Sites: 1200, SitesTotal: 2000) },
    };

    [Theory]
    [MemberData(nameof(Impacts))]
    public void Each_impact_part_is_optional_and_read_in_any_order(string text, Impact expected)
    {
        Assert.Equal(new CrisisCommand.AssessImpact(expected), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("impact users twelve", "`twelve` is not a number for `users`")]
    [InlineData("impact users -5", "`-5` is not a number for `users`")]
    [InlineData("impact users 1.5", "`1.5` is not a whole number; `users` counts")]
    [InlineData("impact users", "`users` needs a number after it, e.g. `users 1200`.")]
    [InlineData("impact sites 300 of", "`sites … of` needs a number after it")]
    [InlineData("impact loss lots/h", "`lots` is not a number for `loss`")]
    [InlineData("impact deal 5000000000000", "`5000000000000` is more than a trillion")]
    [InlineData("impact scope everywhere", "`everywhere` is not a scope: use `local`, `regional`, `national` or `global`.")]
    [InlineData("impact scope 2", "`2` is not a scope")]
    [InlineData("impact users 10 stores 4", "`stores` is not part of an impact: the parts are `users`, `sites`, `loss`, `deal`, `scope`, `strategic`, `reference`.")]
    [InlineData("impact users 10 users 20", "`users` is given twice; give it once.")]
    public void A_malformed_impact_is_refused_naming_what_was_wrong_with_the_usage(string text, string problem)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Contains(problem, invalid.Problem);
        Assert.StartsWith("`/crisis impact [users <n>] [sites <n> [of <total>]]", invalid.Usage);
    }

    [Theory]
    [InlineData("impact")]
    [InlineData("Impact   ")]
    public void Impact_alone_asks_for_the_form(string text)
    {
        Assert.Equal(new CrisisCommand.ImpactModal(), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("severity sev1 because all 300 stores are now affected", Severity.Sev1, "all 300 stores are now affected")]
    [InlineData("Severity SEV-3 because one store, and it has a fallback because of the old tills", Severity.Sev3, "one store, and it has a fallback because of the old tills")]
    [InlineData("severity sev2", Severity.Sev2, null)]
    [InlineData("severity sev2 because", Severity.Sev2, null)]
    public void A_severity_reads_the_level_and_the_reason_after_the_first_because(string text, Severity to, string? reason)
    {
        Assert.Equal(new CrisisCommand.SetSeverity(to, reason), SlashCommandParser.Parse(text));
    }

    [Fact]
    public void A_severity_with_the_mark_is_set_past_the_wording_check_and_help_explains_the_plain_verb()
    {
        Assert.Equal(new CrisisCommand.SetSeverity(Severity.Sev2, "maybe fewer stores", Anyway: true), SlashCommandParser.Parse("severity! sev2 because maybe fewer stores"));
        Assert.Equal(new CrisisCommand.Help("severity"), SlashCommandParser.Parse("help severity!"));
    }

    [Theory]
    [InlineData("severity", "Say which severity, from sev1 (worst) to sev4, and why.")]
    [InlineData("severity sev5 because worse", "`sev5` is not a severity: use sev1 (worst) to sev4.")]
    [InlineData("severity high", "`high` is not a severity")]
    [InlineData("severity sev1 all stores down", "Put `because` before the reason, e.g. `/crisis severity sev1 because all stores down`.")]
    public void A_malformed_severity_is_refused_naming_what_was_wrong_with_the_usage(string text, string problem)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Contains(problem, invalid.Problem);
        Assert.Equal("`/crisis severity sev1..sev4 because <reason>`", invalid.Usage);
    }
}
