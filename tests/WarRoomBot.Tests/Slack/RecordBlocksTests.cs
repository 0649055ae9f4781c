using WarRoomBot.Crises;
using WarRoomBot.Features.Record;
using WarRoomBot.Features.Updates;
using WarRoomBot.Slack.Api;
using WarRoomBot.Slack.Blocks;
using static WarRoomBot.Tests.Slack.Rendered;

namespace WarRoomBot.Tests.Slack;

/// <summary>
/// What people read about the crisis record (issue 11): its posts in the technical channel, its part of
/// <c>/crisis status</c>, and its sections of the business digest, for crises folded out of the events the rules write.
/// </summary>
public sealed class RecordBlocksTests
{
    private static readonly CrisisId Id = new(42);
    private static readonly DateTimeOffset Opened = new(2026, 3, 14, 16, 20, 0, TimeSpan.Zero);
    private static readonly UserId Alice = new("U0ALICE");
    private static readonly UserId Bob = new("U0BOB");
    private static readonly UserId Carol = new("U0CAROL");
    private static readonly ChannelId Tech = new("C0TECH");
    private static readonly ChannelId Biz = new("G0BIZ");
    private static readonly SlackUser Owner = new(Bob, "bob", "Bob Stone", "+1 555 0100", "Europe/Paris", 3600);

    /// <summary>Typed by a person: Slack markup and the three control characters, which must render as text.</summary>
    private const string Hostile = "fees < 5% & <!channel> <@U0EVE>";

    private static DateTimeOffset At(int minutes) => Opened.AddMinutes(minutes);

    private static CrisisEvent[] OpenedWithRooms(string? customer = "Acme Retail") =>
    [
        new CrisisEvent.Opened(
            "Checkout freezes at 300 stores", Severity.Sev1, customer, Bob, Alice, new ChannelId("C0SUPPORT"), null,
            ValueList.Of(Carol), ValueList<UserId>.Empty, BusinessChannelIsPrivate: true, FirstUpdateDue: At(30), At: Opened),
        new CrisisEvent.ChannelCreated(ChannelKind.Technical, Tech, "crisis-42-checkout", Opened.AddSeconds(1)),
        new CrisisEvent.ChannelCreated(ChannelKind.Business, Biz, "crisis-42-checkout-biz", Opened.AddSeconds(2)),
    ];

    private static CrisisEvent Fact(int number, string statement, string source, int at) =>
        new CrisisEvent.FactRecorded(new FactId(number), statement, source, Carol, At(at));

    private static CrisisEvent Question(int number, string text, int at) => new CrisisEvent.QuestionAsked(new QuestionId(number), text, Carol, At(at));

    private static CrisisEvent Answered(int number, string answer, string source, int at) =>
        new CrisisEvent.QuestionAnswered(new QuestionId(number), answer, source, Alice, At(at));

    private static CrisisEvent Asked(int number, string request, string reason, int at, UserId? by = null) =>
        new CrisisEvent.CustomerAsked(new AskId(number), request, reason, false, by ?? Carol, At(at));

    private static CrisisEvent Done(int number, string? note, int at) => new CrisisEvent.CustomerAskDone(new AskId(number), note, Bob, At(at));

    private static Crisis Fold(params CrisisEvent[] events) => Crisis.Fold(Id, [.. OpenedWithRooms(), .. events]);

    /// <summary>The digest as <c>/crisis status</c> shows it at <paramref name="minute"/>.</summary>
    private static SlackMessage Digest(Crisis crisis, int minute) => UpdateBlocks.Status(crisis, Owner, At(minute));

    private static string? Section(SlackMessage message, string heading) =>
        Texts(message.Blocks).FirstOrDefault(t => t.StartsWith(heading, StringComparison.Ordinal));

    // ---------------------------------------------------------------- what we know

    [Fact]
    public void The_digest_lists_facts_and_answered_questions_with_their_sources_newest_first()
    {
        var crisis = Fold(
            Fact(1, "Only stores on firmware 4.2 freeze", "POS inventory export", 5),
            Question(1, "Did the freezes start before Tuesday's release?", 6),
            Fact(2, "Store 12 froze at 02:14", "the store's till log", 7),
            Answered(1, "No, the first freeze was Monday", "store 12 incident log", 9));

        var known = Section(Digest(crisis, 10), "*What we know*");

        Assert.Equal(
            "*What we know*\n*Facts, and how we know them:*\n"
            + "• Q1 Did the freezes start before Tuesday's release? No, the first freeze was Monday _(source: store 12 incident log)_\n"
            + "• F2: Store 12 froze at 02:14 _(source: the store's till log)_\n"
            + "• F1: Only stores on firmware 4.2 freeze _(source: POS inventory export)_",
            known);
    }

    [Fact]
    public void An_open_question_is_not_something_we_know()
    {
        var crisis = Fold(Question(1, "Did the freezes start before Tuesday's release?", 6));

        Assert.Null(Section(Digest(crisis, 10), "*What we know*"));
    }

    [Fact]
    public void Facts_come_before_the_theories_ruled_out_and_after_the_cause()
    {
        var crisis = Fold(
            new CrisisEvent.TheoryProposed(new TheoryId(1), "the cache is stale", "flush it", Carol, At(1)),
            new CrisisEvent.DeadlineSet(new DeadlineId(1), "flush it", new TheoryId(1), At(20), Carol, null, null, At(1)),
            new CrisisEvent.OutcomeRecorded(new DeadlineId(1), Outcome.Disproved, null, Bob, At(3)),
            Fact(1, "Only stores on firmware 4.2 freeze", "POS inventory export", 5));

        var known = Section(Digest(crisis, 10), "*What we know*")!;

        Assert.True(known.IndexOf("*Facts", StringComparison.Ordinal) < known.IndexOf("*Ruled out:*", StringComparison.Ordinal));
    }

    [Fact]
    public void The_ten_newest_facts_are_listed_and_the_older_ones_counted_with_a_pointer_to_the_technical_channel()
    {
        var crisis = Fold([.. Enumerable.Range(1, 14).Select(n => Fact(n, $"fact {n}", $"source {n}", n))]);

        var known = Section(Digest(crisis, 20), "*What we know*")!;

        Assert.Contains("• F14: fact 14 _(source: source 14)_", known);
        Assert.Contains("• F5: fact 5 _(source: source 5)_", known);
        Assert.DoesNotContain("• F4:", known);
        Assert.EndsWith("\n… 4 more in <#C0TECH>", known);
    }

    [Fact]
    public void Long_facts_stay_within_slacks_limits_and_point_to_the_technical_channel()
    {
        var longText = string.Concat(Enumerable.Repeat("cache & <lock> ", 33));
        var crisis = Fold([.. Enumerable.Range(1, 40).Select(n => Fact(n, $"{n} {longText}", longText, n))]);

        var message = Digest(crisis, 60);

        Assert.InRange(message.Blocks.Count, 1, 50);
        Assert.All(Texts(message.Blocks), t => Assert.InRange(t.Length, 1, 3000));
        Assert.All(Texts(message.Blocks), t => Assert.DoesNotMatch("&(?!amp;|lt;|gt;)", t));
        Assert.Matches(@"\n… \d+ more in <#C0TECH>$", Section(message, "*What we know*")!);
    }

    [Fact]
    public void Facts_and_sources_are_escaped_in_the_digest_and_in_their_posts()
    {
        var crisis = Fold(Fact(1, Hostile, Hostile, 5), Question(1, Hostile, 6), Answered(1, Hostile, Hostile, 7));
        var record = crisis.Record;

        string[] seen =
        [
            Section(Digest(crisis, 10), "*What we know*")!,
            Seen(RecordBlocks.FactPost(record.Facts[0])),
            Seen(RecordBlocks.QuestionPost(record.Questions[0])),
            Seen(RecordBlocks.AnswerPost(record.Questions[0], record.Questions[0].Answer!)),
        ];

        Assert.All(seen, text =>
        {
            Assert.DoesNotContain("<!channel>", text);
            Assert.DoesNotContain("<@U0EVE>", text);
            Assert.Contains("fees &lt; 5% &amp; &lt;!channel&gt;", text);
        });
    }

    // ---------------------------------------------------------------- what we need from the customer

    [Fact]
    public void The_digest_lists_open_requests_oldest_first_with_their_age_in_words_and_why()
    {
        var crisis = Fold(
            Asked(1, "A network capture from store 12", "we cannot reach their LAN", 5),
            Asked(2, "The store 12 router config", "only their admin has it", 20),
            Asked(3, "A call with their network lead", "the capture needs explaining", 25),
            Done(2, "received", 30));

        var needed = Section(Digest(crisis, 95), "*What we need from Acme Retail*");

        Assert.Equal(
            "*What we need from Acme Retail*\n"
            + "• A1: A network capture from store 12, asked 1 hour 30 minutes ago. _Why:_ we cannot reach their LAN\n"
            + "• A3: A call with their network lead, asked 1 hour 10 minutes ago. _Why:_ the capture needs explaining",
            needed);
    }

    [Fact]
    public void With_nothing_open_the_digest_has_no_such_section_and_without_a_customer_name_it_says_the_customer()
    {
        Assert.DoesNotContain(Texts(Digest(Fold(Asked(1, "A capture", "we cannot reach it", 5), Done(1, null, 6)), 10).Blocks), t => t.Contains("What we need", StringComparison.Ordinal));
        var nameless = Crisis.Fold(Id, [.. OpenedWithRooms(customer: null), Asked(1, "A capture", "we cannot reach it", 5)]);
        Assert.NotNull(Section(Digest(nameless, 10), "*What we need from the customer*"));
    }

    [Fact]
    public void Many_open_requests_are_cut_to_ten_with_a_pointer_within_slacks_limits()
    {
        var longText = string.Concat(Enumerable.Repeat("capture & <log> ", 30));
        var crisis = Fold([.. Enumerable.Range(1, 25).Select(n => Asked(n, $"{n} {longText}", longText, n))]);

        var message = Digest(crisis, 60);

        Assert.InRange(message.Blocks.Count, 1, 50);
        Assert.All(Texts(message.Blocks), t => Assert.InRange(t.Length, 1, 3000));
        var needed = Section(message, "*What we need from Acme Retail*")!;
        Assert.StartsWith("*What we need from Acme Retail*\n• A1: 1 capture", needed);
        Assert.DoesNotContain("• A11:", needed);
        Assert.Matches(@"\n… \d+ more in <#C0TECH>$", needed);
    }

    [Fact]
    public void A_request_is_posted_with_why_who_asked_and_who_follows_it_up_and_once_done_says_so_in_place()
    {
        var open = Fold(Asked(1, "A network capture from store 12", "we cannot reach their LAN", 5));
        var done = Fold(Asked(1, "A network capture from store 12", "we cannot reach their LAN", 5), Done(1, "received at 17:00", 40));

        Assert.Equal(
            ":raised_hand: *We need from Acme Retail (A1):* A network capture from store 12\n*Why only they can give it:* we cannot reach their LAN\n"
            + "Asked by <@U0CAROL>; <@U0BOB> owns the crisis and follows it up. Once we have it: `/crisis asked A1 done [note]`.",
            Seen(RecordBlocks.AskPost(open, open.Record.Asks[0])));
        var shown = Seen(RecordBlocks.AskPost(done, done.Record.Asks[0]));
        Assert.StartsWith(":white_check_mark: *Done (A1), no longer needed from Acme Retail:* A network capture from store 12", shown);
        Assert.EndsWith($"marked done by <@U0BOB> at {Mrkdwn.Time(At(40))}: received at 17:00", shown);
    }

    [Fact]
    public void Requests_and_the_customer_name_are_escaped()
    {
        var crisis = Crisis.Fold(Id, [.. OpenedWithRooms(customer: Hostile), Asked(1, Hostile, Hostile, 5)]);

        string[] seen = [Section(Digest(crisis, 10), "*What we need from ")!, Seen(RecordBlocks.AskPost(crisis, crisis.Record.Asks[0]))];

        Assert.All(seen, text =>
        {
            Assert.DoesNotContain("<!channel>", text);
            Assert.DoesNotContain("<@U0EVE>", text);
        });
    }

    // ---------------------------------------------------------------- posts

    [Fact]
    public void A_fact_is_posted_with_its_source_and_who_recorded_it()
    {
        var fact = Fold(Fact(1, "Only stores on firmware 4.2 freeze", "POS inventory export", 5)).Record.Facts[0];

        Assert.Equal(
            ":pushpin: *F1* Only stores on firmware 4.2 freeze\n*Source:* POS inventory export · recorded by <@U0CAROL>",
            Seen(RecordBlocks.FactPost(fact)));
    }

    [Fact]
    public void A_question_is_posted_with_how_to_answer_it_and_its_answer_with_the_source()
    {
        var question = Fold(Question(1, "Since when?", 6), Answered(1, "Monday", "incident log", 9)).Record.Questions[0];

        Assert.Equal(
            ":grey_question: *Q1* Since when?\nAsked by <@U0CAROL>. Answer it with `/crisis answer Q1 <answer> source <how we know>`.",
            Seen(RecordBlocks.QuestionPost(question)));
        Assert.Equal(
            ":white_check_mark: *Q1 answered* (Since when?)\nMonday\n*Source:* incident log · answered by <@U0ALICE>",
            Seen(RecordBlocks.AnswerPost(question, question.Answer!)));
    }

    // ---------------------------------------------------------------- status

    [Fact]
    public void Status_lists_the_open_questions_with_who_asked_and_how_long_ago()
    {
        var crisis = Fold(Question(1, "Since when?", 5), Question(2, "Which firmware?", 20), Answered(1, "Monday", "incident log", 30));

        var status = RecordBlocks.Status(crisis, At(110));

        Assert.Equal("\n\n*Open questions*\n• Q2 Which firmware? · asked by <@U0CAROL> 1 hour 30 minutes ago", status);
    }

    [Fact]
    public void Status_lists_the_parking_lot_and_the_time_spent_per_person_most_first_and_in_all_in_words()
    {
        var crisis = Fold(
            new CrisisEvent.ConcernParked("Acme's CIO wants to know why monitoring missed this", Carol, At(5)),
            new CrisisEvent.ConcernParked(Hostile, Alice, At(6)),
            new CrisisEvent.TimeSpent(Carol, TimeSpan.FromHours(3), null, Carol, At(7)),
            new CrisisEvent.TimeSpent(Alice, TimeSpan.FromMinutes(90), "log review", Carol, At(8)),
            new CrisisEvent.TimeSpent(Alice, TimeSpan.FromMinutes(120), null, Alice, At(9)),
            new CrisisEvent.TimeSpent(Bob, TimeSpan.FromHours(20), null, Bob, At(10)));

        var status = RecordBlocks.Status(crisis, At(20));

        Assert.Equal(
            "\n\n*Parking lot* (2, for the debrief)"
            + "\n• Acme's CIO wants to know why monitoring missed this · parked by <@U0CAROL>"
            + "\n• fees &lt; 5% &amp; &lt;!channel&gt; &lt;@U0EVE&gt; · parked by <@U0ALICE>"
            + "\n\n*Time spent:* 1 day 2 hours 30 minutes in all"
            + "\n• <@U0BOB> 20 hours"
            + "\n• <@U0ALICE> 3 hours 30 minutes"
            + "\n• <@U0CAROL> 3 hours",
            status);
    }

    [Fact]
    public void Status_says_when_every_question_has_its_answer_and_shows_nothing_for_a_crisis_with_none()
    {
        Assert.Equal("\n\n*Open questions*\nNone. Every question has its answer.",
            RecordBlocks.Status(Fold(Question(1, "Since when?", 5), Answered(1, "Monday", "incident log", 30)), At(40)));
        Assert.Equal("", RecordBlocks.Status(Fold(), At(40)));
    }
}
