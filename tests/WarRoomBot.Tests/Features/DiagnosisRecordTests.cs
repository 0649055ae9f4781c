using Microsoft.Extensions.DependencyInjection;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Issue 7: the record never says two things. Replies, posts and status agree on what a step's outcome meant for its
/// theory; a mistaken entry is withdrawn and stays on the record; a repeat typed a moment later is caught.
/// </summary>
public sealed class DiagnosisRecordTests
{
    private const string SideStep = "check store 12's POS logs";

    [Fact]
    public async Task A_side_step_disproved_leaves_the_theory_open_and_the_owner_confirming_its_plan_is_what_reply_post_and_status_all_say()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.CrisisAsync($"deadline {SideStep} by 30m for T1", WarRoomApp.Bob);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(5));

        var sideStep = await room.CrisisAsync("disproved D2 no freeze in those logs", WarRoomApp.Bob);
        await room.App.SettleAsync();

        Assert.Contains("T1 stays open: D2 was a side step; T1 is settled by D1.", sideStep.Text);
        var sidePost = Assert.Single(room.InTech("D2 disproved"));
        Assert.Contains("T1 stays open:* D2 was a side step; T1 is settled by D1.", sidePost.VisibleText);
        Assert.DoesNotContain("T1 is disproved", sidePost.VisibleText);
        Assert.Contains($"T1 {DeadlineRoom.Statement} · :mag: being worked; D1 settles it", await room.StatusAsync());

        var confirmed = await room.CrisisAsync("confirmed D1 the replay froze at 02:10");
        await room.App.SettleAsync();

        Assert.Contains("T1 is now the working explanation.", confirmed.Text);
        Assert.Single(room.InTech("T1 is now the working explanation"));
        var status = await room.StatusAsync();
        Assert.Contains($"*Working explanation:* T1 {DeadlineRoom.Statement}", status);
        Assert.Contains($"T1 {DeadlineRoom.Statement} · :white_check_mark: confirmed", status);
    }

    [Fact]
    public async Task Someone_who_neither_set_a_deadline_nor_owns_the_crisis_is_told_who_can_record_it_and_nothing_is_recorded()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync($"deadline {SideStep} by 30m", WarRoomApp.Bob);

        var refused = await room.CrisisAsync("disproved D1", WarRoomApp.Carol);
        await room.App.SettleAsync();

        Assert.Contains("Only <@U0BOB>, who set D1, or the crisis owner <@U0ALICE> can record its outcome", refused.Text);
        Assert.Empty(room.InTech("D1 disproved"));
        Assert.Contains("0 kept · 0 missed", await room.StatusAsync());
    }

    [Fact]
    public async Task A_deadline_withdrawn_within_ten_minutes_shows_as_withdrawn_and_never_falls_due_or_escalates()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync($"deadline {SideStep} by 20m");
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(2));
        var post = Assert.Single(room.InTech("D1 · Next step"));

        var reply = await room.CrisisAsync("withdraw D1 because typed the wrong store");
        await room.App.SettleAsync();

        Assert.Contains("Withdrawn: *D1*", reply.Text);
        var updated = Assert.Single(room.TechMessages, m => m.Ts == post.Ts);
        Assert.Contains("*D1 withdrawn* by <@U0ALICE>", updated.VisibleText);
        Assert.Contains("typed the wrong store", updated.VisibleText);
        var notice = Assert.Single(room.InTech("D1 withdrawn"), m => m.Ts != post.Ts);
        Assert.Contains("neither kept nor missed", notice.VisibleText);

        var posted = room.TechMessages.Count;
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(10));
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(10));
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(20));

        Assert.Equal(posted, room.TechMessages.Count);
        Assert.Empty(room.InTech("D1 is due"));
        Assert.Empty(room.InBiz("was missed"));
        var status = await room.StatusAsync();
        Assert.Contains("None. Every step has its outcome or was withdrawn.", status);
        Assert.EndsWith("0 kept · 0 missed · 1 withdrawn (D1)", status);
    }

    [Fact]
    public async Task A_copy_withdrawn_after_falling_due_loses_its_buttons_is_not_escalated_and_leaves_the_clock_with_nothing_to_do()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync($"deadline {SideStep} by 5m");
        await room.CrisisAsync($"deadline anyway {SideStep} by 5m");
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(5));
        var due = room.DuePost("D2");
        Assert.NotEmpty(DeadlineRoom.Buttons(due));

        var reply = await room.CrisisAsync("withdraw D2 because duplicate of D1");
        await room.App.SettleAsync();
        await room.CrisisAsync("confirmed D1 no freeze in those logs");
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(30));

        Assert.Contains("Withdrawn: *D2*", reply.Text);
        var shown = room.DuePost("D2");
        Assert.Equal(due.Ts, shown.Ts);
        Assert.Empty(DeadlineRoom.Buttons(shown));
        Assert.Contains("*D2 withdrawn* by <@U0ALICE>", shown.VisibleText);
        Assert.Empty(room.InTech("was missed"));
        Assert.Empty(room.InBiz("was missed"));
        Assert.EndsWith("1 kept · 0 missed · 1 withdrawn (D2)", await room.StatusAsync());
        var store = room.App.Services.GetRequiredService<ICrisisStore>();
        // Only the next business update still needs the clock: its reminder, 20 minutes after the digest that just went out.
        Assert.Empty(await store.DueByAsync(room.App.Time.GetUtcNow().AddMinutes(19), CancellationToken.None));
    }

    [Fact]
    public async Task After_ten_minutes_a_withdrawal_is_refused_with_the_time_passed_and_the_deadline_still_falls_due()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(12));

        var refused = await room.CrisisAsync("withdraw T1 because the replay is not needed");
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(33));

        Assert.Contains("T1 was recorded 12 minutes ago; a theory can be withdrawn only within 10 minutes of recording (that window closed 2 minutes ago)", refused.Text);
        Assert.Contains("`/crisis confirmed D1` or `/crisis disproved D1`", refused.Text);
        Assert.Empty(room.InTech("withdrawn"));
        room.DuePost();
        Assert.Contains(":mag: being worked", await room.StatusAsync());
    }

    [Fact]
    public async Task Later_the_copy_of_an_open_theory_is_withdrawn_as_its_duplicate_and_only_the_original_falls_due()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.CrisisAsync($"theory anyway {DeadlineRoom.Statement} prove {DeadlineRoom.Plan} by 50m");
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(30));

        var reply = await room.CrisisAsync("withdraw T2 because duplicate of T1");
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(40));

        Assert.Contains("Withdrawn: *T2* with its open deadline D2", reply.Text);
        room.DuePost("D1");
        Assert.Empty(room.InTech("D2 is due"));
        Assert.Single(room.InTech("T2 withdrawn"), m => m.VisibleText.Contains("Withdrawn with it: D2", StringComparison.Ordinal));
        var status = await room.StatusAsync();
        Assert.Contains($"T2 {DeadlineRoom.Statement} · :heavy_multiplication_x: withdrawn: duplicate of T1", status);
        Assert.Contains("1 withdrawn (D2)", status);
    }

    [Fact]
    public async Task The_same_theory_typed_again_is_refused_naming_the_first_and_recorded_when_typed_anyway()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(2));

        var repeat = await room.CrisisAsync(DeadlineRoom.Theory.Replace("Lock contention", "lock  contention", StringComparison.Ordinal));
        await room.App.SettleAsync();

        Assert.Contains("This repeats T1, recorded 2 minutes ago by <@U0ALICE>", repeat.Text);
        Assert.Contains("`/crisis theory anyway &lt;statement&gt; prove &lt;plan&gt; by &lt;time&gt;`", repeat.Text);
        Assert.Single(room.InTech("Working theory"));

        var anyway = await room.CrisisAsync($"theory anyway {DeadlineRoom.Statement} prove {DeadlineRoom.Plan} by 45m");
        await room.App.SettleAsync();

        Assert.Contains("Recorded *T2* with deadline *D2*", anyway.Text);
        Assert.Equal(2, room.InTech("Working theory").Count);
    }

    [Fact]
    public async Task When_Slack_refuses_the_extend_form_the_clicker_is_told_why_privately_with_the_one_line_alternative()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(45));
        room.App.Slack.Faults.Error("views.open", "expired_trigger_id");

        await room.ClickAsync(WarRoomApp.Alice, room.DuePost(), "deadline_extend");
        await room.App.SettleAsync();

        Assert.Empty(room.Workspace.Views);
        var told = Assert.Single(room.Workspace.Ephemerals, e => e.User == WarRoomApp.Alice && e.VisibleText.Contains("Extend form", StringComparison.Ordinal));
        Assert.NotNull(told.ResponseUrlId);
        Assert.Contains("expired_trigger_id", told.VisibleText);
        Assert.Contains("`/crisis extend D1 to &lt;time&gt; because &lt;reason&gt;`", told.VisibleText);
    }

    [Fact]
    public async Task Extend_clicked_by_someone_not_entitled_opens_no_form_and_says_who_can()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(45));

        await room.ClickAsync(WarRoomApp.Carol, room.DuePost(), "deadline_extend");
        await room.App.SettleAsync();

        Assert.Empty(room.Workspace.Views);
        var told = Assert.Single(room.Workspace.Ephemerals, e => e.User == WarRoomApp.Carol);
        Assert.Contains("Only the crisis owner <@U0ALICE>, who set D1, can extend it", told.VisibleText);
    }
}
