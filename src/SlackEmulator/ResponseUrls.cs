using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SlackEmulator;

/// <summary>
/// The response_url webhooks handed out with commands and interactions. Slack accepts up to five posts per
/// URL, and shows each one: in the channel, as an edit of the clicked message, or privately to the user.
/// </summary>
internal sealed class ResponseUrls(EmulatorSettings settings, Workspace workspace, Faults faults)
{
    public const int MaxUses = 5;

    public async Task HandleAsync(HttpContext http, string id)
    {
        if (faults.TakeResponseUrlBlock())
        {
            http.Abort();
            return;
        }

        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        var (status, text) = body is null ? (StatusCodes.Status400BadRequest, "invalid_payload") : Apply(id, body);
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html";
        await http.Response.WriteAsync(text, http.RequestAborted);
    }

    private (int Status, string Body) Apply(string id, JsonObject body)
    {
        lock (workspace.Gate)
        {
            if (workspace.ResponseUrlLocked(id) is not { } url) return (StatusCodes.Status404NotFound, "no_active_hooks");
            if (url.Uses >= MaxUses) return (StatusCodes.Status404NotFound, "used_url");
            url.Uses++;
            workspace.AddResponseLocked(new ResponseRecord { ResponseUrlId = id, Body = (JsonObject)body.DeepClone() });

            var blocks = body["blocks"] as JsonArray;
            var text = String(body["text"]) ?? "";
            workspace.TryGetChannelLocked(url.ChannelId, out var channel);
            var original = url.MessageTs is { } ts ? channel?.Message(ts) : null;

            if (IsTrue(body["delete_original"]) && original is not null)
            {
                workspace.RemoveMessageLocked(channel!, original.Ts);
            }
            else if (IsTrue(body["replace_original"]) && original is not null)
            {
                workspace.ReplaceMessageLocked(channel!, original with { Text = text, Blocks = (JsonArray?)blocks?.DeepClone(), Edited = true });
            }
            else if (String(body["response_type"]) == "in_channel" && channel is not null)
            {
                // Response URLs bypass channel posting permissions, so no membership check.
                workspace.AppendMessageLocked(channel, new MessageRecord
                {
                    Ts = workspace.NextTsLocked(), Channel = channel.Id, User = settings.BotUserId, Text = text,
                    Blocks = (JsonArray?)blocks?.DeepClone(),
                    ThreadTs = String(body["thread_ts"]),
                });
            }
            else if (!IsTrue(body["delete_original"]))
            {
                workspace.AddEphemeralLocked(new EphemeralRecord
                {
                    Channel = url.ChannelId, User = url.UserId, Text = text, Blocks = (JsonArray?)blocks?.DeepClone(), ResponseUrlId = id,
                });
            }
            return (StatusCodes.Status200OK, "ok");
        }
    }

    private static string? String(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Slack's docs pass these flags both as booleans and as the strings "true"/"false".</summary>
    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.String => v.GetValue<string>().Equals("true", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };
}
