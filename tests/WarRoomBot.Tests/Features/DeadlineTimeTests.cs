namespace WarRoomBot.Tests.Features;

/// <summary>Deadline times as people type them, read where they are, and diagnosis commands typed in the wrong place.</summary>
public sealed class DeadlineTimeTests
{
    private const string Taro = "U0TARO";

    private static DeadlineRoom AddTokyoUser(DeadlineRoom room)
    {
        room.Workspace.AddUser(Taro, "taro", "Taro Sato", timeZone: "Asia/Tokyo", tzOffsetSeconds: 32400);
        room.Workspace.AddMember(room.Tech, Taro);
        return room;
    }

    // 10. Times in the invoker's zone

    [Fact]
    public async Task A_clock_time_is_read_in_the_time_zone_of_whoever_typed_it()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        var evening = new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.Zero);

        var reply = await room.CrisisAsync("deadline Collect POS logs from store 12 by 18:30");
        await room.App.SettleAsync();

        Assert.Contains(DeadlineRoom.DateToken(evening), reply.Text);
        Assert.Contains("in 9 hours 30 minutes", reply.Text);
        Assert.Contains(DeadlineRoom.DateToken(evening), Assert.Single(room.InTech("Next step")).VisibleText);
    }

    [Fact]
    public async Task A_clock_time_already_past_where_the_person_is_is_refused_with_a_hint_for_tomorrow()
    {
        await using var room = AddTokyoUser(await DeadlineRoom.OpenAsync());
        var posted = room.TechMessages.Count;

        var passed = await room.CrisisAsync("deadline Collect POS logs from store 12 by 18:30", Taro);
        await room.App.SettleAsync();

        Assert.True(passed.IsEphemeral);
        Assert.Contains("18:30 has already passed today", passed.Text);
        Assert.Contains("23:00", passed.Text);
        Assert.Contains("`tomorrow 18:30`", passed.Text);
        Assert.Equal(posted, room.TechMessages.Count);

        var tomorrow = await room.CrisisAsync("deadline Collect POS logs from store 12 by tomorrow 09:00", Taro);
        await room.App.SettleAsync();

        var midnightUtc = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        Assert.Contains("D1", tomorrow.Text);
        Assert.Contains(DeadlineRoom.DateToken(midnightUtc), tomorrow.Text);
        Assert.Contains(DeadlineRoom.DateToken(midnightUtc), Assert.Single(room.InTech("Next step")).VisibleText);
    }

    [Fact]
    public async Task A_deadline_more_than_seven_days_out_is_refused_and_seven_days_is_allowed()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var tooFar = await room.CrisisAsync("deadline Rebuild the price job by 8d");
        await room.App.SettleAsync();

        Assert.True(tooFar.IsEphemeral);
        Assert.Contains("at most 7 days", tooFar.Text);
        Assert.Empty(room.InTech("Next step"));

        var weekOut = await room.CrisisAsync("deadline Rebuild the price job by 7d");
        await room.App.SettleAsync();
        Assert.Contains(DeadlineRoom.DateToken(7 * 24 * 60), weekOut.Text);
        Assert.Single(room.InTech("Next step"));
    }

    [Fact]
    public async Task An_unreadable_time_is_refused_with_examples_of_what_works()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var reply = await room.CrisisAsync("deadline Collect POS logs from store 12 by soonish");
        await room.App.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.Contains("soonish", reply.Text);
        Assert.Contains("`45m`", reply.Text);
        Assert.Contains("`18:30`", reply.Text);
        Assert.Empty(room.InTech("Next step"));
        Assert.Contains("None. Every step has its outcome.", await room.StatusAsync());
    }

    [Fact]
    public async Task Each_persons_time_zone_is_asked_of_slack_once_for_several_clock_times_and_never_for_durations()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        room.Workspace.AddMember(room.Tech, WarRoomApp.Bob);

        await room.CrisisAsync("deadline Collect POS logs from store 12 by 18:30", WarRoomApp.Bob);
        await room.CrisisAsync("deadline Collect POS logs from store 14 by 19:00", WarRoomApp.Bob);
        await room.CrisisAsync("deadline Collect POS logs from store 16 by tomorrow 09:00", WarRoomApp.Bob);
        await room.CrisisAsync("deadline Collect POS logs from store 18 by 45m", WarRoomApp.Carol);
        await room.App.SettleAsync();

        Assert.Equal(4, room.InTech("Next step").Count);
        Assert.Equal(1, LookUps(room, WarRoomApp.Bob));
        Assert.Equal(0, LookUps(room, WarRoomApp.Carol));
    }

    private static int LookUps(DeadlineRoom room, string user) =>
        room.Workspace.CallsTo("users.info").Count(c => (string?)c.Arguments["user"] == user);

    // 11. Commands outside a crisis channel, and unknown numbers

    [Fact]
    public async Task Diagnosis_commands_typed_outside_a_crisis_channel_are_refused_privately_and_record_nothing()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync("deadline Get heap dump from store 114 by 45m");
        await room.App.SettleAsync();
        var posted = room.TechMessages.Count;

        foreach (var command in new[]
        {
            "theory the cache is stale prove flush one store's cache by 45m",
            "deadline collect logs by 30m",
            "confirmed D1",
            "disproved D1 froze again",
            "extend D1 to 15:30 because the logs are late",
        })
        {
            var reply = await room.App.CrisisAsync(command);
            Assert.True(reply.IsEphemeral, command);
            Assert.Contains("works in a crisis's technical or business channel", reply.Text);
            Assert.Contains($"/crisis {command.Split(' ')[0]}", reply.Text);
        }

        await room.App.SettleAsync();
        Assert.Equal(posted, room.TechMessages.Count);
        Assert.Empty(room.Workspace.Channel(room.App.General).Messages);
        var status = await room.StatusAsync();
        Assert.Contains("D1 Get heap dump from store 114", status);
        Assert.Contains("0 kept · 0 missed", status);
    }

    [Fact]
    public async Task Status_names_its_crisis_from_anywhere_and_unknown_numbers_are_said_to_not_exist()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync("deadline Get heap dump from store 114 by 45m");
        await room.App.SettleAsync();

        var fromGeneral = await room.App.CrisisAsync("status 1");
        Assert.True(fromGeneral.IsEphemeral);
        Assert.Contains("Crisis 1: Checkout freezes", fromGeneral.Text);
        Assert.Contains("D1 Get heap dump from store 114", fromGeneral.Text);

        var unnamed = await room.App.CrisisAsync("status");
        Assert.Contains("not a crisis room", unnamed.Text);
        Assert.Contains("/crisis status 42", unnamed.Text);

        var missing = await room.App.CrisisAsync("status 99");
        Assert.Contains("There is no crisis 99", missing.Text);

        var noSuchDeadline = await room.CrisisAsync("confirmed D9");
        await room.App.SettleAsync();
        Assert.True(noSuchDeadline.IsEphemeral);
        Assert.Contains("There is no D9", noSuchDeadline.Text);
        Assert.Empty(room.InTech("D9"));
    }
}
