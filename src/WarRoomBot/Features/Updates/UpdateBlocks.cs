using WarRoomBot.Crises;
using WarRoomBot.Slack.Api;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Updates;

// Placeholder signatures until the renderer lands.
public static class UpdateBlocks
{
    public const string PostDigestAction = "update_post_digest";
    public const string WriteOwnAction = "update_write_own";

    public static SlackMessage Digest(Crisis crisis, BusinessUpdate update, SlackUser? owner, UpdatePolicy policy, DateTimeOffset now) => throw new NotImplementedException();
    public static SlackMessage OwnerUpdate(Crisis crisis, BusinessUpdate update, SlackUser? owner, DateTimeOffset now) => throw new NotImplementedException();
    public static SlackMessage Reminder(Crisis crisis, SlackUser? owner, UpdatePolicy policy, DateTimeOffset now) => throw new NotImplementedException();
    public static SlackMessage ReminderDone(Crisis crisis, BusinessUpdate given) => throw new NotImplementedException();
    public static SlackMessage Pointer(Crisis crisis, BusinessUpdate update, string link) => throw new NotImplementedException();
    public static SlackMessage ExplanationFound(Crisis crisis, Theory theory, Deadline plan, DateTimeOffset now) => throw new NotImplementedException();
    public static SlackMessage LateOutcome(Crisis crisis, Deadline deadline, DateTimeOffset now) => throw new NotImplementedException();
    public static SlackMessage MissedBusiness(Crisis crisis, Deadline deadline, DeadlinePolicy policy, DateTimeOffset now) => throw new NotImplementedException();
    public static SlackMessage Status(Crisis crisis, SlackUser? owner, UpdatePolicy policy, DateTimeOffset now) => throw new NotImplementedException();
    public static CrisisId? ReadValue(string? value) => throw new NotImplementedException();
    public static string Footer(Crisis crisis, NextUpdate next, DateTimeOffset now) => throw new NotImplementedException();
}
