using WarRoomBot.Crises;
using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

/// <summary>
/// The same theory or step typed again a moment later is most likely a retry after a slow reply: it is refused naming
/// the first, unless the person says to record it anyway.
/// </summary>
public sealed class RepeatSpecs
{
    private static Func<Crisis, Decision> Theory(string statement = Statement, UserId? by = null, bool anyway = false, int minutesLater = 0) =>
        c => DiagnosisRules.Propose(c, new ProposeTheory(statement, Plan, InAnHour, by ?? Alice, anyway), Now.AddMinutes(minutesLater));

    private static Func<Crisis, Decision> Step(string step, TheoryId? theory = null, bool anyway = false, int minutesLater = 0) =>
        c => DiagnosisRules.Set(c, new SetDeadline(step, InAnHour, theory, Bob, anyway), Now.AddMinutes(minutesLater));

    [Fact]
    public void The_same_theory_again_within_ten_minutes_is_refused_naming_the_first_who_wrote_it_when_and_how_to_record_it_anyway()
    {
        var given = Given().Then(Theory(by: Bob));

        var because = AssertRefused(given.When(Theory(minutesLater: 2)));

        Assert.Equal(
            "This repeats T1, recorded 2 minutes ago by \u2060{person:U0BOB}: the same theory. Nothing was recorded. "
            + "If it really is another theory, record it anyway: `/crisis theory anyway <statement> prove <plan> by <time>`.",
            because);
    }

    [Theory]
    [InlineData("the price cache STAMPEDES when the nightly import ends")]
    [InlineData("  The price cache   stampedes when\tthe nightly import ends ")]
    public void Case_and_spacing_do_not_make_it_another_theory(string typed)
    {
        var given = Given().Then(Theory());

        Assert.StartsWith("This repeats T1, recorded just now by \u2060{person:U0ALICE}", AssertRefused(given.When(Theory(typed))));
    }

    [Fact]
    public void Recorded_anyway_it_becomes_the_next_theory_with_its_own_deadline()
    {
        var given = Given().Then(Theory());

        var decision = given.When(Theory(anyway: true, minutesLater: 1));

        Assert.Equal(
            [
                new CrisisEvent.TheoryProposed(T2, Statement, Plan, Alice, Now.AddMinutes(1)),
                new CrisisEvent.DeadlineSet(D2, Plan, T2, InAnHour, Alice, null, null, Now.AddMinutes(1)),
            ],
            decision.Events.ToArray());
    }

    [Fact]
    public void With_two_copies_on_record_the_refusal_names_the_first()
    {
        var given = Given().Then(Theory()).Then(Theory(anyway: true, minutesLater: 1));

        Assert.StartsWith("This repeats T1, recorded 3 minutes ago", AssertRefused(given.When(Theory(minutesLater: 3))));
    }

    [Fact]
    public void More_than_ten_minutes_later_the_same_theory_is_written_down_again()
    {
        var given = Given().Then(Theory());

        Assert.True(given.When(Theory(minutesLater: 11)).IsAccepted);
    }

    [Fact]
    public void A_withdrawn_theory_can_be_written_again_at_once()
    {
        var given = Given().Then(Theory())
            .Then(c => DiagnosisRules.Withdraw(c, new WithdrawEntry(T1, null, "wrong deadline", Alice), Now.AddMinutes(1)));

        Assert.True(given.When(Theory(minutesLater: 2)).IsAccepted);
    }

    [Fact]
    public void The_same_step_again_is_refused_naming_the_first_and_its_theory()
    {
        var given = Given().Then(Theory()).Then(Step("Collect POS logs from store 12", T1));

        var because = AssertRefused(given.When(Step("collect pos logs from  store 12", T1, minutesLater: 4)));

        Assert.Equal(
            "This repeats D2, recorded 4 minutes ago by \u2060{person:U0BOB}: the same step for T1. Nothing was recorded. "
            + "If it really is another step, set it anyway: `/crisis deadline anyway <next step> by <time> [for T1]`.",
            because);
    }

    [Fact]
    public void A_step_typed_again_is_a_repeat_of_a_theorys_plan_too()
    {
        var given = Given().Then(Theory());

        Assert.StartsWith("This repeats D1", AssertRefused(given.When(Step(Plan, T1, minutesLater: 1))));
    }

    [Fact]
    public void The_same_step_for_another_theory_or_for_none_is_another_step()
    {
        var given = Given().Then(Theory()).Then(Step("Collect POS logs from store 12", T1));

        Assert.True(given.When(Step("Collect POS logs from store 12")).IsAccepted);
    }

    [Fact]
    public void Set_anyway_the_same_step_becomes_the_next_deadline()
    {
        var given = Given().Then(Step("Collect POS logs from store 12")).Then(Step("Collect POS logs from store 12", anyway: true, minutesLater: 1));

        Assert.Equal(D3, given.State.NextDeadline);
        Assert.Equal(["Collect POS logs from store 12", "Collect POS logs from store 12"], given.State.Deadlines.Select(d => d.Step).ToArray());
    }
}
