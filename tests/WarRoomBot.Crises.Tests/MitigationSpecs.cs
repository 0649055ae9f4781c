using WarRoomBot.Crises;
using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

/// <summary>
/// Issue 15, relieve the pain first, then fix: the owner or sponsor records a mitigation apart from the fix; business
/// updates slow to the next severity's cadence (or the configured one) with a reason, and return when the mitigation fails.
/// Crisis 42 opened as sev1 at 16:20 (updated every 30 minutes); Bob owns it.
/// </summary>
public sealed class MitigationSpecs
{
    private const string Offline = "the stores switched to the offline tills, so they sell again";

    private static readonly UpdatePolicy Updates = UpdatePolicy.Default;

    private static Func<Crisis, Decision> Mitigated(string how = Offline, UserId? by = null, bool anyway = false, UpdatePolicy? policy = null, DateTimeOffset? at = null) =>
        c => MitigationRules.Mitigate(c, new Mitigate(how, by ?? Bob, anyway), policy ?? Updates, at ?? Now);

    private static Func<Crisis, Decision> Unmitigated(string why = "the offline tills stop after 500 sales", UserId? by = null, DateTimeOffset? at = null) =>
        c => MitigationRules.Unmitigate(c, new Unmitigate(why, by ?? Bob), Updates, at ?? Now.AddHours(2));

    [Fact]
    public void A_mitigation_is_recorded_and_slows_sev1_updates_to_sev2s_cadence_with_its_cause()
    {
        var timeline = Given().Then(Mitigated("  " + Offline + " "));

        var next = new NextUpdate(Now.AddHours(1), NextUpdateCause.Mitigated, TimeSpan.FromHours(1), null, null, Now);
        Assert.Equal<CrisisEvent>([new CrisisEvent.Mitigated(1, Offline, next, false, Bob, Now)], timeline.History.Skip(1).ToArray());
        var crisis = timeline.State;
        Assert.Equal(Offline, crisis.Mitigation.Current!.How);
        Assert.Equal(next, crisis.Updates.Next);
        Assert.Equal(next, UpdateRules.Automatic(crisis, Updates, Now));
    }

    [Theory]
    [InlineData(Severity.Sev1, 60)]
    [InlineData(Severity.Sev2, 240)]
    [InlineData(Severity.Sev3, 1440)]
    [InlineData(Severity.Sev4, 1440)]
    public void By_default_a_mitigated_crisis_is_updated_at_the_next_severitys_cadence(Severity severity, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), Updates.Mitigated(severity));
    }

    [Fact]
    public void A_configured_mitigated_cadence_is_used_instead()
    {
        var policy = Updates with { WhileMitigated = new(TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(5), TimeSpan.FromHours(48)) };

        var mitigated = (CrisisEvent.Mitigated)Given().When(Mitigated(policy: policy)).Events[0];

        Assert.Equal(Now.AddHours(2), mitigated.Next.Due);
    }

    [Fact]
    public void A_failed_mitigation_is_kept_and_updates_return_to_the_severitys_cadence_from_then()
    {
        // Mitigated at 16:30, the hourly digest goes out at 17:30 promising 18:30; the relief fails at 17:45.
        var timeline = Given().Then(Mitigated())
            .Then(c => UpdateRules.Digest(c, Bob, Updates, Now.AddHours(1)))
            .Then(Unmitigated(at: Now.AddMinutes(75)));

        var crisis = timeline.State;
        var back = new NextUpdate(Now.AddMinutes(105), NextUpdateCause.Cadence, TimeSpan.FromMinutes(30), null, null, Now.AddMinutes(75));
        Assert.Equal(back, crisis.Updates.Next);
        Assert.Null(crisis.Mitigation.Current);
        var kept = Assert.Single(crisis.Mitigation.Entries);
        Assert.Equal(("the offline tills stop after 500 sales", Bob), (kept.Failed!.Why, kept.Failed.By));

        // A new relief is a second mitigation beside the failed one.
        Assert.Equal(2, ((CrisisEvent.Mitigated)timeline.When(Mitigated("store staff take card payments by phone", at: Now.AddHours(3))).Events[0]).Number);
    }

    [Fact]
    public void A_failed_mitigation_never_puts_off_an_update_already_promised_sooner()
    {
        var timeline = Given().Then(Mitigated()).Then(Unmitigated(at: Now.AddMinutes(50)));

        Assert.Equal(Now.AddHours(1), timeline.State.Updates.Next.Due);
    }

    [Fact]
    public void Only_the_owner_or_the_sponsor_records_a_mitigation_or_its_failure_and_the_refusal_names_them()
    {
        Assert.Equal(
            $"Only the crisis owner {Bob.InSentence} can record a mitigation or its failure, because it changes what the business channel is told and how often; ask them.",
            AssertRefused(Given().When(Mitigated(by: Carol))));

        var sponsored = Given().Then(c => OwnerRules.Sponsor(c, new NameSponsor(Dave, Bob), Now));
        Assert.Equal(
            $"Only the crisis owner {Bob.InSentence} or the sponsor {Dave.InSentence} can record a mitigation or its failure, because it changes what the business channel is told and how often; ask one of them.",
            AssertRefused(sponsored.When(Mitigated(by: Carol))));
        sponsored.Then(Mitigated(by: Dave));
        Assert.Contains("Only the crisis owner", AssertRefused(sponsored.When(Unmitigated(by: Carol))));
        Assert.True(sponsored.When(Unmitigated(by: Dave)).IsAccepted);
    }

    [Fact]
    public void Empty_over_long_twice_or_not_mitigated_is_refused()
    {
        Assert.StartsWith("Say what relieves the customer's pain now", AssertRefused(Given().When(Mitigated("  "))));
        Assert.StartsWith($"The mitigation is {MitigationRules.MaxTextLength + 1} characters", AssertRefused(Given().When(Mitigated(new string('x', MitigationRules.MaxTextLength + 1)))));
        Assert.StartsWith("No mitigation holds for crisis 42", AssertRefused(Given().When(Unmitigated())));

        var mitigated = Given().Then(Mitigated());
        Assert.Equal(
            $"The customer's pain is already recorded as relieved, by {Bob.InSentence} at 16:30 UTC on 14 Mar: {Offline}. If that relief failed, say so first: `/crisis unmitigated because the offline tills stop after 500 sales`.",
            AssertRefused(mitigated.When(Mitigated("power the screens down"))));
        Assert.StartsWith("Say why the mitigation failed", AssertRefused(mitigated.When(Unmitigated("   "))));
    }

    [Fact]
    public void Hedged_words_are_refused_for_the_business_channel_unless_announced_on_purpose()
    {
        var refusal = AssertRefused(Given().When(Mitigated("maybe the offline tills help")));
        Assert.Contains("so nothing was recorded", refusal);
        Assert.Contains("`/crisis mitigated! …`", refusal);

        var e = (CrisisEvent.Mitigated)Given().When(Mitigated("maybe the offline tills help", anyway: true)).Events[0];
        Assert.True(e.WordingOverridden);
    }

    [Fact]
    public void Only_an_open_crisis_is_mitigated()
    {
        var resolved = Given().Then(c => LifecycleRules.Resolve(c, new Resolve("rolled back", false, Bob), Updates, Now));

        Assert.StartsWith("Crisis 42 is resolved since", AssertRefused(resolved.When(Mitigated(at: Now.AddMinutes(5)))));
        Assert.Contains("takes no mitigation", AssertRefused(resolved.When(Mitigated(at: Now.AddMinutes(5)))));
    }
}
