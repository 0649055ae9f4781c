using System.Globalization;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Publishing;

namespace WarRoomBot.Features.Triage;

/// <summary>
/// What the rooms are owed about triage: each severity change, announced once in the technical channel and once in the
/// business channel (playbook §1 and §4), since it changes how hard the engineers push and how often the business hears;
/// and, after the latest change, both topics and pinned kickoffs brought up to date in place, so nobody joining a room
/// reads the opening severity or the business the old cadence.
/// </summary>
public static class TriagePosts
{
    private static readonly ChannelKind[] Rooms = [ChannelKind.Technical, ChannelKind.Business];

    public static IEnumerable<OwedPost> Owed(Crisis crisis)
    {
        var changes = crisis.Triage.Changes;
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            var number = i + 1;
            foreach (var room in Rooms)
            {
                var technical = room == ChannelKind.Technical;
                yield return new OwedPost(
                    Key(crisis, number, technical ? "" : "-biz"),
                    room,
                    $"announcing severity change {number} ({change.To.Label()}) {OwedPosts.In(room)}",
                    c => TriageBlocks.SeverityPost(c.Crisis, change, c.Policy.Updates, technical, c.Now));
            }
        }

        // Only the latest change is shown: an earlier refresh not made yet would be out of date anyway.
        if (changes.Count > 0)
        {
            foreach (var refresh in RoomRefresh.Owed(crisis, $"s{changes.Count}", "the new severity"))
                yield return refresh;
        }
    }

    private static string Key(Crisis crisis, int number, string suffix) =>
        string.Create(CultureInfo.InvariantCulture, $"crisis-{crisis.Id.Number}-sev{number}{suffix}");
}
