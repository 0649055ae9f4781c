using System.Globalization;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Publishing;

namespace WarRoomBot.Features.Updates;

/// <summary>
/// What the rooms are owed about business updates (playbook §9): each update in the business channel, a pointer to it in
/// the technical channel so engineers know what the business was told, and the owner's reminder before the next one.
/// </summary>
public static class UpdatePosts
{
    public static IEnumerable<OwedPost> Owed(Crisis crisis)
    {
        var given = crisis.Updates.Given;
        foreach (var update in given)
        {
            var key = Key(crisis, update.Number, "");
            var posted = crisis.PostFor(key);

            // A digest Slack could not take before a newer update was given would only repeat it with older news; the
            // owner's own words are never dropped.
            var superseded = update.Kind == UpdateKind.Digest && update.Number < given.Count && posted is null;
            if (!superseded)
            {
                yield return new OwedPost(key, ChannelKind.Business, $"posting business update U{update.Number} {OwedPosts.In(ChannelKind.Business)}", c =>
                    update.Kind == UpdateKind.Digest
                        ? UpdateBlocks.Digest(c.Crisis, update, c.Owner, c.Now)
                        : UpdateBlocks.OwnerUpdate(c.Crisis, update, c.Owner, c.Now))
                {
                    NeedsOwner = true,
                };
            }

            // The reminder's buttons give way to what went out, whoever sent it.
            if (crisis.PostFor(Key(crisis, update.Number, "-reminder")) is { Updated: false } reminder)
            {
                yield return new OwedPost(reminder.Key, ChannelKind.Technical, $"closing the reminder of business update U{update.Number}", c => UpdateBlocks.ReminderDone(c.Crisis, update))
                {
                    Replaces = reminder,
                };
            }

            if (posted is not null)
            {
                yield return new OwedPost(Key(crisis, update.Number, "-pointer"), ChannelKind.Technical,
                    $"pointing the technical channel to business update U{update.Number}", c => UpdateBlocks.Pointer(c.Crisis, update, c.Link!))
                {
                    LinksTo = key,
                };
            }
        }

        // Only the update still to come is reminded of; one that has gone out needs no reminder any more.
        if (crisis.Updates.Reminded)
        {
            var number = crisis.Updates.NextNumber;
            yield return new OwedPost(Key(crisis, number, "-reminder"), ChannelKind.Technical,
                $"reminding the owner of business update U{number} {OwedPosts.In(ChannelKind.Technical)}",
                c => UpdateBlocks.Reminder(c.Crisis, c.Owner, c.Policy.Updates, c.Now))
            {
                NeedsOwner = true,
            };
        }
    }

    private static string Key(Crisis crisis, int number, string suffix) =>
        string.Create(CultureInfo.InvariantCulture, $"crisis-{crisis.Id.Number}-u{number}{suffix}");
}
