using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Features.Triage;
using WarRoomBot.Slack;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Issue 11 item 1, impact and triage end to end: the impact recorded in a crisis's channel and shown in the digest and
/// status, a severity change announced once in each room, and the business updates following the new cadence on the fake
/// clock, across restarts. The sev1 room is Alice's; the business channel's first update is promised 30 minutes in.
/// </summary>
public sealed class TriageTests
{
    private const string FullImpact = "impact users 1200 sites 300 of 410 loss 25000/h deal 2000000 scope global strategic reference";

    private const string InWords = "1,200 users, 300 of 410 sites, $25,000 an hour, a $2,000,000 deal at stake, global; strategic reference customer";

    [Fact]
    public async Task The_impact_is_recorded_with_its_score_and_after_a_restart_shown_in_status_and_the_digest_in_plain_words()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        Assert.Contains("*Impact:* not yet assessed", await room.StatusAsync());

        var reply = await room.CrisisAsync(FullImpact, WarRoomApp.Carol);
        await room.App.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.Equal(
            $":bar_chart: Recorded the impact: {InWords}. Priority score 108 (users 12 + sites 21 + loss per hour 25 + deal 20 + scope 15 + strategic 10 + reference 5) "
            + "suggests *sev1*. The crisis is sev1, as suggested. The business digest shows the impact.",
            reply.Text);

        await room.App.RestartAsync();
        var status = await room.StatusAsync();
        Assert.Contains($"*Impact:* {InWords}", status);
        Assert.Contains("score 108 (users 12 + sites 21", status);
        Assert.Contains("suggests *sev1*; the crisis is sev1. Assessed by <@U0CAROL>", status);

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(30));
        var digest = Assert.Single(room.InBiz("business update 1"));
        Assert.Contains($"*Impact:* {InWords}", digest.VisibleText);
        Assert.DoesNotContain("not yet assessed", digest.VisibleText);
        Assert.Equal(
            [new CrisisEvent.ImpactAssessed(new Impact(1200, 300, 410, 25000m, 2000000m, ImpactScope.Global, true, true), new UserId(WarRoomApp.Carol), WarRoomApp.Start)],
            (await TimelineAsync(room.App)).OfType<CrisisEvent.ImpactAssessed>());
    }

    [Fact]
    public async Task Impact_alone_opens_a_form_whose_fields_are_read_by_the_same_grammar_and_refused_under_their_field()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var ack = await room.CrisisAsync("impact", WarRoomApp.Carol);
        await room.App.SettleAsync();
        var form = Assert.Single(room.Workspace.Views);

        Assert.Equal("", ack.Body);
        var wrong = await room.App.Sender.SubmitViewAsync(form, WarRoomApp.Carol, Inputs(form, users: "twelve", sites: "500", total: "410"));
        Assert.Equal([ImpactModal.UsersBlock], Errors(wrong).Keys);
        Assert.StartsWith("twelve is not a number for users: write digits", Errors(wrong)[ImpactModal.UsersBlock]);
        var tooMany = await room.App.Sender.SubmitViewAsync(form, WarRoomApp.Carol, Inputs(form, users: "1,200", sites: "500", total: "410"));
        Assert.StartsWith("500 of 410 sites is more sites affected than the customer has", Errors(tooMany)[ImpactModal.SitesBlock]);
        Assert.Empty((await TimelineAsync(room.App)).OfType<CrisisEvent.Triaged>());

        var recorded = await room.App.Sender.SubmitViewAsync(form, WarRoomApp.Carol,
            Inputs(form, users: "1,200", sites: "300", total: "410", loss: "$25k", deal: "2m", scope: "global", customer: "strategic reference"));

        Assert.Empty(Errors(recorded));
        Assert.Equal(
            [new CrisisEvent.ImpactAssessed(new Impact(1200, 300, 410, 25000m, 2000000m, ImpactScope.Global, true, true), new UserId(WarRoomApp.Carol), WarRoomApp.Start)],
            (await TimelineAsync(room.App)).OfType<CrisisEvent.ImpactAssessed>());
        Assert.Contains($"*Impact:* {InWords}", await room.StatusAsync());
    }

    [Theory]
    [InlineData("impact users twelve", "`twelve` is not a number for `users`")]
    [InlineData("impact users 10 stores 4", "`stores` is not part of an impact")]
    [InlineData("impact sites 500 of 410", "500 of 410 sites is more sites affected than the customer has")]
    public async Task A_malformed_impact_is_refused_privately_naming_it_with_the_usage_and_records_nothing(string command, string problem)
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var reply = await room.CrisisAsync(command);

        Assert.True(reply.IsEphemeral);
        Assert.StartsWith($":x: {problem}", reply.Text);
        Assert.Contains("`/crisis impact [users &lt;n&gt;] [sites &lt;n&gt; [of &lt;total&gt;]]", reply.Text);
        Assert.Empty((await TimelineAsync(room.App)).OfType<CrisisEvent.Triaged>());
    }

    [Fact]
    public async Task A_less_severe_crisis_is_announced_once_in_each_room_keeps_the_promised_update_and_then_follows_its_cadence_across_a_restart()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync("impact users 50", WarRoomApp.Carol);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(5));

        var reply = await room.CrisisAsync("severity sev3 because only the test store is affected");
        await room.App.SettleAsync();

        Assert.StartsWith(":rotating_light: Crisis 1 is now *sev3* (was sev1); both channels are told. Business updates now come every 4 hours.", reply.Text);
        foreach (var announced in new[] { Assert.Single(room.InTech("is now sev3")), Assert.Single(room.InBiz("is now sev3")) })
        {
            Assert.Contains("set by <@U0ALICE> because only the test store is affected. The recorded impact scores 0 and suggests sev4.", announced.VisibleText);
            Assert.Contains($"*Next update at {DeadlineRoom.DateToken(30)}", announced.VisibleText);
            Assert.Contains("because it was promised before the crisis became sev3", announced.VisibleText);
        }

        await room.App.RestartAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(25));
        var first = Assert.Single(room.InBiz("business update 1"));
        Assert.Contains($"*Next update at {DeadlineRoom.DateToken(30 + 240)}", first.VisibleText);
        Assert.Contains("because sev3 crises are updated every 4 hours.", first.VisibleText);

        // Under sev1 the second update would have come 30 minutes later.
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(60));
        Assert.Empty(room.InBiz("business update 2"));
        Assert.Single(room.InTech("is now sev3"));
        Assert.Single(room.InBiz("is now sev3"));
    }

    [Fact]
    public async Task After_a_severity_change_both_topics_and_pinned_kickoffs_show_the_new_severity_and_cadence_updated_once_across_a_restart()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        Assert.Contains("*Why then:* sev1 crises get a business update every 30 minutes.", room.PinnedKickoff(room.Biz).VisibleText);
        await room.CrisisAsync("impact users 50", WarRoomApp.Carol);
        await room.App.SettleAsync();

        await room.CrisisAsync("severity sev3 because only the test store is affected");
        await room.App.SettleAsync();

        AssertShowsSev3(room);
        var calls = room.CountRefreshes();
        Assert.Equal((2, 2), calls);
        await room.App.RestartAsync();
        await room.App.SettleAsync();
        Assert.Equal(calls, room.CountRefreshes());
        AssertShowsSev3(room);
    }

    [Fact]
    public async Task A_restart_straight_after_a_severity_change_still_refreshes_each_topic_and_kickoff_once()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        await room.CrisisAsync("severity sev3 because only the test store is affected");
        await room.App.RestartAsync();
        await room.App.SettleAsync();
        await room.App.RestartAsync();
        await room.App.SettleAsync();

        Assert.Single(room.InTech("is now sev3"));
        Assert.Single(room.InBiz("is now sev3"));
        Assert.Equal((2, 2), room.CountRefreshes());
        AssertShowsSev3(room);
    }

    [Fact]
    public async Task A_handover_after_a_severity_change_keeps_the_new_severity_in_the_topics_and_kickoffs()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync("severity sev3 because only the test store is affected");
        await room.App.SettleAsync();

        await room.CrisisAsync("owner <@U0CAROL|carol> because Alice is off shift");
        await room.App.SettleAsync();

        AssertShowsSev3(room);
        Assert.Equal((4, 4), room.CountRefreshes());
        foreach (var channel in new[] { room.Tech, room.Biz })
            Assert.EndsWith("Owner: Carol Diaz +44 20 7946 0000", room.Workspace.Channel(channel).Topic);
    }

    [Fact]
    public async Task A_more_severe_crisis_brings_the_next_update_forward_to_its_cadence_from_the_change()
    {
        await using var app = await WarRoomApp.StartAsync();
        await app.CrisisAsync("open Checkout slow sev3 customer: Acme Retail");
        await app.SettleAsync();
        var tech = app.Slack.Workspace.ChannelNamed("crisis-1-checkout-slow")!.Id;
        var biz = app.Slack.Workspace.ChannelNamed("crisis-1-checkout-slow-biz")!.Id;
        await app.AdvanceAsync(TimeSpan.FromMinutes(10));

        var reply = await app.CrisisAsync("severity sev1 because every store is down now", WarRoomApp.Alice, biz);
        await app.SettleAsync();

        Assert.Contains($"*Next update at {DeadlineRoom.DateToken(40)}", reply.Text);
        Assert.Contains("because sev1 crises are updated every 30 minutes.", reply.Text);
        Assert.Single(app.Slack.Workspace.Channel(tech).Messages, m => m.VisibleText.Contains("is now sev1", StringComparison.Ordinal));
        var kickoff = app.Slack.Workspace.Channel(biz).Messages[0].VisibleText;
        Assert.Contains($"*First update:* <!date^{WarRoomApp.Start.AddMinutes(40).ToUnixTimeSeconds()}^", kickoff);
        Assert.Contains("sev1 crises get a business update every 30 minutes", kickoff);

        await app.AdvanceAsync(TimeSpan.FromMinutes(29));
        Assert.DoesNotContain(app.Slack.Workspace.Channel(biz).Messages, m => m.VisibleText.Contains("business update 1", StringComparison.Ordinal));
        await app.AdvanceAsync(TimeSpan.FromMinutes(1));
        var digest = Assert.Single(app.Slack.Workspace.Channel(biz).Messages, m => m.VisibleText.Contains("business update 1", StringComparison.Ordinal));
        Assert.Contains("sev1 · *Investigating*", digest.VisibleText);
        Assert.Contains($"*Next update at {DeadlineRoom.DateToken(70)}", digest.VisibleText);
    }

    [Theory]
    [InlineData(WarRoomApp.Carol, "severity sev2 because two stores only", "Only the crisis owner <@U0ALICE> can change the severity, because it sets how often the business channel hears from us; ask them.")]
    [InlineData(WarRoomApp.Alice, "severity sev1 because still bad", "Crisis 1 is already sev1; nothing changed.")]
    [InlineData(WarRoomApp.Alice, "severity sev2", "No impact is recorded yet, so there is no suggested severity to go by: say why")]
    [InlineData(WarRoomApp.Alice, "severity sev2 because we think only two stores are left", "The business channel reads this as uncertainty or blame, so the severity was not changed:")]
    public async Task A_severity_change_that_is_not_allowed_is_refused_privately_and_nothing_is_announced(string user, string command, string problem)
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var reply = await room.CrisisAsync(command, user);
        await room.App.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.StartsWith($":x: {problem}", reply.Text);
        Assert.Contains("Usage: `/crisis severity sev1..sev4 because &lt;reason&gt;`", reply.Text);
        Assert.Empty((await TimelineAsync(room.App)).OfType<CrisisEvent.SeverityChanged>());
        Assert.Empty(room.InTech("is now"));
        Assert.Empty(room.InBiz("is now"));
    }

    [Fact]
    public async Task Going_against_the_suggestion_without_a_reason_is_refused_with_the_suggestion_and_its_score()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync("impact users 50 scope regional");

        var reply = await room.CrisisAsync("severity sev2");

        Assert.StartsWith(":x: The recorded impact scores 5, which suggests sev4. To set sev2 against the suggestion, say why: `/crisis severity sev2 because &lt;reason&gt;`.", reply.Text);
        Assert.Empty((await TimelineAsync(room.App)).OfType<CrisisEvent.SeverityChanged>());
    }

    [Theory]
    [InlineData("impact users 10", "impact")]
    [InlineData("severity sev2 because two stores", "severity")]
    public async Task Typed_outside_the_crisis_channels_it_is_refused_and_says_where_it_works(string command, string verb)
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var reply = await room.App.CrisisAsync(command);

        Assert.Equal($":x: `/crisis {verb}` works in a crisis's technical or business channel, so it applies to that crisis. Run it there.", reply.Text);
        Assert.Empty((await TimelineAsync(room.App)).OfType<CrisisEvent.Triaged>());
    }

    [Theory]
    [InlineData("WarRoom:Priority:Sev2At", "70", "WarRoom:Priority:Sev1At, Sev2At and Sev3At must be positive and each higher than the next (e.g. 60, 35, 15).")]
    [InlineData("WarRoom:Priority:LossPerPoint", "0", "WarRoom:Priority:UsersPerPoint, SitesPerPoint, LossPerPoint and DealPerPoint must each be positive (e.g. 100).")]
    [InlineData("WarRoom:Priority:Strategic", "-10", "WarRoom:Priority:UsersMax, SitesMax, LossMax, DealMax, Regional, National, Global, Strategic and Reference must not be negative (e.g. 20).")]
    public void A_priority_weight_that_cannot_work_fails_the_start_up_check_naming_the_setting(string setting, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [setting] = value }).Build();
        using var services = new ServiceCollection().AddCrisisFeatures(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<WarRoomOptions>>().Value);

        Assert.Equal([message], failure.Failures);
    }

    [Fact]
    public async Task The_priority_weights_and_thresholds_come_from_the_settings()
    {
        await using var room = await DeadlineRoom.OpenAsync(new() { ["WarRoom:Priority:UsersPerPoint"] = "10", ["WarRoom:Priority:Sev3At"] = "5" });

        var reply = await room.CrisisAsync("impact users 50");

        Assert.Contains("Priority score 5 (users 5) suggests *sev3*.", reply.Text);
    }

    private static Dictionary<string, ViewInput> Inputs(
        ViewRecord form, string? users = null, string? sites = null, string? total = null, string? loss = null, string? deal = null, string? scope = null, string? customer = null)
    {
        var inputs = new Dictionary<string, ViewInput>();
        foreach (var (block, value) in new[] { (ImpactModal.UsersBlock, users), (ImpactModal.SitesBlock, sites), (ImpactModal.TotalBlock, total), (ImpactModal.LossBlock, loss), (ImpactModal.DealBlock, deal) })
        {
            if (value is not null)
                inputs[block] = new ViewInput(ImpactModal.Value, value);
        }

        if (scope is not null)
            inputs[ImpactModal.ScopeBlock] = new ViewInput(ImpactModal.Value, SelectedOption: scope);
        if (customer is not null)
            inputs[ImpactModal.CustomerBlock] = new ViewInput(ImpactModal.Value, SelectedOption: customer);
        return inputs;
    }

    private static Dictionary<string, string> Errors(InteractionReply reply) =>
        reply.Json?["errors"]?.AsObject().ToDictionary(e => e.Key, e => e.Value!.GetValue<string>()) ?? [];

    private static void AssertShowsSev3(DeadlineRoom room)
    {
        foreach (var channel in new[] { room.Tech, room.Biz })
        {
            var topic = room.Workspace.Channel(channel).Topic;
            Assert.Contains("Crisis 1 · sev3", topic);
            Assert.DoesNotContain("sev1", topic);
            var kickoff = room.PinnedKickoff(channel);
            Assert.Contains("*Severity:* sev3", kickoff.VisibleText);
            Assert.DoesNotContain("sev1", kickoff.VisibleText);
            Assert.True(kickoff.Edited);
        }

        Assert.Contains("*Why then:* sev3 crises get a business update every 4 hours.", room.PinnedKickoff(room.Biz).VisibleText);
    }

    private static async Task<IReadOnlyList<CrisisEvent>> TimelineAsync(WarRoomApp app) =>
        (await app.Services.GetRequiredService<ICrisisStore>().LoadAsync(new CrisisId(1), CancellationToken.None))!.Events;
}
