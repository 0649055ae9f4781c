using WarRoomBot.Crises;

namespace WarRoomBot.Slack.Publishing;

/// <summary>
/// Which Slack step a crisis needs next, decided from the folded crisis alone, in the order a person would want it.
/// The rooms and kickoffs are built in order; the steps after them (the opener's links, telling the owner what Slack
/// refused, pins, the posts each area owes) are independent, so one that keeps failing never holds up the others.
/// </summary>
internal static class PublishingPlan
{
    private static readonly ChannelKind[] Kinds = [ChannelKind.Technical, ChannelKind.Business];

    /// <summary>The lanes that carry posts once the rooms exist: the two rooms, and the headline channel beside them.</summary>
    private static readonly ChannelKind[] Lanes = [.. Kinds, ChannelKind.Headline];

    /// <summary>
    /// The next thing Slack must do for this crisis; steps in <paramref name="waiting"/> failed for now in this pass and
    /// are left for the next one.
    /// </summary>
    public static Step? Next(Crisis crisis, IReadOnlySet<string> waiting)
    {
        if (!crisis.IsOpened)
            return null;
        foreach (var kind in Kinds)
        {
            if (crisis.RoomFor(kind).Channel is null && !crisis.HasFailed(Step.Create(kind)))
                return new Step(StepKind.Create, kind);
        }

        foreach (var kind in Kinds)
        {
            if (crisis.RoomFor(kind) is { Channel: not null, Prepared: false } && !crisis.HasFailed(Step.Prepare(kind)))
                return new Step(StepKind.Prepare, kind);
        }

        foreach (var kind in Kinds)
        {
            if (crisis.RoomFor(kind) is { Channel: not null, KickoffTs: null } && !crisis.HasFailed(Step.Kickoff(kind)))
                return new Step(StepKind.Kickoff, kind);
        }

        foreach (var lane in Lanes)
        {
            if (NextIn(crisis, waiting, lane) is { } step)
                return step;
        }

        return null;
    }

    /// <summary>
    /// Once the rooms and kickoffs exist, the next step in one room's lane: each room goes at its own pace, so a digest
    /// for the business channel never waits behind a post that waits for the technical channel's turn. The opener's links
    /// and failure reports go in the technical lane.
    /// </summary>
    public static Step? NextIn(Crisis crisis, IReadOnlySet<string> waiting, ChannelKind lane)
    {
        if (!crisis.IsOpened)
            return null;
        if (lane == ChannelKind.Technical)
        {
            if (!crisis.OpenerNotified && crisis.ReplyTo is not null && !crisis.HasFailed(Step.NotifyOpener) && !waiting.Contains(Step.NotifyOpener))
                return new Step(StepKind.NotifyOpener, ChannelKind.Technical);

            foreach (var failure in crisis.Failures)
            {
                var report = new Step(StepKind.Report, ChannelKind.Technical, Failure: failure);
                if (!failure.Reported && !waiting.Contains(report.Name))
                    return report;
            }
        }

        if (crisis.RoomFor(lane) is { KickoffTs: not null, KickoffPinned: false } && !crisis.HasFailed(Step.Pin(lane)) && !waiting.Contains(Step.Pin(lane)))
            return new Step(StepKind.Pin, lane);

        return OwedPosts.Next(crisis, lane) is { } next && !waiting.Contains(next.Step) ? new Step(StepKind.Post, next.Room, next) : null;
    }

    public static string Describe(ChannelKind kind) => kind switch
    {
        ChannelKind.Technical => "technical channel",
        ChannelKind.Business => "business channel",
        _ => "headline channel",
    };
}

internal enum StepKind
{
    Create,
    Prepare,
    Kickoff,
    NotifyOpener,
    Report,
    Pin,
    Post,
}

internal sealed record Step(StepKind Kind, ChannelKind Room, OwedPost? Post = null, PublishingFailure? Failure = null)
{
    public const string NotifyOpener = "sending the links to whoever opened the crisis";

    /// <summary>Whether later steps can go ahead while this one waits: everything after the rooms and kickoffs.</summary>
    public bool IsIndependent => Kind is StepKind.NotifyOpener or StepKind.Report or StepKind.Pin or StepKind.Post;

    public string Name => Kind switch
    {
        StepKind.Create => Create(Room),
        StepKind.Kickoff => Kickoff(Room),
        StepKind.Pin => Pin(Room),
        StepKind.Prepare => Prepare(Room),
        StepKind.Post => Post!.Step,
        StepKind.Report => $"telling the owner about {Failure!.Step}",
        _ => NotifyOpener,
    };

    /// <summary>
    /// The channel this step posts a new message to, where Slack's pace applies (SlackSteps makes the calls); null for a
    /// step that posts none (a channel made or prepared, a pin, a message updated, a topic set, a room archived, a reply
    /// through the command's response_url).
    /// </summary>
    public ChannelId? PostsTo(Crisis crisis) => Kind switch
    {
        StepKind.Kickoff => crisis.RoomFor(Room).Channel,
        StepKind.Report => crisis.Technical.Channel ?? new ChannelId(crisis.Owner.Value),
        StepKind.NotifyOpener when crisis.OpenerReplyUnusable => new ChannelId(crisis.OpenedBy.Value),
        StepKind.Post when Post is { ArchivesRoom: false, DirectTo: { } person } => new ChannelId(person.Value),
        StepKind.Post when Post is { ArchivesRoom: false, SetsTopic: false, Replaces: null } => crisis.RoomFor(Post.Room).Channel,
        _ => null,
    };

    public static string Create(ChannelKind kind) => $"creating the {PublishingPlan.Describe(kind)}";

    public static string Prepare(ChannelKind kind) => $"preparing the {PublishingPlan.Describe(kind)}";

    public static string Kickoff(ChannelKind kind) => $"posting the kickoff in the {PublishingPlan.Describe(kind)}";

    public static string Pin(ChannelKind kind) => $"pinning the kickoff in the {PublishingPlan.Describe(kind)}";
}
