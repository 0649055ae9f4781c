using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Lifecycle;

/// <summary>
/// The form behind the follow-up's "Still fixed" (playbook §13): the customer's satisfaction from 1 to 5 and a comment, then
/// the crisis closes. Block and action ids are declared here and nowhere else; the crisis and the resolution followed up
/// travel in private_metadata.
/// </summary>
public static class SatisfactionModal
{
    public const string CallbackId = "follow_up_satisfaction";
    public const string SatisfactionBlock = "satisfaction";
    public const string CommentBlock = "comment";
    public const string Value = "value";

    private static readonly string[] Scores = ["5 - very happy", "4 - happy", "3 - neutral", "2 - unhappy", "1 - very unhappy"];

    public static JsonObject View(Crisis crisis, int resolution) => new()
    {
        ["type"] = "modal",
        ["callback_id"] = CallbackId,
        ["private_metadata"] = LifecycleBlocks.FollowUpValue(crisis.Id, resolution),
        ["title"] = PlainText("Still fixed"),
        ["submit"] = PlainText("Close the crisis"),
        ["close"] = PlainText("Cancel"),
        ["blocks"] = new JsonArray(
            Block.Context($"Crisis {crisis.Id}: {Mrkdwn.Escape(crisis.Title)}. Closing it records the customer's satisfaction"
                + " and archives both channels when the workspace is set to."),
            new JsonObject
            {
                ["type"] = "input",
                ["block_id"] = SatisfactionBlock,
                ["label"] = PlainText("How satisfied is the customer?"),
                ["element"] = new JsonObject
                {
                    ["type"] = "static_select",
                    ["action_id"] = Value,
                    ["placeholder"] = PlainText("1 to 5"),
                    ["options"] = new JsonArray([.. Scores.Select(s => new JsonObject { ["text"] = PlainText(s), ["value"] = s[..1] })]),
                },
            },
            new JsonObject
            {
                ["type"] = "input",
                ["block_id"] = CommentBlock,
                ["optional"] = true,
                ["label"] = PlainText("Their comment"),
                ["element"] = new JsonObject
                {
                    ["type"] = "plain_text_input",
                    ["action_id"] = Value,
                    ["multiline"] = true,
                    ["max_length"] = LifecycleRules.MaxComment,
                },
            }),
    };

    /// <summary>The satisfaction chosen (0 when none or not a number, for the rules to refuse) and the comment as typed.</summary>
    public static (int Satisfaction, string Comment) Read(JsonElement values)
    {
        var chosen = Field(values, SatisfactionBlock) is { } s && s.TryGetProperty("selected_option", out var o) && o.ValueKind == JsonValueKind.Object
            && o.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String
            && int.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var score) ? score : 0;
        var comment = Field(values, CommentBlock) is { } c && c.TryGetProperty("value", out var t) && t.ValueKind == JsonValueKind.String
            ? PeopleText.Clean(t.GetString() ?? "").Trim()
            : "";
        return (chosen, comment);
    }

    private static JsonElement? Field(JsonElement values, string block) =>
        values.ValueKind == JsonValueKind.Object && values.TryGetProperty(block, out var b) && b.ValueKind == JsonValueKind.Object
            && b.TryGetProperty(Value, out var v) && v.ValueKind == JsonValueKind.Object
            ? v
            : null;

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };
}
