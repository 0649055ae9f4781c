using System.Globalization;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Publishing;

namespace WarRoomBot.Features.Owner;

/// <summary>
/// What the rooms are owed about ownership (playbook §3): each handover in both rooms, the new owner invited to both and
/// their button shown accepted in place once it is; the escalation when nobody accepts; the sponsor invited to the business
/// room and named there; and, after each change of owner or phone, the topics and pinned kickoffs brought up to date in place.
/// </summary>
public static class OwnerPosts
{
    public static IEnumerable<OwedPost> Owed(Crisis crisis)
    {
        var ownership = crisis.Ownership;
        foreach (var handover in ownership.Handovers)
        {
            var number = handover.Number;
            var post = new OwedPost(Key(crisis, $"h{number}"), ChannelKind.Technical, $"posting handover {number} {OwedPosts.In(ChannelKind.Technical)}",
                c => OwnerBlocks.HandoverPost(c.Crisis, c.Crisis.Ownership.Handover(number)!, NewOwner(c, number), c.Policy.Owner))
            {
                Final = handover.IsAccepted,
                NeedsOwner = true,
                Invites = handover.To,
            };
            yield return post;
            if (handover.IsAccepted && crisis.PostFor(post.Key) is { Updated: false } posted)
                yield return post with { Step = $"showing handover {number} accepted {OwedPosts.In(ChannelKind.Technical)}", Replaces = posted, Final = false, Invites = null };

            yield return new OwedPost(Key(crisis, $"h{number}-biz"), ChannelKind.Business, $"announcing handover {number} {OwedPosts.In(ChannelKind.Business)}",
                c => OwnerBlocks.HandoverNotice(c.Crisis, c.Crisis.Ownership.Handover(number)!, NewOwner(c, number)))
            {
                NeedsOwner = true,
                Invites = handover.To,
            };

            if (handover.EscalatedTo is { } to)
            {
                yield return new OwedPost(Key(crisis, $"h{number}-escalated"), ChannelKind.Business,
                    $"escalating handover {number} {OwedPosts.In(ChannelKind.Business)}",
                    c => OwnerBlocks.EscalationPost(c.Crisis, c.Crisis.Ownership.Handover(number)!, to, c.Policy.Owner))
                {
                    Invites = to,
                };
            }
        }

        if (ownership.Sponsor is { } sponsor)
        {
            // Keyed by the person, so each new sponsor is invited and announced.
            yield return new OwedPost(Key(crisis, $"sponsor-{sponsor.Value.ToLowerInvariant()}"), ChannelKind.Business,
                $"naming the sponsor {OwedPosts.In(ChannelKind.Business)}", c => OwnerBlocks.SponsorPost(c.Crisis))
            {
                Invites = sponsor,
            };
        }

        // Only the latest change is shown: an earlier refresh not made yet would be out of date anyway.
        if (ownership.Revision > 0)
        {
            foreach (var refresh in RoomRefresh.Owed(crisis, $"r{ownership.Revision}", "the new owner"))
                yield return refresh;
        }
    }

    /// <summary>The new owner's profile, read for the current owner: it is theirs to show only while they still own the crisis.</summary>
    private static Slack.Api.SlackUser? NewOwner(PostContext context, int handover) =>
        context.Crisis.Ownership.Handover(handover)!.To == context.Crisis.Owner ? context.Owner : null;

    private static string Key(Crisis crisis, string entry) => string.Create(CultureInfo.InvariantCulture, $"crisis-{crisis.Id.Number}-{entry}");
}
