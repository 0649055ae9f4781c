using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

public abstract partial record Interaction
{
    /// <summary>
    /// "Open a crisis" beside a customer on the watch list. <paramref name="Channel"/> is where the list was shown, so the
    /// crisis records where it was opened from; <paramref name="ResponseUrl"/> answers the clicker privately.
    /// </summary>
    public sealed record WatchClicked(string Customer, UserId User, ChannelId? Channel, string? ResponseUrl, string TriggerId) : Interaction;
}
