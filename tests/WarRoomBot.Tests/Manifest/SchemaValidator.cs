using System.Text.Json;
using Json.Schema;

namespace WarRoomBot.Tests.Manifest;

/// <summary>One way an instance breaks its schema. <paramref name="Pointer"/> is a JSON pointer into the instance.</summary>
public sealed record SchemaError(string Pointer, string Message)
{
    public override string ToString() => $"{(Pointer.Length == 0 ? "/" : Pointer)}: {Message}";
}

/// <summary>
/// A draft-07 JSON schema (the draft Slack's manifest schemas declare) checked by JsonSchema.Net. Each failure
/// names where in the instance it is, what is wrong, the schema's rule and the value found, so a failing test
/// says what to change.
/// </summary>
public sealed class SchemaValidator
{
    private readonly JsonSchema schema;

    static SchemaValidator()
    {
        // The library's own message does not say which expression; Slack's schema has many.
        ErrorMessages.Pattern = "does not match the regular expression [[pattern]]";
    }

    /// <param name="schemaText">The schema.</param>
    /// <param name="referenced">Documents it refers to by URI, kept locally so that checking needs no network.</param>
    public SchemaValidator(string schemaText, IReadOnlyDictionary<Uri, string>? referenced = null)
    {
        // An own registry: the global one would keep every schema every test builds.
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft07 };
        foreach (var (uri, text) in referenced ?? new Dictionary<Uri, string>())
            JsonSchema.FromText(text, options, uri);
        schema = JsonSchema.FromText(schemaText, options);
    }

    public IReadOnlyList<SchemaError> Validate(JsonElement instance)
    {
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
            return [];

        // A schema reached along several branches (Slack's router refers to the v1 schema three times) reports
        // the same fault once per branch; it is said once.
        return [.. (results.Details ?? [results])
            .Where(node => node.Errors is not null)
            .SelectMany(node => node.Errors!.Select(error => Describe(node, error.Key, error.Value, instance)))
            .Distinct()];
    }

    private static SchemaError Describe(EvaluationResults node, string keyword, string message, JsonElement instance)
    {
        var at = node.InstanceLocation.ToString();

        // A false schema under additionalProperties is how Slack's schema closes an object; the library only says "false schema".
        if (keyword.Length == 0 && node.EvaluationPath.ToString().EndsWith("/additionalProperties", StringComparison.Ordinal))
            return new(at, "this property is not allowed here (the schema lists every property it accepts)");

        var found = node.InstanceLocation.Evaluate(instance) is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Array) } value
            ? $"; found {Short(value)}"
            : "";
        return new(at, $"{message}{found}");
    }

    private static string Short(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 120 ? text : $"{text[..117]}...";
    }
}
