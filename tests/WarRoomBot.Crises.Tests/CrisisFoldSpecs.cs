using WarRoomBot.Crises;
using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

public sealed class CrisisFoldSpecs
{
    private static readonly ChannelId Tech = new("C0TECH");
    private static readonly ChannelId Biz = new("G0BIZ");

    /// <summary>Crisis 42 as it was opened here: with Carol as a responder and Dave as an executive.</summary>
    private static readonly CrisisEvent.Opened OpenedWithPeople = OpenedEvent with { Responders = ValueList.Of(Carol), Executives = ValueList.Of(Dave) };

    private static DateTimeOffset Later(int seconds) => Opened.AddSeconds(seconds);

    [Fact]
    public void A_crisis_with_no_history_is_not_opened_and_plans_two_empty_rooms()
    {
        var crisis = Crisis.Fold(Id, []);

        Assert.False(crisis.IsOpened);
        Assert.Equal(Id, crisis.Id);
        Assert.Equal(Room.Planned(ChannelKind.Technical), crisis.Technical);
        Assert.Equal(Room.Planned(ChannelKind.Business), crisis.Business);
    }

    [Fact]
    public void An_opened_crisis_carries_what_opening_recorded()
    {
        var crisis = Crisis.Fold(Id, [OpenedWithPeople]);

        Assert.True(crisis.IsOpened);
        Assert.Equal("Checkout freezes at 300 stores", crisis.Title);
        Assert.Equal(Severity.Sev1, crisis.Severity);
        Assert.Equal("Acme Retail", crisis.Customer);
        Assert.Equal(Bob, crisis.Owner);
        Assert.Equal(Alice, crisis.OpenedBy);
        Assert.Equal(ValueList.Of(new UserId("U0CAROL")), crisis.Responders);
        Assert.Equal(ValueList.Of(new UserId("U0DAVE")), crisis.Executives);
        Assert.True(crisis.BusinessChannelIsPrivate);
        Assert.Equal(Opened, crisis.OpenedAt);
        Assert.Equal(Opened.AddMinutes(30), crisis.FirstUpdateDue);
        Assert.Null(crisis.Technical.Channel);
        Assert.False(crisis.OpenerNotified);
    }

    [Fact]
    public void Each_room_is_built_step_by_step_from_what_slack_did()
    {
        var crisis = Crisis.Fold(Id,
        [
            OpenedWithPeople,
            new CrisisEvent.ChannelCreated(ChannelKind.Technical, Tech, "crisis-42-checkout-freezes-at-300-stores", Later(1)),
            new CrisisEvent.ChannelCreated(ChannelKind.Business, Biz, "crisis-42-checkout-freezes-at-300-stores-biz", Later(2)),
            new CrisisEvent.ChannelPrepared(ChannelKind.Technical, Later(3)),
            new CrisisEvent.KickoffPosted(ChannelKind.Technical, "1773505203.000100", Later(4)),
            new CrisisEvent.KickoffPinned(ChannelKind.Technical, Later(5)),
            new CrisisEvent.KickoffPosted(ChannelKind.Business, "1773505206.000200", Later(6)),
            new CrisisEvent.OpenerNotified(Later(7)),
        ]);

        Assert.Equal(new Room(ChannelKind.Technical, Tech, "crisis-42-checkout-freezes-at-300-stores", true, "1773505203.000100", true), crisis.Technical);
        Assert.Equal(new Room(ChannelKind.Business, Biz, "crisis-42-checkout-freezes-at-300-stores-biz", false, "1773505206.000200", false), crisis.Business);
        Assert.True(crisis.OpenerNotified);
        Assert.Same(crisis.Technical, crisis.RoomFor(ChannelKind.Technical));
        Assert.Same(crisis.Business, crisis.RoomFor(ChannelKind.Business));
    }

    [Fact]
    public void Building_one_room_leaves_the_other_untouched()
    {
        var crisis = Crisis.Fold(Id,
        [
            OpenedWithPeople,
            new CrisisEvent.ChannelCreated(ChannelKind.Business, Biz, "crisis-42-x-biz", Later(1)),
            new CrisisEvent.KickoffPinned(ChannelKind.Business, Later(2)),
        ]);

        Assert.Equal(Room.Planned(ChannelKind.Technical), crisis.Technical);
        Assert.True(crisis.Business.KickoffPinned);
    }

    [Fact]
    public void Steps_slack_refused_for_good_are_kept_in_order_so_nobody_wonders_why_a_room_is_missing()
    {
        var crisis = Crisis.Fold(Id,
        [
            OpenedWithPeople,
            new CrisisEvent.PublishingFailed("create business channel", "restricted_action", Later(1)),
            new CrisisEvent.PublishingFailed("pin technical kickoff", "missing_scope", Later(2)),
        ]);

        Assert.Equal(
            ValueList.Of(new PublishingFailure("create business channel", "restricted_action"), new PublishingFailure("pin technical kickoff", "missing_scope")),
            crisis.Failures);
        Assert.True(crisis.HasFailed("create business channel"));
        Assert.False(crisis.HasFailed("create technical channel"));
        Assert.Null(crisis.Business.Channel);
    }

    [Fact]
    public void Folding_the_same_history_twice_gives_equal_states()
    {
        CrisisEvent[] history =
        [
            OpenedWithPeople,
            new CrisisEvent.ChannelCreated(ChannelKind.Technical, Tech, "crisis-42-x", Later(1)),
            new CrisisEvent.PublishingFailed("invite", "cant_invite", Later(2)),
        ];

        Assert.Equal(Crisis.Fold(Id, history), Crisis.Fold(Id, history));
    }

    [Fact]
    public void Opening_through_the_rules_and_folding_gives_the_crisis_that_was_asked_for()
    {
        var decision = OpeningRules.Open(
            new OpenCrisis("Checkout freezes", Severity.Sev2, null, null, Alice, null, null, ValueList<UserId>.Empty, ValueList<UserId>.Empty, false),
            UpdateCadence.Default, Opened);

        var crisis = Crisis.Fold(Id, decision.Events);

        Assert.Equal(Alice, crisis.Owner);
        Assert.Equal(Severity.Sev2, crisis.Severity);
        Assert.False(crisis.BusinessChannelIsPrivate);
        Assert.Equal(Opened.AddHours(1), crisis.FirstUpdateDue);
    }
}
