using System.Globalization;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Slack.Publishing;

/// <summary>
/// Both rooms' topics and pinned kickoffs brought up to date in place after a change they show (the owner, the owner's
/// phone, the severity and with it the business cadence), each once: both are rendered from the crisis as it stands when
/// the refresh is made, and each is remembered under its key once Slack has it (<see cref="Crisis.Refreshed"/>).
/// </summary>
public static class RoomRefresh
{
    private static readonly ChannelKind[] Rooms = [ChannelKind.Technical, ChannelKind.Business];

    /// <param name="crisis">The crisis as it stands.</param>
    /// <param name="change">Names this change among its kind's, in the keys: "r2" for the second ownership change.</param>
    /// <param name="showing">What the refresh shows, in the step's words: "the new owner".</param>
    public static IEnumerable<OwedPost> Owed(Crisis crisis, string change, string showing)
    {
        foreach (var room in Rooms)
        {
            var name = room.ToString().ToLowerInvariant();
            var topic = Key(crisis, $"topic-{name}-{change}");
            if (!crisis.WasRefreshed(topic))
            {
                yield return new OwedPost(topic, room, $"setting the {PublishingPlan.Describe(room)} topic to {showing}",
                    c => new SlackMessage(Kickoff.Topic(c.Crisis, c.Owner, room), []))
                {
                    NeedsOwner = true,
                    SetsTopic = true,
                };
            }

            if (KickoffOwed(crisis, room, change, showing) is { } kickoff)
                yield return kickoff;
        }
    }

    /// <summary>
    /// Only <paramref name="room"/>'s pinned kickoff, for a change that shows nowhere else (the customer's context in the
    /// business kickoff); null once made, or while the kickoff is not posted yet (it is then posted showing the change).
    /// </summary>
    public static OwedPost? KickoffOwed(Crisis crisis, ChannelKind room, string change, string showing)
    {
        var kickoff = Key(crisis, $"kickoff-{room.ToString().ToLowerInvariant()}-{change}");
        return crisis.RoomFor(room).KickoffTs is { } ts && !crisis.WasRefreshed(kickoff)
            ? new OwedPost(kickoff, room, $"showing {showing} in the {PublishingPlan.Describe(room)} kickoff", c => Render(c, room))
            {
                NeedsOwner = true,
                Replaces = new Post(kickoff, room, ts, false),
            }
            : null;
    }

    private static SlackMessage Render(PostContext context, ChannelKind room)
    {
        var (text, blocks) = room == ChannelKind.Technical
            ? Kickoff.Technical(context.Crisis, context.Owner)
            : Kickoff.Business(context.Crisis, context.Owner, context.Policy.Updates.Cadence);
        return new SlackMessage(text, blocks);
    }

    private static string Key(Crisis crisis, string entry) => string.Create(CultureInfo.InvariantCulture, $"crisis-{crisis.Id.Number}-{entry}");
}
