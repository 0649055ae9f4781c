using WarRoomBot.Crises;
using WarRoomBot.Slack.Publishing;

namespace WarRoomBot.Tests.Slack;

/// <summary>
/// The order in which the publisher brings a crisis to Slack, decided from the folded crisis alone: each step is
/// taken as if Slack did it, and the names are the ones the timeline records when Slack refuses a step.
/// </summary>
public sealed class PublishingPlanTests
{
    private static readonly CrisisId Id = new(42);
    private static readonly DateTimeOffset Opened = new(2026, 3, 14, 16, 20, 0, TimeSpan.Zero);
    private static readonly UserId Alice = new("U0ALICE");

    private const string CreateTechnical = "creating the technical channel";
    private const string CreateBusiness = "creating the business channel";
    private const string PrepareTechnical = "preparing the technical channel";
    private const string PrepareBusiness = "preparing the business channel";
    private const string KickoffTechnical = "posting the kickoff in the technical channel";
    private const string KickoffBusiness = "posting the kickoff in the business channel";
    private const string Links = "sending the links to whoever opened the crisis";
    private const string PinTechnical = "pinning the kickoff in the technical channel";
    private const string PinBusiness = "pinning the kickoff in the business channel";

    private static CrisisEvent.Opened JustOpened() => new(
        "Checkout freezes at 300 stores", Severity.Sev1, "Acme Retail", Alice, Alice, new ChannelId("C0SUPPORT"),
        "https://hooks.slack.com/commands/T1/1/abc", ValueList.Of<UserId>(), ValueList.Of<UserId>(),
        BusinessChannelIsPrivate: true, FirstUpdateDue: Opened.AddMinutes(30), At: Opened);

    private static CrisisEvent Created(ChannelKind kind) =>
        new CrisisEvent.ChannelCreated(kind, new ChannelId(kind == ChannelKind.Technical ? "C0TECH" : "G0BIZ"), $"crisis-42-{kind}", Opened);

    private static CrisisEvent[] KickoffsPosted() =>
    [
        JustOpened(), Created(ChannelKind.Technical), Created(ChannelKind.Business),
        new CrisisEvent.ChannelPrepared(ChannelKind.Technical, Opened), new CrisisEvent.ChannelPrepared(ChannelKind.Business, Opened),
        new CrisisEvent.KickoffPosted(ChannelKind.Technical, "1.0001", Opened), new CrisisEvent.KickoffPosted(ChannelKind.Business, "1.0002", Opened),
    ];

    [Fact]
    public void A_crisis_not_yet_opened_needs_nothing()
    {
        Assert.Empty(Order([]));
    }

    [Fact]
    public void A_crisis_just_opened_gets_both_rooms_then_their_kickoffs_then_the_links_and_pins()
    {
        Assert.Equal(
            [CreateTechnical, CreateBusiness, PrepareTechnical, PrepareBusiness, KickoffTechnical, KickoffBusiness, Links, PinTechnical, PinBusiness],
            Order([JustOpened()]));
    }

    [Fact]
    public void Rooms_already_created_are_prepared_before_any_kickoff()
    {
        Assert.Equal(
            [PrepareTechnical, PrepareBusiness, KickoffTechnical, KickoffBusiness, Links, PinTechnical, PinBusiness],
            Order([JustOpened(), Created(ChannelKind.Technical), Created(ChannelKind.Business)]));
    }

    [Fact]
    public void Links_whose_reply_failed_are_still_owed_and_go_before_the_pins()
    {
        Assert.Equal([Links, PinTechnical, PinBusiness], Order([.. KickoffsPosted(), new CrisisEvent.OpenerReplyFailed("expired_url", Opened)]));
    }

    [Fact]
    public void Links_waiting_on_Slack_do_not_hold_up_the_pins()
    {
        Assert.Equal([PinTechnical, PinBusiness], Order([.. KickoffsPosted(), new CrisisEvent.OpenerReplyFailed("expired_url", Opened)], Links));
    }

    [Fact]
    public void A_refused_room_is_skipped_and_the_owner_is_told_after_the_links()
    {
        Assert.Equal(
            [PrepareTechnical, KickoffTechnical, Links, $"telling the owner about {CreateBusiness}", PinTechnical],
            Order([JustOpened(), Created(ChannelKind.Technical), new CrisisEvent.PublishingFailed(CreateBusiness, "restricted_action", Opened)]));
    }

    [Fact]
    public void A_report_waiting_on_Slack_does_not_hold_up_the_pins()
    {
        Assert.Equal(
            [PinTechnical, PinBusiness],
            Order([.. KickoffsPosted(), new CrisisEvent.OpenerNotified(Opened), new CrisisEvent.PublishingFailed("setting the business channel topic", "missing_scope", Opened)],
                "telling the owner about setting the business channel topic"));
    }

    /// <summary>The names of the steps the plan asks for, one after another, each recorded as Slack doing it.</summary>
    private static List<string> Order(CrisisEvent[] history, params string[] waiting)
    {
        var crisis = Crisis.Fold(Id, history);
        var stillWaiting = new HashSet<string>(waiting, StringComparer.Ordinal);
        var names = new List<string>();
        while (PublishingPlan.Next(crisis, stillWaiting) is { } step)
        {
            names.Add(step.Name);
            Assert.True(names.Count <= 20, $"The plan keeps asking for {step.Name}.");
            crisis = Crisis.Evolve(crisis, Done(step));
        }

        return names;
    }

    private static CrisisEvent Done(Step step) => step.Kind switch
    {
        StepKind.Create => Created(step.Room),
        StepKind.Prepare => new CrisisEvent.ChannelPrepared(step.Room, Opened),
        StepKind.Kickoff => new CrisisEvent.KickoffPosted(step.Room, "1.0001", Opened),
        StepKind.NotifyOpener => new CrisisEvent.OpenerNotified(Opened),
        StepKind.Report => new CrisisEvent.FailureReported(step.Failure!.Step, Opened),
        StepKind.Pin => new CrisisEvent.KickoffPinned(step.Room, Opened),
        _ => throw new ArgumentOutOfRangeException(nameof(step), step.Name, "These crises owe no announcements."),
    };
}
