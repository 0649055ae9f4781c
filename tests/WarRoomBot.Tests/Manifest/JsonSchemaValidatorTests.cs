using System.Text.Json;

namespace WarRoomBot.Tests.Manifest;

/// <summary>The validator finds what it should without ../shared, so a green manifest test means something.</summary>
public sealed class JsonSchemaValidatorTests
{
    private const string Schema = """
        {
          "type": "object",
          "required": ["name", "tags"],
          "additionalProperties": false,
          "properties": {
            "name": { "type": "string", "minLength": 2, "maxLength": 5, "pattern": "^[a-z]" },
            "tags": { "type": "array", "items": { "$ref": "#/definitions/tag" }, "minItems": 1, "maxItems": 3, "uniqueItems": true },
            "count": { "type": ["integer", "null"] },
            "kind": { "enum": ["a", "b"] },
            "fixed": { "const": 1 },
            "either": { "oneOf": [ { "type": "string" }, { "type": "integer" } ] },
            "any": { "anyOf": [ { "type": "boolean" }, { "type": "string", "minLength": 3 } ] },
            "both": { "allOf": [ { "type": "string" }, { "maxLength": 2 } ] },
            "map": { "type": "object", "minProperties": 1, "maxProperties": 2, "patternProperties": { "^x": { "type": "integer" } }, "additionalProperties": { "type": "string" } },
            "url": { "type": "string", "format": "uri" }
          },
          "definitions": { "tag": { "type": "string", "maxLength": 3 } }
        }
        """;

    [Fact]
    public void A_document_that_follows_every_rule_has_no_errors()
    {
        Assert.Empty(Validate("""
            {"name":"abc","tags":["x","yy"],"count":null,"kind":"a","fixed":1,"either":3,"any":true,"both":"ok",
             "map":{"x1":1,"other":"s"},"url":"not checked"}
            """));
    }

    [Theory]
    [InlineData("""{"tags":["x"]}""", "", "required property 'name'")]
    [InlineData("""{"name":"abc","tags":["x"],"extra":1}""", "/extra", "not allowed")]
    [InlineData("""{"name":"a","tags":["x"]}""", "/name", "at least 2")]
    [InlineData("""{"name":"abcdef","tags":["x"]}""", "/name", "at most 5")]
    [InlineData("""{"name":"Abc","tags":["x"]}""", "/name", "does not match")]
    [InlineData("""{"name":"abc","tags":[]}""", "/tags", "at least 1")]
    [InlineData("""{"name":"abc","tags":["a","b","c","d"]}""", "/tags", "at most 3")]
    [InlineData("""{"name":"abc","tags":["a","a"]}""", "/tags/1", "repeats item 0")]
    [InlineData("""{"name":"abc","tags":["long"]}""", "/tags/0", "at most 3")]
    [InlineData("""{"name":"abc","tags":[1]}""", "/tags/0", "expected string")]
    [InlineData("""{"name":"abc","tags":["x"],"count":1.5}""", "/count", "expected integer or null")]
    [InlineData("""{"name":"abc","tags":["x"],"kind":"c"}""", "/kind", "not one of")]
    [InlineData("""{"name":"abc","tags":["x"],"fixed":2}""", "/fixed", "expected 1")]
    [InlineData("""{"name":"abc","tags":["x"],"either":true}""", "/either", "matches 0 of oneOf")]
    [InlineData("""{"name":"abc","tags":["x"],"any":"no"}""", "/any", "none of anyOf")]
    [InlineData("""{"name":"abc","tags":["x"],"both":"long"}""", "/both", "at most 2")]
    [InlineData("""{"name":"abc","tags":["x"],"map":{}}""", "/map", "at least 1")]
    [InlineData("""{"name":"abc","tags":["x"],"map":{"a":"1","b":"2","c":"3"}}""", "/map", "at most 2")]
    [InlineData("""{"name":"abc","tags":["x"],"map":{"x1":"one"}}""", "/map/x1", "expected integer")]
    [InlineData("""{"name":"abc","tags":["x"],"map":{"a/b":1}}""", "/map/a~1b", "expected string")]
    [InlineData("""[]""", "", "expected object")]
    public void A_broken_rule_is_reported_at_the_json_pointer_where_it_breaks(string json, string pointer, string message)
    {
        var errors = Validate(json);

        Assert.Contains(errors, e => e.Pointer == pointer && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Lengths_count_code_points_not_utf16_units()
    {
        Assert.Empty(Validate("""{"name":"a😀😀😀","tags":["x"]}"""));
    }

    private static IReadOnlyList<SchemaError> Validate(string json) =>
        new JsonSchemaValidator(JsonDocument.Parse(Schema).RootElement).Validate(JsonDocument.Parse(json).RootElement);
}
