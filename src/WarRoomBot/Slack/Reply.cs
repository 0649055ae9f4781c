using System.Text.Json.Nodes;

namespace WarRoomBot.Slack;

/// <summary>The immediate HTTP answer to a slash command: Slack shows it within its 3-second window.</summary>
public sealed record Reply(string? Text, JsonArray? Layout = null)
{
    /// <summary>An empty 200: Slack shows nothing (used when a modal is about to open).</summary>
    public static readonly Reply Nothing = new((string?)null);

    /// <summary>Only the person who typed the command sees it.</summary>
    public static Reply Private(string text) => new(text);

    /// <summary>Only the person who typed the command sees it, laid out in Block Kit blocks; <paramref name="text"/> is the fallback.</summary>
    public static Reply Private(string text, JsonArray blocks) => new(text, blocks);

    public IResult ToResult() => ToJson() is { } answer ? Results.Json(answer) : Results.Ok();

    /// <summary>The answer's body, over HTTP or in a Socket Mode acknowledgement; null for an empty answer.</summary>
    public JsonObject? ToJson()
    {
        if (Text is null)
            return null;
        var answer = new JsonObject { ["response_type"] = "ephemeral", ["text"] = Blocks.Mrkdwn.EscapePlaceholders(Text) };
        if (Layout is { } blocks)
            answer["blocks"] = blocks;
        return answer;
    }
}
