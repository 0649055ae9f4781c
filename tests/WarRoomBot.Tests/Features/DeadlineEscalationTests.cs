namespace WarRoomBot.Tests.Features;

/// <summary>Playbook §11: a missed deadline is bad news that goes out fast, once, even across restarts.</summary>
public sealed class DeadlineEscalationTests
{
    private const string MissedNotice = "A diagnostic deadline was missed";

    // 8. Missed deadlines

    [Fact]
    public async Task With_no_outcome_fifteen_minutes_after_due_the_owner_is_named_again_and_the_business_channel_is_told_once()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(45));
        room.DuePost();

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(14));
        Assert.Empty(room.InTech("was missed"));
        Assert.Empty(room.InBiz(MissedNotice));

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(1));
        var chase = Assert.Single(room.InTech("was missed"));
        Assert.Contains("<@U0ALICE>", chase.VisibleText);
        Assert.Contains("D1 was missed", chase.VisibleText);
        var notice = Assert.Single(room.InBiz(MissedNotice));
        Assert.Contains("What happens next", notice.VisibleText);
        Assert.Contains(DeadlineRoom.DateToken(45), notice.VisibleText);
        Assert.EndsWith("-biz", room.Workspace.Channel(room.Biz).Name, StringComparison.Ordinal);

        var tech = room.TechMessages.Count;
        var biz = room.BizMessages.Count;
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(15));
        await room.App.AdvanceAsync(TimeSpan.FromHours(3));
        Assert.Equal(tech, room.TechMessages.Count);
        Assert.Equal(biz, room.BizMessages.Count);
        var status = await room.StatusAsync();
        Assert.Contains("0 kept · 1 missed", status);
        Assert.Contains("overdue by", status);
    }

    [Fact]
    public async Task A_configured_escalation_delay_is_honoured()
    {
        await using var room = await DeadlineRoom.OpenAsync(new() { ["WarRoom:Deadlines:EscalateAfter"] = "00:05:00" });
        await room.CrisisAsync("deadline Get heap dump from store 114 by 20m");
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(20));

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(4));
        Assert.Empty(room.InTech("was missed"));
        Assert.Empty(room.InBiz(MissedNotice));

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(1));
        var chase = Assert.Single(room.InTech("was missed"));
        Assert.Contains("5 minutes after it fell due", chase.VisibleText);
        Assert.Single(room.InBiz(MissedNotice));
    }

    [Fact]
    public async Task A_deadline_confirmed_within_the_grace_period_is_never_escalated()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(45));
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(14));

        await room.ClickAsync(WarRoomApp.Alice, room.DuePost(), "deadline_confirmed");
        await room.App.SettleAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(1));
        await room.App.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.Empty(room.InTech("was missed"));
        Assert.Empty(room.InBiz("was missed"));
        Assert.Contains("1 kept · 0 missed", await room.StatusAsync());
    }

    [Fact]
    public async Task An_outcome_recorded_after_the_escalation_counts_as_missed()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(45));
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(15));

        var reply = await room.CrisisAsync("confirmed D1 the replay froze the same way");
        await room.App.SettleAsync();

        Assert.Contains("counts as missed", reply.Text);
        Assert.Single(room.InTech("is now the working explanation"));
        Assert.Empty(DeadlineRoom.Buttons(room.DuePost()));
        Assert.Single(room.InBiz(MissedNotice));
        Assert.Contains("0 kept · 1 missed", await room.StatusAsync());
    }

    // 9. Restarts

    [Fact]
    public async Task A_restart_just_before_the_due_time_still_posts_the_due_notice_once()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync("deadline Get heap dump from store 114 by 20m");
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(19));
        Assert.Single(room.InTech("D1 falls due"));

        await room.App.RestartAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(2));
        await room.App.SettleAsync();

        var due = room.DuePost();
        Assert.Contains("Get heap dump from store 114", due.VisibleText);
        Assert.Equal(3, DeadlineRoom.Buttons(due).Count);
        Assert.Single(room.InTech("D1 falls due"));

        await room.App.RestartAsync();
        await room.App.SettleAsync();
        Assert.Equal(due.Ts, room.DuePost().Ts);
        Assert.Single(room.InTech("D1 falls due"));
    }

    [Fact]
    public async Task Times_that_passed_while_the_bot_was_down_are_posted_once_late_when_it_starts()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync("deadline Get heap dump from store 114 by 20m");
        await room.App.SettleAsync();
        var posted = room.TechMessages.Count;

        await room.StopTheClockAsync();
        room.App.Time.Advance(TimeSpan.FromMinutes(40));
        Assert.Equal(posted, room.TechMessages.Count);

        await room.App.RestartAsync();

        // Starting is enough: nothing here asks the clock or the publisher to run until both notices are out.
        using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await room.Workspace.WaitForMessageAsync(room.Biz, m => m.VisibleText.Contains(MissedNotice, StringComparison.Ordinal), patience.Token);
            await room.Workspace.WaitForMessageAsync(room.Tech, m => m.VisibleText.Contains("D1 was missed", StringComparison.Ordinal), patience.Token);
        }

        await room.App.SettleAsync();
        var due = room.DuePost();
        var chase = Assert.Single(room.InTech("was missed"));
        Assert.True(Index(room, due) < Index(room, chase), "the due post comes before the missed notice");
        Assert.Single(room.InBiz(MissedNotice));
        Assert.Empty(room.InTech("D1 falls due"));

        var tech = room.TechMessages.Count;
        var biz = room.BizMessages.Count;
        await room.App.RestartAsync();
        await room.App.SettleAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.Equal(tech, room.TechMessages.Count);
        Assert.Equal(biz, room.BizMessages.Count);
    }

    [Fact]
    public async Task After_a_restart_the_bots_own_clock_still_posts_the_due_notice_when_the_time_comes()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync("deadline Get heap dump from store 114 by 20m");
        await room.App.SettleAsync();

        await room.App.RestartAsync();
        room.App.Time.Advance(TimeSpan.FromMinutes(20));

        // Only the restarted scheduler can post it: nothing here asks the clock or the publisher to run.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var due = await room.Workspace.WaitForMessageAsync(room.Tech, m => m.VisibleText.Contains("D1 is due", StringComparison.Ordinal), patience.Token);
        Assert.Contains("Get heap dump from store 114", due.VisibleText);
        await room.App.SettleAsync();
        Assert.Equal(due.Ts, room.DuePost().Ts);
    }

    private static int Index(DeadlineRoom room, SlackEmulator.MessageRecord message) =>
        room.TechMessages.ToList().FindIndex(m => m.Ts == message.Ts);
}
