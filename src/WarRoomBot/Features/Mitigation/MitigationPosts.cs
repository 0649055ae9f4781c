using System.Globalization;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Publishing;

namespace WarRoomBot.Features.Mitigation;

/// <summary>
/// What the rooms are owed about mitigation (issue 15): each relief of the customer's pain in both rooms at once, and each
/// failure of it in both, in the order they happened.
/// </summary>
public static class MitigationPosts
{
    private static readonly ChannelKind[] Rooms = [ChannelKind.Technical, ChannelKind.Business];

    public static IEnumerable<OwedPost> Owed(Crisis crisis)
    {
        foreach (var mitigation in crisis.Mitigation.Entries)
        {
            var n = mitigation.Number;
            foreach (var room in Rooms)
            {
                yield return new OwedPost(Key(crisis, $"mitigated{n}", room), room, $"announcing mitigation {n} {OwedPosts.In(room)}",
                    c => room == ChannelKind.Business
                        ? MitigationBlocks.Relieved(c.Crisis, c.Crisis.Mitigation.Entry(n)!, c.Now)
                        : MitigationBlocks.RelievedTechnical(c.Crisis, c.Crisis.Mitigation.Entry(n)!, c.Now));
            }

            if (mitigation.Failed is not null)
            {
                foreach (var room in Rooms)
                {
                    yield return new OwedPost(Key(crisis, $"unmitigated{n}", room), room, $"announcing that mitigation {n} failed {OwedPosts.In(room)}",
                        c => MitigationBlocks.Failed(c.Crisis, c.Crisis.Mitigation.Entry(n)!, c.Crisis.Mitigation.Entry(n)!.Failed!, c.Now));
                }
            }
        }
    }

    private static string Key(Crisis crisis, string entry, ChannelKind room) =>
        string.Create(CultureInfo.InvariantCulture, $"crisis-{crisis.Id.Number}-{entry}{(room == ChannelKind.Business ? "-biz" : "")}");
}
