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
    /// Where the crisis stands, in one line. Today every crisis shown is open: playbook §8 and §9, the business hears
    /// again at the promised time, and §6, the engineers' next written deadline.
    /// </summary>
    public static string Status(Crisis crisis)
    {
        var update = $"next business update {Mrkdwn.Time(crisis.Updates.Next.Due)}";
        var deadline = crisis.Deadlines.Where(d => d.IsOpen).OrderBy(d => d.Due).ThenBy(d => d.Id.Number).FirstOrDefault() is { } next
            ? $"next diagnostic deadline {next.Id} {Mrkdwn.Time(next.Due)}"
            : "no diagnostic deadline open";
        return $"open · {update} · {deadline}";
    }

    private static string Room(Room room) => room.Channel is { } channel ? Mrkdwn.Link(channel) : "_not created_";
}
