using System.Text.Json;
using System.Text.Json.Nodes;

namespace SlackEmulator;

internal sealed partial class SlackMethods
{
    private const int MaxViewBlocks = 100;
    private const int MaxViewTitle = 24;
    private const int MaxPrivateMetadata = 3000;

    private JsonObject ViewsOpen(Arguments args)
    {
        var triggerId = args.String("trigger_id") ?? args.String("interactivity_pointer");
        if (string.IsNullOrEmpty(triggerId)) return Fail("invalid_arguments", "[ERROR] missing required field: trigger_id");
        if (_workspace.TriggerLocked(triggerId) is not { } trigger) return Fail("invalid_trigger_id");
        if (trigger.Used) return Fail("exchanged_trigger_id");
        if (ValidateView(args, out var view) is { } invalid) return invalid;

        var externalId = view["external_id"]?.GetValue<string>() is { Length: > 0 } e ? e : null;
        if (externalId is not null && _workspace.FindViewLocked(null, externalId) is not null) return Fail("duplicate_external_id");

        trigger.Used = true;
        var record = new ViewRecord
        {
            ViewId = _workspace.NextViewIdLocked(), TriggerId = triggerId, UserId = trigger.UserId,
            Hash = _workspace.NewHashLocked(), ExternalId = externalId, View = view,
        };
        record = record with { View = ViewJson.Stored(_settings, record, view, rootViewId: record.ViewId, previousViewId: null) };
        _workspace.AddViewLocked(record);
        return Ok(new JsonObject { ["view"] = record.View.DeepClone() });
    }

    private JsonObject ViewsUpdate(Arguments args)
    {
        var viewId = args.String("view_id") is { Length: > 0 } v ? v : null;
        var externalId = args.String("external_id") is { Length: > 0 } x ? x : null;
        if (viewId is null && externalId is null) return Fail("invalid_arguments", "[ERROR] missing required field: view_id");
        if (_workspace.FindViewLocked(viewId, externalId) is not { Closed: false } existing) return Fail("not_found");
        if (args.String("hash") is { Length: > 0 } hash && hash != existing.Hash) return Fail("hash_conflict");
        if (ValidateView(args, out var view) is { } invalid) return invalid;

        var newExternalId = view["external_id"]?.GetValue<string>() is { Length: > 0 } e ? e : existing.ExternalId;
        if (newExternalId != existing.ExternalId && _workspace.FindViewLocked(null, newExternalId) is not null) return Fail("duplicate_external_id");

        var updated = existing with { Hash = _workspace.NewHashLocked(), ExternalId = newExternalId };
        updated = updated with { View = ViewJson.Stored(_settings, updated, view, existing.View["root_view_id"]?.GetValue<string>() ?? existing.ViewId, existing.View["previous_view_id"]?.GetValue<string>()) };
        _workspace.ReplaceViewLocked(updated);
        return Ok(new JsonObject { ["view"] = updated.View.DeepClone() });
    }

    /// <summary>Slack's modal limits (reference/surfaces/views), reported the way Slack reports them.</summary>
    private static JsonObject? ValidateView(Arguments args, out JsonObject view)
    {
        view = null!;
        var argument = args.Json("view");
        if (argument.Value is not JsonObject obj) return Fail("invalid_arguments", "[ERROR] must provide an object [json-pointer:/view]");
        view = obj;

        if (Text(obj["type"]) != "modal") return Fail("invalid_arguments", "[ERROR] must be one of the following: modal [json-pointer:/view/type]");
        if (Text(obj["title"]?["text"]) is not { Length: > 0 } title) return Fail("invalid_arguments", "[ERROR] missing required field: title [json-pointer:/view]");
        if (title.Length > MaxViewTitle) return Fail("invalid_arguments", $"[ERROR] must be less than {MaxViewTitle + 1} characters [json-pointer:/view/title/text]");
        foreach (var button in new[] { "submit", "close" })
        {
            if (Text(obj[button]?["text"]) is { Length: > MaxViewTitle })
            {
                return Fail("invalid_arguments", $"[ERROR] must be less than {MaxViewTitle + 1} characters [json-pointer:/view/{button}/text]");
            }
        }
        if (InvalidBlocks(new JsonArgument(true, obj["blocks"]), MaxViewBlocks, "/view/blocks") is { } blocks) return Fail("invalid_arguments", blocks);
        if (Text(obj["private_metadata"]) is { Length: > MaxPrivateMetadata })
        {
            return Fail("invalid_arguments", $"[ERROR] must be less than {MaxPrivateMetadata + 1} characters [json-pointer:/view/private_metadata]");
        }
        var hasInput = obj["blocks"]!.AsArray().Any(b => Text(b?["type"]) == "input");
        if (hasInput && obj["submit"] is null) return Fail("invalid_arguments", "[ERROR] missing required field: submit [json-pointer:/view]");
        return null;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
