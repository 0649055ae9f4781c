using System.Globalization;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Publishing;

namespace WarRoomBot.Features.Actions;

/// <summary>
/// What the technical channel is owed about debrief action items (playbook §14): each item announced where the engineers
/// work, shown done in place once it is, and its owner reminded there once when it falls due still open (by direct
/// message once the crisis is closed and its rooms archived). The owner is invited first, so the mention reaches them even
/// when they were not in the crisis.
/// </summary>
public static class ActionPosts
{
    public static IEnumerable<OwedPost> Owed(Crisis crisis)
    {
        // Items outlive the crisis (the debrief comes after it): once its technical channel is archived nothing more can be
        // posted there, so new items and closures stay on the record and the owner is reminded directly.
        var archived = RoomsArchived(crisis);
        foreach (var item in crisis.Actions.Items)
        {
            var id = item.Id;
            var post = new OwedPost(Key(crisis, $"ai{id.Number}"), ChannelKind.Technical, $"posting action item {id} {OwedPosts.In(ChannelKind.Technical)}",
                c => ActionBlocks.ItemPost(c.Crisis.Actions.Item(id)!))
            {
                Final = !item.IsOpen,
                Invites = item.Owner,
            };
            if (!archived)
                yield return post;

            // Nothing is deleted: the item stays where people read it, shown as done.
            if (!archived && !item.IsOpen && crisis.PostFor(post.Key) is { Updated: false } posted)
                yield return post with { Step = $"showing action item {id} done {OwedPosts.In(ChannelKind.Technical)}", Replaces = posted, Final = false, Invites = null };

            // The fall-due event is on the timeline once, so the reminder is owed once, across restarts; an item done before
            // the reminder went out needs none.
            if (item is not { IsOpen: true, FellDueAt: not null })
                continue;
            var due = Key(crisis, $"ai{id.Number}-due");
            if (!archived)
            {
                yield return new OwedPost(due, ChannelKind.Technical, $"reminding the owner of action item {id} {OwedPosts.In(ChannelKind.Technical)}",
                    c => ActionBlocks.DuePost(c.Crisis.Actions.Item(id)!))
                {
                    Invites = item.Owner,
                };
            }
            else if (crisis.PostFor(due) is null && !crisis.WasRefreshed(due + "-dm"))
            {
                yield return new OwedPost(due + "-dm", ChannelKind.Technical, $"reminding the owner of action item {id} by direct message",
                    c => ActionBlocks.DuePost(c.Crisis.Actions.Item(id)!, c.Crisis.Id))
                {
                    DirectTo = item.Owner,
                };
            }
        }
    }

    /// <summary>Whether the crisis's rooms were archived on its close: nothing more is posted there.</summary>
    public static bool RoomsArchived(Crisis crisis) => crisis.WasRefreshed(Key(crisis, "archived"));

    private static string Key(Crisis crisis, string entry) => string.Create(CultureInfo.InvariantCulture, $"crisis-{crisis.Id.Number}-{entry}");
}
