using WarRoomBot.Crises;
using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

/// <summary>
/// Playbook §11: each severity promises a target and a worst case for the fix, counted from the report; the owner may set
/// their own with a reason; the owner is prompted once per promise when the target is at risk, and the worst case passing
/// is told once. Crisis 42 opened as sev1 at 16:20 on 14 March; Bob owns it, so its target is 16:20 on the 15th and its
/// worst case 16:20 on the 16th.
/// </summary>
public sealed class ExpectationRulesSpecs
{
    private static readonly ExpectationPolicy Policy = ExpectationPolicy.Default;

    private static readonly DateTimeOffset Target = Opened.AddHours(24);

    private static readonly DateTimeOffset Worst = Opened.AddHours(48);

    private static Timeline GivenExpected() => Given().Then(ExpectationRules.AtOpening(OpenedEvent, Policy));

    private static Func<Crisis, Decision> SetBy(UserId by, DateTimeOffset target, DateTimeOffset worst, string? because = "the fix needs a full regression run",
        bool anyway = false, DateTimeOffset? at = null) =>
        c => ExpectationRules.Set(c, new SetExpectations(target, worst, because, anyway, by), at ?? Now);

    private static Func<Crisis, Decision> Severity(Severity to, DateTimeOffset? at = null) =>
        c => ExpectationRules.FollowSeverity(c,
            TriageRules.ChangeSeverity(c, new ChangeSeverity(to, "the outage spread to every store", Bob), PriorityPolicy.Default, UpdatePolicy.Default, at ?? Now), Policy);

    private static IReadOnlyList<CrisisEvent> Tick(Timeline timeline, DateTimeOffset at) => ExpectationClock.Tick(timeline.State, ClockPolicy.Default, at);

    private static Timeline Ticked(Timeline timeline, DateTimeOffset at) => timeline.Then([.. Tick(timeline, at)]);

    [Theory]
    [InlineData(Crises.Severity.Sev1, 1, 2)]
    [InlineData(Crises.Severity.Sev2, 3, 5)]
    [InlineData(Crises.Severity.Sev3, 10, 20)]
    [InlineData(Crises.Severity.Sev4, 30, 60)]
    public void Each_severity_promises_its_target_and_worst_case_counted_from_the_report(Severity severity, int targetDays, int worstDays)
    {
        var opened = OpenedEvent with { Severity = severity };

        var crisis = new Timeline(Id, opened).Then(ExpectationRules.AtOpening(opened, Policy)).State;

        Assert.Equal(new Expected(Opened.AddDays(targetDays), Opened.AddDays(worstDays), severity, null, null, false, Opened), crisis.Expectations.Current);
    }

    [Fact]
    public void A_severity_change_brings_the_new_severitys_expectations_counted_from_the_report_not_from_the_change()
    {
        var later = Opened.AddHours(5);

        var crisis = GivenExpected().Then(Severity(Crises.Severity.Sev2, later)).State;

        Assert.Equal(new Expected(Opened.AddDays(3), Opened.AddDays(5), Crises.Severity.Sev2, null, null, false, later), crisis.Expectations.Current);
    }

    [Fact]
    public void Expectations_the_owner_set_stay_through_a_severity_change()
    {
        var timeline = GivenExpected().Then(SetBy(Bob, Now.AddHours(8), Now.AddHours(30)));

        var decision = timeline.When(Severity(Crises.Severity.Sev3));
        var crisis = timeline.Then(Severity(Crises.Severity.Sev3)).State;

        Assert.Empty(decision.Events.OfType<CrisisEvent.AboutExpectations>());
        Assert.Equal((Now.AddHours(8), Now.AddHours(30), Bob), (crisis.Expectations.Current!.Target, crisis.Expectations.Current.Worst, crisis.Expectations.Current.By));
    }

    [Fact]
    public void The_owner_sets_new_expectations_with_the_reason_on_record()
    {
        var decision = GivenExpected().When(SetBy(Bob, Now.AddHours(8), Now.AddHours(30), "  the fix needs a full regression run "));

        Assert.Equal<CrisisEvent>(
            [new CrisisEvent.ExpectationsSet(Now.AddHours(8), Now.AddHours(30), "the fix needs a full regression run", Bob, false, Now)],
            decision.Events.ToArray());
    }

    [Fact]
    public void The_sponsor_may_set_them_and_anyone_else_is_told_who_can()
    {
        var sponsored = GivenExpected().Then(new CrisisEvent.SponsorNamed(Dave, Bob, Now.AddMinutes(-5)));

        Assert.True(sponsored.When(SetBy(Dave, Now.AddHours(8), Now.AddHours(30))).IsAccepted);
        Assert.Equal(
            $"Only the crisis owner {Bob.InSentence} or the sponsor {Dave.InSentence} can set the target and worst case, because they are a promise to the customer; ask one of them.",
            AssertRefused(sponsored.When(SetBy(Carol, Now.AddHours(8), Now.AddHours(30)))));
        Assert.Equal(
            $"Only the crisis owner {Bob.InSentence} can set the target and worst case, because they are a promise to the customer; ask them.",
            AssertRefused(GivenExpected().When(SetBy(Carol, Now.AddHours(8), Now.AddHours(30)))));
    }

    [Fact]
    public void A_target_in_the_past_a_worst_case_before_the_target_no_reason_and_the_same_times_are_refused()
    {
        Assert.StartsWith("The target is in the past", AssertRefused(GivenExpected().When(SetBy(Bob, Now, Now.AddHours(30)))));
        Assert.StartsWith("The worst case is before the target", AssertRefused(GivenExpected().When(SetBy(Bob, Now.AddHours(8), Now.AddHours(7)))));
        Assert.StartsWith("Say why, e.g. `/crisis target", AssertRefused(GivenExpected().When(SetBy(Bob, Now.AddHours(8), Now.AddHours(30), because: " "))));
        Assert.StartsWith("The reason is 301 characters", AssertRefused(GivenExpected().When(SetBy(Bob, Now.AddHours(8), Now.AddHours(30), because: new string('x', 301)))));
        Assert.Equal("Those are the target and worst case already given; nothing changed.", AssertRefused(GivenExpected().When(SetBy(Bob, Target, Worst))));
        Assert.True(GivenExpected().When(SetBy(Bob, Now.AddHours(8), Now.AddHours(8))).IsAccepted);
    }

    [Fact]
    public void A_hedged_reason_is_refused_for_the_business_channel_unless_set_anyway_on_purpose()
    {
        var refused = AssertRefused(GivenExpected().When(SetBy(Bob, Now.AddHours(8), Now.AddHours(30), "the patch should work by then")));

        Assert.Contains("so the expectations were not changed", refused);
        Assert.Contains("`/crisis target! …`", refused);
        var anyway = GivenExpected().When(SetBy(Bob, Now.AddHours(8), Now.AddHours(30), "the patch should work by then", anyway: true));
        Assert.True(Assert.IsType<CrisisEvent.ExpectationsSet>(Assert.Single(anyway.Events)).WordingOverridden);
    }

    [Fact]
    public void The_target_is_at_risk_once_three_quarters_of_the_time_to_it_is_used_and_the_owner_is_prompted_once()
    {
        var timeline = GivenExpected();
        var atRisk = Opened.AddHours(18);

        Assert.Equal(atRisk, ExpectationClock.NextWake(timeline.State, ClockPolicy.Default));
        Assert.Empty(Tick(timeline, atRisk.AddMinutes(-1)));
        var raised = Assert.IsType<CrisisEvent.TargetAtRisk>(Assert.Single(Tick(timeline, atRisk)));
        Assert.Equal((1, AtRiskCause.MostOfTargetUsed, (DeadlineId?)null, Target, Worst, atRisk), (raised.Episode, raised.Cause, raised.Deadline, raised.Target, raised.Worst, raised.At));

        Ticked(timeline, atRisk);
        Assert.Empty(Tick(timeline, atRisk.AddHours(2)));
        Assert.Equal(Worst, ExpectationClock.NextWake(timeline.State, ClockPolicy.Default));
    }

    [Fact]
    public void A_missed_deadline_puts_the_target_at_risk_at_once_and_a_second_miss_in_the_same_episode_prompts_no_more()
    {
        var timeline = GivenExpected().Then(
            new CrisisEvent.TheoryProposed(T1, Statement, Plan, Bob, Now),
            new CrisisEvent.DeadlineSet(D1, Plan, T1, Now.AddHours(1), Bob, null, null, Now),
            new CrisisEvent.DeadlineSet(D2, "collect the store logs", null, Now.AddHours(2), Bob, null, null, Now));
        var missed = Now.AddHours(1) + DeadlinePolicy.Default.EscalateAfter;

        Assert.Equal(missed, ExpectationClock.NextWake(timeline.State, ClockPolicy.Default));
        var raised = Assert.IsType<CrisisEvent.TargetAtRisk>(Assert.Single(Tick(timeline, missed)));
        Assert.Equal((AtRiskCause.DeadlineMissed, (DeadlineId?)D1), (raised.Cause, raised.Deadline));
        Assert.Contains("is at risk: we missed diagnostic deadline D1 (Replay the import on staging with cache metrics on).", raised.Draft);

        Ticked(timeline, missed).Then(new CrisisEvent.DeadlineMissed(D1, missed));
        Assert.Empty(Tick(timeline, Now.AddHours(3)));
    }

    [Fact]
    public void A_deadline_kept_does_not_put_the_target_at_risk()
    {
        var timeline = GivenExpected().Then(
            new CrisisEvent.DeadlineSet(D1, "collect the store logs", null, Now.AddHours(1), Bob, null, null, Now),
            new CrisisEvent.OutcomeRecorded(D1, Outcome.Confirmed, null, Bob, Now.AddMinutes(50)));

        Assert.Empty(Tick(timeline, Now.AddHours(2)));
    }

    [Fact]
    public void New_expectations_are_a_new_promise_so_the_owner_is_prompted_again_when_it_too_is_at_risk()
    {
        var timeline = Ticked(GivenExpected(), Opened.AddHours(18))
            .Then(SetBy(Bob, Opened.AddHours(30), Opened.AddHours(40), at: Opened.AddHours(19)));

        Assert.Empty(Tick(timeline, Opened.AddHours(22)));
        var again = Assert.IsType<CrisisEvent.TargetAtRisk>(Assert.Single(Tick(timeline, Opened.AddHours(22.5))));
        Assert.Equal((2, Opened.AddHours(30)), (again.Episode, again.Target));
    }

    [Fact]
    public void The_worst_case_passing_is_told_once()
    {
        var timeline = Ticked(GivenExpected(), Opened.AddHours(18));

        Assert.Empty(Tick(timeline, Worst.AddMinutes(-1)));
        Assert.Equal<CrisisEvent>([new CrisisEvent.WorstCasePassed(Worst, Worst.AddMinutes(3))], Tick(timeline, Worst.AddMinutes(3)).ToArray());

        Ticked(timeline, Worst.AddMinutes(3));
        Assert.Empty(Tick(timeline, Worst.AddHours(5)));
        Assert.Null(ExpectationClock.NextWake(timeline.State, ClockPolicy.Default));
    }

    [Fact]
    public void The_crisis_clock_wakes_for_the_expectations_and_takes_their_decisions()
    {
        var timeline = GivenExpected();

        Assert.Contains(CrisisClock.Tick(timeline.State, ClockPolicy.Default, Opened.AddHours(18)), e => e is CrisisEvent.TargetAtRisk);
        Assert.Null(ExpectationClock.NextWake(Crisis.NotOpened(Id), ClockPolicy.Default));
        Assert.Empty(ExpectationClock.Tick(Crisis.NotOpened(Id), ClockPolicy.Default, Worst));
    }

    [Fact]
    public void The_drafted_update_gives_the_bad_news_first_in_words_that_pass_the_wording_check()
    {
        var timeline = GivenExpected().Then(
            new CrisisEvent.TheoryProposed(T1, Statement, Plan, Bob, Now),
            new CrisisEvent.DeadlineSet(D1, Plan, T1, Opened.AddHours(20), Bob, null, null, Now));

        var draft = Assert.IsType<CrisisEvent.TargetAtRisk>(Assert.Single(Tick(timeline, Opened.AddHours(18)))).Draft;

        Assert.Equal(
            "The target we gave for a fix, 16:20 UTC on 15 Mar, is at risk: 75% of the time to it has passed without a fix. We are telling you now, not at the deadline.\n"
            + $"Where we stand: the cause is not identified yet; we are testing T1: {Statement}.\n"
            + $"Next step: D1, {Plan}, by 12:20 UTC on 15 Mar.\n"
            + "The worst case we gave, 16:20 UTC on 16 Mar, stands.",
            draft);
        Assert.True(Wording.Check(draft).IsEmpty);
    }
}
