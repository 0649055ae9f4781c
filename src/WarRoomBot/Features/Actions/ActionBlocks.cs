using System.Text;
using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Actions;

/// <summary>
/// What people read about debrief action items (playbook §14): the post that announces each in the technical channel, the
/// reminder to its owner when it falls due, and its part of <c>/crisis status</c>. Pure functions of the folded crisis and
/// the time of rendering.
/// </summary>
public static class ActionBlocks
{
    /// <summary>
    /// The open action items with their owner and due date, soonest first, an overdue one marked; left out while the crisis
    /// has none at all, and a line saying all are done once every one is.
    /// </summary>
    public static string Status(Crisis crisis, DateTimeOffset now)
    {
        var actions = crisis.Actions;
        if (actions.Items.Count == 0)
            return "";
        var open = actions.Open.ToList();
        var text = new StringBuilder("\n\n*Open action items*");
        if (open.Count == 0)
            text.Append("\nNone. All ").Append(actions.Items.Count).Append(" are done.");
        foreach (var item in open)
        {
            text.Append("\n• ").Append(item.Id).Append(' ').Append(Mrkdwn.Escape(item.Text))
                .Append(" · owner ").Append(Mrkdwn.Mention(item.Owner))
                .Append(" · due ").Append(Mrkdwn.Time(item.Due)).Append(' ')
                .Append(item.IsOverdue(now) ? $"(:warning: *overdue by {Mrkdwn.Duration(now - item.Due)}*)" : $"({Mrkdwn.In(item.Due - now)})");
        }

        return text.ToString();
    }

    /// <summary>An action item in the technical channel, with its owner and due date; once done, the same post says so in place.</summary>
    public static SlackMessage ItemPost(ActionItem item)
    {
        var text = Mrkdwn.Escape(item.Text);
        if (item.Done is { } done)
        {
            var note = done.Note is { } n ? $": {Mrkdwn.Escape(n)}" : ".";
            return new(
                $"Done: action item {item.Id}: {Mrkdwn.Truncate(text, 200)}",
                new JsonArray(
                    Block.Section($":white_check_mark: *Action item {item.Id} done:* {text}"),
                    Block.Context($"Owner {Mrkdwn.Mention(item.Owner)}, due {Mrkdwn.Time(item.Due)}; marked done by {Mrkdwn.Mention(done.By)} at {Mrkdwn.Time(done.At)}{note}")));
        }

        return new(
            $"Action item {item.Id}: {Mrkdwn.Truncate(text, 200)}",
            new JsonArray(
                Block.Section($":dart: *Action item {item.Id}:* {text}\nOwner {Mrkdwn.Mention(item.Owner)} · due {Mrkdwn.Time(item.Due)}"),
                Block.Context($"Recorded by {Mrkdwn.Mention(item.By)} for the debrief. When it is done: `/crisis done {item.Id} [note]`.")));
    }

    /// <summary>
    /// Playbook §14: the owner hears, once, that their action item is due and still open; by direct message once the rooms
    /// are archived, naming the <paramref name="crisis"/>, as a direct message is no crisis's room.
    /// </summary>
    public static SlackMessage DuePost(ActionItem item, CrisisId? crisis = null)
    {
        var (of, named) = crisis is { } id ? ($" of crisis {id}", $"#{id} ") : ("", "");
        return new(
            $"Action item {item.Id}{of} is due: {Mrkdwn.Truncate(Mrkdwn.Escape(item.Text), 200)}",
            new JsonArray(
                Block.Section($":alarm_clock: {Mrkdwn.Mention(item.Owner)}, action item *{item.Id}*{of} is due and still open: {Mrkdwn.Escape(item.Text)}"),
                Block.Context($"Due {Mrkdwn.Time(item.Due)}; recorded by {Mrkdwn.Mention(item.By)} at {Mrkdwn.Time(item.At)}. "
                    + $"When it is done: `/crisis done {named}{item.Id} [note]`.")));
    }
}
