using System.Text.Json.Nodes;

namespace WarRoomBot.Slack;

/// <summary>The immediate HTTP answer to a slash command: Slack shows it within its 3-second window.</summary>
public sealed record Reply(string? Text)
{
    /// <summary>An empty 200: Slack shows nothing (used when a modal is about to open).</summary>
    public static readonly Reply Nothing = new((string?)null);

    /// <summary>Only the person who typed the command sees it.</summary>
    public static Reply Private(string text) => new(text);

    public IResult ToResult() => Text is null
        ? Results.Ok()
        : Results.Json(new JsonObject { ["response_type"] = "ephemeral", ["text"] = Blocks.Mrkdwn.EscapePlaceholders(Text) });
}
