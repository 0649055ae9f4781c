using WarRoomBot.Crises;
using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

/// <summary>
/// A mistaken entry is withdrawn with a reason and stays on the record; withdrawing is never a way around a deadline:
/// any reason within ten minutes of recording, later only as the later copy of an entry that still stands.
/// </summary>
public sealed class WithdrawalSpecs
{
    private const string Mistake = "typed the wrong store";

    private static Func<Crisis, Decision> Theory(string statement, bool anyway = false) =>
        c => DiagnosisRules.Propose(c, new ProposeTheory(statement, "Replay the import on staging", InAnHour, Alice, anyway), Now);

    private static Func<Crisis, Decision> Step(string step, TheoryId? theory = null, UserId? by = null, bool anyway = false) =>
        c => DiagnosisRules.Set(c, new SetDeadline(step, InAnHour, theory, by ?? Alice, anyway), Now);

    private static Decision Withdraw(Crisis crisis, TheoryId theory, string? reason = Mistake, UserId? by = null, TimeSpan? after = null) =>
        DiagnosisRules.Withdraw(crisis, new WithdrawEntry(theory, null, reason, by ?? Alice), Now + (after ?? TimeSpan.FromMinutes(3)));

    private static Decision Withdraw(Crisis crisis, DeadlineId deadline, string? reason = Mistake, UserId? by = null, TimeSpan? after = null) =>
        DiagnosisRules.Withdraw(crisis, new WithdrawEntry(null, deadline, reason, by ?? Alice), Now + (after ?? TimeSpan.FromMinutes(3)));

    // ---- What a withdrawal records ----

    [Fact]
    public void A_deadline_withdrawn_within_ten_minutes_stays_on_the_record_as_withdrawn_with_the_reason_who_and_when()
    {
        var given = Given().Then(Step("Collect POS logs from store 12"));

        var decision = Withdraw(given.State, D1);

        Assert.Equal([new CrisisEvent.DeadlineWithdrawn(D1, Mistake, Alice, Now.AddMinutes(3))], decision.Events.ToArray());
        var deadline = given.Then(_ => decision).State.Deadline(D1)!;
        Assert.Equal("Collect POS logs from store 12", deadline.Step);
        Assert.Equal(new Withdrawal(Mistake, Alice, Now.AddMinutes(3)), deadline.Withdrawal);
        Assert.False(deadline.IsOpen);
        Assert.Equal(DeadlineRecord.Withdrawn, deadline.Record);
    }

    [Fact]
    public void Withdrawing_a_theory_withdraws_its_open_deadlines_and_leaves_the_settled_ones_as_they_were()
    {
        var given = Given().Then(Theory("The price cache stampedes"))
            .Then(Step("Collect POS logs from store 12", T1))
            .Then(Step("Read the cache metrics", T1))
            .Then(c => DiagnosisRules.Record(c, new RecordOutcome(D3, Outcome.Confirmed, null, Alice), Now.AddMinutes(1)))
            .Then(Step("Page the payments vendor"));

        var decision = Withdraw(given.State, T1, "duplicate of nothing, typed in the wrong crisis");

        var at = Now.AddMinutes(3);
        Assert.Equal(
            [
                new CrisisEvent.TheoryWithdrawn(T1, "duplicate of nothing, typed in the wrong crisis", Alice, at),
                new CrisisEvent.DeadlineWithdrawn(D1, "duplicate of nothing, typed in the wrong crisis", Alice, at),
                new CrisisEvent.DeadlineWithdrawn(D2, "duplicate of nothing, typed in the wrong crisis", Alice, at),
            ],
            decision.Events.ToArray());
        var crisis = given.Then(_ => decision).State;
        Assert.Equal(TheoryStatus.Withdrawn, crisis.Theory(T1)!.Status);
        Assert.Null(crisis.WorkingExplanation);
        Assert.Equal(
            [DeadlineRecord.Withdrawn, DeadlineRecord.Withdrawn, DeadlineRecord.Kept, DeadlineRecord.Open],
            crisis.Deadlines.Select(d => d.Record).ToArray());
    }

    [Fact]
    public void A_withdrawn_deadline_gets_nothing_from_the_clock_neither_reminder_nor_due_nor_missed()
    {
        var crisis = Given().Then(Step("Collect POS logs from store 12")).Then(c => Withdraw(c, D1))
            .Ticked(InAnHour.AddMinutes(-10)).Ticked(InAnHour).Ticked(InAnHour.AddHours(1)).State;

        Assert.Null(DeadlineClock.NextWake(crisis, DeadlinePolicy.Default));
        var deadline = crisis.Deadline(D1)!;
        Assert.Equal((false, false, false), (deadline.Reminded, deadline.FellDue, deadline.Escalated));
        Assert.Equal(DeadlineRecord.Withdrawn, deadline.Record);
    }

    [Fact]
    public void A_withdrawn_deadline_takes_no_outcome_no_extension_and_no_second_withdrawal()
    {
        var given = Given().Then(Step("Collect POS logs from store 12")).Then(c => Withdraw(c, D1));

        var outcome = AssertRefused(DiagnosisRules.Record(given.State, new RecordOutcome(D1, Outcome.Confirmed, null, Alice), Now.AddMinutes(4)));
        var extension = AssertRefused(DiagnosisRules.Extend(given.State, new ExtendDeadline(D1, InAnHour.AddHours(1), "Staging was down", Alice), Now.AddMinutes(4)));
        var again = AssertRefused(Withdraw(given.State, D1, after: TimeSpan.FromMinutes(4)));

        Assert.All([outcome, extension, again], because => Assert.StartsWith("D1 was withdrawn by \u2060{person:U0ALICE} at 16:33 UTC on 14 Mar", because));
    }

    [Fact]
    public void A_withdrawn_theory_takes_no_new_steps_and_cannot_be_withdrawn_twice()
    {
        var given = Given().Then(Theory("The price cache stampedes")).Then(c => Withdraw(c, T1));

        Assert.Contains("T1 was withdrawn", AssertRefused(given.When(Step("Collect POS logs", T1))));
        Assert.Equal("T1 was already withdrawn by \u2060{person:U0ALICE} 1 minute ago; it stays on the record as withdrawn.",
            AssertRefused(Withdraw(given.State, T1, after: TimeSpan.FromMinutes(4))));
    }

    // ---- The reason and who ----

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_withdrawal_without_a_reason_is_refused_and_says_how_to_give_one(string? reason)
    {
        var given = Given().Then(Theory("The price cache stampedes"));

        var because = AssertRefused(Withdraw(given.State, T1, reason));

        Assert.Equal("A withdrawal needs a reason: T1 stays on the record as withdrawn, next to why. Add `because <why>`, e.g. `because duplicate of T3`.", because);
    }

    [Fact]
    public void Someone_who_neither_recorded_it_nor_owns_the_crisis_is_refused_naming_who_can()
    {
        var given = Given().Then(Theory("The price cache stampedes")).Then(Step("Collect POS logs"));

        Assert.Equal("Only \u2060{person:U0ALICE}, who wrote T1, or the crisis owner \u2060{person:U0BOB} can withdraw it; ask one of them.",
            AssertRefused(Withdraw(given.State, T1, by: Carol)));
        Assert.Equal("Only \u2060{person:U0ALICE}, who set D2, or the crisis owner \u2060{person:U0BOB} can withdraw it; ask one of them.",
            AssertRefused(Withdraw(given.State, D2, by: Carol)));
    }

    [Fact]
    public void The_owner_may_withdraw_what_someone_else_recorded()
    {
        var given = Given().Then(Step("Collect POS logs"));

        Assert.True(Withdraw(given.State, D1, by: Bob).IsAccepted);
    }

    // ---- Never a way around a deadline ----

    [Fact]
    public void Exactly_ten_minutes_after_recording_it_can_still_be_withdrawn()
    {
        var given = Given().Then(Step("Collect POS logs"));

        Assert.True(Withdraw(given.State, D1, after: TimeSpan.FromMinutes(10)).IsAccepted);
    }

    [Fact]
    public void Later_a_theory_is_refused_with_the_time_passed_and_the_outcomes_of_its_plan_instead()
    {
        var given = Given().Then(Theory("The price cache stampedes"));

        var because = AssertRefused(Withdraw(given.State, T1, after: TimeSpan.FromMinutes(25)));

        Assert.Equal(
            "T1 was recorded 25 minutes ago; a theory can be withdrawn only within 10 minutes of recording (that window closed 15 minutes ago), "
            + "or as a duplicate of another open theory that you name, e.g. `because duplicate of T1`. "
            + "After that only an outcome applies: record what its plan showed, `/crisis confirmed D1` or `/crisis disproved D1`, or extend D1 with a reason.",
            because);
    }

    [Fact]
    public void A_second_past_the_window_a_deadline_is_refused_and_told_to_record_its_outcome()
    {
        var given = Given().Then(Step("Collect POS logs"));

        var because = AssertRefused(Withdraw(given.State, D1, after: TimeSpan.FromMinutes(10).Add(TimeSpan.FromSeconds(1))));

        Assert.Contains("D1 was recorded 10 minutes ago", because);
        Assert.Contains("that window closed just now", because);
        Assert.Contains("`/crisis confirmed D1` or `/crisis disproved D1`, or extend it with a reason", because);
    }

    [Fact]
    public void Over_an_hour_later_the_time_passed_is_said_in_hours_and_minutes()
    {
        var given = Given().Then(Step("Collect POS logs"));

        var because = AssertRefused(Withdraw(given.State, D1, after: TimeSpan.FromMinutes(65)));

        Assert.StartsWith("D1 was recorded 1 hour 5 minutes ago; a deadline can be withdrawn only within 10 minutes of recording (that window closed 55 minutes ago)", because);
    }

    [Fact]
    public void Hours_later_the_later_copy_of_an_open_theory_can_be_withdrawn_as_its_duplicate_with_its_deadlines()
    {
        var given = Given().Then(Theory("The price cache stampedes")).Then(Theory("Price cache stampede", anyway: true));

        var decision = Withdraw(given.State, T2, "Duplicate of T1", after: TimeSpan.FromHours(3));

        Assert.Equal(
            [new CrisisEvent.TheoryWithdrawn(T2, "Duplicate of T1", Alice, Now.AddHours(3)), new CrisisEvent.DeadlineWithdrawn(D2, "Duplicate of T1", Alice, Now.AddHours(3))],
            decision.Events.ToArray());
    }

    [Fact]
    public void A_deadline_that_fell_due_and_was_missed_can_be_withdrawn_as_the_copy_of_an_open_one_and_then_counts_as_neither()
    {
        var given = Given().Then(Step("Collect POS logs")).Then(Step("Collect the POS logs", anyway: true)).Ticked(InAnHour.AddMinutes(20));
        Assert.Equal(DeadlineRecord.Missed, given.State.Deadline(D2)!.Record);

        var crisis = given.Then(c => Withdraw(c, D2, "duplicate of D1", after: TimeSpan.FromHours(2))).State;

        Assert.Equal([DeadlineRecord.Missed, DeadlineRecord.Withdrawn], crisis.Deadlines.Select(d => d.Record).ToArray());
    }

    [Fact]
    public void Hours_later_an_entry_that_says_something_else_cannot_be_withdrawn_by_naming_another_as_its_original()
    {
        var given = Given().Then(Step("Collect POS logs")).Then(Step("Restart the payment gateway in store 12"));

        var because = AssertRefused(Withdraw(given.State, D2, "duplicate of D1", after: TimeSpan.FromHours(2)));

        Assert.StartsWith("D2 does not repeat D1: a duplicate says much the same step, for the same theory. Otherwise only an outcome applies:", because);
    }

    [Fact]
    public void Within_ten_minutes_naming_the_wrong_original_says_any_other_reason_will_do()
    {
        var given = Given().Then(Step("Collect POS logs")).Then(Step("Restart the payment gateway in store 12"));

        var because = AssertRefused(Withdraw(given.State, D2, "duplicate of D1", after: TimeSpan.FromMinutes(2)));

        Assert.EndsWith("Within 10 minutes of recording any other reason will do, e.g. `because typed the wrong store`.", because);
    }

    [Fact]
    public void The_earlier_entry_cannot_be_withdrawn_as_a_duplicate_of_its_later_copy()
    {
        var given = Given().Then(Theory("The price cache stampedes")).Then(Theory("Price cache stampede", anyway: true));

        Assert.Equal("T2 was recorded after T1, so T2 is the copy: withdraw T2 as a duplicate of T1 instead.",
            AssertRefused(Withdraw(given.State, T1, "duplicate of T2", after: TimeSpan.FromHours(3))));
    }

    [Theory]
    [InlineData("duplicate of D1", "A theory can only be a duplicate of another theory, and D1 is not one. Name it, e.g. `because duplicate of T1`.")]
    [InlineData("duplicate of T2", "T2 cannot be a duplicate of itself. Name the entry it repeats.")]
    [InlineData("duplicate of T7", "There is no T7: this crisis has T1 to T2.")]
    public void A_duplicate_must_name_another_existing_entry_of_the_same_kind(string reason, string expected)
    {
        var given = Given().Then(Theory("The price cache stampedes")).Then(Theory("Price cache stampede", anyway: true));

        Assert.Equal(expected, AssertRefused(Withdraw(given.State, T2, reason, after: TimeSpan.FromHours(3))));
    }

    [Fact]
    public void A_duplicate_of_an_entry_that_no_longer_stands_is_refused_even_within_the_window()
    {
        var given = Given().Then(Step("Collect POS logs")).Then(Step("Collect the POS logs", anyway: true))
            .Then(c => DiagnosisRules.Record(c, new RecordOutcome(D1, Outcome.Disproved, null, Alice), Now.AddMinutes(1)));

        var because = AssertRefused(Withdraw(given.State, D2, "duplicate of D1"));

        Assert.StartsWith("D1 is no longer open, so D2 is not a duplicate of anything that still stands. Only an outcome applies now:", because);
    }

    [Fact]
    public void A_plan_is_not_withdrawn_on_its_own_the_theory_is()
    {
        var given = Given().Then(Theory("The price cache stampedes"));

        var because = AssertRefused(Withdraw(given.State, D1));

        Assert.Contains("D1 is the plan that settles T1", because);
        Assert.Contains("`/crisis withdraw T1 because <why>`", because);
    }

    [Fact]
    public void An_entry_with_its_outcome_cannot_be_withdrawn()
    {
        var given = Given().Then(Theory("The price cache stampedes")).Then(Step("Collect POS logs"))
            .Then(c => DiagnosisRules.Record(c, new RecordOutcome(D1, Outcome.Disproved, null, Alice), Now.AddMinutes(1)))
            .Then(c => DiagnosisRules.Record(c, new RecordOutcome(D2, Outcome.Confirmed, null, Alice), Now.AddMinutes(1)));

        Assert.Equal("T1 was already disproved by its plan; a settled theory stays on the record as it is. Write a new theory with `/crisis theory`.",
            AssertRefused(Withdraw(given.State, T1)));
        var deadline = Withdraw(given.State, D2);
        AssertRefused(deadline);
        Assert.Equal(Outcome.Confirmed, deadline.AlreadyRecorded?.Outcome);
    }

    [Fact]
    public void A_withdrawal_of_an_unknown_entry_is_refused_naming_the_entries_there_are()
    {
        var given = Given().Then(Step("Collect POS logs"));

        Assert.Equal("There is no D4: this crisis has only D1.", AssertRefused(Withdraw(given.State, D4)));
        Assert.Equal("There is no T1: this crisis has no theories yet. Write one with `/crisis theory <statement> prove <plan> by <time>`.",
            AssertRefused(Withdraw(given.State, T1)));
    }

    [Fact]
    public void Numbers_go_on_after_a_withdrawal_so_nothing_is_ever_renumbered()
    {
        var crisis = Given().Then(Theory("The price cache stampedes")).Then(c => Withdraw(c, T1)).State;

        Assert.Equal((T2, D2), (crisis.NextTheory, crisis.NextDeadline));
    }
}
