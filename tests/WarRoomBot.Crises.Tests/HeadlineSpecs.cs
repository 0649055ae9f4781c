using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

/// <summary>The headline channel on the crisis record: chosen once, at opening, and kept apart from the two rooms.</summary>
public sealed class HeadlineSpecs
{
    private static readonly ChannelId HeadlineChannel = new("C0123HEAD");

    [Fact]
    public void A_crisis_opened_with_a_headline_channel_shows_in_it_from_the_start()
    {
        var crisis = Given().Then(new CrisisEvent.HeadlineChannelChosen(HeadlineChannel, Opened)).State;

        Assert.Equal(new Room(ChannelKind.Headline, HeadlineChannel, null, Prepared: true, null, false), crisis.RoomFor(ChannelKind.Headline));
        Assert.Null(crisis.RoomFor(ChannelKind.Technical).Channel);
        Assert.Null(crisis.RoomFor(ChannelKind.Business).Channel);
    }

    [Fact]
    public void A_crisis_opened_without_one_has_no_headline()
    {
        var crisis = Given().State;

        Assert.Null(crisis.RoomFor(ChannelKind.Headline).Channel);
        Assert.False(crisis.RoomFor(ChannelKind.Headline).Prepared);
    }

    [Fact]
    public void The_headline_post_is_remembered_with_the_crisis_posts_and_the_rooms_are_left_as_they_were()
    {
        var crisis = Given().Then(
            new CrisisEvent.HeadlineChannelChosen(HeadlineChannel, Opened),
            new CrisisEvent.ChannelCreated(ChannelKind.Technical, new ChannelId("C0TECH"), "crisis-42-checkout", Opened),
            new CrisisEvent.MessagePosted("crisis-42-headline", ChannelKind.Headline, "1.0003", Opened),
            new CrisisEvent.MessageUpdated("crisis-42-headline-0123456789ab", Opened)).State;

        Assert.Equal(new Post("crisis-42-headline", ChannelKind.Headline, "1.0003", false), crisis.PostFor("crisis-42-headline"));
        Assert.Equal(["crisis-42-headline-0123456789ab"], crisis.Refreshed);
        Assert.Equal(new ChannelId("C0TECH"), crisis.Technical.Channel);
        Assert.Equal(HeadlineChannel, crisis.Headline.Channel);
    }
}
