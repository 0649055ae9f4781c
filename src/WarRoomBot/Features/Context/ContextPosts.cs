using WarRoomBot.Crises;
using WarRoomBot.Slack.Publishing;

namespace WarRoomBot.Features.Context;

/// <summary>
/// What the rooms are owed about the customer's context (issue 15): the pinned business kickoff shows it first, so a context
/// added after the kickoff brings that kickoff up to date in place. Only the latest change is shown: an earlier refresh not
/// made yet would be out of date anyway.
/// </summary>
public static class ContextPosts
{
    public static IEnumerable<OwedPost> Owed(Crisis crisis)
    {
        if (crisis.Context.Revision > 0
            && RoomRefresh.KickoffOwed(crisis, ChannelKind.Business, $"context{crisis.Context.Revision}", "the customer's context") is { } refresh)
            yield return refresh;
    }
}
