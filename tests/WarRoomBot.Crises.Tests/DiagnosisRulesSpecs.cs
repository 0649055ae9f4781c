using WarRoomBot.Crises;
using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

public sealed class DiagnosisRulesSpecs
{
    private const string Because = "Staging was down for a deploy";

    /// <summary>Crisis 42 as it was opened here: with Carol as a responder.</summary>
    private static readonly CrisisEvent.Opened OpenedWithAResponder = OpenedEvent with { Responders = ValueList.Of(Carol) };

    private static Timeline Given() => new(Id, OpenedWithAResponder);

    private static Func<Crisis, Decision> Proposed(string statement = Statement, string plan = Plan, DateTimeOffset? due = null, UserId? by = null) =>
        c => DiagnosisRules.Propose(c, new ProposeTheory(statement, plan, due ?? InAnHour, by ?? Alice), Now);

    private static Func<Crisis, Decision> Set(string step, TheoryId? theory = null, DateTimeOffset? due = null) =>
        c => DiagnosisRules.Set(c, new SetDeadline(step, due ?? InAnHour, theory, Alice), Now);

    private static Func<Crisis, Decision> Recorded(DeadlineId deadline, Outcome outcome, UserId by, DateTimeOffset at, string? note = null) =>
        c => DiagnosisRules.Record(c, new RecordOutcome(deadline, outcome, note, by), at);

    private static Func<Crisis, Decision> Extended(DeadlineId deadline, DateTimeOffset due, DateTimeOffset at, string? reason = Because) =>
        c => DiagnosisRules.Extend(c, new ExtendDeadline(deadline, due, reason, Alice), at);

    private static void AssertRecorded(Decision decision, params CrisisEvent[] expected)
    {
        Assert.True(decision.IsAccepted, decision.RejectedBecause);
        Assert.Equal(expected, decision.Events.ToArray());
    }

    // ---- Propose ----

    [Fact]
    public void A_theory_records_T1_with_its_plan_and_deadline_D1_for_the_plan_due_when_asked_set_by_whom_and_when()
    {
        var decision = Given().When(Proposed(by: Bob));

        AssertRecorded(decision,
            new CrisisEvent.TheoryProposed(T1, Statement, Plan, Bob, Now),
            new CrisisEvent.DeadlineSet(D1, Plan, T1, InAnHour, Bob, null, null, Now));
    }

    [Fact]
    public void The_next_theory_is_T2_and_its_plan_gets_deadline_D2()
    {
        var given = Given().Then(Proposed());

        var decision = given.When(Proposed("The POS firmware retries without backoff", "Read the retry logs of store 12", Now.AddHours(2)));

        AssertRecorded(decision,
            new CrisisEvent.TheoryProposed(T2, "The POS firmware retries without backoff", "Read the retry logs of store 12", Alice, Now),
            new CrisisEvent.DeadlineSet(D2, "Read the retry logs of store 12", T2, Now.AddHours(2), Alice, null, null, Now));
    }

    [Fact]
    public void Theories_and_deadlines_are_numbered_separately_so_a_theory_after_two_lone_deadlines_is_T1_with_D3()
    {
        var given = Given().Then(Set("Collect the store logs")).Then(Set("Page the payments vendor"));

        var decision = given.When(Proposed());

        AssertRecorded(decision,
            new CrisisEvent.TheoryProposed(T1, Statement, Plan, Alice, Now),
            new CrisisEvent.DeadlineSet(D3, Plan, T1, InAnHour, Alice, null, null, Now));
    }

    [Fact]
    public void Numbers_run_per_crisis_so_another_crisis_starts_again_at_T1_and_D1()
    {
        var busy = Given().Then(Proposed()).Then(Proposed("The POS firmware retries without backoff"));
        var other = new Timeline(new CrisisId(43), OpenedWithAResponder);

        var decision = other.When(Proposed());

        Assert.Equal((T3, D3), (busy.State.NextTheory, busy.State.NextDeadline));
        AssertRecorded(decision,
            new CrisisEvent.TheoryProposed(T1, Statement, Plan, Alice, Now),
            new CrisisEvent.DeadlineSet(D1, Plan, T1, InAnHour, Alice, null, null, Now));
    }

    [Fact]
    public void The_statement_and_the_plan_are_recorded_without_surrounding_blanks()
    {
        var decision = Given().When(Proposed("  " + Statement + "\n", "\t" + Plan + "  "));

        AssertRecorded(decision,
            new CrisisEvent.TheoryProposed(T1, Statement, Plan, Alice, Now),
            new CrisisEvent.DeadlineSet(D1, Plan, T1, InAnHour, Alice, null, null, Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_theory_without_a_statement_is_refused_and_records_nothing(string statement)
    {
        var reason = AssertRefused(Given().When(Proposed(statement: statement)));

        Assert.Contains("The theory is missing", reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_theory_without_a_plan_is_refused_and_records_nothing(string plan)
    {
        var reason = AssertRefused(Given().When(Proposed(plan: plan)));

        Assert.Contains("The plan is missing", reason);
    }

    [Fact]
    public void A_statement_longer_than_the_limit_is_refused_with_its_length_and_records_nothing()
    {
        var reason = AssertRefused(Given().When(Proposed(statement: new string('s', DiagnosisRules.MaxTextLength + 1))));

        Assert.Contains($"The theory is {DiagnosisRules.MaxTextLength + 1} characters", reason);
    }

    [Fact]
    public void A_plan_longer_than_the_limit_is_refused_with_its_length_and_records_nothing()
    {
        var reason = AssertRefused(Given().When(Proposed(plan: new string('p', DiagnosisRules.MaxTextLength + 1))));

        Assert.Contains($"The plan is {DiagnosisRules.MaxTextLength + 1} characters", reason);
    }

    [Fact]
    public void A_statement_and_a_plan_exactly_at_the_limit_are_accepted()
    {
        var statement = new string('s', DiagnosisRules.MaxTextLength);
        var plan = new string('p', DiagnosisRules.MaxTextLength);

        AssertRecorded(Given().When(Proposed(statement, plan)),
            new CrisisEvent.TheoryProposed(T1, statement, plan, Alice, Now),
            new CrisisEvent.DeadlineSet(D1, plan, T1, InAnHour, Alice, null, null, Now));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-90)]
    public void A_theory_due_now_or_in_the_past_is_refused_and_records_nothing(int minutesFromNow)
    {
        var reason = AssertRefused(Given().When(Proposed(due: Now.AddMinutes(minutesFromNow))));

        Assert.Contains("That time is in the past", reason);
    }

    [Fact]
    public void A_theory_due_more_than_seven_days_ahead_is_refused_and_records_nothing()
    {
        var reason = AssertRefused(Given().When(Proposed(due: Now + DiagnosisRules.MaxAhead + TimeSpan.FromMinutes(1))));

        Assert.Contains("at most 7 days out", reason);
    }

    [Fact]
    public void A_theory_due_exactly_seven_days_ahead_is_accepted()
    {
        var due = Now.AddDays(7);

        AssertRecorded(Given().When(Proposed(due: due)),
            new CrisisEvent.TheoryProposed(T1, Statement, Plan, Alice, Now),
            new CrisisEvent.DeadlineSet(D1, Plan, T1, due, Alice, null, null, Now));
    }

    [Fact]
    public void A_theory_for_a_crisis_that_was_never_opened_is_refused()
    {
        var reason = AssertRefused(Proposed()(Crisis.Fold(Id, [])));

        Assert.Contains("has not been opened", reason);
    }

    // ---- Set ----

    [Fact]
    public void A_deadline_on_its_own_records_D1_with_no_theory()
    {
        var decision = DiagnosisRules.Set(Given().State, new SetDeadline("  Collect the store logs ", InAnHour, null, Bob), Now);

        AssertRecorded(decision, new CrisisEvent.DeadlineSet(D1, "Collect the store logs", null, InAnHour, Bob, null, null, Now));
    }

    [Fact]
    public void A_deadline_for_an_open_theory_records_the_next_deadline_for_that_theory()
    {
        var given = Given().Then(Proposed());

        var decision = given.When(Set("Diff the cache config against last week", T1, Now.AddMinutes(45)));

        AssertRecorded(decision, new CrisisEvent.DeadlineSet(D2, "Diff the cache config against last week", T1, Now.AddMinutes(45), Alice, null, null, Now));
    }

    [Fact]
    public void A_deadline_for_a_theory_when_there_are_none_yet_is_refused_and_says_so()
    {
        var reason = AssertRefused(Given().When(Set("Diff the cache config", T1)));

        Assert.StartsWith("There is no T1: this crisis has no theories yet.", reason);
    }

    [Fact]
    public void A_deadline_for_an_unknown_theory_is_refused_naming_the_theories_there_are()
    {
        var given = Given().Then(Proposed()).Then(Proposed("The POS firmware retries without backoff"));

        var reason = AssertRefused(given.When(Set("Diff the cache config", T3)));

        Assert.Equal("There is no T3: this crisis has T1 to T2.", reason);
    }

    [Fact]
    public void A_deadline_for_a_disproved_theory_is_refused_and_records_nothing()
    {
        var given = Given().Then(Proposed()).Then(Recorded(D1, Outcome.Disproved, Bob, Now.AddMinutes(20)));

        var reason = AssertRefused(given.When(Set("Try once more", T1)));

        Assert.StartsWith("T1 was disproved", reason);
    }

    [Fact]
    public void A_deadline_for_a_confirmed_theory_is_accepted()
    {
        var given = Given().Then(Proposed()).Then(Recorded(D1, Outcome.Confirmed, Bob, Now.AddMinutes(20)));

        var decision = given.When(Set("Ship the cache lock", T1));

        AssertRecorded(decision, new CrisisEvent.DeadlineSet(D2, "Ship the cache lock", T1, InAnHour, Alice, null, null, Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_deadline_without_a_step_is_refused_and_records_nothing(string step)
    {
        var reason = AssertRefused(Given().When(Set(step)));

        Assert.Contains("The step is missing", reason);
    }

    [Fact]
    public void A_deadline_whose_step_is_longer_than_the_limit_is_refused_with_its_length()
    {
        var reason = AssertRefused(Given().When(Set(new string('x', DiagnosisRules.MaxTextLength + 1))));

        Assert.Contains($"The step is {DiagnosisRules.MaxTextLength + 1} characters", reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(7 * 24 * 60 + 1)]
    public void A_deadline_due_now_in_the_past_or_more_than_seven_days_ahead_is_refused(int minutesFromNow)
    {
        AssertRefused(Given().When(Set("Collect the store logs", due: Now.AddMinutes(minutesFromNow))));
    }

    // ---- Record ----

    [Theory]
    [InlineData(Outcome.Confirmed)]
    [InlineData(Outcome.Disproved)]
    public void An_outcome_on_an_open_deadline_records_exactly_that_outcome_by_whom_and_when(Outcome outcome)
    {
        var given = Given().Then(Proposed());
        var at = Now.AddMinutes(25);

        var decision = DiagnosisRules.Record(given.State, new RecordOutcome(D1, outcome, "  Stampede seen at 02:10 ", Bob), at);

        AssertRecorded(decision, new CrisisEvent.OutcomeRecorded(D1, outcome, "Stampede seen at 02:10", Bob, at));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void An_outcome_without_a_note_records_no_note(string? note)
    {
        var given = Given().Then(Proposed());

        var decision = given.When(Recorded(D1, Outcome.Confirmed, Bob, Now, note));

        AssertRecorded(decision, new CrisisEvent.OutcomeRecorded(D1, Outcome.Confirmed, null, Bob, Now));
    }

    [Fact]
    public void A_note_longer_than_the_limit_is_refused_with_its_length()
    {
        var given = Given().Then(Proposed());

        var reason = AssertRefused(given.When(Recorded(D1, Outcome.Confirmed, Bob, Now, new string('n', DiagnosisRules.MaxTextLength + 1))));

        Assert.Contains($"The note is {DiagnosisRules.MaxTextLength + 1} characters", reason);
    }

    [Fact]
    public void An_outcome_for_a_deadline_when_there_are_none_yet_is_refused_and_says_so()
    {
        var reason = AssertRefused(Given().When(Recorded(D1, Outcome.Confirmed, Bob, Now)));

        Assert.StartsWith("There is no D1: this crisis has no deadlines yet.", reason);
    }

    [Fact]
    public void An_outcome_for_an_unknown_deadline_is_refused_naming_the_deadlines_there_are()
    {
        var given = Given().Then(Proposed()).Then(Set("Collect the store logs"));

        var reason = AssertRefused(given.When(Recorded(D3, Outcome.Disproved, Bob, Now)));

        Assert.Equal("There is no D3: this crisis has D1 to D2.", reason);
    }

    [Theory]
    [InlineData(Outcome.Confirmed, Outcome.Confirmed, "U0BOB", "confirmed")]
    [InlineData(Outcome.Confirmed, Outcome.Disproved, "U0ALICE", "confirmed")]
    [InlineData(Outcome.Disproved, Outcome.Confirmed, "U0BOB", "disproved")]
    [InlineData(Outcome.Disproved, Outcome.Disproved, "U0ALICE", "disproved")]
    public void A_second_outcome_is_refused_naming_the_first_and_who_recorded_it_when(Outcome first, Outcome second, string secondBy, string firstWord)
    {
        var firstAt = new DateTimeOffset(2026, 3, 14, 16, 47, 0, TimeSpan.Zero);
        var given = Given().Then(Proposed()).Then(Recorded(D1, first, Bob, firstAt, "logs say so"));

        var decision = given.When(Recorded(D1, second, new UserId(secondBy), firstAt.AddMinutes(3)));

        var reason = AssertRefused(decision);
        Assert.StartsWith($"D1 already has its outcome ({firstWord}), recorded by U0BOB at 16:47 UTC on 14 Mar.", reason);
        Assert.Equal(new DeadlineOutcome(first, "logs say so", Bob, firstAt), decision.AlreadyRecorded);
    }

    [Fact]
    public void An_outcome_on_a_deadline_that_was_extended_is_refused_as_already_recorded()
    {
        var extendedAt = new DateTimeOffset(2026, 3, 14, 17, 5, 0, TimeSpan.Zero);
        var given = Given().Then(Proposed()).Then(Extended(D1, InAnHour.AddHours(1), extendedAt));

        var decision = given.When(Recorded(D1, Outcome.Confirmed, Bob, extendedAt.AddMinutes(1)));

        var reason = AssertRefused(decision);
        Assert.StartsWith("D1 already has its outcome (extended), recorded by U0ALICE at 17:05 UTC on 14 Mar.", reason);
        Assert.Equal(new DeadlineOutcome(Outcome.Extended, Because, Alice, extendedAt), decision.AlreadyRecorded);
    }

    [Fact]
    public void A_refusal_for_any_other_reason_carries_no_recorded_outcome()
    {
        var decision = Given().When(Recorded(D1, Outcome.Confirmed, Bob, Now));

        Assert.Null(decision.AlreadyRecorded);
    }

    [Fact]
    public void Recording_extended_as_an_outcome_is_a_programming_error_because_extensions_go_through_extend()
    {
        var given = Given().Then(Proposed());

        var error = Assert.Throws<ArgumentException>(() =>
            DiagnosisRules.Record(given.State, new RecordOutcome(D1, Outcome.Extended, Because, Alice), Now));

        Assert.Equal("command", error.ParamName);
    }

    // ---- Extend ----

    [Fact]
    public void An_extension_closes_the_deadline_as_extended_and_sets_a_new_one_for_the_same_step_and_theory()
    {
        var given = Given().Then(Proposed());
        var at = Now.AddMinutes(50);
        var newDue = InAnHour.AddMinutes(30);

        var decision = DiagnosisRules.Extend(given.State, new ExtendDeadline(D1, newDue, "  " + Because + " ", Bob), at);

        AssertRecorded(decision,
            new CrisisEvent.OutcomeRecorded(D1, Outcome.Extended, Because, Bob, at),
            new CrisisEvent.DeadlineSet(D2, Plan, T1, newDue, Bob, D1, Because, at));
    }

    [Fact]
    public void Extending_a_deadline_with_no_theory_keeps_it_without_a_theory()
    {
        var given = Given().Then(Set("Collect the store logs"));

        var decision = given.When(Extended(D1, InAnHour.AddHours(1), Now));

        AssertRecorded(decision,
            new CrisisEvent.OutcomeRecorded(D1, Outcome.Extended, Because, Alice, Now),
            new CrisisEvent.DeadlineSet(D2, "Collect the store logs", null, InAnHour.AddHours(1), Alice, D1, Because, Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void An_extension_without_a_reason_is_refused_and_records_nothing(string? reason)
    {
        var given = Given().Then(Proposed());

        var refusal = AssertRefused(given.When(Extended(D1, InAnHour.AddHours(1), Now, reason)));

        Assert.StartsWith("An extension needs a reason", refusal);
        Assert.Contains("D1", refusal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-30)]
    public void An_extension_to_a_time_not_later_than_the_current_deadline_is_refused(int minutesFromCurrentDue)
    {
        var given = Given().Then(Proposed());

        var reason = AssertRefused(given.When(Extended(D1, InAnHour.AddMinutes(minutesFromCurrentDue), Now)));

        Assert.StartsWith("The new time is not later than D1's current deadline", reason);
    }

    [Fact]
    public void An_extension_to_a_time_in_the_past_is_refused()
    {
        var given = Given().Then(Proposed(due: Now.AddMinutes(15)));

        var reason = AssertRefused(given.When(Extended(D1, Now.AddMinutes(30), Now.AddMinutes(45))));

        Assert.Contains("That time is in the past", reason);
    }

    [Fact]
    public void An_extension_to_more_than_seven_days_ahead_is_refused()
    {
        var given = Given().Then(Proposed());

        var reason = AssertRefused(given.When(Extended(D1, Now.AddDays(7).AddMinutes(1), Now)));

        Assert.Contains("at most 7 days out", reason);
    }

    [Fact]
    public void An_overdue_deadline_can_still_be_extended_to_a_time_ahead()
    {
        var given = Given().Then(Proposed(due: Now.AddMinutes(15)));
        var at = Now.AddMinutes(40);

        var decision = given.When(Extended(D1, at.AddMinutes(30), at));

        AssertRecorded(decision,
            new CrisisEvent.OutcomeRecorded(D1, Outcome.Extended, Because, Alice, at),
            new CrisisEvent.DeadlineSet(D2, Plan, T1, at.AddMinutes(30), Alice, D1, Because, at));
    }

    [Fact]
    public void A_deadline_extended_once_cannot_be_extended_again()
    {
        var given = Given().Then(Proposed()).Then(Extended(D1, InAnHour.AddHours(1), Now));

        var decision = given.When(Extended(D1, InAnHour.AddHours(2), Now.AddMinutes(5)));

        var reason = AssertRefused(decision);
        Assert.StartsWith("D1 already has its outcome (extended)", reason);
        Assert.Equal(new DeadlineOutcome(Outcome.Extended, Because, Alice, Now), decision.AlreadyRecorded);
    }

    [Fact]
    public void A_deadline_with_an_outcome_cannot_be_extended()
    {
        var given = Given().Then(Proposed()).Then(Recorded(D1, Outcome.Disproved, Bob, Now));

        var decision = given.When(Extended(D1, InAnHour.AddHours(1), Now.AddMinutes(5)));

        Assert.StartsWith("D1 already has its outcome (disproved)", AssertRefused(decision));
        Assert.Equal(new DeadlineOutcome(Outcome.Disproved, null, Bob, Now), decision.AlreadyRecorded);
    }

    [Fact]
    public void The_replacement_deadline_can_itself_be_extended_and_makes_D3()
    {
        var given = Given().Then(Proposed()).Then(Extended(D1, InAnHour.AddHours(1), Now));
        var at = Now.AddMinutes(90);

        var decision = DiagnosisRules.Extend(given.State, new ExtendDeadline(D2, InAnHour.AddHours(3), "Vendor replied late", Bob), at);

        AssertRecorded(decision,
            new CrisisEvent.OutcomeRecorded(D2, Outcome.Extended, "Vendor replied late", Bob, at),
            new CrisisEvent.DeadlineSet(D3, Plan, T1, InAnHour.AddHours(3), Bob, D2, "Vendor replied late", at));
    }

    [Fact]
    public void After_an_extension_the_next_theory_is_T2_with_deadline_D3()
    {
        var given = Given().Then(Proposed()).Then(Extended(D1, InAnHour.AddHours(1), Now));

        var decision = given.When(Proposed("Second theory", "Second plan"));

        AssertRecorded(decision,
            new CrisisEvent.TheoryProposed(T2, "Second theory", "Second plan", Alice, Now),
            new CrisisEvent.DeadlineSet(D3, "Second plan", T2, InAnHour, Alice, null, null, Now));
    }

    [Fact]
    public void Extending_an_unknown_deadline_is_refused_naming_the_deadlines_there_are()
    {
        var given = Given().Then(Proposed()).Then(Set("Collect the store logs"));

        var reason = AssertRefused(given.When(Extended(D3, InAnHour.AddHours(1), Now)));

        Assert.Equal("There is no D3: this crisis has D1 to D2.", reason);
    }

    [Fact]
    public void An_extension_reason_longer_than_the_limit_is_refused_with_its_length()
    {
        var given = Given().Then(Proposed());

        var reason = AssertRefused(given.When(Extended(D1, InAnHour.AddHours(1), Now, new string('r', DiagnosisRules.MaxTextLength + 1))));

        Assert.Contains($"The reason is {DiagnosisRules.MaxTextLength + 1} characters", reason);
    }

    [Fact]
    public void A_step_of_a_disproved_theory_gets_no_more_time_and_records_nothing()
    {
        var given = Given().Then(Proposed()).Then(Set("Capture the cache hit rate", T1)).Then(Recorded(D1, Outcome.Disproved, Alice, Now));

        var because = AssertRefused(DiagnosisRules.Extend(given.State, new ExtendDeadline(D2, InAnHour.AddHours(1), Because, Alice), Now));

        Assert.Contains("T1 was disproved", because);
    }

    [Fact]
    public void A_disproved_theory_stays_disproved_when_another_of_its_steps_is_confirmed_later()
    {
        var given = Given().Then(Proposed()).Then(Set("Capture the cache hit rate", T1))
            .Then(Recorded(D1, Outcome.Disproved, Alice, Now))
            .Then(Recorded(D2, Outcome.Confirmed, Bob, Now.AddMinutes(1)));

        Assert.Equal(TheoryStatus.Disproved, given.State.Theory(T1)!.Status);
        Assert.Null(given.State.WorkingExplanation);
        Assert.Equal(Outcome.Confirmed, given.State.Deadline(D2)!.Outcome!.Outcome);
    }
}
