using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Headline;

/// <summary>
/// A crisis's one post in the headline channel, where leaders see every open crisis without joining each: customer,
/// title, severity, owner, status and both rooms. A pure function of the crisis alone: no clock (times are Slack date
/// tokens) and no Slack profile, so the same crisis always renders the same post and only a change to it shows.
/// </summary>
public static class HeadlineBlocks
{
    public static SlackMessage Render(Crisis crisis)
    {
        var customer = crisis.Customer is { } c ? Mrkdwn.Escape(c) : "customer not named";
        var title = Mrkdwn.Escape(crisis.Title);
        var text = $"Crisis {crisis.Id} ({customer}, {crisis.Severity.Label()}): {title}. Owner: {Mrkdwn.Mention(crisis.Owner)}.";
        var blocks = new JsonArray(
            Block.Section(
                $"*Crisis {crisis.Id} · {customer}: {title}*\n" +
                $"*Severity:* {crisis.Severity.Label()} · *Owner:* {Mrkdwn.Mention(crisis.Owner)}\n" +
                $"*Status:* {Status(crisis)}\n" +
                $"*Technical:* {Room(crisis.Technical)} · *Business:* {Room(crisis.Business)}"));
        return new SlackMessage(text, blocks);
    }

    /// <summary>
    /// Where the crisis stands, in one line: while it is worked, playbook §8 and §9, the business hears again at the promised
    /// time, and §6, the engineers' next written deadline; afterwards, §13, where it is on the way to the customer's "fixed".
    /// </summary>
    public static string Status(Crisis crisis)
    {
        var life = crisis.Lifecycle;
        var update = $"next business update {Mrkdwn.Time(crisis.Updates.Next.Due)}";
        return life.Stage switch
        {
            Stage.Resolved => $"resolved {Mrkdwn.Time(life.Current!.At)}, awaiting the customer's confirmation · {update}",
            Stage.Accepted => $"fix accepted by the customer {Mrkdwn.Time(life.Current!.Accepted!.At)} · follow-up {Mrkdwn.Time(life.Current.Accepted.FollowUpDue)}",
            Stage.Closed => $"closed {Mrkdwn.Time(life.Closure!.At)} · customer satisfaction {life.Closure.Satisfaction} of 5",
            _ => (life.Reopenings.Count > 0 ? "open again · " : "open · ") + $"{update} · {NextDeadline(crisis)}",
        };
    }

    private static string NextDeadline(Crisis crisis) =>
        crisis.OpenByDue.FirstOrDefault() is { } next
            ? $"next diagnostic deadline {next.Id} {Mrkdwn.Time(next.Due)}"
            : "no diagnostic deadline open";

    private static string Room(Room room) => room.Channel is { } channel ? Mrkdwn.Link(channel) : "_not created_";
}
