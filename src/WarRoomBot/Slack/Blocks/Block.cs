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
