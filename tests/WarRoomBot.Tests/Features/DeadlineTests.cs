using SlackEmulator;

namespace WarRoomBot.Tests.Features;

public sealed class DeadlineTests
{
    private const string TechName = "crisis-1-checkout-freezes";

    private static async Task<(WarRoomApp App, ChannelRecord Tech)> OpenAsync(Dictionary<string, string?>? settings = null)
    {
        var app = await WarRoomApp.StartAsync(settings);
        await app.CrisisAsync("open Checkout freezes sev1 customer: Acme Retail");
        await app.SettleAsync();
        return (app, app.Slack.Workspace.ChannelNamed(TechName)!);
    }

    [Fact]
    public async Task A_theory_is_posted_reminded_falls_due_with_buttons_and_is_confirmed_by_a_click()
    {
        var (app, tech) = await OpenAsync();
        await using var _ = app;

        var ack = await app.CrisisAsync("theory Lock contention from the nightly price job prove replay the 02:00 logs on staging by 45m", channel: tech.Id);
        await app.SettleAsync();

        Assert.Contains("T1", ack.Text);
        Assert.Contains("D1", ack.Text);
        var posted = DeadlineRoom.AboutDiagnosis(app.Slack.Workspace.Channel(tech.Id).Messages)[^1].VisibleText;
        Assert.Contains("Lock contention from the nightly price job", posted);
        Assert.Contains("replay the 02:00 logs on staging", posted);
        Assert.Contains($"<!date^{WarRoomApp.Start.AddMinutes(45).ToUnixTimeSeconds()}^", posted);
        Assert.Contains("in 45 minutes", posted);
        Assert.Contains("<@U0ALICE>", posted);

        await app.AdvanceAsync(TimeSpan.FromMinutes(35));
        var reminder = DeadlineRoom.AboutDiagnosis(app.Slack.Workspace.Channel(tech.Id).Messages)[^1].VisibleText;
        Assert.Contains("D1 falls due in 10 minutes", reminder);

        await app.AdvanceAsync(TimeSpan.FromMinutes(10));
        var due = DeadlineRoom.AboutDiagnosis(app.Slack.Workspace.Channel(tech.Id).Messages)[^1];
        Assert.Contains("D1 is due", due.VisibleText);

        var click = await app.Sender.ClickButtonAsync(WarRoomApp.Alice, tech.Id, due, "deadline_confirmed");
        await app.SettleAsync();

        var messages = app.Slack.Workspace.Channel(tech.Id).Messages;
        var updated = messages.Single(m => m.Ts == due.Ts);
        Assert.DoesNotContain("Disproved", updated.VisibleText);
        Assert.Contains("Confirmed", updated.VisibleText);
        Assert.Contains("T1 is now the working explanation", messages[^1].VisibleText);
    }

    [Fact]
    public async Task Quartz_fires_the_due_post_when_the_clock_reaches_it_with_nobody_asking()
    {
        var (app, tech) = await OpenAsync();
        await using var _ = app;
        await app.CrisisAsync("deadline Get heap dump from store 114 by 20m", channel: tech.Id);
        await app.SettleAsync();

        app.Time.Advance(TimeSpan.FromMinutes(20));

        // Only the scheduler's own trigger can post it: nothing here asks the clock or the publisher to run.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var due = await app.Slack.Workspace.WaitForMessageAsync(tech.Id, m => m.VisibleText.Contains("D1 is due"), patience.Token);
        Assert.Contains("Get heap dump from store 114", due.VisibleText);
    }

    // 1. Reminders

    [Fact]
    public async Task The_owner_is_reminded_ten_minutes_before_the_deadline_and_not_a_minute_earlier()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        var ack = await room.CrisisAsync("deadline Get heap dump from store 114 by 45m");
        await room.App.SettleAsync();
        Assert.Contains("reminded 10 minutes before", ack.Text);
        var posted = room.TechMessages.Count;

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(34));
        Assert.Equal(posted, room.TechMessages.Count);

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(1));
        var reminder = Assert.Single(room.InTech("D1 falls due"));
        Assert.Contains("<@U0ALICE>", reminder.VisibleText);
        Assert.Contains("D1 falls due in 10 minutes", reminder.VisibleText);
        Assert.Contains("Get heap dump from store 114", reminder.VisibleText);
        Assert.Contains(DeadlineRoom.DateToken(45), reminder.VisibleText);

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Single(room.InTech("D1 falls due"));
    }

    [Fact]
    public async Task A_deadline_closer_than_the_reminder_lead_gets_no_reminder_at_all()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        var ack = await room.CrisisAsync("deadline Get heap dump from store 114 by 5m");
        await room.App.SettleAsync();
        Assert.Contains("too soon for a reminder", ack.Text);

        for (var minute = 1; minute <= 5; minute++)
            await room.App.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Empty(room.InTech("D1 falls due"));
        room.DuePost();
    }

    [Fact]
    public async Task A_configured_reminder_lead_is_honoured()
    {
        await using var room = await DeadlineRoom.OpenAsync(new() { ["WarRoom:Deadlines:ReminderLead"] = "00:02:00" });
        var ack = await room.CrisisAsync("deadline Get heap dump from store 114 by 45m");
        await room.App.SettleAsync();
        Assert.Contains("reminded 2 minutes before", ack.Text);

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(42));
        Assert.Empty(room.InTech("D1 falls due"));

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(1));
        var reminder = Assert.Single(room.InTech("D1 falls due"));
        Assert.Contains("D1 falls due in 2 minutes", reminder.VisibleText);
        Assert.Contains("<@U0ALICE>", reminder.VisibleText);
    }

    // 2. The due post

    [Fact]
    public async Task At_the_due_time_one_post_names_the_step_and_its_theory_and_asks_the_owner_with_three_buttons()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.App.SettleAsync();

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(44));
        Assert.Empty(room.InTech("is due"));

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(1));
        var due = room.DuePost();
        Assert.Contains(DeadlineRoom.Plan, due.VisibleText);
        Assert.Contains("For T1:", due.VisibleText);
        Assert.Contains(DeadlineRoom.Statement, due.VisibleText);
        Assert.Contains("<@U0ALICE>", due.VisibleText);
        Assert.Contains(DeadlineRoom.DateToken(45), due.VisibleText);
        Assert.Equal(["deadline_confirmed", "deadline_disproved", "deadline_extend"], DeadlineRoom.Buttons(due));

        await room.App.SettleAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(1));
        await room.App.SettleAsync();
        Assert.Equal(due.Ts, room.DuePost().Ts);
    }

    // 3. Confirming by button

    [Fact]
    public async Task Clicking_confirmed_replaces_the_buttons_by_the_outcome_and_makes_the_theory_the_working_explanation()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(45));
        var due = room.DuePost();

        var click = await room.ClickAsync(WarRoomApp.Alice, due, "deadline_confirmed");
        await room.App.SettleAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, click.Status);
        var updated = room.DuePost();
        Assert.Equal(due.Ts, updated.Ts);
        Assert.True(updated.Edited);
        Assert.Empty(DeadlineRoom.Buttons(updated));
        Assert.DoesNotContain(updated.Blocks!, b => (string?)b?["type"] == "actions");
        Assert.Contains("Confirmed", updated.VisibleText);
        Assert.Contains("<@U0ALICE>", updated.VisibleText);
        Assert.Contains(DeadlineRoom.Plan, updated.VisibleText);

        var confirmation = Assert.Single(room.InTech("is now the working explanation"));
        Assert.Contains("T1 is now the working explanation", confirmation.VisibleText);
        Assert.Contains("D1 confirmed", confirmation.VisibleText);
        Assert.Empty(room.RefusalsTo(WarRoomApp.Alice));

        var status = await room.StatusAsync();
        Assert.Contains($"Working explanation:* T1 {DeadlineRoom.Statement}", status);
        Assert.Contains($"T1 {DeadlineRoom.Statement} · :white_check_mark: confirmed", status);
        Assert.Contains("1 kept · 0 missed", status);
        Assert.Contains("None. Every step has its outcome.", status);
    }

    // 4. Disproved by text before the due time

    [Fact]
    public async Task A_deadline_disproved_by_text_before_its_time_is_kept_and_never_falls_due()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(20));

        var reply = await room.CrisisAsync("disproved D1 the freeze came back");
        await room.App.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.Contains("D1 disproved", reply.Text);
        Assert.Contains("T1 is disproved and stays on the record", reply.Text);
        Assert.Contains("Deadline kept", reply.Text);
        var post = Assert.Single(room.InTech("D1 disproved"));
        Assert.Contains("<@U0ALICE>", post.VisibleText);
        Assert.Contains("the freeze came back", post.VisibleText);
        Assert.Contains("T1 is disproved", post.VisibleText);
        var posted = room.TechMessages.Count;

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(25));
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(15));
        await room.App.AdvanceAsync(TimeSpan.FromHours(2));

        Assert.Equal(posted, room.TechMessages.Count);
        Assert.Empty(room.InTech("is due"));
        Assert.Empty(room.InTech("was missed"));
        Assert.Empty(room.InBiz("was missed"));
        var status = await room.StatusAsync();
        Assert.Contains("1 kept · 0 missed", status);
        Assert.Contains($"T1 {DeadlineRoom.Statement} · :x: disproved", status);
        Assert.Contains("Working explanation:* none confirmed yet", status);
    }

    // 12. Trailing clauses

    [Fact]
    public async Task By_inside_a_theory_stays_in_its_statement_and_only_the_last_by_is_the_deadline()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var reply = await room.CrisisAsync("theory slow checkout caused by the cache prove flush the cache on store 12 by 30m");
        await room.App.SettleAsync();

        Assert.Contains("T1", reply.Text);
        Assert.Contains(DeadlineRoom.DateToken(30), reply.Text);
        var post = Assert.Single(room.InTech("Working theory"));
        Assert.Contains("Working theory:* slow checkout caused by the cache\n", post.VisibleText);
        Assert.Contains("flush the cache on store 12\n", post.VisibleText);
        Assert.Contains(DeadlineRoom.DateToken(30), post.VisibleText);
        Assert.Contains("in 30 minutes", post.VisibleText);
        var status = await room.StatusAsync();
        Assert.Contains("T1 slow checkout caused by the cache · :mag: being worked", status);
        Assert.Contains("D1 flush the cache on store 12 (for T1) · due", status);
    }

    [Fact]
    public async Task By_inside_a_deadline_step_stays_in_the_step()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        await room.CrisisAsync("deadline check the job run by the scheduler by 20m");
        await room.App.SettleAsync();

        var post = Assert.Single(room.InTech("Next step"));
        Assert.Contains("Next step:* check the job run by the scheduler\n", post.VisibleText);
        Assert.Contains(DeadlineRoom.DateToken(20), post.VisibleText);
    }
}
