using WarRoomBot.Crises;
using WarRoomBot.Slack.Api;

namespace WarRoomBot.Slack.Publishing;

/// <summary>
/// When a channel's next post may go at Slack's pace, so the publisher can wait for a channel's turn without holding a
/// publishing slot meanwhile.
/// </summary>
public interface IChannelTurns
{
    DateTimeOffset ReadyAt(ChannelId channel);
}

/// <summary>The turns the Slack client keeps to when it posts.</summary>
internal sealed class PacedChannels(SlackApiState state) : IChannelTurns
{
    public DateTimeOffset ReadyAt(ChannelId channel) => state.Pacer.ReadyAt(channel.Value);
}
