using System.Text.Json.Nodes;

namespace WarRoomBot.Slack.Blocks;

/// <summary>The few Block Kit blocks the bot uses, with Slack's limits applied where text comes from people.</summary>
public static class Block
{
    /// <summary>Slack refuses section text over 3,000 characters.</summary>
    private const int MaxSectionText = 3000;

    public static JsonObject Header(string text) => new()
    {
        ["type"] = "header",
        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text.Length > 150 ? text[..149] + "…" : text, ["emoji"] = true },
    };

    public static JsonObject Section(string mrkdwn) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = mrkdwn.Length > MaxSectionText ? mrkdwn[..(MaxSectionText - 1)] + "…" : mrkdwn },
    };

    public static JsonObject Context(string mrkdwn) => new()
    {
        ["type"] = "context",
        ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = mrkdwn }),
    };

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
}
