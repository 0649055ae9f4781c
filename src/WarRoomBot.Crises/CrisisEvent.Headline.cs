namespace WarRoomBot.Crises;

public abstract partial record CrisisEvent
{
    /// <summary>
    /// The crisis is shown in the headline channel <paramref name="Channel"/>, shared by every crisis opened while the
    /// setting named it, with one post kept up to date in place. Recorded at opening, so a later change of the setting
    /// moves no crisis.
    /// </summary>
    public sealed record HeadlineChannelChosen(ChannelId Channel, DateTimeOffset At) : CrisisEvent;
}
