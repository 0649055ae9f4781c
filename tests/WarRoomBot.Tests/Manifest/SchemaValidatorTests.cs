using System.Text.Json;

namespace WarRoomBot.Tests.Manifest;

/// <summary>
/// Without ../shared: the draft-07 features Slack's manifest schema relies on are honoured, and each failure
/// names where it is, what is wrong and what was found, so a failing manifest test says what to change.
/// </summary>
public sealed class SchemaValidatorTests
{
    private const string Schema = """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "type": "object",
          "required": ["name"],
          "additionalProperties": false,
          "properties": {
            "name": { "type": "string", "maxLength": 3 },
            "command": { "type": "string", "pattern": "^\\/" },
            "settings": { "$ref": "#/definitions/settings", "maxProperties": 0 }
          },
          "definitions": {
            "settings": { "type": "object", "additionalProperties": false, "properties": { "on": { "type": "boolean" } } }
          }
        }
        """;

    [Fact]
    public void A_document_that_follows_every_rule_has_no_errors()
    {
        // Draft-07 ignores the siblings of $ref (maxProperties here) and counts lengths in code points.
        Assert.Empty(Validate("""{"name":"a😀😀","command":"/crisis","settings":{"on":true}}"""));
    }

    [Theory]
    [InlineData("""{"name":"abc","settings":{"on":true,"extra":1}}""", "/settings/extra: this property is not allowed here (the schema lists every property it accepts)")]
    [InlineData("""{"name":"abc","command":"crisis"}""", "/command: does not match the regular expression \"^\\\\/\"; found \"crisis\"")]
    [InlineData("""{"name":"abcd"}""", "/name: Value should be at most 3 characters; found \"abcd\"")]
    [InlineData("""{"name":"abc","settings":{"on":"yes"}}""", "/settings/on: Value is \"string\" but should be \"boolean\"; found \"yes\"")]
    public void A_broken_rule_is_reported_where_it_breaks_with_the_rule_and_the_value_found(string json, string expected)
    {
        Assert.Equal([expected], Validate(json).Select(e => e.ToString()));
    }

    [Fact]
    public void A_missing_property_is_reported_on_the_object_that_lacks_it()
    {
        var error = Assert.Single(Validate("""{"command":"/crisis"}"""));

        Assert.Equal("", error.Pointer);
        Assert.Contains("name", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("/: ", error.ToString(), StringComparison.Ordinal);
    }

    private static IReadOnlyList<SchemaError> Validate(string json) =>
        new SchemaValidator(Schema).Validate(JsonDocument.Parse(json).RootElement);
}
