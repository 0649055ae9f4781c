using System.Globalization;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Slack.Publishing;

/// <summary>What the rooms are told about a deadline, in the order it happens.</summary>
public enum Notice
{
    Set,
    SetUpdate,
    Reminder,
    Due,
    DueUpdate,
    Outcome,
    Withdrawn,
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
        Notice.SetUpdate => "withdrawal on its deadline post",
        Notice.Reminder => "reminder",
        Notice.Due => "due notice",
        Notice.DueUpdate => "outcome on its due notice",
        Notice.Outcome => "outcome",
        Notice.Withdrawn => "withdrawal notice",
        Notice.MissedTechnical => "missed-deadline notice to the owner",
        _ => "missed-deadline notice",
    };

    public SlackMessage Render(Crisis crisis, DeadlinePolicy policy, DateTimeOffset now)
    {
        var deadline = crisis.Deadline(Deadline)!;
        return What switch
        {
            Notice.Set or Notice.SetUpdate => DiagnosisBlocks.DeadlineSet(crisis, deadline, now),
            Notice.Reminder => DiagnosisBlocks.Reminder(crisis, deadline, now),
            Notice.Due or Notice.DueUpdate => DiagnosisBlocks.Due(crisis, deadline),
            Notice.Outcome => DiagnosisBlocks.Outcome(crisis, deadline),
            Notice.Withdrawn => DiagnosisBlocks.Withdrawn(crisis, deadline),
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
                if (wanted.Updates is not null || crisis.PostFor(wanted.Key) is null)
                    return wanted;
            }
        }

        return null;
    }

    private static IEnumerable<Announcement> Wanted(Crisis crisis, Deadline deadline)
    {
        var set = Make(crisis, deadline, Notice.Set, ChannelKind.Technical);
        yield return set;

        // A withdrawn entry's post says so in place: nothing is deleted, and nobody acts on it by mistake.
        if (DiagnosisBlocks.WithdrawalShownOn(crisis, deadline) is not null && crisis.PostFor(set.Key) is { Updated: false } setPost)
            yield return new Announcement(set.Key, ChannelKind.Technical, deadline.Id, Notice.SetUpdate, setPost, ShowsOutcome: true);

        // A reminder that could not go out before the due time is dropped: the due post says more. A withdrawn deadline needs none.
        if (deadline.Reminded && !deadline.FellDue && deadline.Withdrawal is null)
            yield return Make(crisis, deadline, Notice.Reminder, ChannelKind.Technical);
        if (deadline.FellDue)
        {
            var due = Make(crisis, deadline, Notice.Due, ChannelKind.Technical);
            yield return due;

            // The buttons give way to the outcome or the withdrawal once there is one, whoever recorded it and however.
            if (!deadline.IsOpen && crisis.PostFor(due.Key) is { Updated: false } post)
                yield return new Announcement(due.Key, ChannelKind.Technical, deadline.Id, Notice.DueUpdate, post, ShowsOutcome: true);
        }

        if (deadline.Outcome is { Outcome: Outcome.Confirmed or Outcome.Disproved })
            yield return Make(crisis, deadline, Notice.Outcome, ChannelKind.Technical);

        // A theory withdrawn with its deadlines gets one notice, on its plan; a deadline withdrawn on its own gets its own.
        if (deadline.Withdrawal is { } withdrawal
            && !(deadline.Theory is { } theory && crisis.Theory(theory)?.Withdrawal?.At == withdrawal.At && crisis.PlanOf(theory)?.Id != deadline.Id))
            yield return Make(crisis, deadline, Notice.Withdrawn, ChannelKind.Technical);
        if (deadline.Escalated)
        {
            // Once an outcome or a withdrawal is in, the owner needs no chasing; the business channel still hears it was missed.
            if (deadline.IsOpen)
                yield return Make(crisis, deadline, Notice.MissedTechnical, ChannelKind.Technical);
            yield return Make(crisis, deadline, Notice.MissedBusiness, ChannelKind.Business);
        }
    }

    /// <summary>A first post that already shows how its entry ended (an outcome, a withdrawal) needs no update later.</summary>
    private static Announcement Make(Crisis crisis, Deadline deadline, Notice what, ChannelKind room) =>
        new(Key(crisis.Id, deadline.Id, what), room, deadline.Id, what, null, what switch
        {
            Notice.Due => !deadline.IsOpen,
            Notice.Set => DiagnosisBlocks.WithdrawalShownOn(crisis, deadline) is not null,
            _ => false,
        });

    private static string Key(CrisisId crisis, DeadlineId deadline, Notice what) =>
        string.Create(CultureInfo.InvariantCulture, $"crisis-{crisis.Number}-d{deadline.Number}-{what switch
        {
            Notice.Set or Notice.SetUpdate => "set",
            Notice.Reminder => "reminder",
            Notice.Due or Notice.DueUpdate => "due",
            Notice.Outcome => "outcome",
            Notice.Withdrawn => "withdrawn",
            Notice.MissedTechnical => "missed",
            _ => "missed-business",
        }}");
}
