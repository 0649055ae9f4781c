using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace WarRoomBot.Tests.Manifest;

/// <summary>One way an instance breaks its schema. <paramref name="Pointer"/> is a JSON pointer into the instance.</summary>
public sealed record SchemaError(string Pointer, string Message)
{
    public override string ToString() => $"{(Pointer.Length == 0 ? "/" : Pointer)}: {Message}";
}

/// <summary>
/// The part of JSON Schema draft-07 that Slack's manifest schema uses (no validator package is in our
/// package source). Keywords it does not know, such as <c>format</c> and <c>default</c>, are ignored as
/// the draft allows; <c>$ref</c> resolves JSON pointers inside the same document.
/// </summary>
public sealed class JsonSchemaValidator(JsonElement root)
{
    private readonly ConcurrentDictionary<string, Regex> patterns = new(StringComparer.Ordinal);

    public IReadOnlyList<SchemaError> Validate(JsonElement instance)
    {
        var errors = new List<SchemaError>();
        Check(root, instance, "", errors, depth: 0);
        return errors;
    }

    private void Check(JsonElement schema, JsonElement instance, string pointer, List<SchemaError> errors, int depth)
    {
        if (depth > 100)
            throw new InvalidOperationException($"$ref recursion too deep at {pointer}.");

        if (schema.ValueKind == JsonValueKind.True)
            return;
        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add(new(pointer, "no value is allowed here"));
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
            throw new InvalidOperationException($"A schema must be an object or a boolean, not {schema.ValueKind}.");

        // Draft-07: a $ref makes its siblings ignored.
        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(Resolve(reference.GetString()!), instance, pointer, errors, depth + 1);
            return;
        }

        if (schema.TryGetProperty("type", out var type) && !MatchesType(type, instance))
            errors.Add(new(pointer, $"expected {DescribeType(type)}, found {Describe(instance)}"));

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, instance)))
            errors.Add(new(pointer, $"{Describe(instance)} is not one of {allowed.GetRawText()}"));

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, instance))
            errors.Add(new(pointer, $"expected {constant.GetRawText()}"));

        CheckCombinators(schema, instance, pointer, errors, depth);

        switch (instance.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(schema, instance, pointer, errors, depth);
                break;
            case JsonValueKind.Array:
                CheckArray(schema, instance, pointer, errors, depth);
                break;
            case JsonValueKind.String:
                CheckString(schema, instance.GetString()!, pointer, errors);
                break;
            case JsonValueKind.Number:
                CheckNumber(schema, instance.GetDouble(), pointer, errors);
                break;
        }
    }

    private void CheckCombinators(JsonElement schema, JsonElement instance, string pointer, List<SchemaError> errors, int depth)
    {
        if (schema.TryGetProperty("allOf", out var allOf))
        {
            foreach (var part in allOf.EnumerateArray())
                Check(part, instance, pointer, errors, depth + 1);
        }

        if (schema.TryGetProperty("anyOf", out var anyOf))
        {
            var failures = anyOf.EnumerateArray().Select(part => Errors(part, instance, pointer, depth)).ToList();
            if (failures.All(f => f.Count > 0))
                errors.Add(new(pointer, $"matches none of anyOf: {string.Join("; ", failures.SelectMany(f => f).Take(5))}"));
        }

        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var matching = oneOf.EnumerateArray().Count(part => Errors(part, instance, pointer, depth).Count == 0);
            if (matching != 1)
                errors.Add(new(pointer, $"matches {matching} of oneOf, expected exactly 1"));
        }

        if (schema.TryGetProperty("not", out var not) && Errors(not, instance, pointer, depth).Count == 0)
            errors.Add(new(pointer, "matches a schema it must not match"));
    }

    private void CheckObject(JsonElement schema, JsonElement instance, string pointer, List<SchemaError> errors, int depth)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(n => n.GetString()!))
            {
                if (!instance.TryGetProperty(name, out _))
                    errors.Add(new(pointer, $"required property '{name}' is missing"));
            }
        }

        var count = 0;
        var hasProperties = schema.TryGetProperty("properties", out var properties);
        var hasPatterns = schema.TryGetProperty("patternProperties", out var patternProperties);
        var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var property in instance.EnumerateObject())
        {
            count++;
            var at = $"{pointer}/{Escape(property.Name)}";
            var matched = false;
            if (hasProperties && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                matched = true;
                Check(propertySchema, property.Value, at, errors, depth + 1);
            }

            if (hasPatterns)
            {
                foreach (var pattern in patternProperties.EnumerateObject())
                {
                    if (!Pattern(pattern.Name).IsMatch(property.Name))
                        continue;
                    matched = true;
                    Check(pattern.Value, property.Value, at, errors, depth + 1);
                }
            }

            if (!matched && hasAdditional)
            {
                if (additional.ValueKind == JsonValueKind.False)
                    errors.Add(new(at, $"property '{property.Name}' is not allowed"));
                else
                    Check(additional, property.Value, at, errors, depth + 1);
            }
        }

        if (schema.TryGetProperty("minProperties", out var min) && count < min.GetInt32())
            errors.Add(new(pointer, $"has {count} properties, at least {min.GetInt32()} needed"));
        if (schema.TryGetProperty("maxProperties", out var max) && count > max.GetInt32())
            errors.Add(new(pointer, $"has {count} properties, at most {max.GetInt32()} allowed"));
    }

    private void CheckArray(JsonElement schema, JsonElement instance, string pointer, List<SchemaError> errors, int depth)
    {
        var items = instance.EnumerateArray().ToList();
        if (schema.TryGetProperty("items", out var itemSchema))
        {
            if (itemSchema.ValueKind == JsonValueKind.Array)
            {
                var tuple = itemSchema.EnumerateArray().ToList();
                for (var i = 0; i < items.Count && i < tuple.Count; i++)
                    Check(tuple[i], items[i], $"{pointer}/{i}", errors, depth + 1);
                if (items.Count > tuple.Count && schema.TryGetProperty("additionalItems", out var extra))
                {
                    for (var i = tuple.Count; i < items.Count; i++)
                        Check(extra, items[i], $"{pointer}/{i}", errors, depth + 1);
                }
            }
            else
            {
                for (var i = 0; i < items.Count; i++)
                    Check(itemSchema, items[i], $"{pointer}/{i}", errors, depth + 1);
            }
        }

        if (schema.TryGetProperty("minItems", out var min) && items.Count < min.GetInt32())
            errors.Add(new(pointer, $"has {items.Count} items, at least {min.GetInt32()} needed"));
        if (schema.TryGetProperty("maxItems", out var max) && items.Count > max.GetInt32())
            errors.Add(new(pointer, $"has {items.Count} items, at most {max.GetInt32()} allowed"));
        if (schema.TryGetProperty("uniqueItems", out var unique) && unique.ValueKind == JsonValueKind.True)
        {
            for (var i = 0; i < items.Count; i++)
            {
                for (var j = i + 1; j < items.Count; j++)
                {
                    if (JsonElement.DeepEquals(items[i], items[j]))
                        errors.Add(new($"{pointer}/{j}", $"repeats item {i}"));
                }
            }
        }
    }

    private void CheckString(JsonElement schema, string value, string pointer, List<SchemaError> errors)
    {
        // Draft-07 counts length in code points, not UTF-16 units.
        var length = value.EnumerateRunes().Count();
        if (schema.TryGetProperty("minLength", out var min) && length < min.GetInt32())
            errors.Add(new(pointer, $"is {length} characters, at least {min.GetInt32()} needed"));
        if (schema.TryGetProperty("maxLength", out var max) && length > max.GetInt32())
            errors.Add(new(pointer, $"is {length} characters, at most {max.GetInt32()} allowed"));
        if (schema.TryGetProperty("pattern", out var pattern) && !Pattern(pattern.GetString()!).IsMatch(value))
            errors.Add(new(pointer, $"does not match {pattern.GetString()}"));
    }

    private static void CheckNumber(JsonElement schema, double value, string pointer, List<SchemaError> errors)
    {
        if (schema.TryGetProperty("minimum", out var min) && value < min.GetDouble())
            errors.Add(new(pointer, $"{value.ToString(CultureInfo.InvariantCulture)} is below the minimum {min.GetRawText()}"));
        if (schema.TryGetProperty("maximum", out var max) && value > max.GetDouble())
            errors.Add(new(pointer, $"{value.ToString(CultureInfo.InvariantCulture)} is above the maximum {max.GetRawText()}"));
        if (schema.TryGetProperty("exclusiveMinimum", out var xmin) && xmin.ValueKind == JsonValueKind.Number && value <= xmin.GetDouble())
            errors.Add(new(pointer, $"must be above {xmin.GetRawText()}"));
        if (schema.TryGetProperty("exclusiveMaximum", out var xmax) && xmax.ValueKind == JsonValueKind.Number && value >= xmax.GetDouble())
            errors.Add(new(pointer, $"must be below {xmax.GetRawText()}"));
    }

    private List<SchemaError> Errors(JsonElement schema, JsonElement instance, string pointer, int depth)
    {
        var errors = new List<SchemaError>();
        Check(schema, instance, pointer, errors, depth + 1);
        return errors;
    }

    private JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith('#'))
            throw new NotSupportedException($"Only references inside the schema are supported, not '{reference}'.");
        var target = root;
        foreach (var part in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(part).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            target = target.ValueKind == JsonValueKind.Array
                ? target[int.Parse(name, CultureInfo.InvariantCulture)]
                : target.TryGetProperty(name, out var next) ? next : throw new InvalidOperationException($"'{reference}' points nowhere.");
        }

        return target;
    }

    private static bool MatchesType(JsonElement type, JsonElement instance) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(t => IsOfType(t.GetString()!, instance))
        : IsOfType(type.GetString()!, instance);

    private static bool IsOfType(string type, JsonElement instance) => type switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => instance.ValueKind == JsonValueKind.Null,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number && instance.TryGetDecimal(out var d) && d == decimal.Truncate(d),
        _ => throw new NotSupportedException($"Unknown JSON Schema type '{type}'."),
    };

    private static string DescribeType(JsonElement type) =>
        type.ValueKind == JsonValueKind.Array ? string.Join(" or ", type.EnumerateArray().Select(t => t.GetString())) : type.GetString()!;

    private static string Describe(JsonElement instance) => instance.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    // ECMA 262 patterns as .NET reads them; the manifest schema's patterns mean the same in both.
    private Regex Pattern(string pattern) => patterns.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
}
