using Microsoft.Extensions.DependencyInjection;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Features.Updates;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Playbook §8 and §9 end to end: the business channel hears from us on the rhythm the kickoff promised, each update says
/// when the next one comes and why then, and the owner can speak in their own words (crisis 1 is a sev1 opened at the
/// fake clock's start, so updates are due every 30 minutes and the owner is reminded 10 minutes before).
/// </summary>
public sealed class BusinessUpdateTests
{
    private const string Footer = "Next update at";
    private const string Pointer = "Business update";
    private const string Cadence = "sev1 crises are updated every 30 minutes";

    [Fact]
    public async Task The_first_digest_goes_out_when_the_kickoff_said_and_names_the_next_one_and_why()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        Assert.Contains(DeadlineRoom.DateToken(30), Assert.Single(room.InBiz("First update")).VisibleText);

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(29));
        Assert.Empty(await DigestsAsync(room));

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(1));
        var digest = Assert.Single(await DigestsAsync(room));
        Assert.Contains("Checkout freezes", digest.VisibleText);
        Assert.Contains("Acme Retail", digest.VisibleText);
        Assert.Contains("<@U0ALICE>", digest.VisibleText);
        Assert.Contains("+1 555 0100", digest.VisibleText);
        Assert.Contains("not yet assessed", digest.VisibleText);
        Assert.Contains(DeadlineRoom.DateToken(60), digest.VisibleText);
        Assert.Contains(Cadence, digest.VisibleText);

        // Engineers see what the business was told.
        var pointer = Assert.Single(room.InTech(Pointer + " 1 posted"));
        Assert.Contains($"/archives/{room.Biz}/p", pointer.VisibleText);

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.Equal(2, (await DigestsAsync(room)).Count);
        Assert.Contains(DeadlineRoom.DateToken(90), (await DigestsAsync(room))[1].VisibleText);
    }

    [Fact]
    public async Task A_deadline_due_before_the_cadence_time_brings_the_update_forward_and_says_so()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(5));
        await room.CrisisAsync($"theory {DeadlineRoom.Statement} prove {DeadlineRoom.Plan} by 50m");
        await room.App.SettleAsync();

        // At 30 minutes the cadence says 60; D1 falls due at 55, so its outcome is told at 60 anyway: cadence wins.
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(25));
        var first = Assert.Single(await DigestsAsync(room));
        Assert.Contains(Cadence, first.VisibleText);
        Assert.Contains("T1", first.VisibleText);
        Assert.Contains(DeadlineRoom.Plan, first.VisibleText);

        await room.CrisisAsync("deadline heap dump from store 114 by 10m for T1");
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(30));
        var second = (await DigestsAsync(room))[^1];

        // At 60 the cadence says 90; D2, set at 30 for 40, is long past, and D1 (due 55) too: the cadence stands.
        Assert.Contains(Cadence, second.VisibleText);
        await room.CrisisAsync("deadline collect POS logs from store 12 by 20m for T1");
        await room.CrisisAsync("digest");
        await room.App.SettleAsync();
        var third = (await DigestsAsync(room))[^1];
        Assert.Contains("D3", third.VisibleText);
        Assert.Contains("collect POS logs from store 12", third.VisibleText);
        Assert.Contains(DeadlineRoom.DateToken(85), third.VisibleText);
    }

    [Fact]
    public async Task The_owners_own_update_is_posted_in_their_words_and_moves_the_next_update_to_their_time()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        var reply = await room.CrisisAsync("update Stores 1-50 take payments again next 2h because the rollout to the other 250 stores finishes then");
        Assert.Contains("U1", reply.Text);
        Assert.Contains("later than the sev1 cadence", reply.Text);
        await room.App.SettleAsync();

        var update = Assert.Single(room.InBiz("Stores 1-50 take payments again"));
        Assert.Contains(Footer, update.VisibleText);
        Assert.Contains(DeadlineRoom.DateToken(120), update.VisibleText);
        Assert.Contains("because the rollout to the other 250 stores finishes then", update.VisibleText);
        Assert.Single(room.InTech(Pointer + " 1 posted"));

        // The cadence no longer applies: the owner named the time, and the reason is on the record.
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(60));
        Assert.Empty(await DigestsAsync(room));
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(60));
        Assert.Single(await DigestsAsync(room));

        var given = (await TimelineAsync(room)).OfType<CrisisEvent.BusinessUpdateGiven>().ToList();
        Assert.Equal([UpdateKind.Owner, UpdateKind.Digest], given.Select(g => g.Kind));
        Assert.Equal(NextUpdateCause.Owner, given[0].Next.Cause);
        Assert.Equal(WarRoomApp.Start.AddMinutes(120), given[1].WasDue);
    }

    [Fact]
    public async Task The_sponsor_speaks_for_the_crisis_too_and_the_business_channel_still_sees_who_is_accountable()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync($"sponsor <@{WarRoomApp.Dave}>");
        Assert.Contains("come from the owner, <@U0ALICE>, or the sponsor, <@U0DAVE>", (await room.CrisisAsync("update Stores are back next 30m because the rollout ends then", WarRoomApp.Bob)).Text);

        await room.CrisisAsync("update Stores 1-50 take payments again next 30m because the rollout ends then", WarRoomApp.Dave);
        await room.App.SettleAsync();

        var update = Assert.Single(room.InBiz("Stores 1-50 take payments again"));
        Assert.Contains("From <@U0DAVE>, executive sponsor, for the accountable owner <@U0ALICE>", update.VisibleText);
        Assert.Equal(new UserId(WarRoomApp.Dave), (await TimelineAsync(room)).OfType<CrisisEvent.BusinessUpdateGiven>().Single().By);
    }

    [Theory]
    [InlineData(WarRoomApp.Bob, "update Stores are back next 30m because the rollout ends then", "come from the owner, <@U0ALICE>")]
    [InlineData(WarRoomApp.Alice, "update Stores are back next 3h because the rollout ends then", "at most 2 hours away")]
    [InlineData(WarRoomApp.Alice, "update Stores are back next 30m", "because")]
    [InlineData(WarRoomApp.Alice, "update Stores are back because the rollout ends then", "next")]
    [InlineData(WarRoomApp.Alice, "update We will probably fix it tonight next 30m because the patch should work", "probably")]
    [InlineData(WarRoomApp.Alice, "update It was user error on their side next 30m because the patch ships then", "user error")]
    public async Task An_update_that_cannot_go_to_the_business_channel_is_refused_with_the_reason_and_nothing_is_posted(string user, string command, string expected)
    {
        await using var room = await DeadlineRoom.OpenAsync();
        var business = room.AllBizMessages.Count;

        var reply = await room.CrisisAsync(command, user);
        await room.App.SettleAsync();

        Assert.StartsWith(":x:", reply.Text, StringComparison.Ordinal);
        Assert.Contains(expected, reply.Text);
        Assert.Equal(business, room.AllBizMessages.Count);
        Assert.Empty((await TimelineAsync(room)).OfType<CrisisEvent.BusinessUpdateGiven>());
    }

    [Fact]
    public async Task Words_quoted_back_by_the_wording_check_cannot_mention_anyone()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var reply = await room.CrisisAsync("update Maybe {person:U0BOB} knows <!here> next 30m because the patch ships then");

        Assert.Contains("Maybe", reply.Text);
        Assert.Contains("{person:U0BOB}", reply.Text);
        Assert.DoesNotContain("<@U0BOB>", reply.Text);
        Assert.DoesNotContain("<!here>", reply.Text);
    }

    [Fact]
    public async Task Update_with_an_exclamation_mark_posts_past_the_wording_check_and_the_record_keeps_who_chose_to()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        var reply = await room.CrisisAsync("update! We think the cache is stale next 30m because the flush finishes then");
        await room.App.SettleAsync();

        Assert.Contains("past the wording check on purpose", reply.Text);
        Assert.Single(room.InBiz("We think the cache is stale"));
        var given = Assert.Single((await TimelineAsync(room)).OfType<CrisisEvent.BusinessUpdateGiven>());
        Assert.True(given.WordingOverridden);
        Assert.Equal(new UserId(WarRoomApp.Alice), given.By);
    }

    [Fact]
    public async Task Digest_posts_now_and_restarts_the_cadence_from_now()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(10));

        var reply = await room.CrisisAsync("digest", WarRoomApp.Carol);
        await room.App.SettleAsync();
        Assert.Contains("U1", reply.Text);
        var digest = Assert.Single(await DigestsAsync(room));
        Assert.Contains(DeadlineRoom.DateToken(40), digest.VisibleText);

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(20));
        Assert.Single(await DigestsAsync(room));
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(2, (await DigestsAsync(room)).Count);
    }

    [Fact]
    public async Task Status_shows_privately_the_digest_as_it_would_read_now_then_the_technical_detail()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(5));

        var status = await room.CrisisAsync("status", WarRoomApp.Dave);

        // Slack shows the blocks, not the fallback text, when a reply has both.
        Assert.True(status.IsEphemeral);
        var shown = string.Join("\n", status.Json!["blocks"]!.AsArray().Select(b => b!["text"]?["text"]?.GetValue<string>()
            ?? string.Join(" ", b["elements"]?.AsArray().Select(e => e!["text"]?.GetValue<string>()) ?? [])));
        Assert.Contains("not yet assessed", shown);
        Assert.Contains("+1 555 0100", shown);
        Assert.Contains($"{Footer} {DeadlineRoom.DateToken(30)}", shown.Replace("*", "", StringComparison.Ordinal));
        Assert.Contains(Cadence, shown);
        Assert.Contains("Open deadlines", shown);
        Assert.True(shown.IndexOf(Cadence, StringComparison.Ordinal) < shown.IndexOf("Open deadlines", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_long_status_is_shown_whole_in_several_sections_within_Slacks_limits()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        for (var i = 1; i <= 14; i++)
            await room.CrisisAsync($"theory anyway Cause number {i}: {string.Concat(Enumerable.Repeat("the price cache stampedes again ", 8))} prove replay import {i} by {30 + i}m");

        var status = await room.CrisisAsync("status");

        var blocks = status.Json!["blocks"]!.AsArray();
        var texts = blocks.Select(b => b!["text"]?["text"]?.GetValue<string>()).OfType<string>().ToList();
        Assert.True(blocks.Count <= 50);
        Assert.All(texts, t => Assert.True(t.Length <= 3000, $"{t.Length} characters"));
        Assert.Contains(texts, t => t.Contains("Cause number 14", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("*Deadlines:* 0 kept · 0 missed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ten_minutes_before_an_update_the_owner_is_reminded_and_can_post_the_digest_at_once()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(19));
        Assert.Empty(Reminders(room));

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(1));
        var reminder = Assert.Single(Reminders(room));
        Assert.Contains("<@U0ALICE>", reminder.VisibleText);
        Assert.Contains(DeadlineRoom.DateToken(30), reminder.VisibleText);
        Assert.Equal([UpdateBlocks.PostDigestAction, UpdateBlocks.WriteOwnAction], DeadlineRoom.Buttons(reminder));

        await room.ClickAsync(WarRoomApp.Alice, reminder, UpdateBlocks.PostDigestAction);
        await room.App.SettleAsync();
        Assert.Single(await DigestsAsync(room));
        Assert.Empty(DeadlineRoom.Buttons(Assert.Single(Reminders(room))));

        // The digest went out early; the one that was due at 30 minutes is not sent again, the next is at 50.
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Single(await DigestsAsync(room));
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(20));
        Assert.Equal(2, (await DigestsAsync(room)).Count);
    }

    [Fact]
    public async Task A_second_click_on_post_the_digest_now_sends_nothing_more_and_says_what_went_out()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(20));
        var reminder = Assert.Single(Reminders(room));

        // Slack is slow for a moment, so the buttons are still on Carol's screen after Alice's click is recorded.
        room.App.Slack.Faults.Latency = TimeSpan.FromSeconds(5);
        await room.ClickAsync(WarRoomApp.Alice, reminder, UpdateBlocks.PostDigestAction);
        await room.ClickAsync(WarRoomApp.Carol, reminder, UpdateBlocks.PostDigestAction);
        room.App.Slack.Faults.Latency = TimeSpan.Zero;
        await room.App.SettleAsync();

        Assert.Single(await DigestsAsync(room));
        var told = Assert.Single(room.Workspace.Ephemerals, e => e.User == WarRoomApp.Carol);
        Assert.Contains("U1* already went out", told.VisibleText);
        Assert.Contains("sent by <@U0ALICE>", told.VisibleText);
    }

    [Fact]
    public async Task A_click_on_a_reminder_Slack_did_not_let_the_bot_close_sends_no_second_digest()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(20));
        var reminder = Assert.Single(Reminders(room));
        room.App.Slack.Faults.Error("chat.update", "cant_update_message", times: 10);

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(DeadlineRoom.Buttons(reminder), DeadlineRoom.Buttons(Assert.Single(Reminders(room))));
        await room.ClickAsync(WarRoomApp.Alice, reminder, UpdateBlocks.PostDigestAction);
        await room.App.SettleAsync();

        Assert.Single(await DigestsAsync(room));
        Assert.Contains(room.Workspace.Ephemerals, e => e.User == WarRoomApp.Alice && e.VisibleText.Contains("on time by itself", StringComparison.Ordinal));
    }

    [Fact]
    public async Task If_nobody_acts_on_the_reminder_the_digest_goes_out_on_time_by_itself()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(20));
        Assert.Single(Reminders(room));

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Single(await DigestsAsync(room));
        Assert.Empty(DeadlineRoom.Buttons(Assert.Single(Reminders(room))));
    }

    [Fact]
    public async Task Write_my_own_opens_a_form_that_is_checked_like_the_command_and_posts_the_owners_words()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(20));
        await room.ClickAsync(WarRoomApp.Alice, Assert.Single(Reminders(room)), UpdateBlocks.WriteOwnAction);
        await room.App.SettleAsync();
        var form = Assert.Single(room.Workspace.Views);

        var hedged = await room.App.Sender.SubmitViewAsync(form, WarRoomApp.Alice, Inputs(form, "Hopefully fixed soon", "45m", "the patch ships then"));
        Assert.Contains("Hopefully", Errors(hedged)[WriteUpdateModal.TextBlock]);
        var tooFar = await room.App.Sender.SubmitViewAsync(form, WarRoomApp.Alice, Inputs(form, "Stores 1-50 are back", "5h", "the patch ships then"));
        Assert.Contains("at most", Errors(tooFar)[WriteUpdateModal.NextBlock]);
        var noReason = await room.App.Sender.SubmitViewAsync(form, WarRoomApp.Alice, Inputs(form, "Stores 1-50 are back", "45m", " "));
        Assert.True(Errors(noReason).ContainsKey(WriteUpdateModal.ReasonBlock));
        await room.App.SettleAsync();
        Assert.Empty((await TimelineAsync(room)).OfType<CrisisEvent.BusinessUpdateGiven>());

        var posted = await room.App.Sender.SubmitViewAsync(form, WarRoomApp.Alice, Inputs(form, "Stores 1-50 are back", "45m", "the patch ships then"));
        Assert.Null(posted.Json?["response_action"]);
        await room.App.SettleAsync();
        var update = Assert.Single(room.InBiz("Stores 1-50 are back"));
        Assert.Contains(DeadlineRoom.DateToken(65), update.VisibleText);
        Assert.Contains("because the patch ships then", update.VisibleText);
    }

    [Fact]
    public async Task Stopped_across_an_update_time_the_bot_sends_that_digest_once_when_it_is_back_and_says_it_is_late()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(25));
        await room.StopTheClockAsync();
        room.App.Time.Advance(TimeSpan.FromMinutes(15));

        await room.App.RestartAsync();
        await room.App.SettleAsync();
        await room.App.RestartAsync();
        await room.App.SettleAsync();

        var digest = Assert.Single(await DigestsAsync(room));
        Assert.Contains("late", digest.VisibleText);
        Assert.Contains(DeadlineRoom.DateToken(30), digest.VisibleText);
        Assert.Contains(DeadlineRoom.DateToken(70), digest.VisibleText);
    }

    [Theory]
    [InlineData("429")]
    [InlineData("500")]
    [InlineData("lost answer")]
    public async Task Slack_failing_while_a_digest_goes_out_still_shows_it_exactly_once(string failure)
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(29));
        switch (failure)
        {
            case "429":
                room.App.Slack.Faults.RateLimit("chat.postMessage", times: 2);
                break;
            case "500":
                room.App.Slack.Faults.ServerError("chat.postMessage", times: 3);
                break;
            default:
                room.App.Slack.Faults.DropAnswerAfterApplying("chat.postMessage", times: 2);
                break;
        }

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(1));
        await room.App.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Single(await DigestsAsync(room));
        Assert.Single(room.InTech(Pointer + " 1 posted"));
    }

    [Fact]
    public async Task A_confirmed_working_explanation_reaches_the_business_channel_at_once()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(5));
        var business = room.AllBizMessages.Count;

        await room.CrisisAsync("confirmed D1 the replay froze exactly like production");
        await room.App.SettleAsync();

        var news = Assert.Single(room.AllBizMessages.Skip(business));
        Assert.Contains(DeadlineRoom.Statement, news.VisibleText);
        Assert.Contains(Footer, news.VisibleText);
    }

    [Fact]
    public async Task The_missed_deadline_notice_says_what_the_step_was_to_settle_and_when_the_next_update_comes()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync($"theory {DeadlineRoom.Statement} prove {DeadlineRoom.Plan} by 5m");
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(5));
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(15));

        var missed = Assert.Single(room.InBiz("missed"));
        Assert.Contains(DeadlineRoom.Statement, missed.VisibleText);
        Assert.Contains(Footer, missed.VisibleText);
        Assert.Contains(DeadlineRoom.DateToken(30), missed.VisibleText);

        var business = room.AllBizMessages.Count;
        await room.CrisisAsync("disproved D1 the replay ran clean");
        await room.App.SettleAsync();
        var late = Assert.Single(room.AllBizMessages.Skip(business));
        Assert.Contains("D1", late.VisibleText);
        Assert.Contains(Footer, late.VisibleText);
    }

    [Fact]
    public async Task A_missed_notice_that_reaches_Slack_after_the_outcome_shows_it_and_nothing_repeats_it()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync($"theory {DeadlineRoom.Statement} prove {DeadlineRoom.Plan} by 5m");
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(5));
        var business = room.AllBizMessages.Count;
        room.App.Slack.Faults.ServerError("chat.postMessage", times: 1000);

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(15));
        await room.CrisisAsync("confirmed D1 the replay froze like production");
        room.App.Slack.Faults.Clear();
        await room.App.AdvanceAsync(TimeSpan.FromSeconds(10));

        var told = room.AllBizMessages.Skip(business).ToList();
        var missed = Assert.Single(told);
        Assert.Contains("A diagnostic deadline was missed", missed.VisibleText);
        Assert.Contains("recorded as *confirmed*", missed.VisibleText);
    }

    /// <summary>The digests in the business channel, in order: the posts of the updates the timeline records as digests.</summary>
    private static async Task<List<MessageRecord>> DigestsAsync(DeadlineRoom room)
    {
        var keys = (await TimelineAsync(room)).OfType<CrisisEvent.BusinessUpdateGiven>().Where(g => g.Kind == UpdateKind.Digest).Select(g => $"crisis-1-u{g.Number}").ToHashSet();
        return [.. room.AllBizMessages.Where(m => m.MetadataPayload?["key"]?.GetValue<string>() is { } key && keys.Contains(key))];
    }

    private static List<MessageRecord> Reminders(DeadlineRoom room) =>
        [.. room.AllTechMessages.Where(m => m.MetadataPayload?["key"]?.GetValue<string>() is { } key && key.EndsWith("-reminder", StringComparison.Ordinal)
            && key.Contains("-u", StringComparison.Ordinal))];

    private static async Task<IReadOnlyList<CrisisEvent>> TimelineAsync(DeadlineRoom room) =>
        (await room.App.Services.GetRequiredService<ICrisisStore>().LoadAsync(new CrisisId(1), CancellationToken.None))!.Events;

    private static Dictionary<string, ViewInput> Inputs(ViewRecord form, string text, string next, string reason) => new()
    {
        [WriteUpdateModal.TextBlock] = new ViewInput(ActionOf(form, WriteUpdateModal.TextBlock), text),
        [WriteUpdateModal.NextBlock] = new ViewInput(ActionOf(form, WriteUpdateModal.NextBlock), next),
        [WriteUpdateModal.ReasonBlock] = new ViewInput(ActionOf(form, WriteUpdateModal.ReasonBlock), reason),
    };

    private static string ActionOf(ViewRecord form, string block) =>
        form.View["blocks"]!.AsArray().Single(b => (string?)b!["block_id"] == block)!["element"]!["action_id"]!.GetValue<string>();

    private static Dictionary<string, string> Errors(InteractionReply reply) =>
        reply.Json?["errors"]?.AsObject().ToDictionary(e => e.Key, e => e.Value!.GetValue<string>()) ?? [];
}
