using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Diagnosis;

/// <summary>The form behind a due post's Extend button: a new time and a reason, both required (playbook §6).</summary>
public static class ExtendDeadlineModal
{
    public const string WhenBlock = "when";
    public const string ReasonBlock = "reason";
    public const string Value = "value";

    public static JsonObject View(CrisisId crisis, Deadline deadline) => new()
    {
        ["type"] = "modal",
        ["callback_id"] = Interaction.ExtendCallbackId,
        ["private_metadata"] = Interaction.ExtendMetadata(crisis, deadline.Id),
        ["title"] = PlainText($"Extend {deadline.Id}"),
        ["submit"] = PlainText("Extend"),
        ["close"] = PlainText("Cancel"),
        ["blocks"] = new JsonArray(
            Block.Section($"*{deadline.Id}:* {Mrkdwn.Escape(deadline.Step)}\nDue {Mrkdwn.Time(deadline.Due)}. "
                + $"Extending records {deadline.Id} as missed and sets a new deadline, with your reason on the record."),
            Input(WhenBlock, "New deadline", "19:30, 45m or tomorrow 09:00", multiline: false,
                hint: $"In your own time zone unless you name one (23:00 UTC, 18:30 Europe/Paris). At most {Mrkdwn.Duration(DiagnosisRules.MaxAhead)} out."),
            Input(ReasonBlock, "Why does it need more time?", "The replay needs another store's logs", multiline: true,
                hint: "Required: it stays on the record next to the missed deadline.")),
    };

    private static JsonObject Input(string blockId, string label, string placeholder, bool multiline, string hint) => new()
    {
        ["type"] = "input",
        ["block_id"] = blockId,
        ["label"] = PlainText(label),
        ["hint"] = PlainText(hint),
        ["element"] = new JsonObject
        {
            ["type"] = "plain_text_input",
            ["action_id"] = Value,
            ["multiline"] = multiline,
            ["max_length"] = DiagnosisRules.MaxTextLength,
            ["placeholder"] = PlainText(placeholder),
        },
    };

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };
}
