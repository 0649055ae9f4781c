using WarRoomBot.Crises;
using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

/// <summary>Playbook §8 and §9: when the business channel hears from us next, why then, and what the owner may promise.</summary>
public sealed class UpdateRulesSpecs
{
    private static readonly UpdatePolicy Policy = UpdatePolicy.Default;
    private static readonly DateTimeOffset FirstUpdate = Opened.AddMinutes(30);

    private static Func<Crisis, Decision> Owner(string text, DateTimeOffset next, string? reason = "the rollout ends then", bool anyway = false, UserId? by = null, DateTimeOffset? at = null) =>
        c => UpdateRules.Post(c, new OwnerUpdate(text, next, reason, anyway, by ?? Bob), Policy, at ?? Now);

    private static Func<Crisis, Decision> Theory(DateTimeOffset due, DateTimeOffset? at = null) =>
        c => DiagnosisRules.Propose(c, new ProposeTheory(Statement, Plan, due, Alice), at ?? Now);

    // ---- The promise at opening ----

    [Fact]
    public void A_new_crisis_promises_its_first_update_at_the_kickoffs_time_because_of_its_cadence()
    {
        var next = Given().State.Updates.Next;

        Assert.Equal(FirstUpdate, next.Due);
        Assert.Equal(NextUpdateCause.Cadence, next.Cause);
        Assert.Equal(TimeSpan.FromMinutes(30), next.Cadence);
        Assert.Empty(Given().State.Updates.Given);
    }

    // ---- The automatic next time ----

    [Theory]
    [InlineData(Severity.Sev1, 30)]
    [InlineData(Severity.Sev2, 60)]
    [InlineData(Severity.Sev3, 240)]
    [InlineData(Severity.Sev4, 1440)]
    public void With_no_deadline_the_next_update_is_one_cadence_from_now(Severity severity, int minutes)
    {
        var crisis = new Timeline(Id, OpenedEvent with { Severity = severity }).State;

        var next = UpdateRules.Automatic(crisis, Policy, Now);

        Assert.Equal(Now.AddMinutes(minutes), next.Due);
        Assert.Equal(NextUpdateCause.Cadence, next.Cause);
        Assert.Null(next.Deadline);
        Assert.Equal(Now, next.SetAt);
    }

    [Fact]
    public void An_open_deadline_due_before_the_cadence_time_brings_the_update_to_its_due_time_plus_the_margin()
    {
        var crisis = Given().Then(Theory(Now.AddMinutes(20))).State;

        var next = UpdateRules.Automatic(crisis, Policy, Now);

        Assert.Equal(Now.AddMinutes(25), next.Due);
        Assert.Equal(NextUpdateCause.Deadline, next.Cause);
        Assert.Equal(D1, next.Deadline);
    }

    [Theory]
    [InlineData(25)]
    [InlineData(40)]
    public void A_deadline_whose_outcome_would_come_at_or_after_the_cadence_time_leaves_the_cadence(int dueInMinutes)
    {
        var crisis = Given().Then(Theory(Now.AddMinutes(dueInMinutes))).State;

        var next = UpdateRules.Automatic(crisis, Policy, Now);

        Assert.Equal(NextUpdateCause.Cadence, next.Cause);
        Assert.Equal(Now.AddMinutes(30), next.Due);
    }

    [Fact]
    public void The_earliest_of_several_open_deadlines_decides_and_settled_or_past_ones_do_not()
    {
        var crisis = Given()
            .Then(Theory(Now.AddMinutes(5)))
            .Then(c => DiagnosisRules.Set(c, new SetDeadline("Collect the store logs", Now.AddMinutes(25), T1, Alice), Now))
            .Then(c => DiagnosisRules.Set(c, new SetDeadline("Heap dump from store 114", Now.AddMinutes(22), T1, Alice), Now))
            .Then(c => DiagnosisRules.Record(c, new RecordOutcome(D3, Outcome.Confirmed, null, Bob), Now.AddMinutes(1)))
            .State;

        // D1 is past at 6 minutes in; D3 has its outcome; D2 is the one still to come.
        var next = UpdateRules.Automatic(crisis, Policy, Now.AddMinutes(6));

        Assert.Equal(D2, next.Deadline);
        Assert.Equal(Now.AddMinutes(30), next.Due);
    }

    [Theory]
    [InlineData(5, 30)]
    [InlineData(9, 30)]
    [InlineData(10, 15)]
    public void A_deadline_brings_the_update_no_sooner_than_half_a_cadence_away(int dueInMinutes, int expectedInMinutes)
    {
        var crisis = Given().Then(Theory(Now.AddMinutes(dueInMinutes))).State;

        Assert.Equal(Now.AddMinutes(expectedInMinutes), UpdateRules.Automatic(crisis, Policy, Now).Due);
    }

    // ---- The digest on demand ----

    [Fact]
    public void A_digest_on_demand_goes_out_now_by_whoever_asked_and_restarts_the_cadence()
    {
        var decision = Given().When(c => UpdateRules.Digest(c, Carol, Policy, Now));

        var given = Assert.IsType<CrisisEvent.BusinessUpdateGiven>(Assert.Single(decision.Events));
        Assert.Equal(1, given.Number);
        Assert.Equal(UpdateKind.Digest, given.Kind);
        Assert.Equal(Carol, given.By);
        Assert.Equal(FirstUpdate, given.WasDue);
        Assert.Equal(Now.AddMinutes(30), given.Next.Due);
        Assert.Equal(Now, given.At);
    }

    // ---- The owner's own update ----

    [Fact]
    public void The_owners_update_keeps_their_words_their_time_and_their_reason()
    {
        var decision = Given().When(Owner("  Stores 1-50 take payments again  ", Now.AddHours(2)));

        var given = Assert.IsType<CrisisEvent.BusinessUpdateGiven>(Assert.Single(decision.Events));
        Assert.Equal(UpdateKind.Owner, given.Kind);
        Assert.Equal("Stores 1-50 take payments again", given.Text);
        Assert.Equal(Bob, given.By);
        Assert.False(given.WordingOverridden);
        Assert.Equal(new NextUpdate(Now.AddHours(2), NextUpdateCause.Owner, TimeSpan.FromMinutes(30), null, "the rollout ends then", Now), given.Next);
    }

    [Fact]
    public void Only_the_owner_speaks_in_their_own_words_and_the_refusal_names_them()
    {
        var refusal = AssertRefused(Given().When(Owner("Stores are back", Now.AddMinutes(30), by: Alice)));

        Assert.Contains(Bob.InSentence, refusal);
        Assert.Contains("/crisis digest", refusal);
    }

    [Fact]
    public void The_sponsor_speaks_for_the_owner_too_and_once_named_is_in_the_refusal()
    {
        var sponsored = Given().Then(new CrisisEvent.SponsorNamed(Dave, Bob, Now.AddMinutes(-5)));

        var given = Assert.IsType<CrisisEvent.BusinessUpdateGiven>(Assert.Single(sponsored.When(Owner("Stores are back", Now.AddMinutes(30), by: Dave)).Events));
        Assert.Equal(Dave, given.By);
        Assert.Equal(
            $"Business updates in your own words come from the owner, {Bob.InSentence}, or the sponsor, {Dave.InSentence}; ask one of them, or run `/crisis digest` to post the digest now.",
            AssertRefused(sponsored.When(Owner("Stores are back", Now.AddMinutes(30), by: Alice))));
    }

    [Theory]
    [InlineData("", "the rollout ends then", "empty")]
    [InlineData("   ", "the rollout ends then", "empty")]
    [InlineData("Stores are back", null, "because")]
    [InlineData("Stores are back", "  ", "because")]
    public void An_update_without_words_or_without_a_reason_is_refused(string text, string? reason, string expected)
    {
        var refusal = AssertRefused(Given().When(Owner(text, Now.AddMinutes(30), reason)));

        Assert.Contains(expected, refusal);
    }

    [Fact]
    public void Text_and_reasons_too_long_to_read_in_twenty_seconds_are_refused_with_the_limit()
    {
        Assert.Contains($"{UpdateRules.MaxTextLength}", AssertRefused(Given().When(Owner(new string('a', UpdateRules.MaxTextLength + 1), Now.AddMinutes(30)))));
        Assert.Contains($"{UpdateRules.MaxReasonLength}", AssertRefused(Given().When(Owner("Stores are back", Now.AddMinutes(30), new string('b', UpdateRules.MaxReasonLength + 1)))));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void The_next_update_must_be_in_the_future(int minutes) =>
        Assert.Contains("future", AssertRefused(Given().When(Owner("Stores are back", Now.AddMinutes(minutes)))));

    [Theory]
    [InlineData(Severity.Sev1, 120, "2 hours")]
    [InlineData(Severity.Sev2, 240, "4 hours")]
    [InlineData(Severity.Sev3, 960, "16 hours")]
    [InlineData(Severity.Sev4, 1440, "24 hours")]
    public void The_next_update_may_be_later_than_the_cadence_but_not_past_four_cadences_or_a_day(Severity severity, int longest, string words)
    {
        var given = new Timeline(Id, OpenedEvent with { Severity = severity });

        Assert.True(given.When(Owner("Stores are back", Now.AddMinutes(longest))).IsAccepted);
        var refusal = AssertRefused(given.When(Owner("Stores are back", Now.AddMinutes(longest + 1))));
        Assert.Contains($"at most {words} away", refusal);
    }

    [Fact]
    public void Hedged_wording_is_refused_with_the_phrase_and_a_way_to_post_it_anyway()
    {
        var refusal = AssertRefused(Given().When(Owner("We will maybe restore stores tonight", Now.AddMinutes(30))));

        Assert.Contains("maybe", refusal);
        Assert.Contains("update!", refusal);
    }

    [Fact]
    public void Hedged_wording_in_the_reason_is_refused_too_and_says_it_is_in_the_reason()
    {
        var refusal = AssertRefused(Given().When(Owner("Stores are back", Now.AddMinutes(30), "maybe the patch lands then")));

        Assert.Contains("In the reason", refusal);
    }

    [Fact]
    public void Posting_anyway_records_the_choice_and_who_made_it()
    {
        var decision = Given().When(Owner("We will maybe restore stores tonight", Now.AddMinutes(30), anyway: true));

        var given = Assert.IsType<CrisisEvent.BusinessUpdateGiven>(Assert.Single(decision.Events));
        Assert.True(given.WordingOverridden);
        Assert.Equal(Bob, given.By);
    }

    [Fact]
    public void Updates_are_numbered_in_order_and_each_remembers_the_promise_it_answered()
    {
        var crisis = Given()
            .Then(c => UpdateRules.Digest(c, Alice, Policy, Now))
            .Then(Owner("Stores are back", Now.AddMinutes(90), at: Now.AddMinutes(5)))
            .State;

        Assert.Equal([1, 2], crisis.Updates.Given.Select(u => u.Number));
        Assert.Equal(Now.AddMinutes(30), crisis.Updates.Given[1].WasDue);
        Assert.Equal(Now.AddMinutes(90), crisis.Updates.Next.Due);
        Assert.Equal(3, crisis.Updates.NextNumber);
    }

    // ---- The clock ----

    [Fact]
    public void Ten_minutes_before_the_update_the_owner_is_reminded_once()
    {
        var given = Given();

        Assert.Empty(UpdateClock.Tick(given.State, Policy, FirstUpdate.AddMinutes(-10).AddTicks(-1)));
        var reminded = Assert.Single(UpdateClock.Tick(given.State, Policy, FirstUpdate.AddMinutes(-10)));
        Assert.Equal(new CrisisEvent.UpdateApproaching(FirstUpdate, FirstUpdate.AddMinutes(-10)), reminded);
        given.Then(reminded);
        Assert.Empty(UpdateClock.Tick(given.State, Policy, FirstUpdate.AddMinutes(-5)));
        Assert.Equal(FirstUpdate, UpdateClock.NextWake(given.State, Policy));
    }

    [Fact]
    public void At_the_promised_time_the_digest_goes_out_by_itself_and_promises_the_next()
    {
        var given = Given();
        Assert.Equal(FirstUpdate.AddMinutes(-10), UpdateClock.NextWake(given.State, Policy));

        var digest = Assert.IsType<CrisisEvent.BusinessUpdateGiven>(Assert.Single(UpdateClock.Tick(given.State, Policy, FirstUpdate)));

        Assert.Null(digest.By);
        Assert.Equal(UpdateKind.Digest, digest.Kind);
        Assert.Equal(FirstUpdate, digest.WasDue);
        Assert.Equal(FirstUpdate.AddMinutes(30), digest.Next.Due);
        given.Then(digest);
        Assert.Empty(UpdateClock.Tick(given.State, Policy, FirstUpdate.AddMinutes(1)));
        Assert.False(given.State.Updates.Reminded);
    }

    [Fact]
    public void A_digest_sent_late_says_so_and_the_next_promise_runs_from_when_it_went_out()
    {
        var late = FirstUpdate.AddMinutes(40);
        var digest = Assert.IsType<CrisisEvent.BusinessUpdateGiven>(Assert.Single(UpdateClock.Tick(Given().State, Policy, late)));
        var update = Given().Then(digest).State.Updates.Last!;

        Assert.True(update.IsLate(late, TimeSpan.FromMinutes(1)));
        Assert.False(update.IsLate(update.WasDue.AddSeconds(30), TimeSpan.FromMinutes(1)));
        Assert.Equal(late.AddMinutes(30), update.Next.Due);
    }

    [Fact]
    public void An_update_promised_closer_than_the_reminder_lead_gets_no_reminder()
    {
        var crisis = Given().Then(Owner("Stores are back", Now.AddMinutes(5))).State;

        Assert.Equal(Now.AddMinutes(5), UpdateClock.NextWake(crisis, Policy));
        Assert.Empty(UpdateClock.Tick(crisis, Policy, Now.AddMinutes(1)));
    }

    [Fact]
    public void The_crisis_clock_wakes_at_the_earliest_of_its_areas_and_takes_every_decision_due()
    {
        var given = Given().Then(Theory(FirstUpdate));
        var policy = new ClockPolicy(DeadlinePolicy.Default, Policy);

        Assert.Equal(FirstUpdate.AddMinutes(-10), CrisisClock.NextWake(given.State, policy));
        var ticked = CrisisClock.Tick(given.State, policy, FirstUpdate.AddMinutes(-10));

        Assert.Contains(ticked, e => e is CrisisEvent.DeadlineApproaching);
        Assert.Contains(ticked, e => e is CrisisEvent.UpdateApproaching);
    }
}
