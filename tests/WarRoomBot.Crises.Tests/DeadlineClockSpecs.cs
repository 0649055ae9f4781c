using WarRoomBot.Crises;
using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

public sealed class DeadlineClockSpecs
{
    private static readonly DateTimeOffset Due = InAnHour;
    private static readonly DeadlinePolicy Policy = DeadlinePolicy.Default;

    /// <summary>A theory proposed at <paramref name="at"/> whose plan is due at <paramref name="due"/> (D1 for the first).</summary>
    private static Func<Crisis, Decision> Proposed(DateTimeOffset? due = null, DateTimeOffset? at = null) =>
        c => DiagnosisRules.Propose(c, new ProposeTheory("The price cache stampedes", "Replay the import on staging", due ?? Due, Alice), at ?? Now);

    private static Func<Crisis, Decision> Set(DateTimeOffset due, DateTimeOffset? at = null, string step = "Collect the store logs") =>
        c => DiagnosisRules.Set(c, new SetDeadline(step, due, null, Bob), at ?? Now);

    private static Func<Crisis, Decision> Recorded(DeadlineId deadline, Outcome outcome, DateTimeOffset at) =>
        c => DiagnosisRules.Record(c, new RecordOutcome(deadline, outcome, null, Bob), at);

    private static void AssertTick(Crisis crisis, DateTimeOffset at, params CrisisEvent[] expected) =>
        Assert.Equal(expected, DeadlineClock.Tick(crisis, Policy, at).ToArray());

    // ---- Tick ----

    [Theory]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(49)]
    public void Nothing_happens_before_the_reminder_time(int minutesAfterSetting)
    {
        var given = Given().Then(Proposed());

        AssertTick(given.State, Now.AddMinutes(minutesAfterSetting));
        AssertTick(given.State, Due.AddMinutes(-10).AddTicks(-1));
    }

    [Fact]
    public void Ten_minutes_before_the_due_time_the_owner_is_reminded()
    {
        var given = Given().Then(Proposed());

        AssertTick(given.State, Due.AddMinutes(-10), new CrisisEvent.DeadlineApproaching(D1, Due.AddMinutes(-10)));
    }

    [Fact]
    public void A_clock_that_wakes_late_but_before_the_due_time_still_reminds()
    {
        var given = Given().Then(Proposed());

        AssertTick(given.State, Due.AddMinutes(-3), new CrisisEvent.DeadlineApproaching(D1, Due.AddMinutes(-3)));
    }

    [Fact]
    public void At_the_due_time_the_deadline_falls_due()
    {
        var given = Given().Then(Proposed()).Ticked(Due.AddMinutes(-10));

        AssertTick(given.State, Due, new CrisisEvent.DeadlineFellDue(D1, Due));
    }

    [Fact]
    public void Between_falling_due_and_the_escalation_time_nothing_more_happens()
    {
        var given = Given().Then(Proposed()).Ticked(Due.AddMinutes(-10)).Ticked(Due);

        AssertTick(given.State, Due.AddMinutes(1));
        AssertTick(given.State, Due.AddMinutes(15).AddTicks(-1));
    }

    [Fact]
    public void Fifteen_minutes_after_the_due_time_with_no_outcome_the_deadline_is_missed()
    {
        var given = Given().Then(Proposed()).Ticked(Due.AddMinutes(-10)).Ticked(Due);

        AssertTick(given.State, Due.AddMinutes(15), new CrisisEvent.DeadlineMissed(D1, Due.AddMinutes(15)));
    }

    [Fact]
    public void Once_missed_a_deadline_with_no_outcome_asks_the_clock_for_nothing_more()
    {
        var given = Given().Then(Proposed()).Ticked(Due.AddMinutes(-10)).Ticked(Due).Ticked(Due.AddMinutes(15));

        AssertTick(given.State, Due.AddHours(3));
    }

    [Theory]
    [InlineData(-10)]
    [InlineData(-4)]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(20)]
    public void Ticking_twice_at_the_same_time_records_each_step_once(int minutesFromDue)
    {
        var at = Due.AddMinutes(minutesFromDue);
        var given = Given().Then(Proposed());
        var first = DeadlineClock.Tick(given.State, Policy, at);
        given.Ticked(at);

        Assert.NotEmpty(first);
        AssertTick(given.State, at);
    }

    [Fact]
    public void A_clock_stopped_until_well_after_the_due_time_records_fell_due_and_missed_at_once_and_no_reminder()
    {
        var given = Given().Then(Proposed());
        var late = Due.AddMinutes(20);

        AssertTick(given.State, late, new CrisisEvent.DeadlineFellDue(D1, late), new CrisisEvent.DeadlineMissed(D1, late));
    }

    [Fact]
    public void A_clock_that_skipped_the_reminder_only_records_fell_due_at_the_due_time()
    {
        var given = Given().Then(Proposed());

        AssertTick(given.State, Due, new CrisisEvent.DeadlineFellDue(D1, Due));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    public void A_deadline_set_no_further_ahead_than_the_reminder_lead_gets_no_reminder_at_all(int minutesAhead)
    {
        var due = Now.AddMinutes(minutesAhead);
        var given = Given().Then(Set(due));

        AssertTick(given.State, Now);
        AssertTick(given.State, due.AddMinutes(-1));
        AssertTick(given.State, due, new CrisisEvent.DeadlineFellDue(D1, due));
        given.Ticked(due);
        AssertTick(given.State, due.AddMinutes(15), new CrisisEvent.DeadlineMissed(D1, due.AddMinutes(15)));
    }

    [Fact]
    public void A_deadline_set_just_further_ahead_than_the_reminder_lead_is_reminded_at_once()
    {
        var due = Now.AddMinutes(11);
        var given = Given().Then(Set(due));

        AssertTick(given.State, Now);
        AssertTick(given.State, Now.AddMinutes(1), new CrisisEvent.DeadlineApproaching(D1, Now.AddMinutes(1)));
    }

    [Theory]
    [InlineData(Outcome.Confirmed)]
    [InlineData(Outcome.Disproved)]
    public void A_deadline_with_an_outcome_gets_nothing_from_the_clock(Outcome outcome)
    {
        var given = Given().Then(Proposed()).Then(Recorded(D1, outcome, Due.AddMinutes(-20)));

        AssertTick(given.State, Due.AddMinutes(-10));
        AssertTick(given.State, Due);
        AssertTick(given.State, Due.AddMinutes(15));
        AssertTick(given.State, Due.AddHours(5));
    }

    [Fact]
    public void An_outcome_recorded_after_falling_due_stops_the_escalation()
    {
        var given = Given().Then(Proposed()).Ticked(Due).Then(Recorded(D1, Outcome.Confirmed, Due.AddMinutes(5)));

        AssertTick(given.State, Due.AddMinutes(15));
    }

    [Fact]
    public void An_extended_deadline_gets_nothing_and_its_replacement_runs_on_its_own_times()
    {
        var newDue = Due.AddHours(1);
        var given = Given().Then(Proposed())
            .Then(c => DiagnosisRules.Extend(c, new ExtendDeadline(D1, newDue, "Staging was down", Alice), Due.AddMinutes(-30)));

        AssertTick(given.State, Due.AddMinutes(-10));
        AssertTick(given.State, Due);
        AssertTick(given.State, Due.AddMinutes(15));
        AssertTick(given.State, newDue.AddMinutes(-10), new CrisisEvent.DeadlineApproaching(D2, newDue.AddMinutes(-10)));
    }

    [Fact]
    public void Several_deadlines_are_each_handled_in_their_order_on_one_tick()
    {
        var given = Given().Then(Proposed(due: Now.AddMinutes(30))).Then(Set(Now.AddMinutes(40)));
        var at = Now.AddMinutes(50);

        AssertTick(given.State, at,
            new CrisisEvent.DeadlineFellDue(D1, at),
            new CrisisEvent.DeadlineMissed(D1, at),
            new CrisisEvent.DeadlineFellDue(D2, at));
    }

    [Fact]
    public void A_custom_policy_reminds_and_escalates_on_its_own_times()
    {
        var policy = new DeadlinePolicy(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5));
        var given = Given().Then(Proposed());

        Assert.Empty(DeadlineClock.Tick(given.State, policy, Due.AddMinutes(-10)));
        Assert.Empty(DeadlineClock.Tick(given.State, policy, Due.AddMinutes(-2).AddTicks(-1)));
        Assert.Equal([new CrisisEvent.DeadlineApproaching(D1, Due.AddMinutes(-2))], DeadlineClock.Tick(given.State, policy, Due.AddMinutes(-2)).ToArray());

        given.Ticked(Due.AddMinutes(-2), policy).Ticked(Due, policy);

        Assert.Empty(DeadlineClock.Tick(given.State, policy, Due.AddMinutes(4)));
        Assert.Equal([new CrisisEvent.DeadlineMissed(D1, Due.AddMinutes(5))], DeadlineClock.Tick(given.State, policy, Due.AddMinutes(5)).ToArray());
    }

    [Fact]
    public void The_default_policy_reminds_ten_minutes_ahead_and_escalates_fifteen_minutes_after()
    {
        Assert.Equal(new DeadlinePolicy(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15)), DeadlinePolicy.Default);
    }

    [Fact]
    public void A_crisis_with_no_deadlines_gives_the_clock_nothing_to_do()
    {
        AssertTick(Given().State, Due.AddDays(1));
        Assert.Null(DeadlineClock.NextWake(Given().State, Policy));
    }

    // ---- NextWake ----

    [Fact]
    public void A_fresh_deadline_wakes_the_clock_at_its_reminder_time()
    {
        var given = Given().Then(Proposed());

        Assert.Equal(Due.AddMinutes(-10), DeadlineClock.NextWake(given.State, Policy));
    }

    [Fact]
    public void Once_reminded_the_clock_wakes_at_the_due_time()
    {
        var given = Given().Then(Proposed()).Ticked(Due.AddMinutes(-10));

        Assert.Equal(Due, DeadlineClock.NextWake(given.State, Policy));
    }

    [Fact]
    public void Once_fallen_due_the_clock_wakes_at_the_escalation_time()
    {
        var given = Given().Then(Proposed()).Ticked(Due.AddMinutes(-10)).Ticked(Due);

        Assert.Equal(Due.AddMinutes(15), DeadlineClock.NextWake(given.State, Policy));
    }

    [Fact]
    public void Once_escalated_the_deadline_needs_the_clock_no_more()
    {
        var given = Given().Then(Proposed()).Ticked(Due.AddMinutes(-10)).Ticked(Due).Ticked(Due.AddMinutes(15));

        Assert.Null(DeadlineClock.NextWake(given.State, Policy));
    }

    [Theory]
    [InlineData(Outcome.Confirmed)]
    [InlineData(Outcome.Disproved)]
    public void A_resolved_deadline_needs_the_clock_no_more(Outcome outcome)
    {
        var given = Given().Then(Proposed()).Ticked(Due.AddMinutes(-10)).Then(Recorded(D1, outcome, Due.AddMinutes(-5)));

        Assert.Null(DeadlineClock.NextWake(given.State, Policy));
    }

    [Fact]
    public void A_deadline_too_close_for_a_reminder_wakes_the_clock_first_at_its_due_time()
    {
        var given = Given().Then(Set(Now.AddMinutes(5)));

        Assert.Equal(Now.AddMinutes(5), DeadlineClock.NextWake(given.State, Policy));
    }

    [Fact]
    public void With_several_deadlines_the_clock_wakes_for_the_earliest()
    {
        var given = Given().Then(Proposed(due: Now.AddHours(2))).Then(Set(Now.AddMinutes(40)));

        Assert.Equal(Now.AddMinutes(30), DeadlineClock.NextWake(given.State, Policy));

        given.Then(Recorded(D2, Outcome.Confirmed, Now.AddMinutes(20)));

        Assert.Equal(Now.AddHours(2).AddMinutes(-10), DeadlineClock.NextWake(given.State, Policy));
    }

    [Fact]
    public void An_escalation_due_earlier_wins_over_a_later_reminder()
    {
        var given = Given().Then(Proposed(due: Now.AddMinutes(20))).Ticked(Now.AddMinutes(20)).Then(Set(Now.AddHours(1), Now.AddMinutes(21)));

        Assert.Equal(Now.AddMinutes(35), DeadlineClock.NextWake(given.State, Policy));
    }

    [Fact]
    public void A_custom_policy_wakes_the_clock_at_its_own_times()
    {
        var policy = new DeadlinePolicy(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5));
        var given = Given().Then(Proposed());

        Assert.Equal(Due.AddMinutes(-2), DeadlineClock.NextWake(given.State, policy));
        given.Ticked(Due.AddMinutes(-2), policy).Ticked(Due, policy);
        Assert.Equal(Due.AddMinutes(5), DeadlineClock.NextWake(given.State, policy));
    }

    [Fact]
    public void The_open_deadlines_read_earliest_due_first_then_by_number_and_each_leaves_once_settled()
    {
        var given = Given()
            .Then(Proposed(due: Now.AddHours(2)))
            .Then(Set(Now.AddMinutes(40), step: "Collect the store logs"))
            .Then(Set(Now.AddHours(2), step: "Diff the price feeds"))
            .Then(Set(Now.AddMinutes(20), step: "Ask the vendor for its import logs"));

        Assert.Equal([D4, D2, D1, D3], given.State.OpenByDue.Select(d => d.Id));

        given
            .Then(Recorded(D2, Outcome.Confirmed, Now.AddMinutes(5)))
            .Then(c => DiagnosisRules.Extend(c, new ExtendDeadline(D4, Now.AddHours(3), "the vendor's logs come tonight", Bob), Now.AddMinutes(6)))
            .Then(c => DiagnosisRules.Withdraw(c, new WithdrawEntry(null, D3, "the same step as D1", Bob), Now.AddMinutes(7)));

        Assert.Equal([D1, new DeadlineId(5)], given.State.OpenByDue.Select(d => d.Id));
        Assert.Equal(Now.AddHours(2).AddMinutes(-10), DeadlineClock.NextWake(given.State, Policy));
    }

    [Fact]
    public void With_a_hundred_deadlines_in_every_state_the_clock_wakes_exactly_when_the_first_of_them_needs_it()
    {
        var random = new Random(14);
        var given = Given();
        for (var i = 0; i < 100; i++)
            given.Then(Set(Now.AddMinutes(random.Next(1, 300)), step: $"Check store {i}"));
        for (var n = 1; n <= 100; n += random.Next(1, 8))
            given.Then(Recorded(new DeadlineId(n), Outcome.Confirmed, Now.AddMinutes(1)));
        given.Ticked(Now.AddMinutes(90));

        var wakes = 0;
        while (DeadlineClock.NextWake(given.State, Policy) is { } wake)
        {
            // Nothing is due a moment before the wake, and something is due at it, as the tick over every deadline says.
            Assert.Empty(DeadlineClock.Tick(given.State, Policy, wake.AddTicks(-1)));
            Assert.NotEmpty(DeadlineClock.Tick(given.State, Policy, wake));
            given.Ticked(wake);
            wakes++;
        }

        Assert.InRange(wakes, 100, 300);
        Assert.All(given.State.Deadlines, d => Assert.True(!d.IsOpen || d.Escalated));
    }

    [Fact]
    public void A_scheduler_that_only_wakes_when_asked_records_reminder_due_and_missed_each_once_at_their_times()
    {
        var given = Given().Then(Proposed());
        var recorded = new List<CrisisEvent>();

        for (var wakes = 0; wakes < 10 && DeadlineClock.NextWake(given.State, Policy) is { } wake; wakes++)
        {
            var happened = DeadlineClock.Tick(given.State, Policy, wake);
            recorded.AddRange(happened);
            given.Ticked(wake);
        }

        Assert.Equal(
            [
                new CrisisEvent.DeadlineApproaching(D1, Due.AddMinutes(-10)),
                new CrisisEvent.DeadlineFellDue(D1, Due),
                new CrisisEvent.DeadlineMissed(D1, Due.AddMinutes(15)),
            ],
            recorded.ToArray());
        Assert.Null(DeadlineClock.NextWake(given.State, Policy));
    }
}
