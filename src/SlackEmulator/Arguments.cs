using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SlackEmulator;

/// <summary>
/// A call's arguments as Slack sees them: form fields arrive as strings, JSON bodies as typed values,
/// so every accessor accepts both ("true" and true, "20" and 20, a JSON string or an object).
/// </summary>
internal sealed class Arguments(JsonObject raw)
{
    public JsonObject Raw { get; } = raw;

    public bool Has(string name) => String(name) is { Length: > 0 } || Raw[name] is JsonObject or JsonArray;

    public string? String(string name) => Raw[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? "true" : "false",
        JsonValue v => v.ToJsonString(),
        var other => other.ToJsonString(),
    };

    public bool Bool(string name) => String(name) is { } s && (s == "1" || s.Equals("true", StringComparison.OrdinalIgnoreCase));

    public int? Int(string name) =>
        int.TryParse(String(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>A JSON-valued argument: form bodies carry it as a JSON string, JSON bodies usually inline.</summary>
    public JsonArgument Json(string name)
    {
        var node = Raw[name];
        if (node is null) return new JsonArgument(false, null);
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var text = v.GetValue<string>();
            if (text.Length == 0) return new JsonArgument(false, null);
            try
            {
                return new JsonArgument(true, JsonNode.Parse(text));
            }
            catch (JsonException)
            {
                return new JsonArgument(true, null, Malformed: true);
            }
        }
        return new JsonArgument(true, node.DeepClone());
    }
}

internal sealed record JsonArgument(bool Present, JsonNode? Value, bool Malformed = false);
