using WarRoomBot.Crises;
using WarRoomBot.Features.Diagnosis;
using WarRoomBot.Features.Headline;
using WarRoomBot.Features.Record;
using WarRoomBot.Features.Triage;
using WarRoomBot.Features.Updates;
using WarRoomBot.Slack.Api;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Slack.Publishing;

/// <summary>
/// What a post is rendered from when it is made: the crisis as it stands then, the owner's Slack profile (for the phone),
/// the clock's policy, the time, and, for a post that points at another message, the link to it.
/// </summary>
public sealed record PostContext(Crisis Crisis, SlackUser? Owner, ClockPolicy Policy, DateTimeOffset Now, string? Link);

/// <summary>
/// DESIGN "Posts": one message an area of the crisis owes a room, under a key that is unique within the crisis and is also
/// sent to Slack as the message's metadata, so a post interrupted by a crash is found instead of repeated.
/// <see cref="Step"/> names it on the timeline if Slack refuses it for good.
/// </summary>
public sealed record OwedPost(string Key, ChannelKind Room, string Step, Func<PostContext, SlackMessage> Render)
{
    /// <summary>Set when the message replaces an earlier post's content instead of posting anew.</summary>
    public Post? Replaces { get; init; }

    /// <summary>A first post that already shows how its entry ended (an outcome, a withdrawal) needs no update later.</summary>
    public bool Final { get; init; }

    /// <summary>The rendering names the owner with their phone, so the owner's Slack profile is read first.</summary>
    public bool NeedsOwner { get; init; }

    /// <summary>The key of a posted message this one links to; the link is read from Slack when the post is made.</summary>
    public string? LinksTo { get; init; }

    /// <summary>Someone the post is addressed to, invited to the room first so they can read it (inviting twice is harmless).</summary>
    public UserId? Invites { get; init; }

    /// <summary>The rendering's text is the room's topic, set in place of the old one rather than posted.</summary>
    public bool SetsTopic { get; init; }

    /// <summary>
    /// The message goes to this person by direct message rather than to the room (the room only orders it among the room's
    /// posts); done once under its key, like a topic, since a direct message cannot be looked up without im:history.
    /// </summary>
    public UserId? DirectTo { get; init; }

    /// <summary>Nothing is posted: the room is archived, after the posts owed before it; done once under its key.</summary>
    public bool ArchivesRoom { get; init; }

    /// <summary>
    /// For a post kept up to date by what it shows: the key of this rendering, recorded as shown once the post is made,
    /// so it is updated only when the rendering changes.
    /// </summary>
    public string? Showing { get; init; }
}

/// <summary>
/// Every area's owed posts, in the order they go out. The publisher carries whichever is next to Slack and does not know
/// deadlines or digests by name; a new area adds its list here.
/// </summary>
public static class OwedPosts
{
    private static readonly Func<Crisis, IEnumerable<OwedPost>>[] Areas = [DiagnosisPosts.Owed, UpdatePosts.Owed, RecordPosts.Owed, Features.Owner.OwnerPosts.Owed, TriagePosts.Owed,
        Features.Actions.ActionPosts.Owed, Features.Lifecycle.LifecyclePosts.Owed, Features.Expectations.ExpectationPosts.Owed, HeadlinePosts.Owed,
        Features.Context.ContextPosts.Owed, Features.Mitigation.MitigationPosts.Owed];

    /// <summary>
    /// The next post <paramref name="room"/> is owed (or any room, when null), or null. Posts to a room stay in their
    /// order: while one waits, the ones after it wait too.
    /// </summary>
    public static OwedPost? Next(Crisis crisis, ChannelKind? room = null)
    {
        foreach (var area in Areas)
        {
            foreach (var owed in area(crisis))
            {
                if ((room is { } only && owed.Room != only) || crisis.RoomFor(owed.Room).Channel is null || crisis.HasFailed(owed.Step))
                    continue;
                if (owed.Replaces is not null || crisis.PostFor(owed.Key) is null)
                    return owed;
            }
        }

        return null;
    }

    /// <summary>The words a step is recorded under, for each room.</summary>
    public static string In(ChannelKind room) => $"in the {PublishingPlan.Describe(room)}";
}
