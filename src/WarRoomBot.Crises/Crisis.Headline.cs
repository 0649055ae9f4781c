namespace WarRoomBot.Crises;

public sealed partial record Crisis
{
    /// <summary>
    /// The shared channel that shows this crisis in one post, when one was chosen at opening. Nothing is built in it: it
    /// exists already, so it counts as prepared from the start.
    /// </summary>
    public Room Headline { get; init; } = Room.Planned(ChannelKind.Headline);

    private Crisis WithHeadline(CrisisEvent.HeadlineChannelChosen e) => this with { Headline = Headline with { Channel = e.Channel, Prepared = true } };
}
