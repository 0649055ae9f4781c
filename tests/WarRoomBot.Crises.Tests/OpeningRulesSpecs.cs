using WarRoomBot.Crises;

namespace WarRoomBot.Crises.Tests;

public sealed class OpeningRulesSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 16, 20, 0, TimeSpan.Zero);
    private static readonly UserId Alice = new("U0ALICE");
    private static readonly UserId Bob = new("U0BOB");
    private static readonly UserId Carol = new("U0CAROL");
    private static readonly UserId Dave = new("U0DAVE");
    private static readonly ChannelId Support = new("C0SUPPORT");

    private static OpenCrisis Request(
        string title = "Checkout freezes at 300 stores",
        Severity severity = Severity.Sev1,
        string? customer = "Acme Retail",
        UserId? owner = null,
        ValueList<UserId>? responders = null,
        ValueList<UserId>? executives = null) =>
        new(title, severity, customer, owner, Alice, Support, "https://hooks.slack.com/commands/T1/1/abc",
            responders ?? ValueList<UserId>.Empty, executives ?? ValueList<UserId>.Empty, BusinessChannelIsPrivate: true);

    private static CrisisEvent.Opened Opened(Decision decision)
    {
        Assert.Null(decision.RejectedBecause);
        return Assert.IsType<CrisisEvent.Opened>(Assert.Single(decision.Events));
    }

    [Fact]
    public void Opening_a_crisis_records_everything_the_opener_said_at_the_moment_it_was_opened()
    {
        var opened = Opened(OpeningRules.Open(Request(), UpdateCadence.Default, Now));

        Assert.Equal(
            new CrisisEvent.Opened(
                "Checkout freezes at 300 stores", Severity.Sev1, "Acme Retail", Alice, Alice, Support,
                "https://hooks.slack.com/commands/T1/1/abc", ValueList<UserId>.Empty, ValueList<UserId>.Empty,
                BusinessChannelIsPrivate: true, FirstUpdateDue: Now.AddMinutes(30), At: Now),
            opened);
    }

    [Fact]
    public void The_person_who_opens_a_crisis_owns_it_when_nobody_else_is_named()
    {
        Assert.Equal(Alice, Opened(OpeningRules.Open(Request(owner: null), UpdateCadence.Default, Now)).Owner);
    }

    [Fact]
    public void A_named_owner_owns_the_crisis_and_the_opener_is_still_recorded_as_the_opener()
    {
        var opened = Opened(OpeningRules.Open(Request(owner: Bob), UpdateCadence.Default, Now));

        Assert.Equal(Bob, opened.Owner);
        Assert.Equal(Alice, opened.OpenedBy);
    }

    [Fact]
    public void The_owner_is_not_listed_again_among_responders_or_executives()
    {
        var opened = Opened(OpeningRules.Open(
            Request(owner: Bob, responders: ValueList.Of(Bob, Carol, Carol), executives: ValueList.Of(Dave, Bob)),
            UpdateCadence.Default, Now));

        Assert.Equal(ValueList.Of(Carol), opened.Responders);
        Assert.Equal(ValueList.Of(Dave), opened.Executives);
    }

    [Fact]
    public void An_opener_who_owns_the_crisis_is_not_listed_again_among_responders()
    {
        var opened = Opened(OpeningRules.Open(Request(responders: ValueList.Of(Alice, Carol)), UpdateCadence.Default, Now));

        Assert.Equal(ValueList.Of(Carol), opened.Responders);
    }

    [Theory]
    [InlineData(Severity.Sev1, 30)]
    [InlineData(Severity.Sev2, 60)]
    [InlineData(Severity.Sev3, 4 * 60)]
    [InlineData(Severity.Sev4, 24 * 60)]
    public void The_first_business_update_is_due_one_severity_cadence_after_opening(Severity severity, int minutes)
    {
        var opened = Opened(OpeningRules.Open(Request(severity: severity), UpdateCadence.Default, Now));

        Assert.Equal(Now.AddMinutes(minutes), opened.FirstUpdateDue);
    }

    [Fact]
    public void The_first_update_follows_the_workspaces_own_cadence()
    {
        var cadence = UpdateCadence.Default with { Sev2 = TimeSpan.FromMinutes(45) };

        Assert.Equal(Now.AddMinutes(45), Opened(OpeningRules.Open(Request(severity: Severity.Sev2), cadence, Now)).FirstUpdateDue);
    }

    [Fact]
    public void Title_and_customer_are_trimmed_and_a_blank_customer_is_no_customer()
    {
        var opened = Opened(OpeningRules.Open(Request(title: "  Checkout freezes  ", customer: "   "), UpdateCadence.Default, Now));

        Assert.Equal("Checkout freezes", opened.Title);
        Assert.Null(opened.Customer);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_crisis_without_a_title_is_refused_with_an_example_of_a_good_one(string title)
    {
        var decision = OpeningRules.Open(Request(title: title), UpdateCadence.Default, Now);

        Assert.Empty(decision.Events);
        Assert.Contains("needs a title", decision.RejectedBecause);
        Assert.Contains("e.g.", decision.RejectedBecause);
    }

    [Fact]
    public void A_title_longer_than_a_channel_header_is_refused_with_its_length()
    {
        var decision = OpeningRules.Open(Request(title: new string('x', OpeningRules.MaxTitleLength + 1)), UpdateCadence.Default, Now);

        Assert.Empty(decision.Events);
        Assert.Contains($"{OpeningRules.MaxTitleLength + 1} characters", decision.RejectedBecause);
    }

    [Fact]
    public void A_title_exactly_at_the_limit_is_accepted()
    {
        var title = new string('x', OpeningRules.MaxTitleLength);

        Assert.Equal(title, Opened(OpeningRules.Open(Request(title: title), UpdateCadence.Default, Now)).Title);
    }

    [Fact]
    public void A_customer_name_longer_than_allowed_is_refused_with_its_length()
    {
        var decision = OpeningRules.Open(Request(customer: new string('a', OpeningRules.MaxCustomerLength + 1)), UpdateCadence.Default, Now);

        Assert.Empty(decision.Events);
        Assert.Contains($"customer name is {OpeningRules.MaxCustomerLength + 1} characters", decision.RejectedBecause);
    }

    [Fact]
    public void A_crisis_nobody_opened_has_no_owner_and_is_refused()
    {
        var decision = OpeningRules.Open(Request() with { OpenedBy = default }, UpdateCadence.Default, Now);

        Assert.Empty(decision.Events);
        Assert.Contains("no owner", decision.RejectedBecause);
    }

    [Theory]
    [InlineData("<!channel>")]
    [InlineData("<@U0ALICE>")]
    [InlineData("u0alice")]
    [InlineData("C0SUPPORT")]
    [InlineData("U")]
    [InlineData("U0 ALICE")]
    [InlineData("U0ALICE\n")]
    [InlineData("U0ÄLICE")]
    public void An_opener_that_is_not_a_slack_user_id_is_refused(string opener)
    {
        var decision = OpeningRules.Open(Request() with { OpenedBy = new UserId(opener) }, UpdateCadence.Default, Now);

        Assert.Empty(decision.Events);
        Assert.Contains("opener", decision.RejectedBecause);
        Assert.Contains("not a Slack user id", decision.RejectedBecause);
    }

    [Theory]
    [InlineData("<!channel>")]
    [InlineData("<!here>")]
    [InlineData("")]
    [InlineData("W")]
    [InlineData("B0BOT")]
    [InlineData("U0BOB|bob")]
    public void An_owner_that_is_not_a_slack_user_id_is_refused(string owner)
    {
        var decision = OpeningRules.Open(Request(owner: new UserId(owner)), UpdateCadence.Default, Now);

        Assert.Empty(decision.Events);
        Assert.Contains("owner must be one person", decision.RejectedBecause);
        Assert.Contains("not a Slack user id", decision.RejectedBecause);
    }
}
