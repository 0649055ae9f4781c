using WarRoomBot.Crises;
using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

/// <summary>What a deadline's outcome means for its theory, and who may record it: the record never says two things.</summary>
public sealed class DiagnosisRecordSpecs
{
    // Alice writes the theory; Bob owns the crisis; Carol sets a side step; Dave is another responder, who set nothing.

    /// <summary>Alice's theory T1, whose plan is D1, and Carol's side step D2 for T1.</summary>
    private static Timeline GivenTheoryWithSideStep() => Given()
        .Then(c => DiagnosisRules.Propose(c, new ProposeTheory("The price cache stampedes", "Replay the import on staging", InAnHour, Alice), Now))
        .Then(c => DiagnosisRules.Set(c, new SetDeadline("Collect POS logs from store 12", InAnHour, T1, Carol), Now));

    private static Func<Crisis, Decision> Recorded(DeadlineId deadline, Outcome outcome, UserId by, int minutesLater = 5) =>
        c => DiagnosisRules.Record(c, new RecordOutcome(deadline, outcome, null, by), Now.AddMinutes(minutesLater));

    private static Func<Crisis, Decision> Extended(DeadlineId deadline, UserId by, int minutesLater = 5) =>
        c => DiagnosisRules.Extend(c, new ExtendDeadline(deadline, InAnHour.AddHours(1), "Staging was down", by), Now.AddMinutes(minutesLater));

    // ---- What an outcome means for its theory ----

    [Theory]
    [InlineData(Outcome.Disproved)]
    [InlineData(Outcome.Confirmed)]
    public void A_side_steps_outcome_is_recorded_on_the_step_and_leaves_its_theory_open(Outcome outcome)
    {
        var crisis = GivenTheoryWithSideStep().Then(Recorded(D2, outcome, Carol)).State;

        Assert.Equal(outcome, crisis.Deadline(D2)!.Outcome!.Outcome);
        Assert.Equal(DeadlineRecord.Kept, crisis.Deadline(D2)!.Record);
        Assert.Equal(TheoryStatus.Open, crisis.Theory(T1)!.Status);
        Assert.Null(crisis.Theory(T1)!.SettledAt);
        Assert.Null(crisis.WorkingExplanation);
    }

    [Fact]
    public void After_a_side_step_was_disproved_the_owner_confirming_the_plan_makes_the_theory_the_working_explanation()
    {
        var crisis = GivenTheoryWithSideStep().Then(Recorded(D2, Outcome.Disproved, Carol)).Then(Recorded(D1, Outcome.Confirmed, Bob, 20)).State;

        Assert.Equal(TheoryStatus.Confirmed, crisis.Theory(T1)!.Status);
        Assert.Equal(Now.AddMinutes(20), crisis.Theory(T1)!.SettledAt);
        Assert.Equal(T1, crisis.WorkingExplanation?.Id);
    }

    [Fact]
    public void The_plan_disproved_disproves_the_theory_even_after_a_side_step_was_confirmed()
    {
        var crisis = GivenTheoryWithSideStep().Then(Recorded(D2, Outcome.Confirmed, Carol)).Then(Recorded(D1, Outcome.Disproved, Alice, 20)).State;

        Assert.Equal(TheoryStatus.Disproved, crisis.Theory(T1)!.Status);
        Assert.Null(crisis.WorkingExplanation);
    }

    [Fact]
    public void The_plan_is_the_deadline_written_with_the_theory_and_then_each_deadline_that_extends_it()
    {
        var given = GivenTheoryWithSideStep();
        Assert.Equal(D1, given.State.PlanOf(T1)?.Id);
        Assert.True(given.State.SettlesTheory(given.State.Deadline(D1)!));
        Assert.False(given.State.SettlesTheory(given.State.Deadline(D2)!));

        var crisis = given.Then(Extended(D1, Alice)).State;

        Assert.Equal(D3, crisis.PlanOf(T1)?.Id);
        Assert.True(crisis.SettlesTheory(crisis.Deadline(D3)!));
    }

    [Fact]
    public void The_extension_of_a_side_step_is_still_a_side_step_and_its_outcome_leaves_the_theory_open()
    {
        var crisis = GivenTheoryWithSideStep().Then(Extended(D2, Carol)).Then(Recorded(D3, Outcome.Disproved, Carol, 10)).State;

        Assert.False(crisis.SettlesTheory(crisis.Deadline(D3)!));
        Assert.Equal(D1, crisis.PlanOf(T1)?.Id);
        Assert.Equal(TheoryStatus.Open, crisis.Theory(T1)!.Status);
    }

    [Fact]
    public void A_theory_of_which_nothing_is_known_has_no_plan()
    {
        Assert.Null(Given().State.PlanOf(T1));
    }

    // ---- Who records an outcome ----

    [Theory]
    [InlineData("U0CAROL")] // who set D2
    [InlineData("U0BOB")] // the owner
    public void The_person_who_set_a_deadline_and_the_owner_may_record_its_outcome(string by)
    {
        var crisis = GivenTheoryWithSideStep().Then(Recorded(D2, Outcome.Disproved, new UserId(by))).State;

        Assert.Equal(new UserId(by), crisis.Deadline(D2)!.Outcome!.By);
    }

    [Theory]
    [InlineData(Outcome.Confirmed)]
    [InlineData(Outcome.Disproved)]
    public void Anyone_else_is_refused_naming_who_set_it_and_the_owner(Outcome outcome)
    {
        var given = GivenTheoryWithSideStep();

        var because = AssertRefused(given.When(Recorded(D2, outcome, Alice)));

        Assert.Equal("Only \u2060{person:U0CAROL}, who set D2, or the crisis owner \u2060{person:U0BOB} can record its outcome; ask one of them.", because);
        Assert.Null(given.State.Deadline(D2)!.Outcome);
    }

    [Fact]
    public void When_the_owner_set_the_deadline_the_refusal_names_the_owner_once()
    {
        var given = Given()
            .Then(c => DiagnosisRules.Set(c, new SetDeadline("Page the payments vendor", InAnHour, null, Bob), Now));

        var because = AssertRefused(given.When(Recorded(D1, Outcome.Confirmed, Dave)));

        Assert.Equal("Only the crisis owner \u2060{person:U0BOB}, who set D1, can record its outcome; ask them.", because);
    }

    [Fact]
    public void Only_the_person_who_set_a_deadline_or_the_owner_may_extend_it()
    {
        var given = GivenTheoryWithSideStep();

        var because = AssertRefused(given.When(Extended(D2, Dave)));

        Assert.Contains("\u2060{person:U0CAROL}, who set D2, or the crisis owner \u2060{person:U0BOB} can extend it", because);
        Assert.True(given.When(Extended(D2, Bob)).IsAccepted);
        Assert.True(given.When(Extended(D2, Carol)).IsAccepted);
    }

    [Fact]
    public void A_second_outcome_by_someone_not_entitled_is_told_about_the_first_outcome()
    {
        var given = GivenTheoryWithSideStep().Then(Recorded(D2, Outcome.Confirmed, Carol));

        var decision = given.When(Recorded(D2, Outcome.Disproved, Dave, 6));

        Assert.Equal(Outcome.Confirmed, decision.AlreadyRecorded?.Outcome);
    }
}
