using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using WarRoomBot.Crises;
using WarRoomBot.Features.Actions;
using WarRoomBot.Features.Debrief;
using WarRoomBot.Features.Diagnosis;
using WarRoomBot.Features.Lifecycle;
using WarRoomBot.Features.List;
using WarRoomBot.Features.OpenCrisis;
using WarRoomBot.Features.Owner;
using WarRoomBot.Features.Record;
using WarRoomBot.Features.Status;
using WarRoomBot.Features.Triage;
using WarRoomBot.Features.Updates;

namespace WarRoomBot.Slack;

/// <summary>
/// The inbound Slack edge. Every request is verified on its raw bytes before anything is parsed; a request that
/// fails, or repeats one already accepted, is answered 401 and nothing is recorded or called. A verified request
/// Slack could not have sent is answered 400 with the reason; what a person could cause gets a private reply.
/// Routing is an explicit switch, greppable.
/// </summary>
public static partial class SlackEndpoints
{
    /// <summary>Slack's own request bodies are small; anything bigger is not Slack.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Slack redelivers an event it thinks was lost up to three times over about six minutes, each signed anew; its
    /// event_id is remembered well past the last of them.
    /// </summary>
    private static readonly TimeSpan EventRedeliveryWindow = TimeSpan.FromMinutes(15);

    /// <summary>Signatures and event ids share one memory; the prefixes keep the two apart.</summary>
    private const string RequestKey = "request ";

    private const string EventKey = "event ";

    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder endpoints)
    {
        var time = endpoints.ServiceProvider.GetRequiredService<TimeProvider>();
        var log = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlackEndpoints));

        // Slack sends a command or an interaction once, so an exact repeat of one is a replay: without this memory, one
        // captured `/crisis theory` sent three times records three theories. Shared by every replica of a shared store.
        var seen = endpoints.ServiceProvider.GetRequiredService<ISeenKeys>();
        var app = endpoints.MapGroup("/slack").AddEndpointFilter(ReplyInsteadOfCrashingAsync);

        app.MapPost("/commands", async (
            HttpContext http, SlackSignature signature, OpenCrisisHandler open, DiagnosisHandler diagnosis, StatusHandler status, UpdatesHandler updates,
            RecordHandler record, OwnerHandler owner, TriageHandler triage, ActionsHandler actions, LifecycleHandler lifecycle, ListHandler list,
            Features.Expectations.ExpectationsHandler expectations, DebriefPoster debrief, SlackSideTasks side, IOptions<WarRoomOptions> options,
            Features.Context.ContextHandler context, Features.Mitigation.MitigationHandler mitigation, CancellationToken ct) =>
        {
            if (await VerifiedBodyAsync(http, signature, seen, log) is not { } body)
                return Results.Unauthorized();

            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
            if (form.ContainsKey("ssl_check"))
                return Results.Ok();

            // Every record names its author; Slack always sends the id of the person who typed the command.
            var userId = Field(form, "user_id");
            if (!UserId.IsSlackUserId(userId))
                return NotSlacks(http, log, "user_id is missing or is not a Slack user id.");

            var user = new UserId(userId);
            var channel = Field(form, "channel_id") is { Length: > 0 } c ? new ChannelId(c) : (ChannelId?)null;
            var responseUrl = Field(form, "response_url") is { Length: > 0 } r ? r : null;
            var command = SlashCommandParser.Parse(Field(form, "text"));
            var reply = command switch
            {
                CrisisCommand.Open o => await open.HandleAsync(new OpenCrisisRequest(o.Title, o.Severity, o.Customer, o.Owner, user, channel, responseUrl), ct),
                CrisisCommand.OpenModal => OpenModal(side, Field(form, "trigger_id"), user, channel, responseUrl, options.Value.DefaultSeverity),
                CrisisCommand.ProposeTheory or CrisisCommand.SetDeadline or CrisisCommand.RecordOutcome or CrisisCommand.Extend or CrisisCommand.Withdraw
                    => await diagnosis.HandleAsync(command, user, channel, ct),
                CrisisCommand.Status s => await status.HandleAsync(s, channel, ct),
                CrisisCommand.Fact or CrisisCommand.Question or CrisisCommand.Answer or CrisisCommand.Ask or CrisisCommand.Asked
                    or CrisisCommand.Park or CrisisCommand.Spent => await record.HandleAsync(command, user, channel, ct),
                CrisisCommand.HandOver or CrisisCommand.Sponsor => await owner.HandleAsync(command, user, channel, ct),
                CrisisCommand.Action or CrisisCommand.Done => await actions.HandleAsync(command, user, channel, ct),
                CrisisCommand.AssessImpact or CrisisCommand.SetSeverity => await triage.HandleAsync(command, user, channel, ct),
                CrisisCommand.ImpactModal => await triage.OpenFormAsync(user, channel, Field(form, "trigger_id"), responseUrl, ct),
                CrisisCommand.Update u => await updates.PostAsync(u.Text, u.Next, u.Reason, u.Anyway, user, channel, ct),
                CrisisCommand.UpdateModal => await updates.OpenFormAsync(user, channel, Field(form, "trigger_id"), responseUrl, ct),
                CrisisCommand.Digest => await updates.DigestAsync(user, channel, ct),
                CrisisCommand.Resolve or CrisisCommand.Accepted or CrisisCommand.Reopen => await lifecycle.HandleAsync(command, user, channel, ct),
                CrisisCommand.ListOpen => await list.HandleAsync(ct),
                CrisisCommand.SetTarget t => await expectations.SetAsync(t, user, channel, ct),
                CrisisCommand.Debrief => await debrief.HandleAsync(channel, responseUrl, ct),
                CrisisCommand.AddContext added => await context.HandleAsync(added, user, channel, ct),
                CrisisCommand.Mitigated or CrisisCommand.Unmitigated => await mitigation.HandleAsync(command, user, channel, ct),
                CrisisCommand.Help h => Reply.Private(Usage.Help(h.Verb)),
                CrisisCommand.Invalid i => Reply.Private($":x: {i.Problem}\n{i.Usage}"),
                _ => Reply.Private(Usage.Help(null)),
            };
            return reply.ToResult();
        });

        app.MapPost("/interactions", async (
            HttpContext http, SlackSignature signature, OpenCrisisHandler open, DiagnosisHandler diagnosis, UpdatesHandler updates, OwnerHandler owner, TriageHandler triage,
            LifecycleHandler lifecycle, Features.Expectations.ExpectationsHandler expectations, DebriefPoster debrief, CancellationToken ct) =>
        {
            if (await VerifiedBodyAsync(http, signature, seen, log) is not { } body)
                return Results.Unauthorized();

            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
            if (!form.TryGetValue("payload", out var field) || field.Count != 1 || string.IsNullOrEmpty(field[0]))
                return NotSlacks(http, log, "The form has no payload field.");

            JsonDocument payload;
            try
            {
                payload = JsonDocument.Parse(field[0]!);
            }
            catch (JsonException)
            {
                return NotSlacks(http, log, "The payload is not JSON.");
            }

            using (payload)
            {
                switch (Interaction.Parse(payload.RootElement))
                {
                    case Interaction.Malformed malformed:
                        return NotSlacks(http, log, malformed.Reason);
                    case Interaction.OpenCrisisSubmitted submitted:
                        return await SubmitOpenModalAsync(http, log, submitted, open, ct);
                    case Interaction.ExtendSubmitted extend:
                        return await diagnosis.SubmitExtendAsync(extend, ct) is { } errors ? Errors(errors) : Results.Ok();
                    case Interaction.DeadlineClicked click:
                        await diagnosis.ClickAsync(click, ct);
                        return Results.Ok();
                    case Interaction.UpdateSubmitted update:
                        return await updates.SubmitAsync(update, ct) is { } problems ? Errors(problems) : Results.Ok();
                    case Interaction.ImpactSubmitted impact:
                        return await triage.SubmitAsync(impact, ct) is { } wrong ? Errors(wrong) : Results.Ok();
                    case Interaction.UpdateClicked click:
                        await updates.ClickAsync(click, ct);
                        return Results.Ok();
                    case Interaction.AtRiskClicked atRisk:
                        await expectations.ClickAsync(atRisk, ct);
                        return Results.Ok();
                    case Interaction.OwnershipAccepted accepted:
                        await owner.AcceptAsync(accepted, ct);
                        return Results.Ok();
                    case Interaction.FollowUpClicked followUp:
                        await lifecycle.ClickAsync(followUp, ct);
                        return Results.Ok();
                    case Interaction.DebriefClicked click:
                        await debrief.ClickAsync(click, ct);
                        return Results.Ok();
                    case Interaction.SatisfactionSubmitted satisfaction:
                        return await lifecycle.SubmitAsync(satisfaction, ct) is { } unsatisfied ? Errors(unsatisfied) : Results.Ok();
                    default:
                        // Nothing else is interactive; a 200 tells Slack the payload arrived.
                        return Results.Ok();
                }
            }
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

    /// <summary>A form field's value, or empty when the form does not have it.</summary>
    private static string Field(Dictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out var value) ? value.ToString() : "";

    /// <summary>A verified request that Slack could not have sent: a short plain reason for whoever sent it, and nothing done.</summary>
    private static IResult NotSlacks(HttpContext http, ILogger log, string reason)
    {
        LogNotSlacks(log, http.Request.Path, reason);
        return Results.Text(reason, "text/plain", statusCode: StatusCodes.Status400BadRequest);
    }

    private static Reply OpenModal(SlackSideTasks side, string triggerId, UserId user, ChannelId? channel, string? responseUrl, Severity defaultSeverity)
    {
        var view = OpenCrisisModal.View(new(channel?.Value, responseUrl), user, defaultSeverity);

        // A lost answer may hide a form that did open, so then it says only that Slack did not confirm it.
        side.OpenView(triggerId, view, responseUrl, e =>
            $"{(e.MayHaveApplied ? $":warning: Slack did not confirm that the form opened (`{e.Error}`). If you do not see it, open" : $":x: Slack could not open the form (`{e.Error}`). Open")} the crisis in one line instead:\n{Usage.For("open")}");
        return Reply.Nothing;
    }

    private static async Task<IResult> SubmitOpenModalAsync(
        HttpContext http, ILogger log, Interaction.OpenCrisisSubmitted submitted, OpenCrisisHandler open, CancellationToken ct)
    {
        var (request, errors) = OpenCrisisModal.Read(submitted.View, submitted.User);
        if (request is null)
            return Errors(errors);

        // Slack's user picker only ever sends a user id; anything else would be written into the kickoff as a mention.
        if (request.Owner is { IsWellFormed: false })
            return NotSlacks(http, log, "The owner field is not a Slack user id.");

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
