using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Updates;

/// <summary>What the update form is filled in with: the words, the next update's time as typed (<c>30m</c>) and why then.</summary>
public sealed record UpdateDraft(string Text, string Next, string Reason);

/// <summary>
/// The form behind the reminder's "Write my own": the owner's words, when the next update comes and why then, the same
/// three things <c>/crisis update … next … because …</c> takes (playbook §9). Block and action ids are declared here and
/// nowhere else; the crisis travels in private_metadata.
/// </summary>
public static class WriteUpdateModal
{
    public const string CallbackId = "write_update";
    public const string TextBlock = "text";
    public const string NextBlock = "next";
    public const string ReasonBlock = "reason";
    public const string Value = "value";

    /// <summary>
    /// The form, empty or, with <paramref name="draft"/>, filled in with an update the bot wrote for the owner to edit
    /// (playbook §11: the at-risk prompt's "Edit it first").
    /// </summary>
    public static JsonObject View(Crisis crisis, UpdateDraft? draft = null)
    {
        var text = new JsonObject
        {
            ["type"] = "plain_text_input",
            ["action_id"] = Value,
            ["multiline"] = true,
            ["max_length"] = UpdateRules.MaxTextLength,
            ["placeholder"] = PlainText("What the business channel should know now, in firm words"),
        };

        var next = crisis.Updates.Next;
        var view = new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = CallbackId,
            ["private_metadata"] = crisis.Id.ToString(),
            ["title"] = PlainText("Business update"),
            ["submit"] = PlainText("Post"),
            ["close"] = PlainText("Cancel"),
            ["blocks"] = new JsonArray(
                Block.Context($"Crisis {crisis.Id}: {Mrkdwn.Escape(crisis.Title)}. "
                    + $"Next update is due at {Mrkdwn.Time(next.Due)} because {UpdateBlocks.NextReason(crisis, next)}."),
                Input(TextBlock, "Your update", text,
                    "Posted in the business channel as your words, with when the next update comes and why."),
                Input(NextBlock, "Next update at", new JsonObject
                {
                    ["type"] = "plain_text_input",
                    ["action_id"] = Value,
                    ["placeholder"] = PlainText("45m, 19:00 or tomorrow 09:00"),
                }, "In your own time zone unless you name one (23:00 UTC, 18:30 Europe/Paris)."),
                Input(ReasonBlock, "Why then?", new JsonObject
                {
                    ["type"] = "plain_text_input",
                    ["action_id"] = Value,
                    ["max_length"] = UpdateRules.MaxReasonLength,
                    ["placeholder"] = PlainText("the rollout to the last 50 stores finishes then"),
                }, "Required: the business channel is always told why the next update comes then.")),
        };
        if (draft is not null)
        {
            Fill(view, TextBlock, draft.Text);
            Fill(view, NextBlock, draft.Next);
            Fill(view, ReasonBlock, draft.Reason);
        }

        return view;
    }

    private static void Fill(JsonObject view, string block, string value)
    {
        var input = view["blocks"]!.AsArray().OfType<JsonObject>().Single(b => (string?)b["block_id"] == block);
        input["element"]!["initial_value"] = value;
    }

    /// <summary>The crisis the form was opened for, from its private_metadata; null if it names none.</summary>
    public static CrisisId? ReadCrisis(string? privateMetadata) =>
        int.TryParse(privateMetadata, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? new CrisisId(number) : null;

    /// <summary>
    /// The three fields as typed, cleaned like the slash command's text; an empty or missing field is empty, so the
    /// command's own checks refuse it with the same words.
    /// </summary>
    public static (string Text, string Next, string Reason) Read(JsonElement values) =>
        (Text(values, TextBlock), Text(values, NextBlock), Text(values, ReasonBlock));

    private static string Text(JsonElement values, string block) =>
        values.ValueKind == JsonValueKind.Object && values.TryGetProperty(block, out var b) && b.ValueKind == JsonValueKind.Object
            && b.TryGetProperty(Value, out var v) && v.ValueKind == JsonValueKind.Object
            && v.TryGetProperty("value", out var t) && t.ValueKind == JsonValueKind.String
            ? PeopleText.Clean(t.GetString() ?? "")
            : "";

    private static JsonObject Input(string blockId, string label, JsonObject element, string hint) => new()
    {
        ["type"] = "input",
        ["block_id"] = blockId,
        ["label"] = PlainText(label),
        ["hint"] = PlainText(hint),
        ["element"] = element,
    };

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };
}
