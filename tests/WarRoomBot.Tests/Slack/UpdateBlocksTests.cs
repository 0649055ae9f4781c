using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WarRoomBot.Crises;
using WarRoomBot.Features.Updates;
using WarRoomBot.Slack.Api;
using WarRoomBot.Slack.Blocks;
using static WarRoomBot.Tests.Slack.Rendered;

namespace WarRoomBot.Tests.Slack;

/// <summary>
/// What the business channel reads about a crisis, and the owner's reminder and pointers in the technical channel,
/// for crises folded out of their events as the rules and the clock write them.
/// </summary>
public sealed class UpdateBlocksTests
{
    private static readonly CrisisId Id = new(42);
    private static readonly DateTimeOffset Opened = new(2026, 3, 14, 16, 20, 0, TimeSpan.Zero);
    private static readonly UserId Alice = new("U0ALICE");
    private static readonly UserId Bob = new("U0BOB");
    private static readonly UserId Carol = new("U0CAROL");
    private static readonly ChannelId Tech = new("C0TECH");
    private static readonly ChannelId Biz = new("G0BIZ");
    private static readonly SlackUser Owner = new(Bob, "bob", "Bob Stone", "+1 555 0100", "Europe/Paris", 3600);
    private static readonly UpdatePolicy Policy = UpdatePolicy.Default;

    private const string Statement = "the payment cache is stale";
    private const string Plan = "flush one store's cache";
    private const string Second = "the card terminal firmware drops sessions";
    private const string SecondPlan = "the heap dump from store 114";

    /// <summary>Typed by a person: Slack markup and the three control characters, which must render as text.</summary>
    private const string Hostile = "fees < 5% & <!channel> <@U0EVE> <https://evil.example|click>";

    private static DateTimeOffset At(int minutes) => Opened.AddMinutes(minutes);

    /// <summary>Slack's date token for <paramref name="at"/>: each reader sees it in their own time zone.</summary>
    private static string DateToken(DateTimeOffset at) => Mrkdwn.Time(at);

    private static CrisisEvent[] OpenedWithRooms(string title = "Checkout freezes at 300 stores", string customer = "Acme Retail") =>
    [
        new CrisisEvent.Opened(
            title, Severity.Sev1, customer, Bob, Alice, new ChannelId("C0SUPPORT"), null,
            ValueList.Of(Carol), ValueList<UserId>.Empty, BusinessChannelIsPrivate: true, FirstUpdateDue: Opened.AddMinutes(30), At: Opened),
        new CrisisEvent.ChannelCreated(ChannelKind.Technical, Tech, "crisis-42-checkout-freezes-at-300-stores", Opened.AddSeconds(1)),
        new CrisisEvent.ChannelCreated(ChannelKind.Business, Biz, "crisis-42-checkout-freezes-at-300-stores-biz", Opened.AddSeconds(2)),
    ];

    /// <summary>Theory <paramref name="number"/> with its plan as deadline <paramref name="deadline"/>, set at <paramref name="at"/>.</summary>
    private static CrisisEvent[] Theory(int number, int deadline, string statement, string plan, int at, int due) =>
    [
        new CrisisEvent.TheoryProposed(new TheoryId(number), statement, plan, Carol, At(at)),
        new CrisisEvent.DeadlineSet(new DeadlineId(deadline), plan, new TheoryId(number), At(due), Carol, null, null, At(at)),
    ];

    private static CrisisEvent Outcome(int deadline, Outcome outcome, int at, string? note = null) =>
        new CrisisEvent.OutcomeRecorded(new DeadlineId(deadline), outcome, note, Bob, At(at));

    private static Crisis Fold(params IEnumerable<CrisisEvent>[] parts) => Crisis.Fold(Id, parts.SelectMany(p => p));

    /// <summary>The crisis after the clock ticked at <paramref name="minute"/>: the digest it sent, if one was due, is on the record.</summary>
    private static (Crisis Crisis, BusinessUpdate Update) Ticked(IEnumerable<CrisisEvent> history, int minute)
    {
        var events = history.ToList();
        events.AddRange(UpdateClock.Tick(Crisis.Fold(Id, events), Policy, At(minute)));
        var crisis = Crisis.Fold(Id, events);
        return (crisis, crisis.Updates.Last ?? throw new InvalidOperationException("No update was due."));
    }

    private static Deadline D(Crisis crisis, int number) => crisis.Deadline(new DeadlineId(number))!;

    /// <summary>The text of the block that starts with <paramref name="heading"/>, or null when no block does.</summary>
    private static string? Section(SlackMessage message, string heading) =>
        Texts(message.Blocks).FirstOrDefault(t => t.StartsWith(heading, StringComparison.Ordinal));

    private static string Footer(SlackMessage message) =>
        message.Blocks.OfType<JsonObject>().Last() is { } last && (string?)last["type"] == "context"
            ? Texts(last).Single()
            : throw new InvalidOperationException("The message does not end with a context footer.");

    // ---------------------------------------------------------------- a fresh crisis

    [Fact]
    public void The_first_digest_of_a_fresh_crisis_gives_the_headline_impact_owner_and_the_cadence_as_the_reason()
    {
        var (crisis, update) = Ticked(OpenedWithRooms(), 30);

        var message = UpdateBlocks.Digest(crisis, update, Owner, At(30));

        var seen = Seen(message);
        Assert.Contains(":briefcase: Crisis 42 · business update 1", seen);
        Assert.Contains("*Crisis 42 · Acme Retail:* Checkout freezes at 300 stores\nsev1 · *Investigating* · open for 30 minutes", seen);
        Assert.Contains("*Impact:* not yet assessed", seen);
        Assert.Contains("*What we are doing*\nNo working theory is written down yet", seen);
        Assert.Contains("*Who owns it:* <@U0BOB> :telephone_receiver: +1 555 0100, accountable owner", seen);
        Assert.StartsWith($"*Next update at {DateToken(At(60))}", Footer(message));
        Assert.EndsWith("(in 30 minutes) because sev1 crises are updated every 30 minutes.", Footer(message));
        Assert.DoesNotContain("late", seen);
        Assert.Equal("Crisis 42 update 1: Checkout freezes at 300 stores (Acme Retail) · Investigating. Next update 17:20 UTC.", message.Text);
    }

    [Fact]
    public void A_digest_has_no_heading_without_something_under_it()
    {
        var (crisis, update) = Ticked(OpenedWithRooms(), 30);

        var message = UpdateBlocks.Digest(crisis, update, Owner, At(30));

        var seen = Seen(message);
        Assert.DoesNotContain("What we know", seen);
        Assert.DoesNotContain("Ruled out", seen);
        Assert.DoesNotContain("Deadlines so far", seen);
        Assert.DoesNotContain("from the customer", seen);
        Assert.DoesNotContain("Sponsor", seen);
        Assert.DoesNotContain(Texts(message.Blocks), t => Regex.IsMatch(t, @"(^|\n)\*[^*\n]+\*$")); // no heading ends a block
    }

    [Fact]
    public void Without_a_phone_on_the_profile_the_owner_is_named_alone()
    {
        var (crisis, update) = Ticked(OpenedWithRooms(), 30);

        var seen = Seen(UpdateBlocks.Digest(crisis, update, null, At(30)));

        Assert.Contains("*Who owns it:* <@U0BOB>, accountable owner", seen);
        Assert.DoesNotContain(":telephone_receiver:", seen);
    }

    // ---------------------------------------------------------------- mid-diagnosis

    [Fact]
    public void Mid_diagnosis_the_digest_shows_the_theory_being_worked_its_plan_and_the_next_deadline()
    {
        var (crisis, update) = Ticked([.. OpenedWithRooms(), .. Theory(1, 1, Statement, Plan, 1, 46)], 30);

        var message = UpdateBlocks.Digest(crisis, update, Owner, At(30));

        var doing = Section(message, "*What we are doing*")!;
        Assert.Contains($"• Testing T1: {Statement}. _To prove or disprove it:_ {Plan}, by {DateToken(At(46))}", doing);
        Assert.Contains("(D1)", doing);
        Assert.Contains($"*Next deadline:* D1 at {DateToken(At(46))} (in 16 minutes); it decides whether T1 holds.", doing); // its step is the plan just above
        Assert.DoesNotContain("No working theory", doing);
        Assert.DoesNotContain("Deadlines so far", doing);
        Assert.Null(Section(message, "*What we know*"));
        Assert.Contains("sev1 · *Investigating*", Seen(message));
    }

    [Fact]
    public void A_plan_falling_due_before_the_cadence_is_the_reason_for_the_next_update_and_says_which_theory_it_decides()
    {
        var (crisis, update) = Ticked([.. OpenedWithRooms(), .. Theory(1, 1, Statement, Plan, 1, 200), .. Theory(2, 2, Second, SecondPlan, 2, 46)], 30);

        var footer = Footer(UpdateBlocks.Digest(crisis, update, Owner, At(30)));

        Assert.Equal(NextUpdateCause.Deadline, update.Next.Cause);
        Assert.Contains(DateToken(At(51)), footer);
        Assert.EndsWith($"(in 21 minutes) because D2, the heap dump from store 114, falls due at {DateToken(At(46))} and decides whether T2 holds.", footer);
    }

    [Fact]
    public void A_side_step_falling_due_first_is_the_reason_but_decides_nothing()
    {
        var sideStep = new CrisisEvent.DeadlineSet(new DeadlineId(2), "collect POS logs from store 12", new TheoryId(1), At(40), Bob, null, null, At(5));
        var (crisis, update) = Ticked([.. OpenedWithRooms(), .. Theory(1, 1, Statement, Plan, 1, 50), sideStep], 30);

        var reason = UpdateBlocks.NextReason(crisis, update.Next);
        var doing = Section(UpdateBlocks.Digest(crisis, update, Owner, At(30)), "*What we are doing*")!;

        Assert.Equal($"D2, collect POS logs from store 12, falls due at {DateToken(At(40))}", reason);
        Assert.Contains($"*Next deadline:* D2, collect POS logs from store 12, at {DateToken(At(40))} (in 10 minutes).", doing);
    }

    [Fact]
    public void A_deadline_settled_before_the_update_it_chose_is_told_as_past_not_promised_again()
    {
        var (digest, update) = Ticked([.. OpenedWithRooms(), .. Theory(1, 1, Statement, Plan, 1, 46)], 30);
        var confirmed = Crisis.Evolve(digest, new CrisisEvent.OutcomeRecorded(new DeadlineId(1), Crises.Outcome.Confirmed, null, Bob, At(35)));

        Assert.Equal(NextUpdateCause.Deadline, update.Next.Cause);
        Assert.Equal($"D1, {Plan}, was due at {DateToken(At(46))}, and this update reports what came of it", UpdateBlocks.NextReason(confirmed, update.Next));
        Assert.DoesNotContain("decides", UpdateBlocks.Footer(confirmed, confirmed.Updates.Next, At(36)));
    }

    [Fact]
    public void A_long_step_in_the_reason_is_shortened_and_escaped()
    {
        var step = "replay & compare " + new string('x', 200);
        var (crisis, update) = Ticked([.. OpenedWithRooms(), .. Theory(1, 1, Statement, step, 1, 46)], 30);

        var reason = UpdateBlocks.NextReason(crisis, update.Next);

        Assert.StartsWith("D1, replay &amp; compare xxx", reason);
        Assert.Contains($"…, falls due at {DateToken(At(46))} and decides whether T1 holds", reason);
        Assert.True(reason.Length < 240, reason);
    }

    // ---------------------------------------------------------------- a missed deadline

    /// <summary>
    /// T1's plan D1 falls due at minute 46 and is missed at 61; the clock sent the digests at 30 and at 51 (D1's due time
    /// and the margin for its outcome), so the next update is due at 81.
    /// </summary>
    private static List<CrisisEvent> Missed()
    {
        var events = new List<CrisisEvent>([.. OpenedWithRooms(), .. Theory(1, 1, Statement, Plan, 1, 46)]);
        events.AddRange(UpdateClock.Tick(Crisis.Fold(Id, events), Policy, At(30)));
        events.Add(new CrisisEvent.DeadlineFellDue(new DeadlineId(1), At(46)));
        events.AddRange(UpdateClock.Tick(Crisis.Fold(Id, events), Policy, At(51)));
        events.Add(new CrisisEvent.DeadlineMissed(new DeadlineId(1), At(61)));
        return events;
    }

    [Fact]
    public void After_a_missed_deadline_the_digest_says_it_is_overdue_who_was_asked_and_counts_it_missed()
    {
        var (crisis, update) = Ticked(Missed(), 81);

        var doing = Section(UpdateBlocks.Digest(crisis, update, Owner, At(81)), "*What we are doing*")!;

        Assert.Contains($"*Overdue:* D1, {Plan}, was due at {DateToken(At(46))}", doing);
        Assert.Contains("<@U0BOB> has been asked for the result.", doing);
        Assert.Contains("*Deadlines so far:* 0 kept, 1 missed.", doing);
        Assert.DoesNotContain("*Next deadline:*", doing);
    }

    [Fact]
    public void The_missed_deadline_notice_says_what_it_was_meant_to_settle_who_was_asked_and_when_the_next_update_comes()
    {
        var crisis = Fold(Missed());

        var message = UpdateBlocks.MissedBusiness(crisis, D(crisis, 1), DeadlinePolicy.Default, At(61));

        var seen = Seen(message);
        Assert.Contains($":warning: *A diagnostic deadline was missed.* The team committed to an answer by {DateToken(At(46))}", seen);
        Assert.Contains($"on D1: {Plan}. No result came within 15 minutes of that time.", seen);
        Assert.Contains($"*It was meant to settle:* whether T1 holds: {Statement}", seen);
        Assert.Contains("*What happens next:* <@U0BOB> has been asked for the result", seen);
        Assert.StartsWith($"*Next update at {DateToken(At(81))}", Footer(message));
        Assert.EndsWith("(in 20 minutes) because sev1 crises are updated every 30 minutes.", Footer(message));
        Assert.Equal("Crisis 42: a diagnostic deadline (D1) was missed.", message.Text);
    }

    [Fact]
    public void A_missed_step_with_no_theory_has_no_line_about_what_it_would_settle()
    {
        var crisis = Fold(
            OpenedWithRooms(),
            [
                new CrisisEvent.DeadlineSet(new DeadlineId(1), "call the vendor", null, At(20), Bob, null, null, At(0)),
                new CrisisEvent.DeadlineMissed(new DeadlineId(1), At(35)),
            ]);

        var seen = Seen(UpdateBlocks.MissedBusiness(crisis, D(crisis, 1), DeadlinePolicy.Default, At(35)));

        Assert.DoesNotContain("meant to settle", seen);
        Assert.Contains("on D1: call the vendor.", seen);
    }

    [Fact]
    public void A_missed_plan_disproved_at_last_rules_its_theory_out_and_names_the_theory_the_team_moves_on_to()
    {
        var crisis = Fold(Missed(), Theory(2, 2, Second, SecondPlan, 65, 120), [Outcome(1, Crises.Outcome.Disproved, 70)]);

        var message = UpdateBlocks.LateOutcome(crisis, D(crisis, 1), At(70));

        var seen = Seen(message);
        Assert.Contains($"The team had committed to an answer by {DateToken(At(46))} on D1: {Plan}. The result came in at {DateToken(At(70))}.", seen);
        Assert.Contains($"*What it changes:* T1 is ruled out ({Statement}); the team moves on to T2: {Second}.", seen);
        Assert.StartsWith("*Next update at", Footer(message));
    }

    [Fact]
    public void A_missed_plan_confirmed_at_last_identifies_the_cause()
    {
        var crisis = Fold(Missed(), [Outcome(1, Crises.Outcome.Confirmed, 70)]);

        var seen = Seen(UpdateBlocks.LateOutcome(crisis, D(crisis, 1), At(70)));

        Assert.Contains($"*What it changes:* the cause is identified (T1): {Statement}. The fix is being worked.", seen);
    }

    [Fact]
    public void A_missed_plan_extended_at_last_gives_the_reason_and_the_new_time()
    {
        var crisis = Fold(
            Missed(),
            [
                Outcome(1, Crises.Outcome.Extended, 70, "staging is down"),
                new CrisisEvent.DeadlineSet(new DeadlineId(2), Plan, new TheoryId(1), At(130), Bob, new DeadlineId(1), "staging is down", At(70)),
            ]);

        var seen = Seen(UpdateBlocks.LateOutcome(crisis, D(crisis, 1), At(70)));

        Assert.Contains($"*What it changes:* the team needs more time: staging is down. The new deadline is D2, at {DateToken(At(130))} (in 1 hour).", seen);
    }

    // ---------------------------------------------------------------- a confirmed theory

    /// <summary>T1 disproved by D1 at minute 40; T2 confirmed by D2 at minute 70.</summary>
    private static CrisisEvent[] Confirmed() =>
    [
        .. OpenedWithRooms(),
        .. Theory(1, 1, Statement, Plan, 1, 46),
        Outcome(1, Crises.Outcome.Disproved, 40),
        .. Theory(2, 2, Second, SecondPlan, 41, 80),
        Outcome(2, Crises.Outcome.Confirmed, 70),
    ];

    [Fact]
    public void With_a_confirmed_theory_the_digest_gives_the_cause_when_it_was_confirmed_and_what_was_ruled_out()
    {
        var (crisis, update) = Ticked(Confirmed(), 75);

        var message = UpdateBlocks.Digest(crisis, update, Owner, At(75));

        var known = Section(message, "*What we know*")!;
        Assert.Contains($"*Cause identified* (T2, confirmed at {DateToken(At(70))}", known);
        Assert.Contains($"): {Second}", known);
        Assert.Contains($"*Ruled out:*\n• T1: {Statement}", known);
        Assert.Contains("sev1 · *Cause identified* · open for 1 hour 15 minutes", Seen(message));
        var doing = Section(message, "*What we are doing*")!;
        Assert.Contains("*Deadlines so far:* 2 kept, 0 missed.", doing);
        Assert.DoesNotContain("Testing", doing);
        Assert.DoesNotContain("No working theory", doing);
        Assert.Contains("Cause identified", message.Text);
    }

    [Fact]
    public void A_confirmed_explanation_reaches_the_business_channel_with_how_it_was_proved_and_what_comes_next()
    {
        var crisis = Fold(Confirmed());

        var message = UpdateBlocks.ExplanationFound(crisis, crisis.Theory(new TheoryId(2))!, D(crisis, 2), At(70));

        var seen = Seen(message);
        Assert.Contains($":white_check_mark: *Cause identified* (T2): {Second}", seen);
        Assert.Contains($"*How we know:* D2, {SecondPlan}, confirmed it at {DateToken(At(70))}.", seen);
        Assert.Contains("*What happens next:* the fix is being worked.", seen);
        Assert.Contains(DateToken(crisis.Updates.Next.Due), Footer(message));
        Assert.Equal($"Crisis 42: cause identified: {Second}", message.Text);
    }

    // ---------------------------------------------------------------- late, the owner's words, status

    [Fact]
    public void A_digest_the_clock_sends_late_says_when_it_was_due_and_why_it_is_late()
    {
        var (crisis, update) = Ticked(OpenedWithRooms(), 45);

        var seen = Seen(UpdateBlocks.Digest(crisis, update, Owner, At(45)));

        Assert.Contains($":hourglass: This update was due at {DateToken(At(30))}", seen);
        Assert.Contains("it went out late, when the bot was next able to send it.", seen);
        Assert.Contains("open for 45 minutes", seen);
    }

    [Fact]
    public void A_digest_sent_on_request_is_never_called_late()
    {
        var crisis = Fold(OpenedWithRooms());
        var history = OpenedWithRooms().Concat(UpdateRules.Digest(crisis, Bob, Policy, At(45)).Events);
        var after = Crisis.Fold(Id, history);

        var seen = Seen(UpdateBlocks.Digest(after, after.Updates.Last!, Owner, At(45)));

        Assert.DoesNotContain("late", seen);
    }

    [Fact]
    public void The_owners_update_is_their_escaped_words_attributed_to_them_with_their_reason_as_the_footer()
    {
        var crisis = Fold(OpenedWithRooms());
        var decision = UpdateRules.Post(crisis, new OwnerUpdate("We rolled back the release & " + Hostile, At(90), "the rollout to the last 50 stores finishes then", false, Bob), Policy, At(20));
        Assert.True(decision.IsAccepted, decision.RejectedBecause);
        var after = Crisis.Fold(Id, OpenedWithRooms().Concat(decision.Events));

        var message = UpdateBlocks.OwnerUpdate(after, after.Updates.Last!, Owner, At(20));

        var seen = Seen(message);
        Assert.Contains("*Crisis 42 · Acme Retail:* Checkout freezes at 300 stores · sev1", seen);
        Assert.Contains("We rolled back the release &amp; fees &lt; 5% &amp; &lt;!channel&gt; &lt;@U0EVE&gt; &lt;https://evil.example|click&gt;", seen);
        Assert.DoesNotContain("<!channel>", seen);
        Assert.DoesNotContain("<!channel>", message.Text);
        Assert.Contains("From <@U0BOB> :telephone_receiver: +1 555 0100, accountable owner", seen);
        Assert.Contains(DateToken(At(90)), Footer(message));
        Assert.EndsWith("(in 1 hour 10 minutes) because the rollout to the last 50 stores finishes then.", Footer(message));
    }

    [Fact]
    public void The_owners_longest_words_are_split_over_sections_never_cut()
    {
        var words = string.Join(' ', Enumerable.Repeat("R&D", 499)); // 1,995 characters, 5,985 escaped
        var crisis = Fold(OpenedWithRooms());
        var after = Crisis.Fold(Id, OpenedWithRooms().Concat(
            UpdateRules.Post(crisis, new OwnerUpdate(words, At(60), "the next store batch reports then", false, Bob), Policy, At(20)).Events));

        var message = UpdateBlocks.OwnerUpdate(after, after.Updates.Last!, Owner, At(20));

        var texts = Texts(message.Blocks);
        Assert.All(texts, t => Assert.InRange(t.Length, 1, 3000));
        Assert.Equal(499, texts.Sum(t => Regex.Count(t, "R&amp;D")));
        Assert.All(texts, t => Assert.DoesNotMatch("&(?!amp;|lt;|gt;)", t));
    }

    [Fact]
    public void Status_shows_the_digest_as_it_reads_now_ending_with_the_promise_the_business_channel_holds()
    {
        var crisis = Fold(OpenedWithRooms(), Theory(1, 1, Statement, Plan, 1, 46));

        var message = UpdateBlocks.Status(crisis, Owner, At(10));

        var seen = Seen(message);
        Assert.Contains("the business digest as it reads now", seen);
        Assert.Contains("open for 10 minutes", seen);
        Assert.Contains($"• Testing T1: {Statement}", seen);
        Assert.Contains(DateToken(At(30)), Footer(message));
        Assert.EndsWith("(in 20 minutes) because sev1 crises are updated every 30 minutes.", Footer(message));
    }

    // ---------------------------------------------------------------- people's text and Slack's limits

    [Fact]
    public void Peoples_text_in_a_digest_is_escaped_everywhere()
    {
        var (crisis, update) = Ticked([.. OpenedWithRooms(Hostile, Hostile), .. Theory(1, 1, Hostile, Hostile, 1, 46)], 30);

        var message = UpdateBlocks.Digest(crisis, update, Owner with { Phone = "<!here> & 1" }, At(30));

        var seen = Seen(message) + message.Text;
        Assert.DoesNotContain("<!channel>", seen);
        Assert.DoesNotContain("<!here>", seen);
        Assert.DoesNotContain("<@U0EVE>", seen);
        Assert.DoesNotContain("<https://evil", seen);
        Assert.Contains("fees &lt; 5% &amp; &lt;!channel&gt;", seen);
        Assert.Contains("&lt;!here&gt; &amp; 1", seen);
    }

    [Fact]
    public void Sixty_theories_ruled_out_and_long_statements_stay_within_slacks_limits_and_point_to_the_technical_channel()
    {
        var longText = string.Concat(Enumerable.Repeat("cache & <lock> ", 33)); // 495 characters, far longer escaped
        var history = new List<CrisisEvent>(OpenedWithRooms());
        for (var n = 1; n <= 60; n++)
        {
            history.AddRange(Theory(n, n, $"theory {n}: {longText}", longText, n, 600 + n));
            history.Add(Outcome(n, Crises.Outcome.Disproved, 61 + n));
        }

        history.AddRange(Theory(61, 61, longText, longText, 130, 700));
        history.AddRange(Theory(62, 62, longText + longText, longText, 131, 701));
        history.Add(Outcome(62, Crises.Outcome.Confirmed, 140));
        var (crisis, update) = Ticked(history, 150);

        var message = UpdateBlocks.Digest(crisis, update, Owner, At(150));

        Assert.InRange(message.Blocks.Count, 1, 50);
        var texts = Texts(message.Blocks);
        Assert.All(texts, t => Assert.InRange(t.Length, 1, 3000));
        Assert.All(texts, t => Assert.DoesNotMatch("&(?!amp;|lt;|gt;)", t)); // no entity cut in half
        Assert.InRange(texts.Sum(t => t.Length), 1, 8000); // well under the ~12,000 characters Slack takes in one message (msg_blocks_too_long)
        var known = Section(message, "*What we know*")!;
        Assert.Contains("*Cause identified* (T62", known);
        Assert.Contains("more in <#C0TECH>", known);
        Assert.Matches(@"\n… \d+ more in <#C0TECH>$", known);
        Assert.Contains("*Ruled out:*\n• T60: theory 60:", known); // newest first
        Assert.DoesNotContain("• T1: theory 1:", known);
        Assert.Contains("more in <#C0TECH>", Section(message, "*What we are doing*")!);
        Assert.StartsWith("*Next update at", Footer(message));
    }

    [Fact]
    public void The_ten_theories_ruled_out_last_are_listed_newest_first_and_the_older_ones_counted()
    {
        var history = new List<CrisisEvent>(OpenedWithRooms());
        for (var n = 1; n <= 12; n++)
        {
            history.AddRange(Theory(n, n, $"suspect {n}", $"check {n}", n, 300));
            history.Add(Outcome(n, Crises.Outcome.Disproved, 20 + n));
        }

        var (crisis, update) = Ticked(history, 40);

        var known = Section(UpdateBlocks.Digest(crisis, update, Owner, At(40)), "*What we know*")!;

        Assert.Equal(
            "*What we know*\n*Ruled out:*\n" + string.Join("\n", Enumerable.Range(3, 10).Reverse().Select(n => $"• T{n}: suspect {n}")) + "\n… 2 more in <#C0TECH>",
            known);
    }

    // ---------------------------------------------------------------- reminder, pointer, form

    [Fact]
    public void The_reminder_asks_the_owner_with_the_draft_headline_and_two_buttons_carrying_the_crisis()
    {
        var crisis = Fold(OpenedWithRooms(), Theory(1, 1, Statement, Plan, 1, 90));

        var message = UpdateBlocks.Reminder(crisis, Owner, Policy, At(20));

        var seen = Seen(message);
        Assert.Contains($":memo: <@U0BOB> *business update 1 is due at {DateToken(At(30))}", seen);
        Assert.Contains("(in 10 minutes) in <#G0BIZ>.", seen);
        Assert.Contains("*The digest opens with:*\n*Crisis 42 · Acme Retail:* Checkout freezes at 300 stores\nsev1 · *Investigating* · open for 30 minutes", seen);
        Assert.Contains($"If nobody acts, the digest goes out at {DateToken(At(30))} by itself", seen);
        Assert.Contains($"and promises the next update at {DateToken(At(60))} because sev1 crises are updated every 30 minutes.", seen);
        var buttons = Buttons(message);
        Assert.Equal(["Post the digest now", "Write my own"], buttons.Select(b => (string?)b["text"]!["text"]));
        Assert.Equal([UpdateBlocks.PostDigestAction, UpdateBlocks.WriteOwnAction], buttons.Select(b => (string?)b["action_id"]));
        Assert.Equal(["primary", null], buttons.Select(b => (string?)b["style"]));
        Assert.All(buttons, b => Assert.Equal((new CrisisId(42), 1), UpdateBlocks.ReadValue((string?)b["value"])));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("42")]
    [InlineData("0:1")]
    [InlineData("42:0")]
    [InlineData("-4:2")]
    [InlineData("4:-2")]
    [InlineData("forty-two:1")]
    [InlineData(" 42:1")]
    [InlineData("42:")]
    public void A_button_value_that_names_no_crisis_reads_as_none(string? value) => Assert.Null(UpdateBlocks.ReadValue(value));

    [Fact]
    public void Once_an_update_went_out_the_reminder_says_which_and_loses_its_buttons()
    {
        var (digest, given) = Ticked(OpenedWithRooms(), 30);
        var crisis = Fold(OpenedWithRooms());
        var owned = Crisis.Fold(Id, OpenedWithRooms().Concat(
            UpdateRules.Post(crisis, new OwnerUpdate("The rollback is done.", At(60), "the last stores report then", false, Bob), Policy, At(25)).Events));

        var byClock = UpdateBlocks.ReminderDone(digest, given);
        var byOwner = UpdateBlocks.ReminderDone(owned, owned.Updates.Last!);

        Assert.StartsWith($":white_check_mark: Business update 1 went out at {DateToken(At(30))}", Seen(byClock));
        Assert.Contains("(the digest) in <#G0BIZ>.", Seen(byClock));
        Assert.Contains("(<@U0BOB>'s own words)", Seen(byOwner));
        Assert.Empty(Buttons(byClock));
        Assert.Empty(Buttons(byOwner));
    }

    [Fact]
    public void The_pointer_links_the_business_post_says_what_kind_it_was_and_when_the_next_comes()
    {
        var (crisis, update) = Ticked(OpenedWithRooms(), 30);

        var byLink = Seen(UpdateBlocks.Pointer(crisis, update, "https://acme.slack.com/archives/G0BIZ/p1773505800000100"));
        var byChannel = Seen(UpdateBlocks.Pointer(crisis, update, "<#G0BIZ>"));

        Assert.Equal(
            $":briefcase: Business update 1 posted: <https://acme.slack.com/archives/G0BIZ/p1773505800000100|view it> (the digest). Next update at {Mrkdwn.Time(At(60))}.",
            byLink);
        Assert.StartsWith(":briefcase: Business update 1 posted: <#G0BIZ> (the digest).", byChannel);
    }

    [Fact]
    public void The_owners_form_has_three_fields_remembers_the_crisis_and_shows_the_current_promise()
    {
        var crisis = Fold(OpenedWithRooms());

        var view = WriteUpdateModal.View(crisis);

        Assert.Equal(WriteUpdateModal.CallbackId, (string?)view["callback_id"]);
        Assert.Equal(new CrisisId(42), WriteUpdateModal.ReadCrisis((string?)view["private_metadata"]));
        Assert.Equal(["Business update", "Post", "Cancel"], new[] { "title", "submit", "close" }.Select(k => (string?)view[k]!["text"]));
        var blocks = view["blocks"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Equal(
            [WriteUpdateModal.TextBlock, WriteUpdateModal.NextBlock, WriteUpdateModal.ReasonBlock],
            blocks.Where(b => (string?)b["type"] == "input").Select(b => (string?)b["block_id"]));
        Assert.Contains($"Next update is due at {DateToken(At(30))}", Texts(blocks[0]).Single());
        Assert.Contains("because sev1 crises are updated every 30 minutes.", Texts(blocks[0]).Single());
        Assert.True((bool?)blocks[1]["element"]!["multiline"]);
        Assert.Contains(Texts(blocks[2]), t => t.Contains("tomorrow 09:00", StringComparison.Ordinal));
    }

    [Fact]
    public void The_owners_form_reads_its_fields_cleaned_and_a_missing_field_as_empty()
    {
        using var state = JsonDocument.Parse("""
            {
              "text": { "value": { "type": "plain_text_input", "value": "We rolled back.\nAll stores recover\u001B[31m." } },
              "next": { "value": { "type": "plain_text_input", "value": " 45m " } },
              "reason": { "value": { "type": "plain_text_input", "value": null } }
            }
            """);

        var (text, next, reason) = WriteUpdateModal.Read(state.RootElement);

        Assert.Equal("We rolled back. All stores recover.", text);
        Assert.Equal("45m", next);
        Assert.Equal("", reason);
    }

}
