using System.Globalization;
using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Blocks;
using WarRoomBot.Storage;

namespace WarRoomBot.Features.List;

/// <summary>
/// The reply to <c>/crisis list</c>: one section a crisis, read at 3 a.m. at a glance: where to go (the technical
/// channel), how bad, whose and what, who owns it, for how long, and the next two things due; a crisis resolved and
/// awaiting the customer's confirmation (playbook §13) says so and since when in place of the next deadline: what it waits
/// for is the customer's word, not an engineer's. Times are Slack date tokens, so each reader sees their own time zone.
/// </summary>
public static class ListBlocks
{
    /// <summary>
    /// The most crises shown: a screenful to act on, and well within Slack's 50 blocks a message (a section each, one
    /// above them and one below).
    /// </summary>
    public const int MaxRows = 20;

    public static (string Text, JsonArray Blocks) Render(CrisisList open, DateTimeOffset now)
    {
        if (open.Total == 0)
            return ("No open crises.", [Block.Section(":white_check_mark: *No open crises.*")]);

        var heading = open.Total == 1 ? "*1 open crisis*" : $"*{open.Total} open crises*, worst first";
        var lines = open.Rows.Select(row => Line(row, now)).ToList();
        JsonArray blocks = [Block.Section(heading), .. lines.Select(Block.Section)];
        var text = string.Join("\n", [heading, .. lines]);
        if (open.Total - open.Rows.Count is var more and > 0)
        {
            var notShown = $"…and {more} more not shown (the {open.Rows.Count} worst are above).";
            blocks.Add(Block.Context(notShown));
            text += "\n" + notShown;
        }

        return (text, blocks);
    }

    private static string Line(CrisisListing row, DateTimeOffset now)
    {
        var where = row.Technical is { } channel ? Mrkdwn.Link(channel) : $"crisis {row.Crisis.Number} _(channel being created)_";
        var what = row.Customer is { } customer ? $"{Mrkdwn.Escape(customer)}: {Mrkdwn.Escape(row.Title)}" : Mrkdwn.Escape(row.Title);
        var priority = row.Score is { } score ? $"priority {score.ToString(CultureInfo.InvariantCulture)}" : "impact not assessed";
        return $"*{row.Severity.Label()}* {where} *{what}*\n"
            + $"Owner {Mrkdwn.Mention(row.Owner)} · open {Mrkdwn.Duration(now - row.OpenedAt)} · {priority}\n"
            + $"{Next(row, now)} · Next update: {Due(row.NextUpdate, now, "none promised")}";
    }

    private static string Next(CrisisListing row, DateTimeOffset now) => row is { Stage: Stage.Resolved, ResolvedAt: { } resolved }
        ? $"Resolved {Mrkdwn.Time(resolved)}, awaiting the customer's confirmation"
        : $"Next deadline: {Due(row.NextDeadline, now, "none open")}";

    private static string Due(DateTimeOffset? at, DateTimeOffset now, string none) => at switch
    {
        null => none,
        { } due when due <= now => $"{Mrkdwn.Time(due)} (overdue)",
        { } due => $"{Mrkdwn.Time(due)} ({Mrkdwn.In(due - now)})",
    };
}
