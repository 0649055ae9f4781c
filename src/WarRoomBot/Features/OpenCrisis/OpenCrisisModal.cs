using System.Text.Json;
using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Slack;

namespace WarRoomBot.Features.OpenCrisis;

/// <summary>The form behind <c>/crisis open</c> with no title. Block and action ids are declared here and nowhere else.</summary>
public static class OpenCrisisModal
{
    public const string CallbackId = "open_crisis";
    public const string TitleBlock = "title";
    public const string SeverityBlock = "severity";
    public const string CustomerBlock = "customer";
    public const string OwnerBlock = "owner";
    public const string ContextBlock = "context";
    private const string Value = "value";

    /// <summary>Where the modal was opened from travels in private_metadata, so the links can be sent back there.</summary>
    public sealed record Origin(string? ChannelId, string? ResponseUrl);

    /// <summary>What a form opened from elsewhere (the watch list's button) starts with; the person may change any of it.</summary>
    public sealed record Prefill(string Title, string Customer, string? Context);

    public static JsonObject View(Origin origin, UserId invoker, Severity defaultSeverity, Prefill? prefill = null) => new()
    {
        ["type"] = "modal",
        ["callback_id"] = CallbackId,
        ["private_metadata"] = JsonSerializer.Serialize(new JsonObject { ["channel"] = origin.ChannelId, ["response_url"] = origin.ResponseUrl }),
        ["title"] = PlainText("Open a crisis"),
        ["submit"] = PlainText("Open crisis"),
        ["close"] = PlainText("Cancel"),
        ["blocks"] = new JsonArray(
            Input(TitleBlock, "What is the customer suffering?", new JsonObject
            {
                ["type"] = "plain_text_input",
                ["action_id"] = Value,
                ["max_length"] = OpeningRules.MaxTitleLength,
                ["placeholder"] = PlainText("Checkout freezes at 300 stores"),
            }.Initially(prefill?.Title, OpeningRules.MaxTitleLength)),
            Input(SeverityBlock, "Severity", new JsonObject
            {
                ["type"] = "static_select",
                ["action_id"] = Value,
                ["initial_option"] = SeverityOption(defaultSeverity),
                ["options"] = new JsonArray([.. Enum.GetValues<Severity>().Select(SeverityOption)]),
            }),
            Input(CustomerBlock, "Customer", new JsonObject
            {
                ["type"] = "plain_text_input",
                ["action_id"] = Value,
                ["max_length"] = OpeningRules.MaxCustomerLength,
                ["placeholder"] = PlainText("Acme Retail"),
            }.Initially(prefill?.Customer, OpeningRules.MaxCustomerLength), optional: true),

            // Issue 15: asked at the door, the customer's own account is what the business kickoff opens with.
            Input(ContextBlock, "What brought it to the customer's attention, and why does it hurt them?", new JsonObject
            {
                ["type"] = "plain_text_input",
                ["action_id"] = Value,
                ["multiline"] = true,
                ["max_length"] = ContextRules.MaxTextLength,
                ["placeholder"] = PlainText("The store managers called when the tills froze at opening; every frozen till is a queue walking out"),
            }.Initially(prefill?.Context, ContextRules.MaxTextLength), optional: true),
            Input(OwnerBlock, "Accountable owner", new JsonObject
            {
                ["type"] = "users_select",
                ["action_id"] = Value,
                ["initial_user"] = invoker.Value,
            })),
    };

    /// <summary>Reads a submitted form into a request, or Slack's per-field errors keyed by block id.</summary>
    public static (OpenCrisisRequest? Request, Dictionary<string, string> Errors) Read(JsonElement view, UserId by)
    {
        var values = view.GetProperty("state").GetProperty("values");
        var errors = new Dictionary<string, string>();

        var title = Text(values, TitleBlock) ?? "";
        if (title.Length == 0)
            errors[TitleBlock] = "Say what the customer is suffering, e.g. Checkout freezes at 300 stores.";
        else if (title.Length > OpeningRules.MaxTitleLength)
            errors[TitleBlock] = $"Keep the title under {OpeningRules.MaxTitleLength} characters.";

        Severity? severity = null;
        if (Selected(values, SeverityBlock) is { } chosen)
        {
            if (SeverityNames.TryParse(chosen, out var s))
                severity = s;
            else
                errors[SeverityBlock] = "Choose sev1, sev2, sev3 or sev4.";
        }

        var customer = Text(values, CustomerBlock);
        if (customer is { Length: > OpeningRules.MaxCustomerLength })
            errors[CustomerBlock] = $"Keep the customer name under {OpeningRules.MaxCustomerLength} characters.";

        var context = Text(values, ContextBlock)?.Trim();
        if (context is { Length: > ContextRules.MaxTextLength })
            errors[ContextBlock] = $"Keep the customer's context under {ContextRules.MaxTextLength} characters; put the detail in the technical channel.";

        UserId? owner = Field(values, OwnerBlock) is { } o && o.TryGetProperty("selected_user", out var u) && u.GetString() is { Length: > 0 } id
            ? new UserId(id)
            : null;

        var origin = ReadOrigin(view);
        return errors.Count > 0
            ? (null, errors)
            : (new OpenCrisisRequest(title, severity, string.IsNullOrEmpty(customer) ? null : customer, owner, by,
                origin.ChannelId is { Length: > 0 } c ? new ChannelId(c) : null, origin.ResponseUrl,
                string.IsNullOrEmpty(context) ? null : context), errors);
    }

    private static Origin ReadOrigin(JsonElement view)
    {
        if (!view.TryGetProperty("private_metadata", out var meta) || meta.GetString() is not { Length: > 0 } json)
            return new(null, null);
        try
        {
            // The form wrote this itself, so anything else in it was not written by the form: read it as no origin.
            var node = JsonNode.Parse(json) as JsonObject;
            return new(StringOf(node?["channel"]), StringOf(node?["response_url"]));
        }
        catch (JsonException)
        {
            return new(null, null);
        }
    }

    private static string? StringOf(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static JsonElement? Field(JsonElement values, string block) =>
        values.TryGetProperty(block, out var b) && b.TryGetProperty(Value, out var v) ? v : null;

    /// <summary>A text field as typed, cleaned of control characters and terminal escapes like the slash command's text.</summary>
    private static string? Text(JsonElement values, string block) =>
        Field(values, block) is { } v && v.TryGetProperty("value", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() is { } typed
            ? PeopleText.Clean(typed)
            : null;

    private static string? Selected(JsonElement values, string block) =>
        Field(values, block) is { } v && v.TryGetProperty("selected_option", out var o) && o.ValueKind == JsonValueKind.Object
            ? o.GetProperty("value").GetString()
            : null;

    private static JsonObject SeverityOption(Severity severity) => new()
    {
        ["text"] = PlainText(severity switch
        {
            Severity.Sev1 => "sev1: business stopped",
            Severity.Sev2 => "sev2: business badly hurt",
            Severity.Sev3 => "sev3: business hindered",
            _ => "sev4: an irritation",
        }),
        ["value"] = severity.Label(),
    };

    private static JsonObject Input(string blockId, string label, JsonObject element, bool optional = false) => new()
    {
        ["type"] = "input",
        ["block_id"] = blockId,
        ["optional"] = optional,
        ["label"] = PlainText(label),
        ["element"] = element,
    };

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };

    /// <summary>A text field's starting value, cut to the field's limit: Slack refuses a form whose initial value is longer.</summary>
    private static JsonObject Initially(this JsonObject element, string? value, int max)
    {
        if (value is { Length: > 0 })
            element["initial_value"] = value.Length <= max ? value : value[..max];
        return element;
    }
}
