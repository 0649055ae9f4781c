using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Features.Diagnosis;
using WarRoomBot.Features.OpenCrisis;
using WarRoomBot.Features.Status;

namespace WarRoomBot.Slack;

/// <summary>
/// The inbound Slack edge. Every request is verified on its raw bytes before anything is parsed; a request that
/// fails is answered 401 and nothing is recorded or called. Routing is an explicit switch, greppable.
/// </summary>
public static partial class SlackEndpoints
{
    /// <summary>Slack's own request bodies are small; anything bigger is not Slack.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder endpoints)
    {
        var app = endpoints.MapGroup("/slack").AddEndpointFilter(ReplyInsteadOfCrashingAsync);

        app.MapPost("/commands", async (
            HttpContext http, SlackSignature signature, OpenCrisisHandler open, DiagnosisHandler diagnosis, StatusHandler status,
            SlackSideTasks side, IOptions<WarRoomOptions> options, CancellationToken ct) =>
        {
            if (await VerifiedBodyAsync(http, signature) is not { } body)
                return Results.Unauthorized();

            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
            if (form.ContainsKey("ssl_check"))
                return Results.Ok();

            var user = new UserId(form["user_id"].ToString());
            var channel = form["channel_id"].ToString() is { Length: > 0 } c ? new ChannelId(c) : (ChannelId?)null;
            var responseUrl = form["response_url"].ToString() is { Length: > 0 } r ? r : null;
            var command = SlashCommandParser.Parse(form["text"].ToString());
            var reply = command switch
            {
                CrisisCommand.Open o => await open.HandleAsync(new OpenCrisisRequest(o.Title, o.Severity, o.Customer, o.Owner, user, channel, responseUrl), ct),
                CrisisCommand.OpenModal => OpenModal(side, form["trigger_id"].ToString(), user, channel, responseUrl, options.Value.DefaultSeverity),
                CrisisCommand.ProposeTheory or CrisisCommand.SetDeadline or CrisisCommand.RecordOutcome or CrisisCommand.Extend or CrisisCommand.Withdraw
                    => await diagnosis.HandleAsync(command, user, channel, ct),
                CrisisCommand.Status s => await status.HandleAsync(s, channel, ct),
                CrisisCommand.Help h => Reply.Private(Usage.Help(h.Verb)),
                CrisisCommand.Coming soon => Reply.Private(Usage.Coming(soon.Verb, form["text"].ToString())),
                CrisisCommand.Invalid i => Reply.Private($":x: {i.Problem}\n{i.Usage}"),
                _ => Reply.Private(Usage.Help(null)),
            };
            return reply.ToResult();
        });

        app.MapPost("/interactions", async (HttpContext http, SlackSignature signature, OpenCrisisHandler open, DiagnosisHandler diagnosis, CancellationToken ct) =>
        {
            if (await VerifiedBodyAsync(http, signature) is not { } body)
                return Results.Unauthorized();

            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
            JsonDocument payload;
            try
            {
                payload = JsonDocument.Parse(form["payload"].ToString());
            }
            catch (JsonException)
            {
                return Results.BadRequest();
            }

            using (payload)
            {
                switch (Interaction.Parse(payload.RootElement))
                {
                    case Interaction.OpenCrisisSubmitted submitted:
                        return await SubmitOpenModalAsync(submitted, open, ct);
                    case Interaction.ExtendSubmitted extend:
                        return await diagnosis.SubmitExtendAsync(extend, ct) is { } errors ? Errors(errors) : Results.Ok();
                    case Interaction.DeadlineClicked click:
                        await diagnosis.ClickAsync(click, ct);
                        return Results.Ok();
                    default:
                        // Nothing else is interactive; a 200 tells Slack the payload arrived.
                        return Results.Ok();
                }
            }
        });

        app.MapPost("/events", async (HttpContext http, SlackSignature signature) =>
        {
            if (await VerifiedBodyAsync(http, signature) is not { } body)
                return Results.Unauthorized();

            try
            {
                using var envelope = JsonDocument.Parse(body);
                if (envelope.RootElement.TryGetProperty("type", out var type) && type.GetString() == "url_verification")
                    return Results.Text(envelope.RootElement.GetProperty("challenge").GetString() ?? "", "text/plain");
            }
            catch (JsonException)
            {
                return Results.BadRequest();
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

    private static Reply OpenModal(SlackSideTasks side, string triggerId, UserId user, ChannelId? channel, string? responseUrl, Severity defaultSeverity)
    {
        var view = OpenCrisisModal.View(new(channel?.Value, responseUrl), user, defaultSeverity);
        side.Enqueue(async (slack, ct) =>
        {
            try
            {
                await slack.OpenViewAsync(triggerId, view, ct);
            }
            catch (Api.SlackApiException e) when (responseUrl is not null)
            {
                // The trigger lives three seconds; if the form could not open, say so and offer the one-line form.
                await slack.RespondAsync(new Uri(responseUrl), new JsonObject
                {
                    ["response_type"] = "ephemeral",
                    ["text"] = Blocks.Mrkdwn.EscapePlaceholders($":x: Slack could not open the form (`{e.Error}`). Open the crisis in one line instead:\n{Usage.For("open")}"),
                }, ct);
            }
        });
        return Reply.Nothing;
    }

    private static async Task<IResult> SubmitOpenModalAsync(Interaction.OpenCrisisSubmitted submitted, OpenCrisisHandler open, CancellationToken ct)
    {
        var (request, errors) = OpenCrisisModal.Read(submitted.View, submitted.User);
        if (request is null)
            return Errors(errors);

        var result = await open.OpenAsync(request, ct);
        return result.Opened is null
            ? Errors(new() { [OpenCrisisModal.TitleBlock] = result.RejectedBecause ?? "Could not open the crisis." })
            : Results.Ok(); // An empty 200 closes the form; the links follow by response_url.
    }

    private static IResult Errors(Dictionary<string, string> errors) =>
        Results.Json(new JsonObject
        {
            ["response_action"] = "errors",
            ["errors"] = new JsonObject([.. errors.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))]),
        });

    /// <summary>Reads the raw body and verifies it; null means "answer 401 and do nothing else".</summary>
    private static async Task<byte[]?> VerifiedBodyAsync(HttpContext http, SlackSignature signature)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
            return null;

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length > MaxBodyBytes)
            return null;

        var body = buffer.ToArray();
        var check = signature.Verify(
            http.Request.Headers["X-Slack-Request-Timestamp"].ToString(),
            http.Request.Headers["X-Slack-Signature"].ToString(),
            body);
        return check == SignatureCheck.Valid ? body : null;
    }
}
