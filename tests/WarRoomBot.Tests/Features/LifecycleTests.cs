using Microsoft.Extensions.DependencyInjection;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Features.Lifecycle;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Issue 12, "resolved means the customer says so; then follow up", end to end: resolving tells both rooms and slows the
/// business updates, the customer's acceptance stops them and schedules the follow-up, and the follow-up either reopens the
/// crisis or closes it with the customer's satisfaction and archives both rooms. Alice opened a sev1 crisis and owns it.
/// </summary>
public sealed class LifecycleTests
{
    private const string Resolve = "resolve rolled back firmware 4.2 on all stores";
    private const string AwaitingConfirmation = "the crisis is resolved and awaiting the customer's confirmation";

    [Fact]
    public async Task Resolving_tells_both_rooms_and_business_updates_come_at_the_slower_cadence_saying_why_until_the_customer_accepts()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var reply = await room.CrisisAsync(Resolve);
        await room.App.SettleAsync();

        Assert.StartsWith(":white_check_mark: Crisis 1 is resolved and awaits the customer's acceptance; both channels are told.", reply.Text);
        Assert.Contains("Business updates now come every 4 hours", reply.Text);
        var tech = Assert.Single(room.InTech("is resolved"));
        Assert.Contains("*What fixed it:* rolled back firmware 4.2 on all stores", tech.VisibleText);
        Assert.Contains("<@U0ALICE>: *hold the debrief*", tech.VisibleText);
        var biz = Assert.Single(room.InBiz("fixed on our side"));
        Assert.Contains("We are waiting for Acme Retail to confirm it works for them.", biz.VisibleText);
        Assert.Contains("updates come every 4 hours", biz.VisibleText);
        Assert.Contains("Crisis 1 · sev1 · RESOLVED, awaiting the customer", room.Workspace.Channel(room.Tech).Topic);
        Assert.Contains("Crisis 1 · sev1 · RESOLVED, awaiting the customer", room.Workspace.Channel(room.Biz).Topic);

        // A sev1 crisis would have had its digest at 30 minutes; resolved, the next comes four hours after the resolution.
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(31));
        Assert.Empty(room.InBiz(AwaitingConfirmation));
        await room.App.AdvanceAsync(TimeSpan.FromHours(4) - TimeSpan.FromMinutes(31));
        var digest = Assert.Single(room.InBiz(AwaitingConfirmation));
        Assert.Contains("Resolved, awaiting the customer's confirmation", digest.VisibleText);

        await room.CrisisAsync("accepted Acme's ops lead confirmed on the 17:00 call");
        await room.App.SettleAsync();
        Assert.Single(room.InTech("The customer accepted the fix."));
        Assert.Single(room.InBiz("Acme Retail confirmed the fix works."));
        Assert.Contains("sev1 · fix accepted, following up", room.Workspace.Channel(room.Biz).Topic);
        var messages = room.AllBizMessages.Count;
        await room.App.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.Equal(messages, room.AllBizMessages.Count);
        Assert.Contains("follow-up due", await room.StatusAsync());
    }

    [Fact]
    public async Task Resolving_with_open_deadlines_is_refused_listing_them_until_each_has_an_outcome_or_is_abandoned()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.CrisisAsync("deadline collect POS logs from store 12 by 2h");
        await room.App.SettleAsync();

        var refused = await room.CrisisAsync(Resolve);
        await room.App.SettleAsync();

        Assert.StartsWith(":x: 2 deadlines are still open, so the crisis was not resolved:", refused.Text);
        Assert.Contains($"• D1: {DeadlineRoom.Plan}", refused.Text);
        Assert.Contains("• D2: collect POS logs from store 12", refused.Text);
        Assert.Contains("`/crisis confirmed D1 [note]`", refused.Text);
        Assert.Contains("`/crisis resolve rolled back firmware 4.2 on all stores abandon`", refused.Text);
        Assert.Empty(room.InTech("is resolved"));

        var abandoned = await room.CrisisAsync(Resolve + " abandon");
        await room.App.SettleAsync();

        Assert.Contains("Recorded as abandoned: D1, D2.", abandoned.Text);
        Assert.Contains("Recorded as abandoned: D1, D2.", Assert.Single(room.InTech("is resolved")).VisibleText);
        var theory = await room.CrisisAsync("theory the cache again prove flush it by 30m");
        Assert.Contains("so it takes no theories, deadlines or outcomes", theory.Text);
        Assert.Contains("`/crisis reopen because the freezes are back`", theory.Text);
    }

    [Fact]
    public async Task Only_the_owner_or_the_sponsor_resolves_or_records_the_acceptance_and_anyone_else_is_told_who_can()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var resolve = await room.CrisisAsync(Resolve, WarRoomApp.Carol);
        Assert.StartsWith(":x: Only the crisis owner <@U0ALICE> can resolve it; ask them.", resolve.Text);

        await room.CrisisAsync("sponsor <@U0DAVE|dave>");
        Assert.Contains("is resolved", (await room.CrisisAsync(Resolve, WarRoomApp.Dave)).Text);
        var accepted = await room.CrisisAsync("accepted", WarRoomApp.Carol);
        Assert.StartsWith(":x: Only the crisis owner <@U0ALICE> or the sponsor <@U0DAVE> can record the customer's acceptance; ask one of them.", accepted.Text);
        await room.App.SettleAsync();
        Assert.Empty(room.InTech("The customer accepted the fix."));
    }

    [Fact]
    public async Task The_follow_up_reminds_the_owner_in_the_technical_channel_and_by_direct_message_once_at_its_time_across_restarts()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(Resolve);
        await room.CrisisAsync("accepted");
        await room.App.SettleAsync();

        await room.App.AdvanceAsync(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
        Assert.Empty(room.InTech("follow-up on crisis 1"));
        Assert.DoesNotContain(room.Workspace.DirectMessagesTo(WarRoomApp.Alice), FollowUp);

        await room.App.RestartAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(2));
        await room.App.RestartAsync();
        await room.App.SettleAsync();

        var post = Assert.Single(room.InTech("follow-up on crisis 1"));
        Assert.Contains("<@U0ALICE> *follow-up on crisis 1*", post.VisibleText);
        Assert.Equal([LifecycleBlocks.StillFixedAction, LifecycleBlocks.CameBackAction], DeadlineRoom.Buttons(post));
        var direct = Assert.Single(room.Workspace.DirectMessagesTo(WarRoomApp.Alice), FollowUp);
        Assert.Equal([LifecycleBlocks.StillFixedAction, LifecycleBlocks.CameBackAction], DeadlineRoom.Buttons(direct));
    }

    [Fact]
    public async Task It_came_back_reopens_the_crisis_with_its_history_kept_tells_both_rooms_and_business_updates_resume_at_the_severitys_cadence()
    {
        await using var room = await FollowUpDueAsync();
        var post = Assert.Single(room.InTech("follow-up on crisis 1"));

        await room.ClickAsync(WarRoomApp.Alice, post, LifecycleBlocks.CameBackAction);
        await room.App.SettleAsync();

        Assert.Single(room.InTech("Crisis 1 is reopened"));
        Assert.Single(room.InBiz("The problem is back and we are working on it again."));
        var answered = Assert.Single(room.InTech("follow-up on crisis 1"));
        Assert.Empty(DeadlineRoom.Buttons(answered));
        Assert.Contains("It came back: reopened by <@U0ALICE>", answered.VisibleText);
        Assert.Contains("open again since", await room.StatusAsync());
        Assert.Contains("Crisis 1 · sev1 · Acme Retail", room.Workspace.Channel(room.Tech).Topic);

        var timeline = await TimelineAsync(room);
        Assert.Single(timeline.OfType<CrisisEvent.Resolved>());
        Assert.Equal(LifecycleHandler.CameBackAtFollowUp, Assert.Single(timeline.OfType<CrisisEvent.Reopened>()).Reason);

        var before = room.AllBizMessages.Count;
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.Equal(before + 1, room.AllBizMessages.Count);
        Assert.Contains("sev1 crises are updated every 30 minutes", room.AllBizMessages[^1].VisibleText);
    }

    [Fact]
    public async Task Still_fixed_asks_the_customers_satisfaction_then_closes_the_crisis_and_archives_both_rooms()
    {
        await using var room = await FollowUpDueAsync();
        var post = Assert.Single(room.InTech("follow-up on crisis 1"));

        var other = await room.ClickAsync(WarRoomApp.Carol, post, LifecycleBlocks.StillFixedAction);
        await room.App.SettleAsync();
        Assert.Empty(room.Workspace.Views);
        Assert.Contains(room.Workspace.Ephemerals, e => e.User == WarRoomApp.Carol && e.VisibleText.Contains("Only the crisis owner <@U0ALICE> can close it", StringComparison.Ordinal));

        await room.ClickAsync(WarRoomApp.Alice, post, LifecycleBlocks.StillFixedAction);
        await room.App.SettleAsync();
        var form = Assert.Single(room.Workspace.Views);

        var missing = await room.App.Sender.SubmitViewAsync(form, WarRoomApp.Alice, new Dictionary<string, ViewInput>
        {
            [SatisfactionModal.CommentBlock] = new(SatisfactionModal.Value, "quick rollback"),
        });
        Assert.Contains("from 1 (very unhappy) to 5 (very happy)", missing.Json?["errors"]?[SatisfactionModal.SatisfactionBlock]?.GetValue<string>());
        Assert.Empty(room.InTech("is closed"));

        var closed = await room.App.Sender.SubmitViewAsync(form, WarRoomApp.Alice, new Dictionary<string, ViewInput>
        {
            [SatisfactionModal.SatisfactionBlock] = new(SatisfactionModal.Value, SelectedOption: "4"),
            [SatisfactionModal.CommentBlock] = new(SatisfactionModal.Value, "quick rollback, well told"),
        });
        await room.App.SettleAsync();

        Assert.Null(closed.Json?["errors"]);
        Assert.Contains("Customer satisfaction: 4 of 5. _quick rollback, well told_", Assert.Single(room.InTech("Crisis 1 is closed")).VisibleText);
        Assert.Contains("Customer satisfaction: 4 of 5.", Assert.Single(room.InBiz("*Closed.*")).VisibleText);
        Assert.True(room.Workspace.Channel(room.Tech).IsArchived);
        Assert.True(room.Workspace.Channel(room.Biz).IsArchived);
        Assert.Contains("Still fixed: closed by <@U0ALICE>", Assert.Single(room.InTech("follow-up on crisis 1")).VisibleText);
        Assert.Equal(new CrisisEvent.Closed(4, "quick rollback, well told", true, new UserId(WarRoomApp.Alice), room.App.Time.GetUtcNow()),
            (await TimelineAsync(room)).OfType<CrisisEvent.Closed>().Single());
        Assert.Equal(System.Net.HttpStatusCode.OK, other.Status);
    }

    [Fact]
    public async Task With_archiving_off_a_closed_crisis_keeps_its_rooms()
    {
        await using var room = await FollowUpDueAsync(new() { ["WarRoom:ArchiveOnClose"] = "false" });
        await room.ClickAsync(WarRoomApp.Alice, Assert.Single(room.InTech("follow-up on crisis 1")), LifecycleBlocks.StillFixedAction);
        await room.App.SettleAsync();

        await room.App.Sender.SubmitViewAsync(Assert.Single(room.Workspace.Views), WarRoomApp.Alice, new Dictionary<string, ViewInput>
        {
            [SatisfactionModal.SatisfactionBlock] = new(SatisfactionModal.Value, SelectedOption: "5"),
        });
        await room.App.SettleAsync();

        Assert.Single(room.InTech("Crisis 1 is closed"));
        Assert.False(room.Workspace.Channel(room.Tech).IsArchived);
        Assert.False(room.Workspace.Channel(room.Biz).IsArchived);
        Assert.StartsWith(":x: Crisis 1 is closed since", (await room.CrisisAsync("fact it held source Acme")).Text);
    }

    [Fact]
    public async Task An_action_item_still_open_after_the_rooms_are_archived_reminds_its_owner_by_direct_message_once()
    {
        await using var room = await ClosedAndArchivedAsync();

        await room.App.AdvanceAsync(TimeSpan.FromDays(6));
        await room.App.RestartAsync();
        await room.App.AdvanceAsync(TimeSpan.FromHours(1));

        var reminder = Assert.Single(room.Workspace.DirectMessagesTo(WarRoomApp.Dave), m => m.VisibleText.Contains("action item *AI1* of crisis 1 is due and still open", StringComparison.Ordinal));
        Assert.Contains("add an alert on price cache misses", reminder.VisibleText);
        Assert.Contains("When it is done: `/crisis done #1 AI1 [note]`", reminder.VisibleText);
        Assert.Empty(room.InTech("is due and still open"));
        Assert.Empty((await TimelineAsync(room)).OfType<CrisisEvent.PublishingFailed>());
    }

    [Fact]
    public async Task Once_the_rooms_are_archived_action_items_are_recorded_and_closed_from_anywhere_by_naming_the_crisis()
    {
        await using var room = await ClosedAndArchivedAsync();
        var before = room.Workspace.Calls.Count;

        var unnamed = await room.App.CrisisAsync("done AI1", WarRoomApp.Dave);
        var recorded = await room.App.CrisisAsync($"action #1 write the cache runbook owner <@{WarRoomApp.Carol}> due 3 days", WarRoomApp.Dave);
        var done = await room.App.CrisisAsync("done 1 AI1 alert live, see PR 4711", WarRoomApp.Dave);
        await room.App.SettleAsync();

        Assert.Equal(":x: This channel is not a crisis's room, so name the crisis: `/crisis done #42 AI1`.\nUsage: `/crisis done [#&lt;crisis number&gt;] AI1 [note]`", unnamed.Text);
        Assert.StartsWith(":dart: Recorded action item *AI2*: write the cache runbook. Owner <@U0CAROL>", recorded.Text);
        Assert.EndsWith("<@U0CAROL> is reminded by direct message if it is still open then; close it with `/crisis done #1 AI2 [note]`.", recorded.Text);
        Assert.Equal(":white_check_mark: *AI1* is done; it stays on the record with your name. 1 action item still open.", done.Text);
        var timeline = await TimelineAsync(room);
        Assert.Equal("write the cache runbook", Assert.Single(timeline.OfType<CrisisEvent.ActionItemRecorded>(), r => r.Item == new ActionItemId(2)).Text);
        Assert.Equal("alert live, see PR 4711", Assert.Single(timeline.OfType<CrisisEvent.ActionItemDone>()).Note);

        // The archived rooms get nothing, and nothing failed trying.
        Assert.DoesNotContain(room.Workspace.Calls.Skip(before), c => c.Arguments["channel"]?.GetValue<string>() is { } channel && (channel == room.Tech || channel == room.Biz));
        Assert.Empty(timeline.OfType<CrisisEvent.PublishingFailed>());
    }

    [Theory]
    [InlineData("done #9 AI1", false, ":x: There is no crisis 9.")]
    [InlineData("done #2 AI1", true, ":x: This is crisis 1's channel and `#2` names crisis 2: run the command in crisis 2's channels, or name it elsewhere.")]
    public async Task A_named_crisis_that_does_not_exist_or_is_not_the_channels_own_is_refused_and_nothing_is_recorded(string command, bool inTheRoom, string expected)
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync($"action add an alert owner <@{WarRoomApp.Dave}> due 3 days");

        var reply = await room.App.CrisisAsync(command, WarRoomApp.Dave, inTheRoom ? room.Tech : null);

        Assert.StartsWith(expected, reply.Text);
        Assert.Empty((await TimelineAsync(room)).OfType<CrisisEvent.ActionItemDone>());
    }

    [Fact]
    public async Task A_debrief_named_from_anywhere_is_posted_in_the_technical_channel_and_an_archived_one_says_to_unarchive_it()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        var reply = await room.App.CrisisAsync("debrief #1", WarRoomApp.Dave);
        await room.App.SettleAsync();

        Assert.StartsWith(":page_facing_up: Posting the debrief document for crisis 1 to", reply.Text);
        Assert.Equal(room.Tech, Assert.Single(room.Workspace.Files).Channel);

        await using var closed = await ClosedAndArchivedAsync();
        var refused = await closed.App.CrisisAsync("debrief 1", WarRoomApp.Dave);
        await closed.App.SettleAsync();

        Assert.Empty(closed.Workspace.Files);
        Assert.Equal($":x: <#{closed.Tech}> is archived, so the debrief document could not be posted there. Unarchive it, then run `/crisis debrief #1`.",
            Assert.Single(closed.Workspace.ResponsesFor(refused.ResponseUrlId)).Text);
    }

    /// <summary>A crisis with one open action item (AI1, Dave's), resolved, accepted, closed still fixed, and its rooms archived.</summary>
    private static async Task<DeadlineRoom> ClosedAndArchivedAsync()
    {
        var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync($"action add an alert on price cache misses owner <@{WarRoomApp.Dave}> due 20 days");
        await room.CrisisAsync(Resolve);
        await room.CrisisAsync("accepted");
        await room.App.SettleAsync();
        await room.App.AdvanceAsync(TimeSpan.FromDays(14));
        await room.ClickAsync(WarRoomApp.Alice, Assert.Single(room.InTech("follow-up on crisis 1")), LifecycleBlocks.StillFixedAction);
        await room.App.SettleAsync();
        await room.App.Sender.SubmitViewAsync(Assert.Single(room.Workspace.Views), WarRoomApp.Alice, new Dictionary<string, ViewInput>
        {
            [SatisfactionModal.SatisfactionBlock] = new(SatisfactionModal.Value, SelectedOption: "5"),
        });
        await room.App.SettleAsync();
        Assert.True(room.Workspace.Channel(room.Tech).IsArchived);
        return room;
    }

    private static async Task<DeadlineRoom> FollowUpDueAsync(Dictionary<string, string?>? settings = null)
    {
        var room = await DeadlineRoom.OpenAsync(settings);
        await room.CrisisAsync(Resolve);
        await room.CrisisAsync("accepted");
        await room.App.SettleAsync();
        await room.App.AdvanceAsync(TimeSpan.FromDays(14));
        return room;
    }

    private static bool FollowUp(MessageRecord message) => message.VisibleText.Contains("follow-up on crisis 1", StringComparison.Ordinal);

    private static async Task<IReadOnlyList<CrisisEvent>> TimelineAsync(DeadlineRoom room) =>
        (await room.App.Services.GetRequiredService<ICrisisStore>().LoadAsync(new CrisisId(1), CancellationToken.None))!.Events;
}
