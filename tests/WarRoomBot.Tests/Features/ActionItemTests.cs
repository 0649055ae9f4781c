using Microsoft.Extensions.DependencyInjection;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Issue 12 item 4 end to end: debrief action items recorded with an owner and a due date, listed in status, marked done,
/// and reminded to their owner once when they fall due, across restarts. The crisis is sev4, so a day passes with one
/// business update; Alice opened it and owns it, Carol records items for Dave. People are in New York.
/// </summary>
public sealed class ActionItemTests
{
    private const string TechName = "crisis-1-checkout-freezes";
    private const string AddAlert = "action add an alert on price cache misses owner <@U0DAVE|dave> due 3h";

    [Fact]
    public async Task An_action_item_is_recorded_announced_in_the_technical_channel_and_listed_in_status_with_its_owner_and_due_time()
    {
        await using var app = await OpenAsync();

        var reply = await app.CrisisAsync(AddAlert, WarRoomApp.Carol, Tech(app));
        await app.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.StartsWith(":dart: Recorded action item *AI1*: add an alert on price cache misses. Owner <@U0DAVE>, due <!date^", reply.Text);
        Assert.Contains("(in 3 hours)", reply.Text);
        var post = Assert.Single(InTech(app, "Action item AI1"));
        Assert.Contains("Owner <@U0DAVE> · due <!date^", post.VisibleText);
        Assert.Contains("Recorded by <@U0CAROL> for the debrief.", post.VisibleText);
        Assert.Contains(WarRoomApp.Dave, app.Slack.Workspace.Channel(Tech(app)).Members);
        Assert.Equal(
            [new CrisisEvent.ActionItemRecorded(new ActionItemId(1), "add an alert on price cache misses", new UserId(WarRoomApp.Dave), WarRoomApp.Start.AddHours(3), new UserId(WarRoomApp.Carol), WarRoomApp.Start)],
            (await TimelineAsync(app)).OfType<CrisisEvent.ActionItemRecorded>());

        var status = (await app.CrisisAsync("status", WarRoomApp.Bob, Tech(app))).Text;
        Assert.Contains("*Open action items*\n• AI1 add an alert on price cache misses · owner <@U0DAVE> · due <!date^", status);
        Assert.Contains("(in 3 hours)", status);
    }

    [Fact]
    public async Task A_day_alone_is_due_at_the_end_of_that_working_day_where_the_person_typing_is()
    {
        await using var app = await OpenAsync();

        var reply = await app.CrisisAsync("action write the cache runbook due tomorrow owner <@U0DAVE>", WarRoomApp.Carol, Tech(app));

        Assert.StartsWith(":dart: Recorded action item *AI1*: write the cache runbook.", reply.Text);

        // Sunday 09:00 in New York: tomorrow's 17:00 there is 22:00 UTC.
        var recorded = Assert.Single((await TimelineAsync(app)).OfType<CrisisEvent.ActionItemRecorded>());
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 22, 0, 0, TimeSpan.Zero), recorded.Due);
    }

    [Fact]
    public async Task A_date_is_due_at_the_end_of_that_working_day_and_a_date_already_past_is_refused()
    {
        await using var app = await OpenAsync();

        var past = await app.CrisisAsync("action write the cache runbook owner <@U0DAVE> due 2026-11-21", WarRoomApp.Carol, Tech(app));
        var reply = await app.CrisisAsync("action write the cache runbook owner <@U0DAVE> due 2026-12-14", WarRoomApp.Carol, Tech(app));

        Assert.StartsWith(":x: 21 Nov 2026 has already passed where you are (America/New_York).", past.Text);
        Assert.StartsWith(":dart: Recorded action item *AI1*: write the cache runbook.", reply.Text);
        var recorded = Assert.Single((await TimelineAsync(app)).OfType<CrisisEvent.ActionItemRecorded>());
        Assert.Equal(new DateTimeOffset(2026, 12, 14, 22, 0, 0, TimeSpan.Zero), recorded.Due);
    }

    [Fact]
    public async Task An_open_item_reminds_its_owner_once_when_it_falls_due_and_not_again_after_a_restart()
    {
        await using var app = await OpenAsync();
        await app.CrisisAsync(AddAlert, WarRoomApp.Carol, Tech(app));
        await app.SettleAsync();

        await app.AdvanceAsync(TimeSpan.FromHours(3) - TimeSpan.FromMinutes(1));
        Assert.Empty(InTech(app, "is due and still open"));

        await app.AdvanceAsync(TimeSpan.FromMinutes(1));
        var reminder = Assert.Single(InTech(app, "is due and still open"));
        Assert.StartsWith(":alarm_clock: <@U0DAVE>, action item *AI1* is due and still open: add an alert on price cache misses", reminder.VisibleText);
        Assert.Contains("`/crisis done AI1 [note]`", reminder.VisibleText);

        await app.RestartAsync();
        await app.AdvanceAsync(TimeSpan.FromHours(2));

        Assert.Single(InTech(app, "is due and still open"));
        Assert.Single((await TimelineAsync(app)).OfType<CrisisEvent.ActionItemFellDue>());
        var status = (await app.CrisisAsync("status", WarRoomApp.Bob, Tech(app))).Text;
        Assert.Contains("(:warning: *overdue by 2 hours*)", status);
    }

    [Fact]
    public async Task An_item_marked_done_before_it_is_due_leaves_status_shows_done_in_place_and_is_never_reminded()
    {
        await using var app = await OpenAsync();
        await app.CrisisAsync(AddAlert, WarRoomApp.Carol, Tech(app));
        await app.SettleAsync();

        var reply = await app.CrisisAsync("done AI1 alert live, see PR 4711", WarRoomApp.Bob, Tech(app));
        await app.AdvanceAsync(TimeSpan.FromHours(4));

        Assert.Equal(":white_check_mark: *AI1* is done; it stays on the record with your name. No action item is open now.", reply.Text);
        var post = Assert.Single(InTech(app, "Action item AI1"));
        Assert.Contains(":white_check_mark: *Action item AI1 done:* add an alert on price cache misses", post.VisibleText);
        Assert.Contains("marked done by <@U0BOB>", post.VisibleText);
        Assert.Contains(": alert live, see PR 4711", post.VisibleText);
        Assert.Empty(InTech(app, "is due and still open"));
        Assert.Contains("*Open action items*\nNone. All 1 are done.", (await app.CrisisAsync("status", WarRoomApp.Bob, Tech(app))).Text);

        var again = await app.CrisisAsync("done AI1", WarRoomApp.Carol, Tech(app));
        Assert.Equal(":x: AI1 was already marked done by <@U0BOB> 4 hours ago; it stays on the record as done.\nUsage: `/crisis done [#&lt;crisis number&gt;] AI1 [note]`", again.Text);
        var unknown = await app.CrisisAsync("done AI7", WarRoomApp.Carol, Tech(app));
        Assert.StartsWith(":x: There is no AI7: this crisis has only AI1.", unknown.Text);
        Assert.Single((await TimelineAsync(app)).OfType<CrisisEvent.ActionItemDone>());
    }

    [Theory]
    [InlineData("action add an alert due 3h", "An action item needs one owner: add `owner @user`")]
    [InlineData("action add an alert owner @dave due 3h", "`@dave` is plain text, not a Slack user.")]
    [InlineData("action add an alert owner <@U0DAVE>", "An action item needs a due date: add `due &lt;date&gt;`")]
    [InlineData("action add an alert owner <@U0DAVE> due someday", "`someday` is not a time I can read.")]
    [InlineData("action add an alert owner <@U0DAVE> due 08:00", "08:00 has already passed today")]
    [InlineData("action owner <@U0DAVE> due 3h", "The action item is missing")]
    [InlineData("action", "Say what will be done, who owns it and when it is due.")]
    [InlineData("action add an alert owner <@U0DAVE> due 400 days", "That is more than a year away.")]
    public async Task A_bad_action_item_is_refused_privately_with_the_usage_and_records_nothing(string command, string expected)
    {
        await using var app = await OpenAsync();

        var reply = await app.CrisisAsync(command, WarRoomApp.Carol, Tech(app));
        await app.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.StartsWith($":x: {expected}", reply.Text);
        Assert.Contains("`/crisis action [#&lt;crisis number&gt;] &lt;what will be done&gt; owner @user due &lt;date&gt;`", reply.Text);
        Assert.Empty((await TimelineAsync(app)).OfType<CrisisEvent.AboutActions>());
        Assert.Empty(InTech(app, "Action item"));
    }

    [Theory]
    [InlineData("done", "Say which action item is done, e.g. `AI1`")]
    [InlineData("done A1", "`A1` is not an action item.")]
    public async Task Done_without_an_action_item_is_refused_with_the_usage(string command, string expected)
    {
        await using var app = await OpenAsync();

        var reply = await app.CrisisAsync(command, WarRoomApp.Carol, Tech(app));

        Assert.StartsWith($":x: {expected}", reply.Text);
        Assert.EndsWith("`/crisis done [#&lt;crisis number&gt;] AI1 [note]`", reply.Text);
    }

    [Theory]
    [InlineData(AddAlert, "`/crisis action #42 &lt;what will be done&gt; owner @user due &lt;date&gt;`")]
    [InlineData("done AI1", "`/crisis done #42 AI1`")]
    public async Task Typed_outside_the_crisis_channels_without_naming_the_crisis_it_is_refused_and_says_how_to_name_it(string command, string example)
    {
        await using var app = await OpenAsync();

        var reply = await app.CrisisAsync(command, WarRoomApp.Carol);

        Assert.StartsWith($":x: This channel is not a crisis's room, so name the crisis: {example}.\nUsage: `/crisis ", reply.Text);
        Assert.Empty((await TimelineAsync(app)).OfType<CrisisEvent.AboutActions>());
    }

    private static async Task<WarRoomApp> OpenAsync()
    {
        var app = await WarRoomApp.StartAsync();
        await app.CrisisAsync("open Checkout freezes sev4 customer: Acme Retail");
        await app.SettleAsync();
        return app;
    }

    private static string Tech(WarRoomApp app) => app.Slack.Workspace.ChannelNamed(TechName)!.Id;

    private static IReadOnlyList<MessageRecord> InTech(WarRoomApp app, string text) =>
        [.. app.Slack.Workspace.Channel(Tech(app)).Messages.Where(m => m.VisibleText.Contains(text, StringComparison.Ordinal))];

    private static async Task<IReadOnlyList<CrisisEvent>> TimelineAsync(WarRoomApp app) =>
        (await app.Services.GetRequiredService<ICrisisStore>().LoadAsync(new CrisisId(1), CancellationToken.None))!.Events;
}
