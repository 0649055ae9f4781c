using System.Text.Json;
using System.Text.Json.Nodes;

namespace WarRoomBot.Tests.Manifest;

/// <summary><c>manifest.socket-mode.json</c>: the same app for a bot with no public endpoint, connecting over Socket Mode.</summary>
public sealed class SocketModeManifestTests
{
    [SharedSpecFact]
    public void The_socket_mode_manifest_validates_against_slacks_manifest_schema()
    {
        var errors = new SchemaValidator(File.ReadAllText(RepoPaths.InSharedSlack(SharedSpecFactAttribute.SchemaFile))).Validate(Json("manifest.socket-mode.json"));

        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [Fact]
    public void The_socket_mode_manifest_turns_socket_mode_on_and_names_no_request_url()
    {
        var settings = Json("manifest.socket-mode.json").GetProperty("settings");

        Assert.True(settings.GetProperty("socket_mode_enabled").GetBoolean());
        Assert.True(settings.GetProperty("interactivity").GetProperty("is_enabled").GetBoolean());
        Assert.DoesNotContain("url", File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, "manifest.socket-mode.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Apart_from_the_request_urls_and_socket_mode_it_is_the_http_manifest()
    {
        var http = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, "manifest.json")))!.AsObject();
        foreach (var command in http["features"]!["slash_commands"]!.AsArray())
            command!.AsObject().Remove("url");
        var settings = http["settings"]!.AsObject();
        settings.Remove("event_subscriptions");
        settings["interactivity"]!.AsObject().Remove("request_url");
        settings["socket_mode_enabled"] = true;

        var socket = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, "manifest.socket-mode.json")));

        Assert.True(JsonNode.DeepEquals(http, socket), socket!.ToJsonString());
    }

    private static JsonElement Json(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, file))).RootElement;
}
