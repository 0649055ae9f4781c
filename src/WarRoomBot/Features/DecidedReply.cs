using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features;

/// <summary>The private answer to a command the rules decided, the same for every area that has no more to say.</summary>
public static class DecidedReply
{
    /// <summary>What was recorded, in <paramref name="accepted"/>'s words; or why not, with the usage of <paramref name="verb"/>.</summary>
    public static Reply Of(Decided? decided, string verb, Func<Decided, string> accepted)
    {
        if (decided is null)
            return Reply.Private(":x: That crisis no longer exists.");

        return decided.Decision.RejectedBecause is { } because
            ? Reply.Private($":x: {UserId.RenderPeople(because, Mrkdwn.Mention)}\nUsage: {Usage.For(verb)}")
            : Reply.Private(accepted(decided));
    }
}
