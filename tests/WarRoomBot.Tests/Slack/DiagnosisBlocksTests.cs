using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Features.Updates;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;
using static WarRoomBot.Tests.Slack.Rendered;

namespace WarRoomBot.Tests.Slack;

/// <summary>What the rooms show about theories and deadlines, from crises folded out of their events.</summary>
public sealed class DiagnosisBlocksTests
{
    private static readonly CrisisId Id = new(42);
    private static readonly DateTimeOffset Opened = new(2026, 3, 14, 16, 20, 0, TimeSpan.Zero);
    private static readonly UserId Alice = new("U0ALICE");
    private static readonly UserId Bob = new("U0BOB");
    private static readonly UserId Carol = new("U0CAROL");
    private static readonly UserId Dave = new("U0DAVE");
    private static readonly ChannelId Tech = new("C0TECH");
    private static readonly ChannelId Biz = new("G0BIZ");

    private const string Statement = "the payment cache is stale";
    private const string Plan = "flush one store's cache";

    /// <summary>Typed by a person: Slack markup and the three control characters, which must render as text.</summary>
    private const string Hostile = "fees < 5% & <!channel> <@U0EVE> <https://evil.example|click>";

    private static DateTimeOffset At(int minutes) => Opened.AddMinutes(minutes);

    private static string DateToken(DateTimeOffset at) => $"<!date^{at.ToUnixTimeSeconds()}^";

    private static CrisisEvent[] OpenedWithRooms(string title = "Checkout freezes at 300 stores") =>
    [
        new CrisisEvent.Opened(
            title, Severity.Sev1, "Acme Retail", Bob, Alice, new ChannelId("C0SUPPORT"), "https://hooks.slack.com/commands/T1/1/abc",
            ValueList.Of(Carol), ValueList.Of(Dave), BusinessChannelIsPrivate: true, FirstUpdateDue: Opened.AddMinutes(30), At: Opened),
        new CrisisEvent.ChannelCreated(ChannelKind.Technical, Tech, "crisis-42-checkout-freezes-at-300-stores", Opened.AddSeconds(1)),
        new CrisisEvent.ChannelCreated(ChannelKind.Business, Biz, "crisis-42-checkout-freezes-at-300-stores-biz", Opened.AddSeconds(2)),
    ];

    /// <summary>T1 with its plan as D1, set by Carol at minute 1 and due 45 minutes later.</summary>
    private static CrisisEvent[] WithTheory(string statement = Statement, string plan = Plan) =>
    [
        .. OpenedWithRooms(),
        new CrisisEvent.TheoryProposed(new TheoryId(1), statement, plan, Carol, At(1)),
        new CrisisEvent.DeadlineSet(new DeadlineId(1), plan, new TheoryId(1), At(46), Carol, null, null, At(1)),
    ];

    private static Crisis Fold(params IEnumerable<CrisisEvent>[] parts) => Crisis.Fold(Id, parts.SelectMany(p => p));

    private static Deadline D(Crisis crisis, int number) => crisis.Deadline(new DeadlineId(number)) ?? throw new ArgumentOutOfRangeException(nameof(number));

    // ---------------------------------------------------------------- deadline set

    [Fact]
    public void The_theory_post_shows_statement_plan_due_time_and_who_set_it()
    {
        var crisis = Fold(WithTheory());

        var message = DiagnosisBlocks.DeadlineSet(crisis, D(crisis, 1), At(1));

        var seen = Seen(message);
        Assert.Contains("T1", seen);
        Assert.Contains("Working theory:* " + Statement, seen);
        Assert.Contains("*Plan to prove or disprove it:* " + Plan, seen);
        Assert.Contains("*Deadline D1:* " + DateToken(At(46)), seen);
        Assert.Contains("(in 45 minutes)", seen);
        Assert.Contains("Set by <@U0CAROL>", seen);
        Assert.Contains(Statement, message.Text);
        Assert.Contains("D1", message.Text);
        Assert.Empty(Buttons(message));
    }

    [Theory]
    [InlineData(0, "in 45 minutes")]
    [InlineData(15, "in 30 minutes")]
    [InlineData(-59, "in 1 hour 44 minutes")]
    public void The_due_words_count_from_the_time_of_posting(int minutesAfterSetting, string words)
    {
        var crisis = Fold(WithTheory());

        var seen = Seen(DiagnosisBlocks.DeadlineSet(crisis, D(crisis, 1), At(1 + minutesAfterSetting)));

        Assert.Contains($"({words})", seen);
    }

    [Fact]
    public void A_next_step_post_names_the_step_its_theory_and_who_set_it()
    {
        var crisis = Fold(WithTheory(), [new CrisisEvent.DeadlineSet(new DeadlineId(2), "collect POS logs from store 12", new TheoryId(1), At(100), Bob, null, null, At(10))]);

        var message = DiagnosisBlocks.DeadlineSet(crisis, D(crisis, 2), At(10));

        var seen = Seen(message);
        Assert.Contains("*D2 · Next step:* collect POS logs from store 12", seen);
        Assert.Contains("*Deadline:* " + DateToken(At(100)), seen);
        Assert.Contains("(in 1 hour 30 minutes)", seen);
        Assert.Contains("*For T1:* " + Statement, seen);
        Assert.Contains("Set by <@U0BOB>", seen);
        Assert.DoesNotContain("Working theory", seen);
    }

    [Fact]
    public void A_next_step_on_its_own_has_no_theory_line()
    {
        var crisis = Fold(OpenedWithRooms(), [new CrisisEvent.DeadlineSet(new DeadlineId(1), "call the vendor", null, At(60), Bob, null, null, At(0))]);

        var seen = Seen(DiagnosisBlocks.DeadlineSet(crisis, D(crisis, 1), At(0)));

        Assert.Contains("*D1 · Next step:* call the vendor", seen);
        Assert.DoesNotContain("For T", seen);
    }

    [Fact]
    public void An_extension_post_says_the_old_deadline_counts_as_missed_and_gives_the_reason()
    {
        var crisis = Fold(WithTheory(),
        [
            new CrisisEvent.OutcomeRecorded(new DeadlineId(1), Outcome.Extended, "staging is down", Bob, At(50)),
            new CrisisEvent.DeadlineSet(new DeadlineId(2), Plan, new TheoryId(1), At(110), Bob, new DeadlineId(1), "staging is down", At(50)),
        ]);

        var message = DiagnosisBlocks.DeadlineSet(crisis, D(crisis, 2), At(50));

        var seen = Seen(message);
        Assert.Contains("*D1 extended* by <@U0BOB>. D1 counts as missed.", seen);
        Assert.Contains("*Reason:* staging is down", seen);
        Assert.Contains("*New deadline D2:* " + DateToken(At(110)), seen);
        Assert.Contains("(in 1 hour)", seen);
        Assert.Contains("*Step:* " + Plan, seen);
        Assert.Contains("*For T1:* " + Statement, seen);
        Assert.Equal("D1 extended to D2 by <@U0BOB>: staging is down", message.Text);
    }

    // ---------------------------------------------------------------- reminder and due post

    [Fact]
    public void The_reminder_names_the_owner_and_the_time_left()
    {
        var crisis = Fold(WithTheory());

        var seen = Seen(DiagnosisBlocks.Reminder(crisis, D(crisis, 1), At(36)));

        Assert.Contains("<@U0BOB> *D1 falls due in 10 minutes*", seen);
        Assert.Contains(DateToken(At(46)), seen);
        Assert.Contains("*Step:* " + Plan, seen);
        Assert.Contains("confirmed, disproved, or extend with a reason", seen);
    }

    [Fact]
    public void The_due_post_asks_the_owner_with_three_buttons_while_no_outcome_exists()
    {
        var crisis = Fold(WithTheory(), [new CrisisEvent.DeadlineFellDue(new DeadlineId(1), At(46))]);

        var message = DiagnosisBlocks.Due(crisis, D(crisis, 1));

        var seen = Seen(message);
        Assert.Contains("*D1 is due* (" + DateToken(At(46)), seen);
        Assert.Contains(Plan, seen);
        Assert.Contains("*For T1:* " + Statement, seen);
        Assert.Contains("<@U0BOB>, what did it show?", seen);
        var buttons = Buttons(message);
        Assert.Equal(["Confirmed", "Disproved", "Extend…"], buttons.Select(b => (string?)b["text"]!["text"]));
        Assert.Equal(
            Enum.GetValues<DeadlineButton>().Select(Interaction.ActionId),
            buttons.Select(b => (string?)b["action_id"]));
        Assert.All(buttons, b => Assert.Equal(Interaction.ButtonValue(Id, new DeadlineId(1)), (string?)b["value"]));
    }

    [Fact]
    public void A_missed_deadline_without_an_outcome_still_has_its_buttons()
    {
        var crisis = Fold(WithTheory(),
        [
            new CrisisEvent.DeadlineFellDue(new DeadlineId(1), At(46)),
            new CrisisEvent.DeadlineMissed(new DeadlineId(1), At(61)),
        ]);

        Assert.Equal(3, Buttons(DiagnosisBlocks.Due(crisis, D(crisis, 1))).Count);
    }

    [Theory]
    [InlineData(Outcome.Confirmed, ":white_check_mark: *Confirmed* by <@U0CAROL>")]
    [InlineData(Outcome.Disproved, ":x: *Disproved* by <@U0CAROL>")]
    public void Once_confirmed_or_disproved_the_due_post_shows_the_outcome_and_who_instead_of_buttons(Outcome outcome, string line)
    {
        var crisis = Fold(WithTheory(), [new CrisisEvent.OutcomeRecorded(new DeadlineId(1), outcome, "flush fixed store 12", Carol, At(48))]);

        var message = DiagnosisBlocks.Due(crisis, D(crisis, 1));

        Assert.Empty(Buttons(message));
        var seen = Seen(message);
        Assert.Contains(line + " at " + DateToken(At(48)), seen);
        Assert.Contains(": flush fixed store 12", seen);
        Assert.DoesNotContain("what did it show?", seen);
    }

    [Fact]
    public void Once_extended_the_due_post_names_the_new_deadline_and_who_extended_it()
    {
        var crisis = Fold(WithTheory(),
        [
            new CrisisEvent.OutcomeRecorded(new DeadlineId(1), Outcome.Extended, "staging is down", Bob, At(50)),
            new CrisisEvent.DeadlineSet(new DeadlineId(2), Plan, new TheoryId(1), At(110), Bob, new DeadlineId(1), "staging is down", At(50)),
        ]);

        var message = DiagnosisBlocks.Due(crisis, D(crisis, 1));

        Assert.Empty(Buttons(message));
        var seen = Seen(message);
        Assert.Contains("*Extended to D2 (" + DateToken(At(110)), seen);
        Assert.Contains("by <@U0BOB> at " + DateToken(At(50)), seen);
        Assert.Contains(": staging is down", seen);
    }

    // ---------------------------------------------------------------- outcome and missed

    [Fact]
    public void A_confirmed_outcome_makes_its_theory_the_working_explanation()
    {
        var crisis = Fold(WithTheory(), [new CrisisEvent.OutcomeRecorded(new DeadlineId(1), Outcome.Confirmed, "flush fixed store 12", Carol, At(40))]);

        var message = DiagnosisBlocks.Outcome(crisis, D(crisis, 1));

        var seen = Seen(message);
        Assert.Contains(":white_check_mark: *D1 confirmed* by <@U0CAROL>: flush fixed store 12", seen);
        Assert.Contains("*T1 is now the working explanation:* " + Statement, seen);
    }

    [Fact]
    public void A_disproved_outcome_keeps_its_theory_on_the_record()
    {
        var crisis = Fold(WithTheory(), [new CrisisEvent.OutcomeRecorded(new DeadlineId(1), Outcome.Disproved, null, Carol, At(40))]);

        var seen = Seen(DiagnosisBlocks.Outcome(crisis, D(crisis, 1)));

        Assert.Contains(":x: *D1 disproved* by <@U0CAROL>", seen);
        Assert.DoesNotContain("<@U0CAROL>:", seen);
        Assert.Contains("*T1 is disproved* and stays on the record: " + Statement, seen);
    }

    /// <summary>D2, a side step for T1 set by Bob at minute 5 and due at minute 60.</summary>
    private static CrisisEvent SideStep() =>
        new CrisisEvent.DeadlineSet(new DeadlineId(2), "collect POS logs from store 12", new TheoryId(1), At(60), Bob, null, null, At(5));

    [Theory]
    [InlineData(Outcome.Disproved)]
    [InlineData(Outcome.Confirmed)]
    public void A_side_steps_outcome_says_its_theory_stays_open_and_which_deadline_settles_it(Outcome outcome)
    {
        var crisis = Fold(WithTheory(), [SideStep(), new CrisisEvent.OutcomeRecorded(new DeadlineId(2), outcome, null, Bob, At(20))]);

        var seen = Seen(DiagnosisBlocks.Outcome(crisis, D(crisis, 2)));

        Assert.Contains("*T1 stays open:* D2 was a side step; T1 is settled by D1. " + Statement, seen);
        Assert.DoesNotContain("working explanation", seen);
        Assert.DoesNotContain("T1 is disproved", seen);
    }

    [Fact]
    public void A_side_steps_outcome_after_the_plan_settled_the_theory_says_it_stays_as_settled()
    {
        var crisis = Fold(WithTheory(), [
            SideStep(),
            new CrisisEvent.OutcomeRecorded(new DeadlineId(1), Outcome.Confirmed, null, Carol, At(10)),
            new CrisisEvent.OutcomeRecorded(new DeadlineId(2), Outcome.Disproved, null, Bob, At(20)),
        ]);

        Assert.Contains("*T1 stays confirmed:* D2 was a side step; T1 was settled by D1.", Seen(DiagnosisBlocks.Outcome(crisis, D(crisis, 2))));
    }

    [Fact]
    public void A_confirmation_posted_after_a_later_one_does_not_claim_the_working_explanation()
    {
        var crisis = Fold(WithTheory(), [
            new CrisisEvent.TheoryProposed(new TheoryId(2), "firmware 4.2 leaks memory", "replay on staging", Dave, At(2)),
            new CrisisEvent.DeadlineSet(new DeadlineId(2), "replay on staging", new TheoryId(2), At(50), Dave, null, null, At(2)),
            new CrisisEvent.OutcomeRecorded(new DeadlineId(1), Outcome.Confirmed, null, Carol, At(10)),
            new CrisisEvent.OutcomeRecorded(new DeadlineId(2), Outcome.Confirmed, null, Dave, At(20)),
        ]);

        Assert.Contains("*T1 is confirmed:*", Seen(DiagnosisBlocks.Outcome(crisis, D(crisis, 1))));
        Assert.Contains("*T2 is now the working explanation:*", Seen(DiagnosisBlocks.Outcome(crisis, D(crisis, 2))));
    }

    [Fact]
    public void A_side_steps_post_says_it_is_evidence_and_names_the_plan_that_settles_the_theory()
    {
        var crisis = Fold(WithTheory(), [SideStep()]);

        Assert.Contains("A side step: its outcome is evidence for T1; T1 itself is settled by D1.", Seen(DiagnosisBlocks.DeadlineSet(crisis, D(crisis, 2), At(5))));
    }

    // ---------------------------------------------------------------- withdrawn

    [Fact]
    public void A_withdrawn_steps_post_says_who_withdrew_it_when_and_why_and_no_longer_counts_down()
    {
        var crisis = Fold(WithTheory(), [SideStep(), new CrisisEvent.DeadlineWithdrawn(new DeadlineId(2), "typed the wrong store", Bob, At(8))]);

        var message = DiagnosisBlocks.DeadlineSet(crisis, D(crisis, 2), At(9));

        var seen = Seen(message);
        Assert.StartsWith($":heavy_multiplication_x: *D2 withdrawn* by <@U0BOB> at {DateToken(At(8))}", seen);
        Assert.Contains(": typed the wrong store", seen);
        Assert.Contains("*D2 · Next step:* collect POS logs from store 12", seen);
        Assert.DoesNotContain("(in ", seen);
        Assert.StartsWith("Withdrawn: D2. ", message.Text);
    }

    [Fact]
    public void A_withdrawn_theorys_post_says_the_theory_was_withdrawn_even_when_its_plan_was_extended()
    {
        var crisis = Fold(WithTheory(), [
            new CrisisEvent.OutcomeRecorded(new DeadlineId(1), Outcome.Extended, "staging is down", Carol, At(5)),
            new CrisisEvent.DeadlineSet(new DeadlineId(2), Plan, new TheoryId(1), At(90), Carol, new DeadlineId(1), "staging is down", At(5)),
            new CrisisEvent.TheoryWithdrawn(new TheoryId(1), "duplicate of nothing", Carol, At(7)),
            new CrisisEvent.DeadlineWithdrawn(new DeadlineId(2), "duplicate of nothing", Carol, At(7)),
        ]);

        Assert.StartsWith(":heavy_multiplication_x: *T1 withdrawn* by <@U0CAROL>", Seen(DiagnosisBlocks.DeadlineSet(crisis, D(crisis, 1), At(8))));
        Assert.StartsWith(":heavy_multiplication_x: *D2 withdrawn* by <@U0CAROL>", Seen(DiagnosisBlocks.DeadlineSet(crisis, D(crisis, 2), At(8))));
    }

    [Fact]
    public void The_notice_for_a_withdrawn_theory_names_the_deadlines_withdrawn_with_it()
    {
        var crisis = Fold(WithTheory(), [
            SideStep(),
            new CrisisEvent.TheoryWithdrawn(new TheoryId(1), "duplicate of T9", Carol, At(7)),
            new CrisisEvent.DeadlineWithdrawn(new DeadlineId(1), "duplicate of T9", Carol, At(7)),
            new CrisisEvent.DeadlineWithdrawn(new DeadlineId(2), "duplicate of T9", Carol, At(7)),
        ]);

        var message = DiagnosisBlocks.Withdrawn(crisis, D(crisis, 1));

        var seen = Seen(message);
        Assert.Contains("*T1 withdrawn* by <@U0CAROL>", seen);
        Assert.Contains("Withdrawn with it: D1, D2. They stay on the record and count as neither kept nor missed", seen);
        Assert.Equal("T1 withdrawn by <@U0CAROL>: duplicate of T9", message.Text);
    }

    [Fact]
    public void A_withdrawn_due_post_shows_the_withdrawal_instead_of_buttons()
    {
        var crisis = Fold(WithTheory(), [
            SideStep(),
            new CrisisEvent.DeadlineFellDue(new DeadlineId(2), At(60)),
            new CrisisEvent.DeadlineWithdrawn(new DeadlineId(2), "duplicate of D1", Bob, At(62)),
        ]);

        var message = DiagnosisBlocks.Due(crisis, D(crisis, 2));

        Assert.Empty(Buttons(message));
        Assert.Contains("*D2 withdrawn* by <@U0BOB>", Seen(message));
    }

    [Fact]
    public void Status_shows_a_withdrawn_theory_with_its_reason_and_counts_withdrawn_deadlines_apart()
    {
        var crisis = Fold(WithTheory(), [
            SideStep(),
            new CrisisEvent.TheoryWithdrawn(new TheoryId(1), "typed in the wrong crisis", Carol, At(7)),
            new CrisisEvent.DeadlineWithdrawn(new DeadlineId(1), "typed in the wrong crisis", Carol, At(7)),
            new CrisisEvent.DeadlineWithdrawn(new DeadlineId(2), "typed in the wrong crisis", Carol, At(7)),
        ]);

        var text = StatusText.Render(crisis, At(10));

        Assert.Contains("• T1 " + Statement + " · :heavy_multiplication_x: withdrawn: typed in the wrong crisis", text.Split('\n'));
        Assert.Contains("None. Every step has its outcome or was withdrawn.", text);
        Assert.EndsWith("*Deadlines:* 0 kept · 0 missed · 2 withdrawn (D1, D2)", text);
    }

    [Fact]
    public void The_technical_missed_notice_names_the_owner_the_commands_and_the_business_channel()
    {
        var crisis = Fold(WithTheory(), [new CrisisEvent.DeadlineMissed(new DeadlineId(1), At(61))]);

        var seen = Seen(DiagnosisBlocks.MissedTechnical(crisis, D(crisis, 1), DeadlinePolicy.Default));

        Assert.Contains("<@U0BOB> *D1 was missed*: no outcome 15 minutes after it fell due (" + DateToken(At(46)), seen);
        Assert.Contains("`/crisis confirmed D1`", seen);
        Assert.Contains("`/crisis extend D1 to &lt;time&gt; because &lt;reason&gt;`", seen);
        Assert.Contains("<#G0BIZ> has been told", seen);
    }

    [Fact]
    public void The_business_missed_notice_is_short_plain_and_says_what_happens_next()
    {
        var crisis = Fold(WithTheory(), [new CrisisEvent.DeadlineMissed(new DeadlineId(1), At(61))]);

        var message = UpdateBlocks.MissedBusiness(crisis, D(crisis, 1), DeadlinePolicy.Default, At(61));

        var seen = Seen(message);
        Assert.Contains("A diagnostic deadline was missed.", seen);
        Assert.Contains("by " + DateToken(At(46)), seen);
        Assert.Contains("on D1: " + Plan, seen);
        Assert.Contains("*What happens next:* <@U0BOB> has been asked for the result", seen);
        foreach (var jargon in new[] { "/crisis", "`", "confirmed D1", "extend D1", "EscalateAfter" })
        {
            Assert.DoesNotContain(jargon, seen);
            Assert.DoesNotContain(jargon, message.Text);
        }

        Assert.Empty(Buttons(message));
    }

    [Fact]
    public void The_business_missed_notice_after_an_outcome_says_it_was_recorded()
    {
        var crisis = Fold(WithTheory(),
        [
            new CrisisEvent.DeadlineMissed(new DeadlineId(1), At(61)),
            new CrisisEvent.OutcomeRecorded(new DeadlineId(1), Outcome.Disproved, null, Bob, At(62)),
        ]);

        var seen = Seen(UpdateBlocks.MissedBusiness(crisis, D(crisis, 1), DeadlinePolicy.Default, At(62)));

        Assert.Contains("*What happens next:* It has since been recorded as *disproved*", seen);
        Assert.DoesNotContain("/crisis", seen);
    }

    [Theory]
    [InlineData(Outcome.Confirmed, "*confirmed*")]
    [InlineData(Outcome.Disproved, "*disproved*")]
    [InlineData(Outcome.Extended, "*extended*")]
    public void Already_recorded_names_the_outcome_who_recorded_it_and_when(Outcome outcome, string word)
    {
        var text = DiagnosisBlocks.AlreadyRecorded(new DeadlineId(3), new DeadlineOutcome(outcome, "note", Carol, At(48)));

        Assert.StartsWith(":lock: D3 already has its outcome: " + word, text);
        Assert.Contains("recorded by <@U0CAROL> at " + DateToken(At(48)), text);
        Assert.Contains("irrevocable", text);
    }

    // ---------------------------------------------------------------- user text never formats or pings

    public static TheoryData<string> EveryPost => new()
    {
        "theory set", "next step set", "extension set", "reminder", "due", "due with outcome", "due extended", "outcome", "missed technical", "missed business",
    };

    /// <summary>Each post with every piece of user text (statement, plan, step, reason, note) set to <see cref="Hostile"/>.</summary>
    private static SlackMessage Post(string kind)
    {
        var theory = WithTheory(Hostile, Hostile);
        var nextStep = new CrisisEvent.DeadlineSet(new DeadlineId(2), Hostile, new TheoryId(1), At(100), Bob, null, null, At(10));
        CrisisEvent[] extended =
        [
            new CrisisEvent.OutcomeRecorded(new DeadlineId(1), Outcome.Extended, Hostile, Bob, At(50)),
            new CrisisEvent.DeadlineSet(new DeadlineId(2), Hostile, new TheoryId(1), At(110), Bob, new DeadlineId(1), Hostile, At(50)),
        ];
        var outcome = new CrisisEvent.OutcomeRecorded(new DeadlineId(1), Outcome.Confirmed, Hostile, Carol, At(40));
        var missed = new CrisisEvent.DeadlineMissed(new DeadlineId(1), At(61));

        return kind switch
        {
            "theory set" => Render(Fold(theory), 1, c => d => DiagnosisBlocks.DeadlineSet(c, d, At(1))),
            "next step set" => Render(Fold(theory, [nextStep]), 2, c => d => DiagnosisBlocks.DeadlineSet(c, d, At(10))),
            "extension set" => Render(Fold(theory, extended), 2, c => d => DiagnosisBlocks.DeadlineSet(c, d, At(50))),
            "reminder" => Render(Fold(theory), 1, c => d => DiagnosisBlocks.Reminder(c, d, At(36))),
            "due" => Render(Fold(theory), 1, c => d => DiagnosisBlocks.Due(c, d)),
            "due with outcome" => Render(Fold(theory, [outcome]), 1, c => d => DiagnosisBlocks.Due(c, d)),
            "due extended" => Render(Fold(theory, extended), 1, c => d => DiagnosisBlocks.Due(c, d)),
            "outcome" => Render(Fold(theory, [outcome]), 1, c => d => DiagnosisBlocks.Outcome(c, d)),
            "missed technical" => Render(Fold(theory, [missed]), 1, c => d => DiagnosisBlocks.MissedTechnical(c, d, DeadlinePolicy.Default)),
            "missed business" => Render(Fold(theory, [missed]), 1, c => d => UpdateBlocks.MissedBusiness(c, d, DeadlinePolicy.Default, At(61))),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        static SlackMessage Render(Crisis crisis, int deadline, Func<Crisis, Func<Deadline, SlackMessage>> render) => render(crisis)(D(crisis, deadline));
    }

    [Theory]
    [MemberData(nameof(EveryPost))]
    public void User_text_in_the_blocks_is_escaped_so_it_can_never_ping_or_link(string kind)
    {
        var seen = Seen(Post(kind));

        Assert.Contains("fees &lt; 5% &amp; &lt;!channel&gt; &lt;@U0EVE&gt; &lt;https://evil.example|click&gt;", seen);
        Assert.DoesNotContain("<!channel>", seen);
        Assert.DoesNotContain("<@U0EVE>", seen);
        Assert.DoesNotContain("<https://evil.example", seen);
        Assert.DoesNotContain("< 5%", seen);
    }

    [Theory]
    [MemberData(nameof(EveryPost))]
    public void User_text_in_the_notification_text_is_escaped_so_it_can_never_ping_or_link(string kind)
    {
        // The top-level text is what phones and screen readers show, and Slack parses it as mrkdwn: `<!channel>` there notifies the room.
        var text = Post(kind).Text;

        Assert.DoesNotContain("<!channel>", text);
        Assert.DoesNotContain("<@U0EVE>", text);
        Assert.DoesNotContain("<https://evil.example", text);
        Assert.DoesNotContain("< 5%", text);
        Assert.DoesNotContain(" & ", text);
    }

    [Fact]
    public void The_largest_theory_post_still_shows_its_deadline()
    {
        // DiagnosisRules allows 500 characters for the statement and the plan; escaping can make each four times longer.
        var longest = new string('<', DiagnosisRules.MaxTextLength);
        var crisis = Fold(WithTheory(longest, longest));

        var seen = Seen(DiagnosisBlocks.DeadlineSet(crisis, D(crisis, 1), At(1)));

        Assert.Contains("*Deadline D1:* " + DateToken(At(46)), seen);
    }

    // ---------------------------------------------------------------- status

    /// <summary>
    /// T1 confirmed by D1; T2's D3 missed, then extended to D4; T3 disproved by D5; D2 and D6 stand alone.
    /// At minute 90: D2 is 30 minutes overdue (and escalated), D6 is due in 10 minutes, D4 in an hour.
    /// </summary>
    private static Crisis Diagnosis(string title = "Checkout freezes at 300 stores", string statement = Statement) => Crisis.Fold(Id,
    [
        .. OpenedWithRooms(title),
        new CrisisEvent.TheoryProposed(new TheoryId(1), statement, Plan, Carol, At(1)),
        new CrisisEvent.DeadlineSet(new DeadlineId(1), Plan, new TheoryId(1), At(46), Carol, null, null, At(1)),
        new CrisisEvent.DeadlineSet(new DeadlineId(2), "collect POS logs from store 12", null, At(60), Bob, null, null, At(5)),
        new CrisisEvent.OutcomeRecorded(new DeadlineId(1), Outcome.Confirmed, "flush fixed store 12", Carol, At(30)),
        new CrisisEvent.TheoryProposed(new TheoryId(2), "firmware 4.2 leaks memory", "replay on staging", Dave, At(35)),
        new CrisisEvent.DeadlineSet(new DeadlineId(3), "replay on staging", new TheoryId(2), At(50), Dave, null, null, At(35)),
        new CrisisEvent.DeadlineFellDue(new DeadlineId(3), At(50)),
        new CrisisEvent.DeadlineMissed(new DeadlineId(3), At(65)),
        new CrisisEvent.OutcomeRecorded(new DeadlineId(3), Outcome.Extended, "staging is down", Dave, At(70)),
        new CrisisEvent.DeadlineSet(new DeadlineId(4), "replay on staging", new TheoryId(2), At(150), Dave, new DeadlineId(3), "staging is down", At(70)),
        new CrisisEvent.DeadlineFellDue(new DeadlineId(2), At(60)),
        new CrisisEvent.DeadlineMissed(new DeadlineId(2), At(75)),
        new CrisisEvent.TheoryProposed(new TheoryId(3), "the network drops packets", "ping from store 12", Carol, At(80)),
        new CrisisEvent.DeadlineSet(new DeadlineId(5), "ping from store 12", new TheoryId(3), At(120), Carol, null, null, At(80)),
        new CrisisEvent.OutcomeRecorded(new DeadlineId(5), Outcome.Disproved, null, Carol, At(85)),
        new CrisisEvent.DeadlineSet(new DeadlineId(6), "call the vendor", null, At(100), Bob, null, null, At(86)),
    ]);

    [Fact]
    public void Status_names_the_crisis_its_owner_and_the_working_explanation()
    {
        var text = StatusText.Render(Diagnosis(), At(90));

        Assert.StartsWith(":clipboard: *Crisis 42: Checkout freezes at 300 stores*\n", text);
        Assert.Contains("sev1 · Acme Retail · owner <@U0BOB> · <#C0TECH>", text);
        Assert.Contains("*Working explanation:* T1 " + Statement, text);
    }

    [Fact]
    public void Status_lists_every_theory_with_its_state()
    {
        var lines = StatusText.Render(Diagnosis(), At(90)).Split('\n');

        Assert.Contains("• T1 " + Statement + " · :white_check_mark: confirmed", lines);
        Assert.Contains("• T2 firmware 4.2 leaks memory · :mag: being worked; D4 settles it", lines);
        Assert.Contains("• T3 the network drops packets · :x: disproved", lines);
    }

    [Fact]
    public void Status_lists_open_deadlines_soonest_first_with_time_left_or_overdue()
    {
        var lines = StatusText.Render(Diagnosis(), At(90)).Split('\n');

        var open = lines.SkipWhile(l => l != "*Open deadlines*").Skip(1).TakeWhile(l => l.Length > 0).ToList();
        Assert.Equal(3, open.Count);
        Assert.Equal($"• D2 collect POS logs from store 12 · due {Mrkdwn.Time(At(60))} (*overdue by 30 minutes*)", open[0]);
        Assert.Equal($"• D6 call the vendor · due {Mrkdwn.Time(At(100))} (in 10 minutes)", open[1]);
        Assert.Equal($"• D4 replay on staging (for T2) · due {Mrkdwn.Time(At(150))} (in 1 hour)", open[2]);
    }

    [Fact]
    public void Status_counts_deadlines_kept_and_missed_with_the_extensions_among_them()
    {
        var text = StatusText.Render(Diagnosis(), At(90));

        Assert.EndsWith("*Deadlines:* 2 kept · 2 missed (1 of them extended)", text);
    }

    [Fact]
    public void Status_of_a_crisis_without_diagnosis_says_what_to_do_and_counts_nothing()
    {
        var text = StatusText.Render(Fold(OpenedWithRooms()), At(5));

        Assert.Contains("*Working explanation:* none confirmed yet", text);
        Assert.Contains("None yet. Write one: `/crisis theory <statement> prove <plan> by <time>`", text);
        Assert.Contains("None. Every step has its outcome.", text);
        Assert.EndsWith("*Deadlines:* 0 kept · 0 missed", text);
        Assert.DoesNotContain("of them extended", text);
    }

    [Fact]
    public void Status_escapes_user_text()
    {
        var text = StatusText.Render(Diagnosis(title: Hostile, statement: Hostile), At(90));

        Assert.DoesNotContain("<!channel>", text);
        Assert.DoesNotContain("<@U0EVE>", text);
        Assert.Contains("&lt;!channel&gt;", text);
        Assert.Contains("• T1 fees &lt; 5% &amp; ", text);
    }
}
