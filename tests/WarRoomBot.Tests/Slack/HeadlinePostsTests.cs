using WarRoomBot.Crises;
using WarRoomBot.Features.Headline;
using WarRoomBot.Slack.Blocks;
using WarRoomBot.Slack.Publishing;

namespace WarRoomBot.Tests.Slack;

/// <summary>
/// What the headline post shows, and when it is owed: pure functions of the folded crisis, each owed post taken as if
/// Slack made it.
/// </summary>
public sealed class HeadlinePostsTests
{
    private static readonly CrisisId Id = new(42);
    private static readonly DateTimeOffset Opened = new(2026, 3, 14, 16, 20, 0, TimeSpan.Zero);
    private static readonly UserId Alice = new("U0ALICE");
    private static readonly UserId Bob = new("U0BOB");
    private static readonly ChannelId HeadlineChannel = new("C0123HEAD");
    private const string Key = "crisis-42-headline";

    private static readonly CrisisEvent.Opened JustOpened = new(
        "Checkout <freezes> at 300 stores", Severity.Sev1, "Acme & Sons", Alice, Alice, new ChannelId("C0SUPPORT"),
        null, ValueList.Of<UserId>(), ValueList.Of<UserId>(),
        BusinessChannelIsPrivate: true, FirstUpdateDue: Opened.AddMinutes(30), At: Opened);

    private static readonly CrisisEvent[] RoomsBuilt =
    [
        JustOpened, new CrisisEvent.HeadlineChannelChosen(HeadlineChannel, Opened),
        new CrisisEvent.ChannelCreated(ChannelKind.Technical, new ChannelId("C0TECH"), "crisis-42-checkout", Opened),
        new CrisisEvent.ChannelCreated(ChannelKind.Business, new ChannelId("G0BIZ"), "crisis-42-checkout-biz", Opened),
        new CrisisEvent.ChannelPrepared(ChannelKind.Technical, Opened), new CrisisEvent.ChannelPrepared(ChannelKind.Business, Opened),
        new CrisisEvent.KickoffPosted(ChannelKind.Technical, "1.0001", Opened), new CrisisEvent.KickoffPosted(ChannelKind.Business, "1.0002", Opened),
    ];

    [Fact]
    public void The_headline_shows_customer_title_severity_owner_status_and_both_rooms()
    {
        var seen = Rendered.Seen(HeadlineBlocks.Render(Crisis.Fold(Id, RoomsBuilt)));

        Assert.Equal(
            "*Crisis 42 · Acme &amp; Sons: Checkout &lt;freezes&gt; at 300 stores*\n" +
            "*Severity:* sev1 · *Owner:* <@U0ALICE>\n" +
            $"*Status:* open · next business update {Mrkdwn.Time(Opened.AddMinutes(30))} · no diagnostic deadline open\n" +
            "*Technical:* <#C0TECH> · *Business:* <#G0BIZ>",
            seen);
    }

    [Fact]
    public void After_the_fix_the_status_follows_the_crisis_to_the_customers_acceptance_and_the_close()
    {
        var next = new NextUpdate(Opened.AddHours(5), NextUpdateCause.Resolved, TimeSpan.FromHours(4), null, null, Opened.AddHours(1));
        CrisisEvent[] resolved = [.. RoomsBuilt, new CrisisEvent.Resolved(1, "rolled back firmware 4.2", ValueList.Of<DeadlineId>(), next, Alice, Opened.AddHours(1))];
        CrisisEvent[] accepted = [.. resolved, new CrisisEvent.FixAccepted(1, null, Opened.AddDays(15), Alice, Opened.AddDays(1))];

        Assert.Equal(
            $"resolved {Mrkdwn.Time(Opened.AddHours(1))}, awaiting the customer's confirmation · next business update {Mrkdwn.Time(Opened.AddHours(5))}",
            HeadlineBlocks.Status(Crisis.Fold(Id, resolved)));
        Assert.Equal(
            $"fix accepted by the customer {Mrkdwn.Time(Opened.AddDays(1))} · follow-up {Mrkdwn.Time(Opened.AddDays(15))}",
            HeadlineBlocks.Status(Crisis.Fold(Id, accepted)));
        Assert.Equal(
            $"closed {Mrkdwn.Time(Opened.AddDays(15))} · customer satisfaction 4 of 5",
            HeadlineBlocks.Status(Crisis.Fold(Id, [.. accepted, new CrisisEvent.Closed(4, null, true, Alice, Opened.AddDays(15))])));
        Assert.StartsWith(
            "open again · ",
            HeadlineBlocks.Status(Crisis.Fold(Id, [.. resolved, new CrisisEvent.Reopened(1, "store 12 froze again", next, Alice, Opened.AddHours(2))])));
    }

    [Fact]
    public void The_status_names_the_earliest_deadline_still_open()
    {
        var crisis = Crisis.Fold(Id, [
            .. RoomsBuilt,
            new CrisisEvent.DeadlineSet(new DeadlineId(1), "Replay the import", null, Opened.AddMinutes(20), Alice, null, null, Opened),
            new CrisisEvent.DeadlineSet(new DeadlineId(2), "Read the cache metrics", null, Opened.AddMinutes(50), Alice, null, null, Opened),
            new CrisisEvent.DeadlineSet(new DeadlineId(3), "Ask the vendor", null, Opened.AddMinutes(40), Alice, null, null, Opened),
            new CrisisEvent.OutcomeRecorded(new DeadlineId(1), Outcome.Confirmed, null, Alice, Opened.AddMinutes(15)),
        ]);

        Assert.EndsWith($"next diagnostic deadline D3 {Mrkdwn.Time(Opened.AddMinutes(40))}", HeadlineBlocks.Status(crisis));
    }

    [Fact]
    public void A_room_slack_refused_to_create_shows_as_not_created()
    {
        var crisis = Crisis.Fold(Id, [JustOpened, RoomsBuilt[2], new CrisisEvent.PublishingFailed("creating the business channel", "restricted_action", Opened)]);

        Assert.EndsWith("*Technical:* <#C0TECH> · *Business:* _not created_", Rendered.Seen(HeadlineBlocks.Render(crisis)));
    }

    [Fact]
    public void A_crisis_opened_without_a_headline_channel_owes_it_nothing()
    {
        Assert.Empty(HeadlinePosts.Owed(Crisis.Fold(Id, [JustOpened, .. RoomsBuilt[2..]])));
    }

    [Fact]
    public void The_first_post_is_owed_once_and_records_what_it_shows_so_it_is_not_updated_for_nothing()
    {
        var first = Assert.Single(HeadlinePosts.Owed(Crisis.Fold(Id, RoomsBuilt)));
        Assert.Equal((Key, ChannelKind.Headline, null), (first.Key, first.Room, first.Replaces));
        Assert.Equal("posting the headline in the headline channel <#C0123HEAD>", first.Step);

        Assert.Empty(HeadlinePosts.Owed(Crisis.Fold(Id, [.. RoomsBuilt, .. Posted(first)])));
    }

    [Fact]
    public void A_change_it_shows_owes_an_update_of_the_same_post_rendered_from_the_crisis_as_it_stands()
    {
        var history = new List<CrisisEvent>(RoomsBuilt);
        var first = Assert.Single(HeadlinePosts.Owed(Crisis.Fold(Id, history)));
        history.AddRange(Posted(first));
        history.Add(new CrisisEvent.OwnerHandedOver(1, Alice, Bob, null, "Bob knows the POS", Alice, Opened.AddMinutes(5)));

        var crisis = Crisis.Fold(Id, history);
        var update = Assert.Single(HeadlinePosts.Owed(crisis));
        Assert.Equal("1.0003", update.Replaces!.Ts);
        Assert.Equal(ChannelKind.Headline, update.Room);
        Assert.Contains("*Owner:* <@U0BOB>", Rendered.Seen(Render(update, crisis)));

        history.AddRange(Posted(update));
        Assert.Empty(HeadlinePosts.Owed(Crisis.Fold(Id, history)));
    }

    [Fact]
    public void Going_back_to_what_it_showed_before_owes_an_update_again()
    {
        var history = new List<CrisisEvent>(RoomsBuilt);
        var first = Assert.Single(HeadlinePosts.Owed(Crisis.Fold(Id, history)));
        history.AddRange(Posted(first));
        history.Add(SeverityChanged(Severity.Sev1, Severity.Sev2));
        history.AddRange(Posted(Assert.Single(HeadlinePosts.Owed(Crisis.Fold(Id, history)))));
        history.Add(SeverityChanged(Severity.Sev2, Severity.Sev1));

        var crisis = Crisis.Fold(Id, history);
        var back = Assert.Single(HeadlinePosts.Owed(crisis));
        Assert.Equal(first.Showing, back.Key);
        Assert.Contains("*Severity:* sev1", Rendered.Seen(Render(back, crisis)));
    }

    [Fact]
    public void The_headline_is_posted_only_after_both_kickoffs_and_never_before_them()
    {
        var crisis = Crisis.Fold(Id, [JustOpened, new CrisisEvent.HeadlineChannelChosen(HeadlineChannel, Opened)]);
        var none = new HashSet<string>(StringComparer.Ordinal);
        var steps = new List<string>();
        while (PublishingPlan.Next(crisis, none) is { } step && step.Kind != StepKind.Post)
        {
            steps.Add(step.Name);
            crisis = Crisis.Evolve(crisis, step.Kind switch
            {
                StepKind.Create => RoomsBuilt[step.Room == ChannelKind.Technical ? 2 : 3],
                StepKind.Prepare => new CrisisEvent.ChannelPrepared(step.Room, Opened),
                StepKind.Kickoff => new CrisisEvent.KickoffPosted(step.Room, "1.0001", Opened),
                StepKind.NotifyOpener => new CrisisEvent.OpenerNotified(Opened),
                _ => new CrisisEvent.KickoffPinned(step.Room, Opened),
            });
        }

        Assert.Equal(
            ["creating the technical channel", "creating the business channel", "preparing the technical channel", "preparing the business channel",
             "posting the kickoff in the technical channel", "posting the kickoff in the business channel",
             "pinning the kickoff in the technical channel", "pinning the kickoff in the business channel"],
            steps);
        Assert.Equal(ChannelKind.Headline, PublishingPlan.NextIn(crisis, none, ChannelKind.Headline)!.Room);
    }

    /// <summary>What the publisher records once Slack took <paramref name="owed"/>: the post or its update, and what it shows.</summary>
    private static CrisisEvent[] Posted(OwedPost owed) => owed.Replaces is null
        ? [new CrisisEvent.MessagePosted(owed.Key, owed.Room, "1.0003", Opened), new CrisisEvent.MessageUpdated(owed.Showing!, Opened)]
        : [new CrisisEvent.MessageUpdated(owed.Replaces.Key, Opened)];

    private static SlackMessage Render(OwedPost owed, Crisis crisis) => owed.Render(new PostContext(crisis, null, null!, default, null));

    private static CrisisEvent.SeverityChanged SeverityChanged(Severity from, Severity to) => new(
        from, to, "the stores are down too", null, null,
        new NextUpdate(Opened.AddMinutes(30), NextUpdateCause.Cadence, TimeSpan.FromMinutes(30), null, null, Opened), Alice, Opened.AddMinutes(5));
}
