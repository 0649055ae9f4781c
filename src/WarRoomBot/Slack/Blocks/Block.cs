using System.Text.Json.Nodes;

namespace WarRoomBot.Slack.Blocks;

/// <summary>
/// The few Block Kit blocks the bot uses, with Slack's limits applied where text comes from people. Every text given
/// here has people's parts already written through <see cref="Mrkdwn.Escape"/>, plain_text included.
/// </summary>
public static class Block
{
    /// <summary>Slack refuses section text over 3,000 characters.</summary>
    private const int MaxSectionText = 3000;

    /// <summary>Slack refuses header text over 150 characters.</summary>
    private const int MaxHeaderText = 150;

    public static JsonObject Header(string plainText) => new()
    {
        ["type"] = "header",
        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Mrkdwn.Truncate(plainText, MaxHeaderText), ["emoji"] = true },
    };

    public static JsonObject Section(string mrkdwn) => new()
    {
        ["type"] = "section",
        ["text"] = Text(Mrkdwn.Truncate(mrkdwn, MaxSectionText)),
    };

    /// <summary>
    /// Long text as consecutive sections, split between lines so each stays within Slack's 3,000 characters; at most
    /// <paramref name="most"/> sections, the last saying how much was left out.
    /// </summary>
    public static IEnumerable<JsonObject> Sections(string mrkdwn, int most)
    {
        var lines = mrkdwn.Split('\n');
        var chunk = new System.Text.StringBuilder();
        var made = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (chunk.Length > 0 && chunk.Length + 1 + lines[i].Length > MaxSectionText)
            {
                if (made == most - 1)
                {
                    yield return Section($"{chunk}\n… {lines.Length - i} more lines not shown.");
                    yield break;
                }

                yield return Section(chunk.ToString());
                made++;
                chunk.Clear();
            }

            chunk.Append(chunk.Length > 0 ? "\n" : "").Append(lines[i]);
        }

        if (chunk.Length > 0)
            yield return Section(chunk.ToString());
    }

    public static JsonObject Context(string mrkdwn) => new()
    {
        ["type"] = "context",
        ["elements"] = new JsonArray(Text(mrkdwn)),
    };

    public static JsonObject Divider() => new() { ["type"] = "divider" };

    public static JsonObject Actions(string blockId, params JsonObject[] buttons) => new()
    {
        ["type"] = "actions",
        ["block_id"] = blockId,
        ["elements"] = new JsonArray([.. buttons]),
    };

    /// <summary>A button; <paramref name="style"/> is Slack's <c>primary</c> or <c>danger</c>, or none.</summary>
    public static JsonObject Button(string text, string actionId, string value, string? style = null)
    {
        var button = new JsonObject
        {
            ["type"] = "button",
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true },
            ["action_id"] = actionId,
            ["value"] = value,
        };
        if (style is not null)
            button["style"] = style;
        return button;
    }

    /// <summary>
    /// Verbatim: Slack still reads our own markup (mentions, channel links, date tokens) but no longer turns a bare URL,
    /// a #channel name or an @here a person typed into a link or a mention.
    /// </summary>
    private static JsonObject Text(string mrkdwn) => new() { ["type"] = "mrkdwn", ["text"] = mrkdwn, ["verbatim"] = true };
}
