using System.Globalization;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Publishing;

namespace WarRoomBot.Features.Actions;

/// <summary>
/// What the technical channel is owed about debrief action items (playbook §14): each item announced where the engineers
/// work, shown done in place once it is, and its owner reminded there once when it falls due still open. The owner is
/// invited first, so the mention reaches them even when they were not in the crisis.
/// </summary>
public static class ActionPosts
{
    public static IEnumerable<OwedPost> Owed(Crisis crisis)
    {
        foreach (var item in crisis.Actions.Items)
        {
            var id = item.Id;
            var post = new OwedPost(Key(crisis, $"ai{id.Number}"), ChannelKind.Technical, $"posting action item {id} {OwedPosts.In(ChannelKind.Technical)}",
                c => ActionBlocks.ItemPost(c.Crisis.Actions.Item(id)!))
            {
                Final = !item.IsOpen,
                Invites = item.Owner,
            };
            yield return post;

            // Nothing is deleted: the item stays where people read it, shown as done.
            if (!item.IsOpen && crisis.PostFor(post.Key) is { Updated: false } posted)
                yield return post with { Step = $"showing action item {id} done {OwedPosts.In(ChannelKind.Technical)}", Replaces = posted, Final = false, Invites = null };

            // The fall-due event is on the timeline once, so the reminder is owed once, across restarts; an item done before
            // the reminder went out needs none.
            if (item is { IsOpen: true, FellDueAt: not null })
            {
                yield return new OwedPost(Key(crisis, $"ai{id.Number}-due"), ChannelKind.Technical,
                    $"reminding the owner of action item {id} {OwedPosts.In(ChannelKind.Technical)}", c => ActionBlocks.DuePost(c.Crisis.Actions.Item(id)!))
                {
                    Invites = item.Owner,
                };
            }
        }
    }

    private static string Key(Crisis crisis, string entry) => string.Create(CultureInfo.InvariantCulture, $"crisis-{crisis.Id.Number}-{entry}");
}
