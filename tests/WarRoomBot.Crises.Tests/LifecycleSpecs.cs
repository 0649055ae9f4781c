using WarRoomBot.Crises;
using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

/// <summary>
/// Playbook §13, "resolved means the customer says so; then follow up": Open → Resolved (awaiting the customer) → Accepted
/// (following up) → Closed, and back to open when it comes back, with every step kept. Alice opened crisis 42, Bob owns it.
/// </summary>
public sealed class LifecycleSpecs
{
    private const string Fix = "rolled back firmware 4.2 on all stores";
    private static readonly UpdatePolicy Updates = UpdatePolicy.Default;
    private static readonly LifecyclePolicy FollowUp = new(TimeSpan.FromDays(14));

    private static Func<Crisis, Decision> Resolved(UserId? by = null, bool abandon = false, string fix = Fix, DateTimeOffset? at = null) =>
        c => LifecycleRules.Resolve(c, new Resolve(fix, abandon, by ?? Bob), Updates, at ?? Now);

    private static Func<Crisis, Decision> Accepted(UserId? by = null, string? note = "Acme's ops lead confirmed", DateTimeOffset? at = null) =>
        c => LifecycleRules.Accept(c, new AcceptFix(note, by ?? Bob), FollowUp, at ?? Now.AddHours(1));

    private static Func<Crisis, Decision> Reopened(string? reason = "store 12 froze again", UserId? by = null, DateTimeOffset? at = null) =>
        c => LifecycleRules.Reopen(c, new Reopen(reason, by ?? Bob), Updates, at ?? Now.AddDays(2));

    private static Func<Crisis, Decision> ClosedWith(int satisfaction, int resolution = 1, UserId? by = null) =>
        c => LifecycleRules.Close(c, new CloseCrisis(resolution, satisfaction, "happy with the rollback", true, by ?? Bob), Now.AddDays(15));

    private static Func<Crisis, Decision> Theory(DateTimeOffset? at = null) =>
        c => DiagnosisRules.Propose(c, new ProposeTheory(Statement, Plan, (at ?? Now).AddHours(1), Bob), at ?? Now);

    private static Timeline FollowingUp() => Given().Then(Resolved()).Then(Accepted());

    // ---- Resolving ----

    [Fact]
    public void Resolving_records_the_fix_and_awaits_the_customer_with_business_updates_at_the_slower_cadence()
    {
        var timeline = Given().Then(Resolved(fix: "  " + Fix + " "));

        var next = new NextUpdate(Now + Updates.WhileResolved, NextUpdateCause.Resolved, Updates.WhileResolved, null, null, Now);
        Assert.Equal<CrisisEvent>([new CrisisEvent.Resolved(1, Fix, ValueList<DeadlineId>.Empty, next, Bob, Now)], timeline.History.Skip(1).ToArray());
        var crisis = timeline.State;
        Assert.Equal(Stage.Resolved, crisis.Lifecycle.Stage);
        Assert.Equal(next, crisis.Updates.Next);
        Assert.Equal(Now + Updates.WhileResolved, CrisisClock.NextWake(crisis, ClockPolicy.Default with { Updates = Updates }) + Updates.ReminderLead);
    }

    [Fact]
    public void A_digest_sent_by_the_clock_while_resolved_promises_the_next_at_the_resolved_cadence_and_says_why()
    {
        var timeline = Given().Then(Resolved());
        var due = timeline.State.Updates.Next.Due;

        var given = Assert.Single(UpdateClock.Tick(timeline.State, Updates, due).OfType<CrisisEvent.BusinessUpdateGiven>());

        Assert.Equal(NextUpdateCause.Resolved, given.Next.Cause);
        Assert.Equal(due + Updates.WhileResolved, given.Next.Due);
    }

    [Fact]
    public void Only_the_owner_or_the_sponsor_may_resolve_and_anyone_else_is_told_who_can()
    {
        var refused = AssertRefused(Given().When(Resolved(by: Carol)));
        Assert.Equal($"Only the crisis owner {Bob.InSentence} can resolve it; ask them.", refused);

        var sponsored = Given().Then(c => OwnerRules.Sponsor(c, new NameSponsor(Dave, Bob), Now));
        Assert.Contains($"or the sponsor {Dave.InSentence}", AssertRefused(sponsored.When(Resolved(by: Carol))), StringComparison.Ordinal);
        Assert.True(sponsored.When(Resolved(by: Dave)).IsAccepted);
    }

    [Fact]
    public void Resolving_without_saying_what_fixed_it_is_refused()
    {
        Assert.Contains("Say what fixed it", AssertRefused(Given().When(Resolved(fix: "  "))), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_deadlines_refuse_the_resolution_listing_each_with_the_outcome_usage_and_the_abandon_option()
    {
        var timeline = Given().Then(Theory()).Then(c => DiagnosisRules.Set(c, new SetDeadline("collect POS logs", Now.AddHours(2), null, Bob), Now));

        var refused = AssertRefused(timeline.When(Resolved()));

        Assert.Contains("2 deadlines are still open", refused, StringComparison.Ordinal);
        Assert.Contains($"• D1: {Plan}", refused, StringComparison.Ordinal);
        Assert.Contains("• D2: collect POS logs", refused, StringComparison.Ordinal);
        Assert.Contains("`/crisis confirmed D1 [note]`", refused, StringComparison.Ordinal);
        Assert.Contains($"`/crisis resolve {Fix} abandon`", refused, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolving_with_abandon_records_each_open_deadline_as_abandoned_so_the_clock_leaves_it_alone()
    {
        var timeline = Given().Then(Theory()).Then(Resolved(abandon: true));

        var resolved = Assert.IsType<CrisisEvent.Resolved>(timeline.History[^1]);
        Assert.Equal([D1], resolved.Abandoned);
        var d1 = timeline.State.Deadline(D1)!;
        Assert.False(d1.IsOpen);
        Assert.Contains("abandoned when the crisis was resolved", d1.Withdrawal!.Reason, StringComparison.Ordinal);
        Assert.Empty(DeadlineClock.Tick(timeline.State, DeadlinePolicy.Default, Now.AddHours(3)));
    }

    [Fact]
    public void A_resolved_crisis_cannot_be_resolved_again()
    {
        Assert.Contains("is already resolved since 16:30 UTC on 14 Mar, awaiting the customer's acceptance",
            AssertRefused(Given().Then(Resolved()).When(Resolved())), StringComparison.Ordinal);
    }

    // ---- What applies at each stage ----

    [Fact]
    public void A_resolved_crisis_takes_no_new_theory_or_severity_change_and_says_to_reopen()
    {
        var resolved = Given().Then(Resolved());

        var theory = AssertRefused(resolved.When(Theory(Now.AddMinutes(5))));
        Assert.Contains("awaiting the customer's acceptance, so it takes no theories, deadlines or outcomes", theory, StringComparison.Ordinal);
        Assert.Contains("`/crisis reopen because the freezes are back`", theory, StringComparison.Ordinal);
        Assert.Contains("takes no severity change",
            AssertRefused(resolved.When(c => TriageRules.ChangeSeverity(c, new ChangeSeverity(Severity.Sev3, "quiet", Bob), PriorityPolicy.Default, Updates, Now))),
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_resolved_crisis_still_takes_facts_time_spent_the_parking_lot_and_business_updates()
    {
        var resolved = Given().Then(Resolved());

        Assert.True(resolved.When(c => RecordRules.Fact(c, new RecordFact("store 12 stayed up overnight", "POS logs", Carol), Now)).IsAccepted);
        Assert.True(resolved.When(c => RecordRules.Spend(c, new SpendTime(TimeSpan.FromHours(1), null, null, Carol), Now)).IsAccepted);
        Assert.True(resolved.When(c => RecordRules.Park(c, new ParkConcern("why did monitoring miss it", Carol), Now)).IsAccepted);
        Assert.True(resolved.When(c => UpdateRules.Digest(c, Carol, Updates, Now)).IsAccepted);
    }

    [Fact]
    public void After_the_customer_accepts_business_updates_stop_and_a_digest_is_refused_saying_why()
    {
        var accepted = FollowingUp();

        Assert.Contains("business updates ended with the customer's acceptance", AssertRefused(accepted.When(c => UpdateRules.Digest(c, Carol, Updates, Now))), StringComparison.Ordinal);
        Assert.Empty(UpdateClock.Tick(accepted.State, Updates, Now.AddDays(1)));
        Assert.Null(UpdateClock.NextWake(accepted.State, Updates));
    }

    [Fact]
    public void A_closed_crisis_refuses_everything_but_says_since_when_and_how_to_carry_on()
    {
        var closed = FollowingUp().Then(new CrisisEvent.FollowUpFellDue(1, Now.AddDays(14).AddHours(1))).Then(ClosedWith(4));

        var fact = AssertRefused(closed.When(c => RecordRules.Fact(c, new RecordFact("it froze", "store 12", Carol), Now.AddDays(16))));
        Assert.Equal("Crisis 42 is closed since 16:30 UTC on 29 Mar; its record is kept as it is. If the problem is back, open a new crisis with `/crisis open <title>`.", fact);
        Assert.Equal(fact, AssertRefused(closed.When(c => OwnerRules.Sponsor(c, new NameSponsor(Dave, Bob), Now.AddDays(16)))));
        Assert.Equal(fact, AssertRefused(closed.When(Reopened(at: Now.AddDays(16)))));
        Assert.Equal(fact, AssertRefused(closed.When(Theory(Now.AddDays(16)))));
    }

    // ---- The customer's acceptance and the follow-up ----

    [Fact]
    public void The_customers_acceptance_records_who_and_when_and_schedules_the_follow_up()
    {
        var timeline = FollowingUp();

        var at = Now.AddHours(1);
        Assert.Equal(new CrisisEvent.FixAccepted(1, "Acme's ops lead confirmed", at + FollowUp.FollowUpAfter, Bob, at), timeline.History[^1]);
        Assert.Equal(Stage.Accepted, timeline.State.Lifecycle.Stage);
        Assert.Equal(at + FollowUp.FollowUpAfter, LifecycleClock.NextWake(timeline.State));
    }

    [Fact]
    public void Acceptance_before_a_resolution_or_twice_is_refused()
    {
        Assert.Contains("is not resolved yet", AssertRefused(Given().When(Accepted())), StringComparison.Ordinal);
        Assert.Contains("already on record", AssertRefused(FollowingUp().When(Accepted())), StringComparison.Ordinal);
        Assert.Contains("can record the customer's acceptance", AssertRefused(Given().Then(Resolved()).When(Accepted(by: Carol))), StringComparison.Ordinal);
    }

    [Fact]
    public void The_follow_up_falls_due_once_at_its_time_and_not_before()
    {
        var timeline = FollowingUp();
        var due = LifecycleClock.NextWake(timeline.State)!.Value;

        Assert.Empty(CrisisClock.Tick(timeline.State, ClockPolicy.Default, due.AddMinutes(-1)));
        var fell = CrisisClock.Tick(timeline.State, ClockPolicy.Default, due.AddMinutes(3));
        Assert.Equal<CrisisEvent>([new CrisisEvent.FollowUpFellDue(1, due.AddMinutes(3))], fell.ToArray());

        timeline.Then([.. fell]);
        Assert.Empty(CrisisClock.Tick(timeline.State, ClockPolicy.Default, due.AddDays(1)));
        Assert.Null(CrisisClock.NextWake(timeline.State, ClockPolicy.Default));
    }

    [Fact]
    public void Still_fixed_records_the_satisfaction_and_closes_the_crisis()
    {
        var closed = FollowingUp().Then(ClosedWith(4));

        Assert.Equal(new CrisisEvent.Closed(4, "happy with the rollback", true, Bob, Now.AddDays(15)), closed.History[^1]);
        Assert.Equal(Stage.Closed, closed.State.Lifecycle.Stage);
        Assert.Equal(4, closed.State.Lifecycle.Closure!.Satisfaction);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void A_satisfaction_outside_1_to_5_is_refused(int satisfaction)
    {
        Assert.Contains("from 1 (very unhappy) to 5 (very happy)", AssertRefused(FollowingUp().When(ClosedWith(satisfaction))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_stale_follow_up_cannot_close_a_crisis_resolved_again_since()
    {
        var again = FollowingUp().Then(Reopened()).Then(Resolved(at: Now.AddDays(3))).Then(Accepted(at: Now.AddDays(3)));

        Assert.Contains("This follow-up is no longer current", AssertRefused(again.When(ClosedWith(5, resolution: 1))), StringComparison.Ordinal);
        Assert.True(again.When(ClosedWith(5, resolution: 2)).IsAccepted);
    }

    [Fact]
    public void A_closed_crisis_needs_nothing_of_the_clock_not_even_a_handover_nobody_accepted()
    {
        var closed = FollowingUp().Then(c => OwnerRules.HandOver(c, new HandOver(Carol, null, "Bob is on leave", Bob), Now.AddDays(2))).Then(ClosedWith(5, by: Carol));

        Assert.Null(CrisisClock.NextWake(closed.State, ClockPolicy.Default));
        Assert.Empty(CrisisClock.Tick(closed.State, ClockPolicy.Default, Now.AddDays(20)));
    }

    // ---- Reopening ----

    [Fact]
    public void It_came_back_reopens_with_the_history_kept_and_updates_at_the_severitys_cadence_again()
    {
        var reopenedAt = Now.AddDays(2);
        var timeline = FollowingUp().Then(Reopened(at: reopenedAt));

        var crisis = timeline.State;
        Assert.Equal(Stage.Open, crisis.Lifecycle.Stage);
        Assert.Single(crisis.Lifecycle.Resolutions);
        Assert.Equal([new Reopening(1, "store 12 froze again", Bob, reopenedAt)], crisis.Lifecycle.Reopenings);
        Assert.Equal(new NextUpdate(reopenedAt + UpdateCadence.Default.Sev1, NextUpdateCause.Cadence, UpdateCadence.Default.Sev1, null, null, reopenedAt), crisis.Updates.Next);
        Assert.Null(LifecycleClock.NextWake(crisis));
        Assert.True(timeline.When(Theory(reopenedAt)).IsAccepted);
        Assert.Equal("open again since 16:30 UTC on 16 Mar", LifecycleRules.Describe(crisis));
    }

    [Fact]
    public void Reopening_needs_a_reason_and_a_resolved_crisis()
    {
        Assert.Contains("Say why it is reopened", AssertRefused(FollowingUp().When(Reopened(reason: " "))), StringComparison.Ordinal);
        Assert.Contains("is open; there is nothing to reopen", AssertRefused(Given().When(Reopened())), StringComparison.Ordinal);
        Assert.Contains("can reopen it", AssertRefused(FollowingUp().When(Reopened(by: Carol))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_reopened_crisis_resolved_again_counts_a_second_resolution()
    {
        var crisis = FollowingUp().Then(Reopened()).Then(Resolved(at: Now.AddDays(3))).State;

        Assert.Equal([1, 2], crisis.Lifecycle.Resolutions.Select(r => r.Number));
        Assert.Equal(2, crisis.Lifecycle.Current!.Number);
    }
}
