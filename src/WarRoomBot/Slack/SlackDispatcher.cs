using System.Text.Json;
using System.Text.Json.Nodes;
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
/// What the bot answers Slack: a JSON body Slack shows or applies (a reply, a form's errors), nothing, or, for a payload
/// Slack could not have sent, the reason it was refused. Over HTTP it is the response; over Socket Mode, the ack's payload.
/// </summary>
public sealed record SlackAnswer(JsonObject? Body, string? NotFromSlack = null)
{
    public static readonly SlackAnswer Empty = new((JsonObject?)null);

    public static SlackAnswer Refused(string reason) => new(null, reason);

    public IResult ToResult() =>
        NotFromSlack is { } reason ? Results.Text(reason, "text/plain", statusCode: StatusCodes.Status400BadRequest)
        : Body is null ? Results.Ok()
        : Results.Json(Body);
}

/// <summary>
/// Turns a slash command or an interaction, already known to come from Slack, into a feature call and the answer, whatever
/// it came over: HTTP (<see cref="SlackEndpoints"/>) and Socket Mode are thin edges over this. Routing is an explicit
/// switch, greppable.
/// </summary>
public sealed class SlackDispatcher(
    OpenCrisisHandler open, DiagnosisHandler diagnosis, StatusHandler status, UpdatesHandler updates, RecordHandler record, OwnerHandler owner,
    TriageHandler triage, ActionsHandler actions, LifecycleHandler lifecycle, ListHandler list, Features.Expectations.ExpectationsHandler expectations,
    DebriefPoster debrief, Features.Context.ContextHandler context, Features.Mitigation.MitigationHandler mitigation, Features.Watch.WatchHandler watch, SlackSideTasks side,
    IOptions<WarRoomOptions> options)
{
    private const string SslCheck = "ssl_check";
    private const string UserIdField = "user_id";
    private const string ChannelIdField = "channel_id";
    private const string ResponseUrlField = "response_url";
    private const string TextField = "text";
    private const string TriggerIdField = "trigger_id";

    /// <summary>The fields of a slash command that <see cref="CommandAsync"/> reads: the HTTP edge decodes these alone.</summary>
    public static readonly IReadOnlyCollection<string> CommandFields = [SslCheck, UserIdField, ChannelIdField, ResponseUrlField, TextField, TriggerIdField];

    /// <param name="form">A slash command's fields: the HTTP form, or the payload of a Socket Mode envelope.</param>
    public async Task<SlackAnswer> CommandAsync(IReadOnlyDictionary<string, StringValues> form, CancellationToken ct)
    {
        if (form.ContainsKey(SslCheck))
            return SlackAnswer.Empty;

        // Every record names its author; Slack always sends the id of the person who typed the command.
        var userId = Field(form, UserIdField);
        if (!UserId.IsSlackUserId(userId))
            return SlackAnswer.Refused("user_id is missing or is not a Slack user id.");

        var user = new UserId(userId);
        var channel = Field(form, ChannelIdField) is { Length: > 0 } c ? new ChannelId(c) : (ChannelId?)null;
        var responseUrl = Field(form, ResponseUrlField) is { Length: > 0 } r ? r : null;
        var command = SlashCommandParser.Parse(Field(form, TextField));
        var reply = command switch
        {
            CrisisCommand.Open o => await open.HandleAsync(new OpenCrisisRequest(o.Title, o.Severity, o.Customer, o.Owner, user, channel, responseUrl), ct),
            CrisisCommand.OpenModal => OpenModal(Field(form, TriggerIdField), user, channel, responseUrl),
            CrisisCommand.ProposeTheory or CrisisCommand.SetDeadline or CrisisCommand.RecordOutcome or CrisisCommand.Extend or CrisisCommand.Withdraw
                => await diagnosis.HandleAsync(command, user, channel, ct),
            CrisisCommand.Status s => await status.HandleAsync(s, channel, ct),
            CrisisCommand.Fact or CrisisCommand.Question or CrisisCommand.Answer or CrisisCommand.Ask or CrisisCommand.Asked
                or CrisisCommand.Park or CrisisCommand.Spent => await record.HandleAsync(command, user, channel, ct),
            CrisisCommand.HandOver or CrisisCommand.Sponsor => await owner.HandleAsync(command, user, channel, ct),
            CrisisCommand.Action or CrisisCommand.Done => await actions.HandleAsync(command, user, channel, ct),
            CrisisCommand.AssessImpact or CrisisCommand.SetSeverity => await triage.HandleAsync(command, user, channel, ct),
            CrisisCommand.ImpactModal => await triage.OpenFormAsync(user, channel, Field(form, TriggerIdField), responseUrl, ct),
            CrisisCommand.Update u => await updates.PostAsync(u.Text, u.Next, u.Reason, u.Anyway, user, channel, ct),
            CrisisCommand.UpdateModal => await updates.OpenFormAsync(user, channel, Field(form, TriggerIdField), responseUrl, ct),
            CrisisCommand.Digest => await updates.DigestAsync(user, channel, ct),
            CrisisCommand.Resolve or CrisisCommand.Accepted or CrisisCommand.Reopen => await lifecycle.HandleAsync(command, user, channel, ct),
            CrisisCommand.ListOpen => await list.HandleAsync(ct),
            CrisisCommand.Watch => await watch.HandleAsync(ct),
            CrisisCommand.SetTarget t => await expectations.SetAsync(t, user, channel, ct),
            CrisisCommand.Debrief d => await debrief.HandleAsync(d, channel, responseUrl, ct),
            CrisisCommand.AddContext added => await context.HandleAsync(added, user, channel, ct),
            CrisisCommand.Mitigated or CrisisCommand.Unmitigated => await mitigation.HandleAsync(command, user, channel, ct),
            CrisisCommand.Help h => Reply.Private(Usage.Help(h.Verb)),
            CrisisCommand.Invalid i => Reply.Private($":x: {i.Problem}\n{i.Usage}"),
            _ => Reply.Private(Usage.Help(null)),
        };
        return new SlackAnswer(reply.ToJson());
    }

    /// <param name="payload">An interaction's payload: the HTTP form's <c>payload</c> field, or a Socket Mode envelope's.</param>
    public async Task<SlackAnswer> InteractionAsync(JsonElement payload, CancellationToken ct)
    {
        switch (Interaction.Parse(payload))
        {
            case Interaction.Malformed malformed:
                return SlackAnswer.Refused(malformed.Reason);
            case Interaction.OpenCrisisSubmitted submitted:
                return await SubmitOpenModalAsync(submitted, ct);
            case Interaction.ExtendSubmitted extend:
                return Errors(await diagnosis.SubmitExtendAsync(extend, ct));
            case Interaction.DeadlineClicked click:
                await diagnosis.ClickAsync(click, ct);
                return SlackAnswer.Empty;
            case Interaction.UpdateSubmitted update:
                return Errors(await updates.SubmitAsync(update, ct));
            case Interaction.ImpactSubmitted impact:
                return Errors(await triage.SubmitAsync(impact, ct));
            case Interaction.UpdateClicked click:
                await updates.ClickAsync(click, ct);
                return SlackAnswer.Empty;
            case Interaction.AtRiskClicked atRisk:
                await expectations.ClickAsync(atRisk, ct);
                return SlackAnswer.Empty;
            case Interaction.OwnershipAccepted accepted:
                await owner.AcceptAsync(accepted, ct);
                return SlackAnswer.Empty;
            case Interaction.FollowUpClicked followUp:
                await lifecycle.ClickAsync(followUp, ct);
                return SlackAnswer.Empty;
            case Interaction.DebriefClicked click:
                await debrief.ClickAsync(click, ct);
                return SlackAnswer.Empty;
            case Interaction.WatchClicked click:
                await watch.ClickAsync(click, ct);
                return SlackAnswer.Empty;
            case Interaction.SatisfactionSubmitted satisfaction:
                return Errors(await lifecycle.SubmitAsync(satisfaction, ct));
            default:
                // Nothing else is interactive; an empty answer tells Slack the payload arrived.
                return SlackAnswer.Empty;
        }
    }

    /// <summary>A form field's value, or empty when the form does not have it.</summary>
    private static string Field(IReadOnlyDictionary<string, StringValues> form, string name) =>
        form.TryGetValue(name, out var value) ? value.ToString() : "";

    private Reply OpenModal(string triggerId, UserId user, ChannelId? channel, string? responseUrl)
    {
        var view = OpenCrisisModal.View(new(channel?.Value, responseUrl), user, options.Value.DefaultSeverity);

        // A lost answer may hide a form that did open, so then it says only that Slack did not confirm it.
        side.OpenView(triggerId, view, responseUrl, e =>
            $"{(e.MayHaveApplied ? $":warning: Slack did not confirm that the form opened (`{e.Error}`). If you do not see it, open" : $":x: Slack could not open the form (`{e.Error}`). Open")} the crisis in one line instead:\n{Usage.For("open")}");
        return Reply.Nothing;
    }

    private async Task<SlackAnswer> SubmitOpenModalAsync(Interaction.OpenCrisisSubmitted submitted, CancellationToken ct)
    {
        var (request, errors) = OpenCrisisModal.Read(submitted.View, submitted.User);
        if (request is null)
            return Errors(errors);

        // Slack's user picker only ever sends a user id; anything else would be written into the kickoff as a mention.
        if (request.Owner is { IsWellFormed: false })
            return SlackAnswer.Refused("The owner field is not a Slack user id.");

        var result = await open.OpenAsync(request, ct);
        return result.Opened is null
            ? Errors(new() { [OpenCrisisModal.TitleBlock] = result.RejectedBecause ?? "Could not open the crisis." })
            : SlackAnswer.Empty; // An empty answer closes the form; the links follow by response_url.
    }

    /// <summary>A form's errors shown beside its fields; none closes the form.</summary>
    private static SlackAnswer Errors(Dictionary<string, string>? errors) =>
        errors is null ? SlackAnswer.Empty : new(new JsonObject
        {
            ["response_action"] = "errors",
            ["errors"] = new JsonObject([.. errors.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))]),
        });
}
