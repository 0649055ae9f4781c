using System.Text.Json;
using Microsoft.Extensions.Options;

namespace WarRoomBot.Slack;

/// <summary>
/// The inbound Slack edge. Every request is verified on its raw bytes before anything is parsed; a request that
/// fails, or repeats one already accepted, is answered 401 and nothing is recorded or called. A verified request
/// Slack could not have sent is answered 400 with the reason; what a person could cause gets a private reply.
/// What a verified request does is <see cref="SlackDispatcher"/>'s, the same over Socket Mode.
/// </summary>
public static partial class SlackEndpoints
{
    /// <summary>Slack's own request bodies are small; anything bigger is not Slack.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Slack redelivers an event it thinks was lost up to three times over about six minutes, each signed anew; its
    /// event_id is remembered well past the last of them.
    /// </summary>
    internal static readonly TimeSpan EventRedeliveryWindow = TimeSpan.FromMinutes(15);

    /// <summary>Signatures and event ids share one memory; the prefixes keep the two apart.</summary>
    private const string RequestKey = "request ";

    internal const string EventKey = "event ";

    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder endpoints)
    {
        var time = endpoints.ServiceProvider.GetRequiredService<TimeProvider>();
        var log = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlackEndpoints));

        // Slack sends a command or an interaction once, so an exact repeat of one is a replay: without this memory, one
        // captured `/crisis theory` sent three times records three theories. Shared by every replica of a shared store.
        var seen = endpoints.ServiceProvider.GetRequiredService<ISeenKeys>();

        // Over Socket Mode with no signing secret nothing arriving over HTTP could be verified, so no HTTP edge is offered.
        if (string.IsNullOrWhiteSpace(endpoints.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value.SigningSecret))
            return endpoints;

        var app = endpoints.MapGroup("/slack").AddEndpointFilter(ReplyInsteadOfCrashingAsync);

        app.MapPost("/commands", async (HttpContext http, SlackSignature signature, SlackDispatcher dispatcher, CancellationToken ct) =>
        {
            if (await VerifiedBodyAsync(http, signature, seen, log) is not { } body)
                return Results.Unauthorized();

            return Answer(http, log, await dispatcher.CommandAsync(SlackForm.Fields(body, SlackDispatcher.CommandFields), ct));
        });

        app.MapPost("/interactions", async (HttpContext http, SlackSignature signature, SlackDispatcher dispatcher, CancellationToken ct) =>
        {
            if (await VerifiedBodyAsync(http, signature, seen, log) is not { } body)
                return Results.Unauthorized();

            if (SlackForm.Single(body, "payload") is not { Length: > 0 } field)
                return NotSlacks(http, log, "The form has no payload field.");

            JsonDocument payload;
            try
            {
                payload = JsonDocument.Parse(field);
            }
            catch (JsonException)
            {
                return NotSlacks(http, log, "The payload is not JSON.");
            }

            using (payload)
                return Answer(http, log, await dispatcher.InteractionAsync(payload.RootElement, ct));
        });

        app.MapPost("/events", async (HttpContext http, SlackSignature signature) =>
        {
            // Events are deduplicated by event_id below rather than by signature: a redelivery repeats the body and can be
            // signed within the same second, and must be acknowledged, not refused.
            if (await VerifiedBodyAsync(http, signature, accepted: null, log) is not { } body)
                return Results.Unauthorized();

            JsonDocument envelope;
            try
            {
                envelope = JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                return NotSlacks(http, log, "The body is not JSON.");
            }

            using (envelope)
            {
                var root = envelope.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    return NotSlacks(http, log, "The body is not a JSON object.");

                var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (type == "url_verification")
                {
                    return root.TryGetProperty("challenge", out var challenge) && challenge.ValueKind == JsonValueKind.String
                        ? Results.Text(challenge.GetString(), "text/plain")
                        : NotSlacks(http, log, "url_verification without a string challenge.");
                }

                if (type == "event_callback")
                {
                    if (!root.TryGetProperty("event_id", out var e) || e.ValueKind != JsonValueKind.String || e.GetString() is not { Length: > 0 } eventId)
                        return NotSlacks(http, log, "event_callback without an event_id.");

                    // DESIGN "Slack edge": a redelivery (signed anew, with X-Slack-Retry-Num) is acknowledged and done only once.
                    if (!await seen.FirstTimeAsync(EventKey + eventId, time.GetUtcNow() + EventRedeliveryWindow, http.RequestAborted))
                    {
                        LogRedelivered(log, eventId, http.Request.Headers["X-Slack-Retry-Num"].ToString(), http.Request.Headers["X-Slack-Retry-Reason"].ToString());
                        return Results.Ok();
                    }
                }
            }

            // No event subscriptions drive behaviour yet; acknowledge so Slack does not retry.
            return Results.Ok();
        });

        return endpoints;
    }

    /// <summary>
    /// An unexpected failure still gets a private answer with a reference an operator can find in the logs,
    /// never Slack's bare "operation failed". The timeline is written in one transaction, so nothing half-recorded remains.
    /// </summary>
    private static async ValueTask<object?> ReplyInsteadOfCrashingAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (!context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            var reference = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
            var log = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlackEndpoints));
            LogUnexpected(log, reference, e);
            return Reply.Private($":warning: Something went wrong on our side (ref `{reference}`). Nothing was recorded; please try again.").ToResult();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure handling a Slack request (ref {Reference})")]
    private static partial void LogUnexpected(ILogger logger, string reference, Exception e);

    [LoggerMessage(Message = "Refused a request to {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, LogLevel level, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered 400 to a signed request to {Path} that Slack could not have sent: {Reason}")]
    private static partial void LogNotSlacks(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} was delivered again (retry {RetryNum}, {RetryReason}); already handled, acknowledged only")]
    private static partial void LogRedelivered(ILogger logger, string eventId, string retryNum, string retryReason);

    /// <summary>A verified request that Slack could not have sent: a short plain reason for whoever sent it, and nothing done.</summary>
    private static IResult NotSlacks(HttpContext http, ILogger log, string reason)
    {
        LogNotSlacks(log, http.Request.Path, reason);
        return Results.Text(reason, "text/plain", statusCode: StatusCodes.Status400BadRequest);
    }

    private static IResult Answer(HttpContext http, ILogger log, SlackAnswer answer) =>
        answer.NotFromSlack is { } reason ? NotSlacks(http, log, reason) : answer.ToResult();

    /// <summary>
    /// Reads the raw body, verifies it and remembers it as accepted; null means "answer 401 and do nothing else".
    /// Each refusal is logged with its reason, so an operator can tell a wrong signing secret from a skewed clock or a
    /// replay; never the body, the headers' values or the secret.
    /// </summary>
    private static async Task<byte[]?> VerifiedBodyAsync(HttpContext http, SlackSignature signature, ISeenKeys? accepted, ILogger log)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
            return Refused(http, log, LogLevel.Warning, $"the body is larger than {MaxBodyBytes / 1024} KiB");

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length > MaxBodyBytes)
            return Refused(http, log, LogLevel.Warning, $"the body is larger than {MaxBodyBytes / 1024} KiB");

        var body = buffer.ToArray();
        var timestamp = http.Request.Headers["X-Slack-Request-Timestamp"].ToString();
        var signed = http.Request.Headers["X-Slack-Signature"].ToString();
        switch (signature.Verify(timestamp, signed, body))
        {
            case SignatureCheck.Valid:
                // The signature covers the timestamp and every byte of the body, so it names this exact request.
                return accepted is null || await accepted.FirstTimeAsync(RequestKey + signed, SlackSignature.StaleAfter(timestamp), http.RequestAborted)
                    ? body
                    : Refused(http, log, LogLevel.Warning, "replayed: this exact signed request was already accepted");
            case SignatureCheck.MissingHeaders:
                // What anything on the internet that finds the URL sends; noted, not warned about.
                return Refused(http, log, LogLevel.Information, "missing X-Slack-Request-Timestamp or X-Slack-Signature header");
            case SignatureCheck.MalformedTimestamp:
                return Refused(http, log, LogLevel.Warning, "X-Slack-Request-Timestamp is not whole seconds since 1970");
            case SignatureCheck.Stale:
                return Refused(http, log, LogLevel.Warning, $"stale: signed more than {SlackSignature.MaxAge.TotalMinutes:0} minutes ago (a replay, a slow proxy, or this server's clock running ahead)");
            case SignatureCheck.FutureDated:
                return Refused(http, log, LogLevel.Warning, $"future-dated: signed more than {SlackSignature.MaxAge.TotalMinutes:0} minutes ahead (a forgery, or this server's clock running behind)");
            default:
                return Refused(http, log, LogLevel.Warning, "bad signature: not signed with Slack:SigningSecret");
        }
    }

    private static byte[]? Refused(HttpContext http, ILogger log, LogLevel level, string reason)
    {
        LogRefused(log, level, http.Request.Path, reason);
        return null;
    }
}
