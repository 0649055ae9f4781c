using Microsoft.Extensions.DependencyInjection;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Issue 11, "close every gap" end to end: facts with their sources, questions until answered, requests made of the
/// customer, the parking lot and time spent, typed in a crisis's channels of a sev1 crisis opened by Alice, who owns it.
/// </summary>
public sealed class CrisisRecordTests
{
    // ---------------------------------------------------------------- facts

    [Fact]
    public async Task A_fact_is_recorded_posted_for_the_engineers_and_after_a_restart_listed_in_the_digest_with_its_source()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var reply = await room.CrisisAsync("fact only stores on firmware 4.2 freeze source the POS inventory export", WarRoomApp.Carol);
        await room.App.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.StartsWith(":pushpin: Recorded *F1*: only stores on firmware 4.2 freeze _(source: the POS inventory export)_.", reply.Text);
        var post = Assert.Single(room.InTech("*F1*"));
        Assert.Contains("*Source:* the POS inventory export · recorded by <@U0CAROL>", post.VisibleText);

        await room.App.RestartAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(30));

        var digest = Assert.Single(room.InBiz("business update 1"));
        Assert.Contains("• F1: only stores on firmware 4.2 freeze _(source: the POS inventory export)_", digest.VisibleText);
        Assert.Single(room.InTech("*F1*"));
        Assert.Equal(
            [new CrisisEvent.FactRecorded(new FactId(1), "only stores on firmware 4.2 freeze", "the POS inventory export", new UserId(WarRoomApp.Carol), WarRoomApp.Start)],
            (await TimelineAsync(room)).OfType<CrisisEvent.FactRecorded>());
    }

    [Theory]
    [InlineData("fact only stores on firmware 4.2 freeze", "A fact needs its source")]
    [InlineData("fact only stores on firmware 4.2 freeze source", "A fact needs its source")]
    [InlineData("fact source the POS inventory export", "The fact is missing")]
    [InlineData("fact", "Say what we know and how we know it.")]
    public async Task A_fact_without_its_source_or_statement_is_refused_privately_with_the_usage_and_records_nothing(string command, string expected)
    {
        await using var room = await DeadlineRoom.OpenAsync();
        var reply = await room.CrisisAsync(command);
        await room.App.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.StartsWith($":x: {expected}", reply.Text);
        Assert.Contains("`/crisis fact &lt;statement&gt; source &lt;how we know&gt;`", reply.Text);
        Assert.Empty((await TimelineAsync(room)).OfType<CrisisEvent.OnTheRecord>());
        Assert.Empty(room.InTech("*F1*"));
    }

    [Theory]
    [InlineData("fact only stores on firmware 4.2 freeze source the POS inventory export", "fact")]
    [InlineData("question did the freezes start before Tuesday's release?", "question")]
    [InlineData("answer Q1 no source the incident log", "answer")]
    [InlineData("ask a capture because we cannot reach their LAN", "ask")]
    [InlineData("asked A1 done", "asked")]
    [InlineData("park the CIO is furious", "park")]
    [InlineData("spent 3h", "spent")]
    public async Task Typed_outside_the_crisis_channels_it_is_refused_and_says_where_it_works(string command, string verb)
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var reply = await room.App.CrisisAsync(command, WarRoomApp.Carol);

        Assert.Equal($":x: `/crisis {verb}` works in a crisis's technical or business channel, so it goes on that crisis's record. Run it there.", reply.Text);
        Assert.Empty((await TimelineAsync(room)).OfType<CrisisEvent.OnTheRecord>());
    }

    // ---------------------------------------------------------------- questions

    [Fact]
    public async Task A_question_stays_open_in_status_across_a_restart_until_answered_with_its_source_and_is_answered_once()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var asked = await room.App.CrisisAsync("question did the freezes start before Tuesday's release?", WarRoomApp.Carol, room.Biz);
        await room.App.SettleAsync();
        Assert.StartsWith(":grey_question: Opened *Q1*: did the freezes start before Tuesday's release?", asked.Text);
        Assert.Single(room.InTech("*Q1* did the freezes start"));
        Assert.Contains("• Q1 did the freezes start before Tuesday's release? · asked by <@U0CAROL>", await StatusTextAsync(room));

        await room.App.RestartAsync();
        var noSource = await room.CrisisAsync("answer Q1 no, the first freeze was Monday", WarRoomApp.Bob);
        Assert.StartsWith(":x: An answer needs its source", noSource.Text);
        Assert.Contains("Q1 did the freezes start", await StatusTextAsync(room));

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(10));
        var answered = await room.CrisisAsync("answer Q1 no, the first freeze was Monday source the store 12 incident log", WarRoomApp.Bob);
        await room.App.SettleAsync();
        Assert.StartsWith(":white_check_mark: *Q1* answered", answered.Text);
        Assert.Contains("No question is open now.", answered.Text);
        Assert.Contains("None. Every question has its answer.", await StatusTextAsync(room));
        Assert.Contains("*Source:* the store 12 incident log · answered by <@U0BOB>", Assert.Single(room.InTech("*Q1 answered*")).VisibleText);

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(5));
        var again = await room.CrisisAsync("answer Q1 yes source a guess", WarRoomApp.Carol);
        Assert.StartsWith(":x: Q1 was already answered by <@U0BOB> 5 minutes ago", again.Text);
        var unknown = await room.CrisisAsync("answer Q7 yes source a guess", WarRoomApp.Carol);
        Assert.StartsWith(":x: There is no Q7: this crisis has only Q1.", unknown.Text);
        Assert.Single((await TimelineAsync(room)).OfType<CrisisEvent.QuestionAnswered>());
    }

    // ---------------------------------------------------------------- requests made of the customer

    [Fact]
    public async Task A_request_reaches_the_business_channel_exactly_once_across_a_lost_answer_and_a_restart_and_shows_in_the_digest_with_its_age()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        room.App.Slack.Faults.DropAnswerAfterApplying("chat.postMessage", times: 1);

        var reply = await room.CrisisAsync("ask a network capture from store 12 because we cannot reach their LAN", WarRoomApp.Carol);
        await room.App.SettleAsync();
        await room.App.RestartAsync();
        await room.App.SettleAsync();

        Assert.StartsWith($":raised_hand: Recorded *A1*: it goes to <#{room.Biz}> now, for the business to pass on to Acme Retail.", reply.Text);
        Assert.DoesNotContain(":warning:", reply.Text);
        var post = Assert.Single(room.InBiz("(A1)"));
        Assert.Contains("*We need from Acme Retail (A1):* a network capture from store 12", post.VisibleText);
        Assert.Contains("*Why only they can give it:* we cannot reach their LAN", post.VisibleText);
        Assert.Empty(room.InTech("(A1)"));

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(30));
        var digest = Assert.Single(room.InBiz("business update 1"));
        Assert.Contains("*What we need from Acme Retail*\n• A1: a network capture from store 12, asked 30 minutes ago.", digest.VisibleText);
        Assert.Single(room.InBiz("(A1)"));
    }

    [Fact]
    public async Task Only_whoever_asked_or_the_owner_marks_a_request_done_and_its_post_then_shows_it_done_in_place()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync("ask a network capture from store 12 because we cannot reach their LAN", WarRoomApp.Carol);
        await room.App.SettleAsync();

        var stranger = await room.CrisisAsync("asked A1 done", WarRoomApp.Dave);
        Assert.StartsWith(":x: Only <@U0CAROL>, who asked A1, or the crisis owner <@U0ALICE> can mark it done; ask one of them.", stranger.Text);
        Assert.Contains("`/crisis asked A1 done [note]`", stranger.Text);

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(20));
        var done = await room.CrisisAsync("asked A1 done capture received from their ops team", WarRoomApp.Alice);
        await room.App.SettleAsync();
        Assert.StartsWith(":white_check_mark: *A1* is done", done.Text);
        Assert.Contains("Nothing is asked of Acme Retail now.", done.Text);
        var post = Assert.Single(room.InBiz("(A1)"));
        Assert.Contains("*Done (A1), no longer needed from Acme Retail:* a network capture from store 12", post.VisibleText);
        Assert.Contains("marked done by <@U0ALICE>", post.VisibleText);
        Assert.Contains(": capture received from their ops team", post.VisibleText);

        var again = await room.CrisisAsync("asked A1 done", WarRoomApp.Carol);
        Assert.StartsWith(":x: A1 was already marked done by <@U0ALICE> just now", again.Text);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.DoesNotContain("What we need", Assert.Single(room.InBiz("business update 1")).VisibleText);
        Assert.Single((await TimelineAsync(room)).OfType<CrisisEvent.CustomerAskDone>());
    }

    [Fact]
    public async Task The_fourth_open_request_warns_the_owner_that_we_are_asking_too_much_of_the_customer()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        var replies = new List<string>();
        foreach (var request in (string[])["a network capture", "the router config", "a call with the store 12 manager", "the till logs"])
            replies.Add((await room.CrisisAsync($"ask {request} because we cannot reach their LAN", WarRoomApp.Carol)).Text);
        await room.App.SettleAsync();

        Assert.All(replies.Take(3), r => Assert.DoesNotContain(":warning:", r));
        Assert.Contains(":warning: <@U0ALICE>, 4 requests to the customer are open with A4: we are asking too much of them.", replies[3]);
        var warning = Assert.Single(room.InTech("asking too much"));
        Assert.Contains("<@U0ALICE>", warning.VisibleText);
        Assert.Equal(4, room.InBiz("*We need from Acme Retail").Count);
    }

    [Fact]
    public async Task A_hedged_request_is_refused_and_ask_with_an_exclamation_mark_sends_it_keeping_who_chose_to()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        var business = room.AllBizMessages.Count;

        var hedged = await room.CrisisAsync("ask maybe a capture from store 12 because it was probably user error", WarRoomApp.Carol);
        var noReason = await room.CrisisAsync("ask a capture from store 12", WarRoomApp.Carol);
        await room.App.SettleAsync();
        Assert.StartsWith(":x: The business channel reads this as uncertainty or blame, so the request was not made:", hedged.Text);
        Assert.Contains("`/crisis ask! …`", hedged.Text);
        Assert.StartsWith(":x: Say why only the customer can give it", noReason.Text);
        Assert.Equal(business, room.AllBizMessages.Count);

        var anyway = await room.CrisisAsync("ask! maybe a capture from store 12 because their LAN is closed", WarRoomApp.Carol);
        await room.App.SettleAsync();
        Assert.Contains("past the wording check on purpose", anyway.Text);
        Assert.Single(room.InBiz("maybe a capture from store 12"));
        var asked = Assert.Single((await TimelineAsync(room)).OfType<CrisisEvent.CustomerAsked>());
        Assert.True(asked.WordingOverridden);
        Assert.Equal(new UserId(WarRoomApp.Carol), asked.By);
    }

    // ---------------------------------------------------------------- parking lot and time spent

    [Fact]
    public async Task A_parked_concern_is_promised_to_the_debrief_and_listed_in_status_after_a_restart()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var reply = await room.App.CrisisAsync("park Acme's CIO wants to know why monitoring missed this", WarRoomApp.Dave, room.Biz);
        await room.App.SettleAsync();
        await room.App.RestartAsync();

        Assert.Contains("`/crisis park &lt;concern&gt;`", Assert.Single(room.InBiz("We will hold a debrief")).VisibleText);
        Assert.StartsWith(":parking: Parked for the debrief: it will be discussed there", reply.Text);
        Assert.Contains("The parking lot holds 1 item", reply.Text);
        Assert.Contains("*Parking lot* (1, for the debrief)\n• Acme's CIO wants to know why monitoring missed this · parked by <@U0DAVE>", await StatusTextAsync(room));
        Assert.Empty(room.InBiz("monitoring missed"));
        Assert.Empty(room.InTech("monitoring missed"));
        var empty = await room.CrisisAsync("park");
        Assert.StartsWith(":x: Say what to park for the debrief.", empty.Text);
    }

    [Fact]
    public async Task Time_spent_is_recorded_for_the_author_or_the_person_named_and_status_sums_it_per_person_and_in_all_across_a_restart()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var own = await room.CrisisAsync("spent 3h", WarRoomApp.Carol);
        await room.App.RestartAsync();
        var forDave = await room.CrisisAsync("spent 1h30m <@U0DAVE|dave> log review", WarRoomApp.Carol);
        await room.CrisisAsync("spent 45m", WarRoomApp.Alice);

        Assert.Equal(":stopwatch: Recorded 3 hours for <@U0CAROL>. <@U0CAROL> has spent 3 hours on this crisis; everyone together 3 hours.", own.Text);
        Assert.Equal(":stopwatch: Recorded 1 hour 30 minutes for <@U0DAVE>. <@U0DAVE> has spent 1 hour 30 minutes on this crisis; everyone together 4 hours 30 minutes.", forDave.Text);
        Assert.Contains("*Time spent:* 5 hours 15 minutes in all\n• <@U0CAROL> 3 hours\n• <@U0DAVE> 1 hour 30 minutes\n• <@U0ALICE> 45 minutes", await StatusTextAsync(room));
        var entry = (await TimelineAsync(room)).OfType<CrisisEvent.TimeSpent>().ElementAt(1);
        Assert.Equal(new CrisisEvent.TimeSpent(new UserId(WarRoomApp.Dave), TimeSpan.FromMinutes(90), "log review", new UserId(WarRoomApp.Carol), WarRoomApp.Start), entry);
    }

    [Theory]
    [InlineData("spent 0h", ":x: That is no time at all")]
    [InlineData("spent -3h", ":x: Time spent cannot be negative")]
    [InlineData("spent 30h", ":x: That is more than 24 hours in one entry")]
    [InlineData("spent a while", ":x: `a` is not a duration")]
    [InlineData("spent 3h @dave", ":x: `@dave` is plain text, not a Slack user.")]
    public async Task A_zero_negative_absurd_or_unreadable_amount_is_refused_with_the_usage_and_records_nothing(string command, string expected)
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var reply = await room.CrisisAsync(command, WarRoomApp.Carol);

        Assert.StartsWith(expected, reply.Text);
        Assert.Contains("`/crisis spent &lt;duration&gt; [@user] [note]`", reply.Text);
        Assert.Empty((await TimelineAsync(room)).OfType<CrisisEvent.TimeSpent>());
    }

    // ---------------------------------------------------------------- the operator's log

    [Fact]
    public async Task The_operator_log_names_each_entry_by_its_number_and_never_its_words()
    {
        var logs = new LogCapture();
        await using var app = await WarRoomApp.StartAsync(replaceServices: logs.AddTo);
        await app.CrisisAsync("open Checkout freezes sev1");
        await app.SettleAsync();
        var tech = app.Slack.Workspace.ChannelNamed(DeadlineRoom.TechName)!.Id;

        await app.CrisisAsync("fact firmware 4.2 freezes source the POS export", WarRoomApp.Carol, tech);
        await app.CrisisAsync("question since when?", WarRoomApp.Carol, tech);
        await app.CrisisAsync("answer Q1 Monday source the incident log", WarRoomApp.Carol, tech);
        await app.CrisisAsync("ask! maybe a capture because their LAN is closed", WarRoomApp.Carol, tech);
        await app.CrisisAsync("asked A1 done", WarRoomApp.Carol, tech);
        await app.CrisisAsync("park the CIO is furious", WarRoomApp.Carol, tech);
        await app.CrisisAsync("spent 1h30m <@U0DAVE>", WarRoomApp.Carol, tech);

        var decisions = logs.Lines.Where(l => l.Category.StartsWith("WarRoomBot.Features", StringComparison.Ordinal)).Select(l => l.Message).Skip(1).ToList();
        Assert.Equal(
            [
                "FactRecorded F1", "QuestionAsked Q1", "QuestionAnswered Q1", "CustomerAsked A1 past the wording check", "CustomerAskDone A1",
                "ConcernParked", "TimeSpent 90m for U0DAVE",
            ],
            decisions.Select(d => d[(d.IndexOf("recorded ", StringComparison.Ordinal) + "recorded ".Length)..d.IndexOf(" by U0CAROL", StringComparison.Ordinal)]));
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("firmware", StringComparison.Ordinal) || l.Message.Contains("capture", StringComparison.Ordinal)
            || l.Message.Contains("furious", StringComparison.Ordinal) || l.Message.Contains("Monday", StringComparison.Ordinal));
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>What <c>/crisis status</c> shows privately, all its blocks' text in order.</summary>
    private static async Task<string> StatusTextAsync(DeadlineRoom room)
    {
        var status = await room.CrisisAsync("status", WarRoomApp.Dave);
        return string.Join("\n", status.Json!["blocks"]!.AsArray().Select(b => b!["text"]?["text"]?.GetValue<string>()
            ?? string.Join(" ", b["elements"]?.AsArray().Select(e => e!["text"]?.GetValue<string>()) ?? [])));
    }

    private static async Task<IReadOnlyList<CrisisEvent>> TimelineAsync(DeadlineRoom room) =>
        (await room.App.Services.GetRequiredService<ICrisisStore>().LoadAsync(new CrisisId(1), CancellationToken.None))!.Events;
}
