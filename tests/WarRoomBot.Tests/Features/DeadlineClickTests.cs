namespace WarRoomBot.Tests.Features;

/// <summary>Playbook §6: a deadline gets exactly one outcome, however many people click, and whenever they click.</summary>
public sealed class DeadlineClickTests
{
    /// <summary>
    /// Slack is slow for a moment, so the buttons are still on screen after the first click is recorded: the window
    /// in which a second person, or a stale client, clicks too. The clicks themselves call no Slack method, so they
    /// still reach the bot as fast (and as concurrently) as they are sent.
    /// </summary>
    private static readonly TimeSpan SlowSlack = TimeSpan.FromSeconds(5);

    /// <summary>Alice owns the crisis; <paramref name="by"/> writes the theory, so both may record what D1 showed.</summary>
    private static async Task<(DeadlineRoom Room, SlackEmulator.MessageRecord Due)> DueAsync(string by = WarRoomApp.Alice)
    {
        var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory, by);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(45));
        return (room, room.DuePost());
    }

    [Fact]
    public async Task Later_clicks_record_nothing_and_each_clicker_is_told_privately_who_recorded_the_outcome_and_when()
    {
        var (room, due) = await DueAsync();
        await using var _ = room;

        room.App.Slack.Faults.Latency = SlowSlack;
        await room.ClickAsync(WarRoomApp.Alice, due, "deadline_confirmed");
        await room.ClickAsync(WarRoomApp.Bob, due, "deadline_confirmed");
        await room.ClickAsync(WarRoomApp.Carol, due, "deadline_disproved");
        room.App.Slack.Faults.Latency = TimeSpan.Zero;
        await room.App.SettleAsync();

        Assert.Single(room.InTech("is now the working explanation"));
        Assert.Empty(room.InTech("D1 disproved"));
        Assert.Empty(room.RefusalsTo(WarRoomApp.Alice));
        foreach (var later in new[] { WarRoomApp.Bob, WarRoomApp.Carol })
        {
            var refusal = Assert.Single(room.RefusalsTo(later));
            Assert.NotNull(refusal.ResponseUrlId);
            Assert.Contains("confirmed", refusal.VisibleText);
            Assert.Contains("<@U0ALICE>", refusal.VisibleText);
            Assert.Contains(DeadlineRoom.DateToken(45), refusal.VisibleText);
        }

        var shown = room.DuePost();
        Assert.Equal(due.Ts, shown.Ts);
        Assert.Contains("Confirmed", shown.VisibleText);
        Assert.Contains("<@U0ALICE>", shown.VisibleText);
        Assert.DoesNotContain("Disproved", shown.VisibleText);
        Assert.DoesNotContain("<@U0BOB>", shown.VisibleText);
        Assert.Empty(DeadlineRoom.Buttons(shown));
        var status = await room.StatusAsync();
        Assert.Contains("1 kept · 0 missed", status);
        Assert.Contains(":white_check_mark: confirmed", status);
    }

    [Fact]
    public async Task Two_clicks_at_the_same_moment_record_one_outcome_and_the_other_clicker_is_told_who_won()
    {
        var (room, due) = await DueAsync(by: WarRoomApp.Bob);
        await using var _ = room;

        room.App.Slack.Faults.Latency = SlowSlack;
        await Task.WhenAll(
            room.ClickAsync(WarRoomApp.Alice, due, "deadline_confirmed"),
            room.ClickAsync(WarRoomApp.Bob, due, "deadline_confirmed"));
        room.App.Slack.Faults.Latency = TimeSpan.Zero;
        await room.App.SettleAsync();

        var confirmation = Assert.Single(room.InTech("is now the working explanation"));
        var winner = confirmation.VisibleText.Contains("<@U0ALICE>", StringComparison.Ordinal) ? WarRoomApp.Alice : WarRoomApp.Bob;
        var loser = winner == WarRoomApp.Alice ? WarRoomApp.Bob : WarRoomApp.Alice;
        Assert.Contains($"<@{winner}>", confirmation.VisibleText);
        Assert.Empty(room.RefusalsTo(winner));
        var refusal = Assert.Single(room.RefusalsTo(loser));
        Assert.Contains($"<@{winner}>", refusal.VisibleText);
        Assert.Contains(DeadlineRoom.DateToken(45), refusal.VisibleText);
        var shown = room.DuePost();
        Assert.Contains($"<@{winner}>", shown.VisibleText);
        Assert.DoesNotContain($"<@{loser}>", shown.VisibleText);
        Assert.Empty(DeadlineRoom.Buttons(shown));
    }

    [Fact]
    public async Task Extend_clicked_after_an_outcome_opens_no_form_and_says_who_recorded_it()
    {
        var (room, due) = await DueAsync();
        await using var _ = room;

        room.App.Slack.Faults.Latency = SlowSlack;
        await room.ClickAsync(WarRoomApp.Alice, due, "deadline_disproved");
        await room.ClickAsync(WarRoomApp.Carol, due, "deadline_extend");
        room.App.Slack.Faults.Latency = TimeSpan.Zero;
        await room.App.SettleAsync();

        Assert.Empty(room.Workspace.Views);
        var refusal = Assert.Single(room.RefusalsTo(WarRoomApp.Carol));
        Assert.Contains("disproved", refusal.VisibleText);
        Assert.Contains("<@U0ALICE>", refusal.VisibleText);
        Assert.Contains("Disproved", room.DuePost().VisibleText);
    }

    [Fact]
    public async Task Recording_by_text_after_a_click_is_refused_naming_who_recorded_the_outcome_and_when()
    {
        var (room, due) = await DueAsync();
        await using var _ = room;
        await room.ClickAsync(WarRoomApp.Alice, due, "deadline_confirmed");
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(2));

        var reply = await room.CrisisAsync("disproved D1 the freeze came back", WarRoomApp.Carol);
        await room.App.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.Contains("already has its outcome", reply.Text);
        Assert.Contains("confirmed", reply.Text);
        Assert.Empty(room.InTech("D1 disproved"));
        Assert.Contains("<@U0ALICE>", reply.Text);
        Assert.Contains(DeadlineRoom.DateToken(45), reply.Text);
    }
}
