using WarRoomBot.Crises;
using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

/// <summary>
/// Playbook §1 and §9: the impact is recorded as numbers and facts; the owner sets the severity, with a reason when it goes
/// against what the impact suggests; a new severity brings its cadence from the change, never later than already promised.
/// Crisis 42 opened as sev1 at 16:20 (first update promised for 16:50); Bob owns it.
/// </summary>
public sealed class TriageRulesSpecs
{
    private static readonly Impact Everything = new(1200, 300, 410, 25000m, 2000000m, ImpactScope.Global, Strategic: true, Reference: true);

    private static Func<Crisis, Decision> Assessed(Impact given, UserId? by = null, DateTimeOffset? at = null) =>
        c => TriageRules.Assess(c, new AssessImpact(given, by ?? Carol), at ?? Now);

    private static Func<Crisis, Decision> Set(Severity to, string? because = null, UserId? by = null, DateTimeOffset? at = null, bool anyway = false) =>
        c => TriageRules.ChangeSeverity(c, new ChangeSeverity(to, because, by ?? Bob, anyway), PriorityPolicy.Default, UpdatePolicy.Default, at ?? Now);

    /// <summary>Crisis 42 opened as sev3: its first update is promised four hours out.</summary>
    private static Timeline GivenSev3() => new(Id, OpenedEvent with { Severity = Severity.Sev3, FirstUpdateDue = Opened.AddHours(4) });

    // ---- Impact ----

    [Fact]
    public void The_impact_is_recorded_as_given_by_whoever_typed_it()
    {
        var decision = Given().When(Assessed(Everything));

        Assert.Equal<CrisisEvent>([new CrisisEvent.ImpactAssessed(Everything, Carol, Now)], decision.Events.ToArray());
    }

    [Fact]
    public void A_later_assessment_corrects_the_parts_it_gives_and_keeps_the_rest()
    {
        var crisis = Given().Then(Assessed(Everything)).Then(Assessed(new Impact(Users: 1500, Scope: ImpactScope.National), Dave, Now.AddMinutes(5))).State;

        Assert.Equal(Everything with { Users = 1500, Scope = ImpactScope.National }, crisis.Triage.Impact);
        Assert.Equal(Dave, crisis.Triage.AssessedBy);
        Assert.Equal(Now.AddMinutes(5), crisis.Triage.AssessedAt);
    }

    [Fact]
    public void Sites_given_again_without_a_total_drop_the_old_total_so_the_share_is_never_of_the_wrong_sites()
    {
        var crisis = Given().Then(Assessed(new Impact(Sites: 300, SitesTotal: 410))).Then(Assessed(new Impact(Sites: 12))).State;

        Assert.Equal(new Impact(Sites: 12), crisis.Triage.Impact);
    }

    [Fact]
    public void More_sites_affected_than_the_customer_has_is_refused()
    {
        Assert.Contains("500 of 410 sites is more sites affected than the customer has", AssertRefused(Given().When(Assessed(new Impact(Sites: 500, SitesTotal: 410)))));
    }

    [Fact]
    public void A_total_without_the_sites_affected_or_of_no_sites_is_refused()
    {
        Assert.Contains("how many sites are affected", AssertRefused(Given().When(Assessed(new Impact(SitesTotal: 410)))));
        Assert.Contains("at least one site", AssertRefused(Given().When(Assessed(new Impact(Sites: 0, SitesTotal: 0)))));
    }

    [Fact]
    public void An_empty_assessment_is_refused_with_an_example()
    {
        Assert.Contains("`/crisis impact users 1200 sites 300 of 410 loss 25000/h scope global`", AssertRefused(Given().When(Assessed(Impact.None))));
    }

    [Fact]
    public void The_impact_already_on_record_is_refused_as_no_change()
    {
        var because = AssertRefused(Given().Then(Assessed(Everything)).When(Assessed(new Impact(Users: 1200, Strategic: true))));

        Assert.Contains("already on record; nothing changed", because);
    }

    [Fact]
    public void Nothing_is_triaged_on_a_crisis_that_was_never_opened()
    {
        var never = Crisis.NotOpened(Id);

        Assert.Equal("That crisis has not been opened.", AssertRefused(Assessed(Everything)(never)));
        Assert.Equal("That crisis has not been opened.", AssertRefused(Set(Severity.Sev2, "because")(never)));
    }

    // ---- Severity ----

    [Fact]
    public void The_owner_sets_the_severity_with_a_reason_and_the_record_keeps_the_suggestion_it_went_against()
    {
        var timeline = Given().Then(Assessed(new Impact(Users: 50)));

        var decision = timeline.When(Set(Severity.Sev3, " the CFO's terminal is one of them "));

        var changed = Assert.IsType<CrisisEvent.SeverityChanged>(Assert.Single(decision.Events));
        Assert.Equal((Severity.Sev1, Severity.Sev3, "the CFO's terminal is one of them", Severity.Sev4, 0, Bob, Now),
            (changed.From, changed.To, changed.Reason, changed.Suggested, changed.Score, changed.By, changed.At));
        var crisis = timeline.Then(decision.Events.ToArray()).State;
        Assert.Equal(Severity.Sev3, crisis.Severity);
        Assert.Equal([new SeverityChange(Severity.Sev1, Severity.Sev3, "the CFO's terminal is one of them", Severity.Sev4, 0, changed.Next, Bob, Now)], crisis.Triage.Changes);
    }

    [Fact]
    public void Going_against_the_suggestion_without_a_reason_is_refused_with_the_suggestion_and_its_score()
    {
        var because = AssertRefused(Given().Then(Assessed(new Impact(Users: 50))).When(Set(Severity.Sev2)));

        Assert.StartsWith("The recorded impact scores 0, which suggests sev4. To set sev2 against the suggestion, say why: `/crisis severity sev2 because <reason>`.", because);
    }

    [Fact]
    public void Following_the_suggestion_needs_no_reason()
    {
        var decision = Given().Then(Assessed(new Impact(LossPerHour: 35000m, Scope: ImpactScope.Regional))).When(Set(Severity.Sev2));

        var changed = Assert.IsType<CrisisEvent.SeverityChanged>(Assert.Single(decision.Events));
        Assert.Equal((null, Severity.Sev2, 35), (changed.Reason, changed.Suggested, changed.Score));
    }

    [Fact]
    public void Without_a_recorded_impact_there_is_no_suggestion_so_a_reason_is_needed()
    {
        var because = AssertRefused(Given().When(Set(Severity.Sev2, "  ")));

        Assert.StartsWith("No impact is recorded yet, so there is no suggested severity to go by: say why", because);
        Assert.Contains("/crisis impact", because);
    }

    [Fact]
    public void Only_the_owner_changes_the_severity_and_others_are_told_who_can()
    {
        var because = AssertRefused(Given().When(Set(Severity.Sev2, "two stores only", by: Alice)));

        Assert.Equal($"Only the crisis owner {Bob.InSentence} can change the severity, because it sets how often the business channel hears from us; ask them.", because);
    }

    [Fact]
    public void The_sponsor_changes_the_severity_too_and_once_named_is_listed_among_who_can()
    {
        var sponsored = Given().Then(new CrisisEvent.SponsorNamed(Dave, Bob, Now.AddMinutes(-5)));

        Assert.True(sponsored.When(Set(Severity.Sev2, "two stores only", by: Dave)).IsAccepted);
        Assert.Equal(
            $"Only the crisis owner {Bob.InSentence} or the sponsor {Dave.InSentence} can change the severity, because it sets how often the business channel hears from us; ask one of them.",
            AssertRefused(sponsored.When(Set(Severity.Sev2, "two stores only", by: Alice))));
    }

    [Fact]
    public void The_same_severity_is_refused_as_no_change()
    {
        Assert.Equal("Crisis 42 is already sev1; nothing changed.", AssertRefused(Given().When(Set(Severity.Sev1, "still bad"))));
    }

    [Fact]
    public void A_reason_too_long_to_read_is_refused_with_the_limit()
    {
        Assert.Contains("301 characters; keep it under 300", AssertRefused(Given().When(Set(Severity.Sev2, new string('r', 301)))));
    }

    [Fact]
    public void A_hedged_reason_is_refused_before_the_business_channel_reads_it_with_the_firmer_wording()
    {
        var refusal = AssertRefused(Given().When(Set(Severity.Sev2, "I think the stores are probably fine now")));

        Assert.StartsWith("The business channel reads this as uncertainty or blame, so the severity was not changed:", refusal);
        Assert.Contains("“I think”", refusal);
        Assert.Contains("“probably”", refusal);
        Assert.Contains("`/crisis severity! …`", refusal);
    }

    [Fact]
    public void A_hedged_reason_set_on_purpose_is_recorded_with_that_choice()
    {
        var change = Given().Then(Set(Severity.Sev2, "maybe only 3 stores are left", anyway: true)).State.Triage.Changes.Single();

        Assert.Equal(("maybe only 3 stores are left", true), (change.Reason, change.WordingOverridden));
        Assert.False(Given().Then(Set(Severity.Sev2, "only 3 stores are left")).State.Triage.Changes.Single().WordingOverridden);
    }

    // ---- Cadence ----

    [Fact]
    public void A_more_severe_crisis_is_updated_on_its_new_cadence_from_the_change()
    {
        var crisis = GivenSev3().Then(Set(Severity.Sev1, "all stores now")).State;

        Assert.Equal(new NextUpdate(Now.AddMinutes(30), NextUpdateCause.Cadence, TimeSpan.FromMinutes(30), null, null, Now), crisis.Updates.Next);
    }

    [Fact]
    public void A_less_severe_crisis_keeps_the_update_already_promised_and_says_so()
    {
        var crisis = Given().Then(Set(Severity.Sev3, "one store only")).State;

        Assert.Equal(
            new NextUpdate(Opened.AddMinutes(30), NextUpdateCause.Promised, TimeSpan.FromHours(4), null, null, Opened),
            crisis.Updates.Next);
    }

    [Fact]
    public void After_the_kept_promise_the_digest_follows_the_new_cadence()
    {
        var timeline = Given().Then(Set(Severity.Sev3, "one store only"));

        var sent = UpdateClock.Tick(timeline.State, UpdatePolicy.Default, Opened.AddMinutes(30));

        var given = Assert.IsType<CrisisEvent.BusinessUpdateGiven>(Assert.Single(sent));
        Assert.Equal(new NextUpdate(Opened.AddMinutes(30).AddHours(4), NextUpdateCause.Cadence, TimeSpan.FromHours(4), null, null, Opened.AddMinutes(30)), given.Next);
    }

    [Fact]
    public void An_owners_promise_sooner_than_the_new_cadence_is_kept_with_the_owners_reason()
    {
        var owners = UpdateRules.Post(GivenSev3().State, new OwnerUpdate("Stores 1-50 are back", Now.AddMinutes(20), "the rollout ends then", false, Bob), UpdatePolicy.Default, Now);
        var timeline = GivenSev3().Then(owners.Events.ToArray());

        var crisis = timeline.Then(Set(Severity.Sev1, "all stores now", at: Now.AddMinutes(1))).State;

        Assert.Equal((Now.AddMinutes(20), NextUpdateCause.Owner, "the rollout ends then"), (crisis.Updates.Next.Due, crisis.Updates.Next.Cause, crisis.Updates.Next.Reason));
    }
}
