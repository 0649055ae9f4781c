using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;

namespace WarRoomBot.Slack.SocketMode;

/// <summary>
/// The Socket Mode edge over <see cref="SlackDispatcher"/>: an envelope in, its acknowledgement out, carrying the same
/// answer an HTTP request would get. Slack's messages arrive over a connection it authenticated, so nothing is signed;
/// a retried envelope is recognised by its id and acknowledged without being acted on again.
/// </summary>
internal sealed class SocketModeEnvelopes(SlackDispatcher dispatcher, ISeenKeys seen, TimeProvider time, ILogger<SocketModeEnvelopes> log)
{
    private const string EnvelopeKey = "envelope ";

    /// <summary>The acknowledgement to send, or null for a frame that names no envelope and so cannot be acknowledged.</summary>
    public async Task<JsonObject?> AckForAsync(JsonElement envelope, int connection, CancellationToken ct)
    {
        if (envelope.ValueKind != JsonValueKind.Object || String(envelope, "envelope_id") is not { Length: > 0 } id)
        {
            SocketModeLog.NoEnvelopeId(log, connection);
            return null;
        }

        var ack = new JsonObject { ["envelope_id"] = id };
        var type = String(envelope, "type") ?? "";

        // DESIGN "Slack edge": Slack delivers an envelope again when its acknowledgement was late or lost; it is done once.
        var forgetAt = time.GetUtcNow() + SlackEndpoints.EventRedeliveryWindow;
        if (!await seen.FirstTimeAsync(EnvelopeKey + id, forgetAt, ct))
        {
            SocketModeLog.Redelivered(log, type, id, envelope.TryGetProperty("retry_attempt", out var a) ? a.ToString() : "", String(envelope, "retry_reason") ?? "");
            return ack;
        }

        if (!envelope.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
        {
            SocketModeLog.NotSlacks(log, type, "the envelope has no payload object");
            return ack;
        }

        SlackAnswer answer;
        try
        {
            answer = type switch
            {
                "slash_commands" => await dispatcher.CommandAsync(Fields(payload), ct),
                "interactive" => await dispatcher.InteractionAsync(payload, ct),
                "events_api" => await EventAsync(payload, ct),
                _ => SlackAnswer.Empty,
            };
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // As over HTTP: a private answer with a reference an operator can find in the logs, and nothing half-recorded.
            var reference = Guid.NewGuid().ToString("N");
            SocketModeLog.Unexpected(log, reference, e);
            answer = new SlackAnswer(Reply.Private($":warning: Something went wrong on our side (ref `{reference}`). Nothing was recorded; please try again.").ToJson());
        }

        if (answer.NotFromSlack is { } reason)
            SocketModeLog.NotSlacks(log, type, reason);
        else if (answer.Body is { } body && envelope.TryGetProperty("accepts_response_payload", out var accepts) && accepts.ValueKind == JsonValueKind.True)
            ack["payload"] = body;
        return ack;
    }

    /// <summary>No event drives behaviour yet; a redelivery under a new envelope is still recognised by its event id, as over HTTP.</summary>
    private async Task<SlackAnswer> EventAsync(JsonElement payload, CancellationToken ct)
    {
        if (String(payload, "event_id") is { Length: > 0 } eventId
            && !await seen.FirstTimeAsync(SlackEndpoints.EventKey + eventId, time.GetUtcNow() + SlackEndpoints.EventRedeliveryWindow, ct))
        {
            SocketModeLog.EventRedelivered(log, eventId);
        }
        return SlackAnswer.Empty;
    }

    /// <summary>A slash command's payload carries the HTTP form's fields as a JSON object.</summary>
    private static Dictionary<string, StringValues> Fields(JsonElement payload)
    {
        var form = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var field in payload.EnumerateObject())
            form[field.Name] = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : field.Value.GetRawText();
        return form;
    }

    private static string? String(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
