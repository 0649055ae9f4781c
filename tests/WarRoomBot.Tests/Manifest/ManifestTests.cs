using System.Text.Json;

namespace WarRoomBot.Tests.Manifest;

public sealed class ManifestTests
{
    private const string BaseUrl = "https://warroom.example.com";
    private const string RouterFile = "manifest.schema.router.json";
    private const string V2SchemaFile = "manifest.schema.v2.json";

    // What the Web API methods the bot calls need, public and private channels alike:
    // conversations.create/invite/setTopic/setPurpose/list/history, chat.postMessage, pins.add, users.info.
    // views.open and auth.test need no scope.
    private static readonly string[] BotScopes =
    [
        "commands", "chat:write", "channels:manage", "groups:write", "channels:write.invites", "groups:write.invites",
        "channels:write.topic", "groups:write.topic", "channels:read", "groups:read", "channels:history", "groups:history",
        "pins:write", "users:read", "files:write",
    ];

    [SharedSpecFact]
    public void The_manifest_validates_against_slacks_manifest_schema()
    {
        var errors = Validator().Validate(ManifestJson());

        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [SharedSpecFact("manifest-examples/v1.manifest.valid.json")]
    public void The_schema_accepts_slacks_valid_example_manifest()
    {
        var errors = Validator().Validate(Load(RepoPaths.InSharedSlack("manifest-examples/v1.manifest.valid.json")));

        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [SharedSpecFact("manifest-examples/v1.manifest.invalid.json")]
    public void The_schema_rejects_slacks_invalid_example_manifest_where_it_is_wrong()
    {
        var errors = Validator().Validate(Load(RepoPaths.InSharedSlack("manifest-examples/v1.manifest.invalid.json")));

        var error = Assert.Single(errors);
        Assert.Equal("/settings/bad_param: this property is not allowed here (the schema lists every property it accepts)", error.ToString());
    }

    [SharedSpecFact]
    public void The_schema_rejects_a_command_without_a_slash_and_a_name_over_35_characters()
    {
        var manifest = ManifestText()
            .Replace("\"/crisis\"", "\"crisis\"", StringComparison.Ordinal)
            .Replace("\"WarRoomBot\"", $"\"{new string('W', 36)}\"", StringComparison.Ordinal);

        var errors = Validator().Validate(JsonDocument.Parse(manifest).RootElement);

        Assert.Equal(
            [
                "/display_information/name: Value should be at most 35 characters; found \"WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW\"",
                "/features/slash_commands/0/command: does not match the regular expression \"^\\\\/\"; found \"crisis\"",
            ],
            errors.Select(e => e.ToString()).Order(StringComparer.Ordinal));
    }

    [SharedSpecFact(RouterFile, V2SchemaFile)]
    public void The_manifest_validates_against_slacks_top_level_schema_which_picks_the_schema_by_major_version()
    {
        var errors = RouterValidator().Validate(ManifestJson());

        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [SharedSpecFact(RouterFile, V2SchemaFile, "manifest-examples/v1.manifest.invalid.json")]
    public void Slacks_top_level_schema_rejects_the_invalid_example_manifest_where_it_is_wrong()
    {
        var errors = RouterValidator().Validate(Load(RepoPaths.InSharedSlack("manifest-examples/v1.manifest.invalid.json")));

        // The library names no fault for the router's oneOf itself, only each branch's: the v2 branch says why it
        // does not apply, and the three v1 branches agree on the one real fault, said once.
        Assert.Equal(
            [
                "/_metadata/major_version: Expected \"2\"; found 1",
                "/settings/bad_param: this property is not allowed here (the schema lists every property it accepts)",
            ],
            errors.Select(e => e.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_crisis_command_asks_slack_to_escape_mentions_and_shows_a_usage_hint()
    {
        var command = Assert.Single(ManifestJson().GetProperty("features").GetProperty("slash_commands").EnumerateArray());

        Assert.Equal("/crisis", command.GetProperty("command").GetString());
        Assert.True(command.GetProperty("should_escape").GetBoolean());
        Assert.StartsWith("open <title>", command.GetProperty("usage_hint").GetString());
        Assert.Contains("help", command.GetProperty("usage_hint").GetString());
        Assert.False(string.IsNullOrWhiteSpace(command.GetProperty("description").GetString()));
    }

    [Fact]
    public void The_bot_asks_for_exactly_the_scopes_its_methods_need()
    {
        var scopes = ManifestJson().GetProperty("oauth_config").GetProperty("scopes").GetProperty("bot")
            .EnumerateArray().Select(s => s.GetString()!).ToList();

        Assert.Equal(scopes.Count, scopes.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(BotScopes.Order(StringComparer.Ordinal), scopes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Slack_sends_commands_interactions_and_events_to_the_bots_endpoints()
    {
        var manifest = ManifestJson();
        var settings = manifest.GetProperty("settings");

        Assert.EndsWith("/slack/commands", manifest.GetProperty("features").GetProperty("slash_commands")[0].GetProperty("url").GetString());
        Assert.True(settings.GetProperty("interactivity").GetProperty("is_enabled").GetBoolean());
        Assert.EndsWith("/slack/interactions", settings.GetProperty("interactivity").GetProperty("request_url").GetString());
        Assert.EndsWith("/slack/events", settings.GetProperty("event_subscriptions").GetProperty("request_url").GetString());
        Assert.All(
            new[] { "/slack/commands", "/slack/interactions", "/slack/events" },
            path => Assert.Contains($"\"{BaseUrl}{path}\"", ManifestText()));
    }

    [Fact]
    public void The_app_runs_over_http_without_socket_mode_org_deploy_or_token_rotation()
    {
        var settings = ManifestJson().GetProperty("settings");

        Assert.False(settings.GetProperty("socket_mode_enabled").GetBoolean());
        Assert.False(settings.GetProperty("org_deploy_enabled").GetBoolean());
        Assert.False(settings.GetProperty("token_rotation_enabled").GetBoolean());
    }

    [Fact]
    public void The_app_introduces_itself_by_name_with_a_long_description()
    {
        var display = ManifestJson().GetProperty("display_information");

        Assert.Equal("WarRoomBot", display.GetProperty("name").GetString());
        Assert.InRange(display.GetProperty("long_description").GetString()!.Length, 175, 4000);
        Assert.InRange(display.GetProperty("description").GetString()!.Length, 1, 140);
    }

    private static string ManifestText() => File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, "manifest.json"));

    private static JsonElement ManifestJson() => JsonDocument.Parse(ManifestText()).RootElement;

    private static JsonElement Load(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    // Slack's router refers to the versioned schemas by their published addresses; ../shared holds copies of both.
    private static SchemaValidator RouterValidator() => new(
        File.ReadAllText(RepoPaths.InSharedSlack(RouterFile)),
        new Dictionary<Uri, string>
        {
            [new("https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.1.0.0.json")] =
                File.ReadAllText(RepoPaths.InSharedSlack(SharedSpecFactAttribute.SchemaFile)),
            [new("https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.2.0.0.json")] =
                File.ReadAllText(RepoPaths.InSharedSlack(V2SchemaFile)),
        });

    private static SchemaValidator Validator() => new(File.ReadAllText(RepoPaths.InSharedSlack(SharedSpecFactAttribute.SchemaFile)));
}
