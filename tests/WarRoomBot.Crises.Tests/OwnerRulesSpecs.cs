using WarRoomBot.Crises;
using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

/// <summary>
/// Playbook §3, one accountable owner, always: handovers with their reason, the new owner's acceptance, escalation to the
/// sponsor (or the opener) when nobody accepts in time, the owner's phone, and the sponsor. Alice opened crisis 42, Bob owns it.
/// </summary>
public sealed class OwnerRulesSpecs
{
    private static readonly UserId Dana = new("U0DANA");
    private static readonly UserId Vera = new("U0VERA");
    private const string Reason = "Bob is off shift";

    private static Func<Crisis, Decision> HandedOver(UserId to, UserId? by = null, string? reason = Reason, string? phone = null, DateTimeOffset? at = null) =>
        c => OwnerRules.HandOver(c, new HandOver(to, phone, reason, by ?? Bob), at ?? Now);

    private static Func<Crisis, Decision> Accepted(int handover, UserId by, DateTimeOffset? at = null) =>
        c => OwnerRules.Accept(c, new AcceptOwnership(handover, by), at ?? Now);

    private static Func<Crisis, Decision> Sponsored(UserId sponsor, UserId? by = null) =>
        c => OwnerRules.Sponsor(c, new NameSponsor(sponsor, by ?? Bob), Now);

    private static IReadOnlyList<CrisisEvent> Tick(Timeline timeline, DateTimeOffset at, TimeSpan? within = null) =>
        OwnerClock.Tick(timeline.State, new OwnerPolicy(within ?? TimeSpan.FromMinutes(15)), at);

    // ---- Handing over ----

    [Fact]
    public void A_handover_records_from_whom_to_whom_when_and_why_and_the_new_owner_owns_the_crisis_from_then()
    {
        var timeline = Given().Then(HandedOver(Dana, phone: " +1 555 0100 ", reason: " " + Reason + " "));

        Assert.Equal<CrisisEvent>([new CrisisEvent.OwnerHandedOver(1, Bob, Dana, "+1 555 0100", Reason, Bob, Now)], timeline.History.Skip(1).ToArray());
        var crisis = timeline.State;
        Assert.Equal(Dana, crisis.Owner);
        Assert.Equal("+1 555 0100", crisis.Ownership.OwnerPhone);
        Assert.Equal(new Handover(1, Bob, Dana, "+1 555 0100", Reason, Bob, Now), crisis.Ownership.AwaitingAcceptance);
        Assert.Equal(1, crisis.Ownership.Revision);
    }

    [Fact]
    public void The_next_handover_without_a_phone_forgets_the_last_owners_number()
    {
        var crisis = Given().Then(HandedOver(Dana, phone: "+1 555 0100")).Then(HandedOver(Carol, by: Dana, reason: "Carol knows the POS")).State;

        Assert.Equal(Carol, crisis.Owner);
        Assert.Null(crisis.Ownership.OwnerPhone);
        Assert.Equal([1, 2], crisis.Ownership.Handovers.Select(h => h.Number));
        Assert.Equal(Dana, crisis.Ownership.Handovers[1].From);
    }

    [Fact]
    public void The_sponsor_and_the_opener_may_hand_over_as_well_as_the_owner()
    {
        var bySponsor = Given().Then(Sponsored(Vera)).When(HandedOver(Dana, by: Vera));
        var byOpener = Given().When(HandedOver(Dana, by: Alice));

        Assert.Equal(new CrisisEvent.OwnerHandedOver(1, Bob, Dana, null, Reason, Vera, Now), Assert.Single(bySponsor.Events));
        Assert.Equal(new CrisisEvent.OwnerHandedOver(1, Bob, Dana, null, Reason, Alice, Now), Assert.Single(byOpener.Events));
    }

    [Fact]
    public void Anyone_else_is_refused_and_told_who_can()
    {
        var refused = AssertRefused(Given().When(HandedOver(Dana, by: Carol)));
        var withSponsor = AssertRefused(Given().Then(Sponsored(Vera)).When(HandedOver(Dana, by: Carol)));

        Assert.Equal($"Only the owner {Bob.InSentence} or {Alice.InSentence}, who opened it can hand this crisis over; ask one of them.", refused);
        Assert.Equal($"Only the owner {Bob.InSentence}, the sponsor {Vera.InSentence} or {Alice.InSentence}, who opened it can hand this crisis over; ask one of them.", withSponsor);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void A_handover_without_a_reason_is_refused(string? reason)
    {
        Assert.StartsWith("A handover needs its reason", AssertRefused(Given().When(HandedOver(Dana, reason: reason))));
    }

    [Fact]
    public void Handing_the_crisis_to_its_owner_is_refused()
    {
        Assert.StartsWith($"{Bob.InSentence} already owns this crisis.", AssertRefused(Given().When(HandedOver(Bob))));
    }

    [Fact]
    public void The_owner_named_again_with_a_phone_records_only_the_number_the_customer_calls()
    {
        var timeline = Given().Then(HandedOver(Bob, phone: "+44 20 7946 0000", reason: null));

        Assert.Equal<CrisisEvent>([new CrisisEvent.OwnerPhoneGiven(Bob, "+44 20 7946 0000", Bob, Now)], timeline.History.Skip(1).ToArray());
        Assert.Equal("+44 20 7946 0000", timeline.State.Ownership.OwnerPhone);
        Assert.Equal(1, timeline.State.Ownership.Revision);
        Assert.Empty(timeline.State.Ownership.Handovers);
    }

    [Theory]
    [InlineData("call me")]
    [InlineData("555")]
    [InlineData("1+555 0100")]
    [InlineData("+1 555 0100 ext. 12 ask for Dana at the desk")]
    public void A_phone_that_cannot_be_dialled_is_refused(string phone)
    {
        Assert.Contains("is not a phone number", AssertRefused(Given().When(HandedOver(Dana, phone: phone))));
    }

    [Fact]
    public void A_new_owner_who_is_not_a_slack_user_is_refused()
    {
        Assert.StartsWith("Name the new owner with a Slack mention", AssertRefused(Given().When(HandedOver(new UserId("dana")))));
    }

    [Fact]
    public void Whoever_takes_the_crisis_themselves_has_accepted_it()
    {
        var timeline = Given().Then(HandedOver(Alice, by: Alice));

        Assert.Equal<CrisisEvent>(
            [new CrisisEvent.OwnerHandedOver(1, Bob, Alice, null, Reason, Alice, Now), new CrisisEvent.OwnershipAccepted(1, Alice, Now)],
            timeline.History.Skip(1).ToArray());
        Assert.Null(timeline.State.Ownership.AwaitingAcceptance);
        Assert.Empty(Tick(timeline, Now.AddHours(1)));
    }

    // ---- Accepting ----

    [Fact]
    public void The_new_owner_accepts_once_and_nobody_else_can_for_them()
    {
        var timeline = Given().Then(HandedOver(Dana));

        Assert.Equal($"Only {Dana.InSentence}, the new owner, can accept this handover.", AssertRefused(timeline.When(Accepted(1, Bob))));
        timeline.Then(Accepted(1, Dana, Now.AddMinutes(3)));
        Assert.Equal(Now.AddMinutes(3), timeline.State.Ownership.Handovers[0].AcceptedAt);
        Assert.Equal("You already accepted this crisis; it is yours.", AssertRefused(timeline.When(Accepted(1, Dana))));
    }

    [Fact]
    public void A_handover_superseded_by_another_can_no_longer_be_accepted()
    {
        var timeline = Given().Then(HandedOver(Dana)).Then(HandedOver(Carol, by: Alice));

        Assert.Equal($"This crisis was handed over again since; {Carol.InSentence} owns it now.", AssertRefused(timeline.When(Accepted(1, Dana))));
        Assert.Equal("That handover is not on this crisis's record.", AssertRefused(timeline.When(Accepted(3, Dana))));
    }

    // ---- The clock: escalating a handover nobody accepted ----

    [Fact]
    public void Accepted_in_time_nothing_is_escalated_and_the_clock_does_not_wake_for_it()
    {
        var timeline = Given().Then(HandedOver(Dana)).Then(Accepted(1, Dana, Now.AddMinutes(14)));

        Assert.Null(OwnerClock.NextWake(timeline.State, OwnerPolicy.Default));
        Assert.Empty(Tick(timeline, Now.AddMinutes(16)));
        Assert.Empty(Tick(timeline, Now.AddHours(3)));
    }

    [Fact]
    public void Not_accepted_in_time_the_sponsor_is_escalated_to_once()
    {
        var timeline = Given().Then(Sponsored(Vera)).Then(HandedOver(Dana));

        Assert.Equal(Now.AddMinutes(15), OwnerClock.NextWake(timeline.State, OwnerPolicy.Default));
        Assert.Empty(Tick(timeline, Now.AddMinutes(15).AddSeconds(-1)));
        var escalated = Tick(timeline, Now.AddMinutes(15));
        Assert.Equal<CrisisEvent>([new CrisisEvent.OwnerAcceptanceEscalated(1, Vera, ToSponsor: true, Now.AddMinutes(15))], escalated.ToArray());

        timeline.Then([.. escalated]);
        Assert.Empty(Tick(timeline, Now.AddMinutes(40)));
        Assert.Null(OwnerClock.NextWake(timeline.State, OwnerPolicy.Default));
        Assert.Equal(Vera, timeline.State.Ownership.Handovers[0].EscalatedTo);
    }

    [Fact]
    public void With_no_sponsor_the_opener_is_escalated_to()
    {
        var timeline = Given().Then(HandedOver(Dana));

        Assert.Equal<CrisisEvent>([new CrisisEvent.OwnerAcceptanceEscalated(1, Alice, ToSponsor: false, Now.AddMinutes(20))], Tick(timeline, Now.AddMinutes(20)).ToArray());
    }

    [Fact]
    public void The_new_owner_is_never_the_one_escalated_to_the_previous_owner_is()
    {
        var timeline = Given().Then(HandedOver(Alice));

        Assert.Equal(Bob, Assert.IsType<CrisisEvent.OwnerAcceptanceEscalated>(Assert.Single(Tick(timeline, Now.AddMinutes(15)))).To);
    }

    [Fact]
    public void The_time_to_accept_is_the_policys()
    {
        var timeline = Given().Then(HandedOver(Dana));

        Assert.Empty(Tick(timeline, Now.AddMinutes(4), TimeSpan.FromMinutes(5)));
        Assert.Single(Tick(timeline, Now.AddMinutes(5), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void The_crisis_clock_wakes_for_the_handover_and_takes_its_escalation()
    {
        var timeline = Given().Then(HandedOver(Dana));
        var policy = ClockPolicy.Default with { Owner = new OwnerPolicy(TimeSpan.FromMinutes(5)) };

        Assert.Equal(Now.AddMinutes(5), CrisisClock.NextWake(timeline.State, policy));
        Assert.Contains(new CrisisEvent.OwnerAcceptanceEscalated(1, Alice, false, Now.AddMinutes(5)), CrisisClock.Tick(timeline.State, policy, Now.AddMinutes(5)));
    }

    // ---- The sponsor ----

    [Fact]
    public void The_owner_or_the_opener_names_the_sponsor_and_a_new_one_replaces_them()
    {
        var timeline = Given().Then(Sponsored(Vera));
        Assert.Equal(Vera, timeline.State.Ownership.Sponsor);

        timeline.Then(Sponsored(Dave, by: Alice));
        Assert.Equal(Dave, timeline.State.Ownership.Sponsor);
        Assert.Equal(Alice, timeline.State.Ownership.SponsorNamedBy);
        Assert.Equal<CrisisEvent>(
            [new CrisisEvent.SponsorNamed(Vera, Bob, Now), new CrisisEvent.SponsorNamed(Dave, Alice, Now)], timeline.History.Skip(1).ToArray());
    }

    [Fact]
    public void Anyone_else_naming_the_sponsor_is_refused_and_told_who_can()
    {
        Assert.Equal(
            $"Only the owner {Bob.InSentence} or {Alice.InSentence}, who opened the crisis, can name the sponsor; ask one of them.",
            AssertRefused(Given().When(Sponsored(Vera, by: Carol))));

        // Not even the sponsor: the sponsor is who the bot escalates to, not theirs to appoint.
        Assert.StartsWith("Only the owner", AssertRefused(Given().Then(Sponsored(Vera)).When(Sponsored(Dave, by: Vera))));
    }

    [Fact]
    public void The_owner_cannot_be_their_own_sponsor_and_naming_the_same_sponsor_again_is_refused()
    {
        Assert.StartsWith($"{Bob.InSentence} owns the crisis; the sponsor is someone else", AssertRefused(Given().When(Sponsored(Bob))));
        Assert.Equal($"{Vera.InSentence} is already the sponsor of this crisis.", AssertRefused(Given().Then(Sponsored(Vera)).When(Sponsored(Vera, by: Alice))));
        Assert.StartsWith("Name the sponsor with a Slack mention", AssertRefused(Given().When(Sponsored(new UserId("vera")))));
    }

    [Fact]
    public void Nothing_is_decided_for_a_crisis_that_was_never_opened()
    {
        var never = Crisis.NotOpened(Id);

        Assert.Equal("That crisis has not been opened.", AssertRefused(OwnerRules.HandOver(never, new HandOver(Dana, null, Reason, Bob), Now)));
        Assert.Equal("That crisis has not been opened.", AssertRefused(OwnerRules.Sponsor(never, new NameSponsor(Vera, Bob), Now)));
        Assert.Equal("That crisis has not been opened.", AssertRefused(OwnerRules.Accept(never, new AcceptOwnership(1, Dana), Now)));
    }
}
