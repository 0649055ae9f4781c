using System.Globalization;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Blocks;
using WarRoomBot.Slack.Publishing;

namespace WarRoomBot.Features.Lifecycle;

/// <summary>
/// What the rooms are owed about the crisis's life (playbook §13), in the order it happened: each resolution in both rooms,
/// the customer's acceptance in both, the follow-up in the technical room and by direct message to the owner (its post
/// shows the answer in place once given), each reopening in both, and the close in both, after which both rooms are archived
/// when the close said so.
/// </summary>
public static class LifecyclePosts
{
    public static IEnumerable<OwedPost> Owed(Crisis crisis)
    {
        var life = crisis.Lifecycle;
        foreach (var resolution in life.Resolutions)
        {
            var n = resolution.Number;
            yield return new OwedPost(Key(crisis, $"resolved{n}"), ChannelKind.Technical, $"announcing resolution {n} {OwedPosts.In(ChannelKind.Technical)}",
                c => LifecycleBlocks.Resolved(c.Crisis, c.Crisis.Lifecycle.Resolution(n)!));
            yield return new OwedPost(Key(crisis, $"resolved{n}-biz"), ChannelKind.Business, $"announcing resolution {n} {OwedPosts.In(ChannelKind.Business)}",
                c => LifecycleBlocks.ResolvedNotice(c.Crisis, c.Crisis.Lifecycle.Resolution(n)!, c.Policy.Updates));

            if (resolution.Accepted is not null)
            {
                yield return new OwedPost(Key(crisis, $"accepted{n}"), ChannelKind.Technical, $"announcing the customer's acceptance {OwedPosts.In(ChannelKind.Technical)}",
                    c => LifecycleBlocks.Accepted(c.Crisis, c.Crisis.Lifecycle.Resolution(n)!.Accepted!));
                yield return new OwedPost(Key(crisis, $"accepted{n}-biz"), ChannelKind.Business, $"announcing the customer's acceptance {OwedPosts.In(ChannelKind.Business)}",
                    c => LifecycleBlocks.AcceptedNotice(c.Crisis, c.Crisis.Lifecycle.Resolution(n)!.Accepted!));
            }

            if (resolution.FollowUpAsked)
            {
                var answered = LifecycleBlocks.Answer(crisis, resolution) is not null;
                var post = new OwedPost(Key(crisis, $"followup{n}"), ChannelKind.Technical, $"asking the owner to follow up {OwedPosts.In(ChannelKind.Technical)}",
                    c => LifecycleBlocks.FollowUp(c.Crisis, c.Crisis.Lifecycle.Resolution(n)!))
                {
                    Final = answered,
                };
                yield return post;
                if (answered && crisis.PostFor(post.Key) is { Updated: false } posted)
                    yield return post with { Step = $"showing the follow-up's answer {OwedPosts.In(ChannelKind.Technical)}", Replaces = posted, Final = false };

                // Playbook §13: the follow-up comes weeks later, when the channel is quiet; the owner hears of it directly too.
                var direct = Key(crisis, $"followup{n}-dm");
                if (!answered && !crisis.WasRefreshed(direct))
                {
                    yield return new OwedPost(direct, ChannelKind.Technical, "asking the owner to follow up by direct message",
                        c => LifecycleBlocks.FollowUp(c.Crisis, c.Crisis.Lifecycle.Resolution(n)!))
                    {
                        DirectTo = crisis.Owner,
                    };
                }
            }

            if (life.Reopenings.Count >= n)
            {
                yield return new OwedPost(Key(crisis, $"reopened{n}"), ChannelKind.Technical, $"announcing reopening {n} {OwedPosts.In(ChannelKind.Technical)}",
                    c => LifecycleBlocks.Reopened(c.Crisis, c.Crisis.Lifecycle.Reopenings[n - 1], c.Policy.Updates));
                yield return new OwedPost(Key(crisis, $"reopened{n}-biz"), ChannelKind.Business, $"announcing reopening {n} {OwedPosts.In(ChannelKind.Business)}",
                    c => LifecycleBlocks.ReopenedNotice(c.Crisis, c.Crisis.Lifecycle.Reopenings[n - 1], c.Policy.Updates));
            }
        }

        // Each change of stage shows in both topics and pinned kickoffs, in place; a closed crisis's rooms are archived instead.
        var changes = life.Resolutions.Count + life.Resolutions.Count(r => r.Accepted is not null) + life.Reopenings.Count;
        if (changes > 0 && life.Closure is null)
        {
            foreach (var refresh in RoomRefresh.Owed(crisis, string.Create(CultureInfo.InvariantCulture, $"life{changes}"), "the crisis's stage"))
                yield return refresh;
        }

        if (life.Closure is not { } closure)
            yield break;
        foreach (var room in (ChannelKind[])[ChannelKind.Technical, ChannelKind.Business])
        {
            var name = room == ChannelKind.Technical ? "" : "-biz";
            yield return new OwedPost(Key(crisis, $"closed{name}"), room, $"announcing the close {OwedPosts.In(room)}",
                c => LifecycleBlocks.Closed(c.Crisis, c.Crisis.Lifecycle.Closure!, room == ChannelKind.Business));
            var archive = Key(crisis, $"archived{name}");
            if (closure.ArchiveRooms && !crisis.WasRefreshed(archive))
            {
                yield return new OwedPost(archive, room, $"archiving the {PublishingPlan.Describe(room)}", _ => new SlackMessage("", []))
                {
                    ArchivesRoom = true,
                };
            }
        }
    }

    private static string Key(Crisis crisis, string entry) => string.Create(CultureInfo.InvariantCulture, $"crisis-{crisis.Id.Number}-{entry}");
}
