using System.Globalization;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Slack.Publishing;

/// <summary>What the rooms are told about a deadline, in the order it happens.</summary>
public enum Notice
{
    Set,
    Reminder,
    Due,
    DueUpdate,
    Outcome,
    MissedTechnical,
    MissedBusiness,
}

/// <summary>
/// One message the timeline asks for, under a key that is unique within the crisis and is also sent to Slack as the
/// message's metadata, so a post interrupted by a crash is found instead of repeated. <paramref name="Updates"/> is set
/// when the message replaces an earlier post's content instead of posting anew.
/// </summary>
public sealed record Announcement(string Key, ChannelKind Room, DeadlineId Deadline, Notice What, Post? Updates, bool ShowsOutcome)
{
    /// <summary>The step's name on the timeline if Slack refuses it for good.</summary>
    public string Step => string.Create(CultureInfo.InvariantCulture, $"posting {Deadline}'s {Words} in the {(Room == ChannelKind.Technical ? "technical" : "business")} channel");

    private string Words => What switch
    {
        Notice.Set => "deadline",
        Notice.Reminder => "reminder",
        Notice.Due => "due notice",
        Notice.DueUpdate => "outcome on its due notice",
        Notice.Outcome => "outcome",
        Notice.MissedTechnical => "missed-deadline notice to the owner",
        _ => "missed-deadline notice",
    };

    public SlackMessage Render(Crisis crisis, DeadlinePolicy policy, DateTimeOffset now)
    {
        var deadline = crisis.Deadline(Deadline)!;
        return What switch
        {
            Notice.Set => DiagnosisBlocks.DeadlineSet(crisis, deadline, now),
            Notice.Reminder => DiagnosisBlocks.Reminder(crisis, deadline, now),
            Notice.Due or Notice.DueUpdate => DiagnosisBlocks.Due(crisis, deadline),
            Notice.Outcome => DiagnosisBlocks.Outcome(crisis, deadline),
            Notice.MissedTechnical => DiagnosisBlocks.MissedTechnical(crisis, deadline, policy),
            _ => DiagnosisBlocks.MissedBusiness(crisis, deadline),
        };
    }
}

/// <summary>Derives, from the folded crisis alone, the next message the rooms are owed about theories and deadlines.</summary>
public static class Announcements
{
    public static Announcement? Next(Crisis crisis)
    {
        foreach (var deadline in crisis.Deadlines)
        {
            foreach (var wanted in Wanted(crisis, deadline))
            {
                var room = crisis.RoomFor(wanted.Room);
                if (room.Channel is null || crisis.HasFailed(wanted.Step))
                    continue;
                if (wanted.What == Notice.DueUpdate || crisis.PostFor(wanted.Key) is null)
                    return wanted;
            }
        }

        return null;
    }

    private static IEnumerable<Announcement> Wanted(Crisis crisis, Deadline deadline)
    {
        yield return Make(crisis, deadline, Notice.Set, ChannelKind.Technical);
        // A reminder that could not go out before the due time is dropped: the due post says more.
        if (deadline.Reminded && !deadline.FellDue)
            yield return Make(crisis, deadline, Notice.Reminder, ChannelKind.Technical);
        if (deadline.FellDue)
        {
            var due = Make(crisis, deadline, Notice.Due, ChannelKind.Technical);
            yield return due;

            // The buttons give way to the outcome once there is one, whoever recorded it and however.
            if (deadline.Outcome is not null && crisis.PostFor(due.Key) is { Updated: false } post)
                yield return new Announcement(due.Key, ChannelKind.Technical, deadline.Id, Notice.DueUpdate, post, ShowsOutcome: true);
        }

        if (deadline.Outcome is { Outcome: Outcome.Confirmed or Outcome.Disproved })
            yield return Make(crisis, deadline, Notice.Outcome, ChannelKind.Technical);
        if (deadline.Escalated)
        {
            // Once an outcome is in, the owner needs no chasing; the business channel still hears it was missed.
            if (deadline.Outcome is null)
                yield return Make(crisis, deadline, Notice.MissedTechnical, ChannelKind.Technical);
            yield return Make(crisis, deadline, Notice.MissedBusiness, ChannelKind.Business);
        }
    }

    private static Announcement Make(Crisis crisis, Deadline deadline, Notice what, ChannelKind room) =>
        new(Key(crisis.Id, deadline.Id, what), room, deadline.Id, what, null, what == Notice.Due && deadline.Outcome is not null);

    private static string Key(CrisisId crisis, DeadlineId deadline, Notice what) =>
        string.Create(CultureInfo.InvariantCulture, $"crisis-{crisis.Number}-d{deadline.Number}-{what switch
        {
            Notice.Set => "set",
            Notice.Reminder => "reminder",
            Notice.Due or Notice.DueUpdate => "due",
            Notice.Outcome => "outcome",
            Notice.MissedTechnical => "missed",
            _ => "missed-business",
        }}");
}
