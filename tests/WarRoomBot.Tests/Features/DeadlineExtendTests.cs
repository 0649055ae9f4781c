using System.Net;
using SlackEmulator;

namespace WarRoomBot.Tests.Features;

/// <summary>Playbook §6: more time is granted only with a reason, and the old deadline counts as missed.</summary>
public sealed class DeadlineExtendTests
{
    private const string Reason = "the replay needs another store's logs";

    /// <summary>15:30 in New York on the fake clock's day.</summary>
    private static readonly DateTimeOffset HalfPastThreeInNewYork = new(2026, 11, 22, 20, 30, 0, TimeSpan.Zero);

    private static async Task<(DeadlineRoom Room, MessageRecord Due, ViewRecord Form)> ExtendFormAsync()
    {
        var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(45));
        var due = room.DuePost();
        await room.ClickAsync(WarRoomApp.Alice, due, "deadline_extend");
        await room.App.SettleAsync();
        return (room, due, Assert.Single(room.Workspace.Views));
    }

    private static Dictionary<string, ViewInput> Inputs(string? when, string? reason) => new()
    {
        ["when"] = new("value", Value: when),
        ["reason"] = new("value", Value: reason),
    };

    // 6. By the form behind the Extend button

    [Fact]
    public async Task The_extend_form_records_a_new_deadline_with_its_reason_and_the_due_post_shows_where_it_went()
    {
        var (room, due, form) = await ExtendFormAsync();
        await using var _ = room;
        Assert.Equal("extend_deadline", form.CallbackId);
        Assert.Contains("D1", form.Title);
        Assert.False(form.Closed);

        var submitted = await room.App.Sender.SubmitViewAsync(form, WarRoomApp.Alice, Inputs("30m", Reason));
        await room.App.SettleAsync();

        Assert.Equal(HttpStatusCode.OK, submitted.Status);
        Assert.True(string.IsNullOrEmpty(submitted.Body), "an empty 200 closes the form");
        Assert.True(room.Workspace.View(form.ViewId).Closed);

        var extension = Assert.Single(room.InTech("D1 extended"));
        Assert.Contains("D2", extension.VisibleText);
        Assert.Contains(Reason, extension.VisibleText);
        Assert.Contains("D1 counts as missed", extension.VisibleText);
        Assert.Contains("<@U0ALICE>", extension.VisibleText);
        Assert.Contains(DeadlineRoom.DateToken(75), extension.VisibleText);

        var shown = room.DuePost();
        Assert.Equal(due.Ts, shown.Ts);
        Assert.Contains("Extended to D2", shown.VisibleText);
        Assert.Empty(DeadlineRoom.Buttons(shown));

        var status = await room.StatusAsync();
        Assert.Contains($"D2 {DeadlineRoom.Plan} (for T1) · due {DeadlineRoom.DateToken(75)}", status);
        Assert.Contains("(in 30 minutes)", status);
        Assert.DoesNotContain($"D1 {DeadlineRoom.Plan}", status);
        Assert.Contains("0 kept · 1 missed (1 of them extended)", status);
    }

    [Fact]
    public async Task The_extend_form_without_a_reason_comes_back_with_the_error_under_reason_and_records_nothing()
    {
        var (room, due, form) = await ExtendFormAsync();
        await using var _ = room;
        var statusBefore = await room.StatusAsync();
        var posted = room.TechMessages.Count;

        var submitted = await room.App.Sender.SubmitViewAsync(form, WarRoomApp.Alice, Inputs("30m", "   "));
        await room.App.SettleAsync();

        Assert.Equal("errors", submitted.Json?["response_action"]?.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(submitted.Json?["errors"]?["reason"]?.GetValue<string>()));
        Assert.Null(submitted.Json?["errors"]?["when"]);
        Assert.False(room.Workspace.View(form.ViewId).Closed);
        Assert.Equal(posted, room.TechMessages.Count);
        Assert.Equal(statusBefore, await room.StatusAsync());
        Assert.Equal(3, DeadlineRoom.Buttons(room.DuePost()).Count);
        Assert.Equal(due.Ts, room.DuePost().Ts);
    }

    [Theory]
    [InlineData("soonish", "soonish")]
    [InlineData("09:00", "already passed")]
    public async Task The_extend_form_with_an_unreadable_or_past_time_comes_back_with_the_error_under_when(string when, string problem)
    {
        var (room, _, form) = await ExtendFormAsync();
        await using var __ = room;
        var statusBefore = await room.StatusAsync();
        var posted = room.TechMessages.Count;

        var submitted = await room.App.Sender.SubmitViewAsync(form, WarRoomApp.Alice, Inputs(when, Reason));
        await room.App.SettleAsync();

        Assert.Equal("errors", submitted.Json?["response_action"]?.GetValue<string>());
        Assert.Contains(problem, submitted.Json?["errors"]?["when"]?.GetValue<string>());
        Assert.Null(submitted.Json?["errors"]?["reason"]);
        Assert.False(room.Workspace.View(form.ViewId).Closed);
        Assert.Equal(posted, room.TechMessages.Count);
        Assert.Equal(statusBefore, await room.StatusAsync());
    }

    // 7. By text

    [Fact]
    public async Task Extend_by_text_sets_the_new_deadline_at_the_clock_time_where_the_person_is()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync("deadline Get heap dump from store 114 by 45m");
        await room.App.SettleAsync();

        var reply = await room.CrisisAsync($"extend D1 to 15:30 because {Reason}");
        await room.App.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.Contains("D1 extended", reply.Text);
        Assert.Contains("D2", reply.Text);
        Assert.Contains(DeadlineRoom.DateToken(HalfPastThreeInNewYork), reply.Text);
        var extension = Assert.Single(room.InTech("D1 extended"));
        Assert.Contains("New deadline D2", extension.VisibleText);
        Assert.Contains(DeadlineRoom.DateToken(HalfPastThreeInNewYork), extension.VisibleText);
        Assert.Contains(Reason, extension.VisibleText);
        var status = await room.StatusAsync();
        Assert.Contains($"D2 Get heap dump from store 114 · due {DeadlineRoom.DateToken(HalfPastThreeInNewYork)}", status);
        Assert.Contains("0 kept · 1 missed (1 of them extended)", status);

        // D1 is closed: its old time passes without a due post.
        await room.App.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Empty(room.InTech("D1 is due"));
    }

    [Fact]
    public async Task Extend_by_text_without_a_reason_is_refused_and_records_nothing()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync("deadline Get heap dump from store 114 by 45m");
        await room.App.SettleAsync();
        var posted = room.TechMessages.Count;

        var reply = await room.CrisisAsync("extend D1 to 15:30");
        await room.App.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.Contains("needs a reason", reply.Text);
        Assert.Contains("because", reply.Text);
        Assert.Equal(posted, room.TechMessages.Count);
        var status = await room.StatusAsync();
        Assert.Contains("D1 Get heap dump from store 114 · due", status);
        Assert.Contains("0 kept · 0 missed", status);
    }

    [Fact]
    public async Task A_deadline_extended_once_cannot_be_extended_again_and_the_refusal_names_who_extended_it()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync("deadline Get heap dump from store 114 by 45m");
        await room.CrisisAsync($"extend D1 to 15:30 because {Reason}");
        await room.App.SettleAsync();

        var again = await room.CrisisAsync("extend D1 to 16:00 because the upload is slow", WarRoomApp.Carol);
        await room.App.SettleAsync();

        Assert.True(again.IsEphemeral);
        Assert.Contains("D1 already has its outcome", again.Text);
        Assert.Contains("extended", again.Text);
        Assert.Single(room.InTech("D1 extended"));
        Assert.DoesNotContain("D3", await room.StatusAsync());
        Assert.Contains("<@U0ALICE>", again.Text);
    }
}
