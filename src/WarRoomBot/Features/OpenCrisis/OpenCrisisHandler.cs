using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Scheduling;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;
using WarRoomBot.Slack.Publishing;
using WarRoomBot.Storage;

namespace WarRoomBot.Features.OpenCrisis;

/// <summary>An open request from the slash command or the modal, with who asked, where, and where to answer.</summary>
/// <remarks><paramref name="Context"/>: the customer's context given in the open form (issue 15), recorded with the opening.</remarks>
public sealed record OpenCrisisRequest(string Title, Severity? Severity, string? Customer, UserId? Owner, UserId By, ChannelId? In, string? ReplyTo, string? Context = null);

public sealed record OpenCrisisResult(CrisisHistory? Opened, string? RejectedBecause);

/// <summary>
/// Playbook §2: opening is one command and is acknowledged at once. The handler only records the crisis;
/// the publisher builds the rooms in Slack afterwards, so the acknowledgement never waits on Slack.
/// </summary>
public sealed class OpenCrisisHandler(
    ICrisisStore store, TimeProvider time, IOptions<WarRoomOptions> options, IPublisherSignal publisher, ICrisisClockSchedule clock,
    ILogger<OpenCrisisHandler> logger)
{
    public async Task<OpenCrisisResult> OpenAsync(OpenCrisisRequest request, CancellationToken ct)
    {
        var policy = options.Value;
        var command = new Crises.OpenCrisis(
            request.Title,
            request.Severity ?? policy.DefaultSeverity,
            request.Customer,
            request.Owner,
            request.By,
            request.In,
            request.ReplyTo,
            new(policy.DefaultResponders.Select(u => new UserId(u))),
            new(policy.DefaultExecutives.Select(u => new UserId(u))),
            policy.BusinessChannelPrivate);

        var now = time.GetUtcNow();
        var decision = OpeningRules.Open(command, policy.Cadence.ToCadence(), now);
        if (decision.RejectedBecause is { } because)
            return new(null, because);

        // Playbook §11: the severity's target and worst case are promised from the first moment, so the kickoffs show them.
        var openedEvent = decision.Events.OfType<CrisisEvent.Opened>().Single();
        var expectations = ExpectationRules.AtOpening(openedEvent, policy.Expectations.ToPolicy());

        // Issue 15: the customer's context from the form goes in with the opening, so the business kickoff is posted showing it.
        var context = ContextRules.AtOpening(openedEvent, request.Context);
        if (context?.RejectedBecause is { } refused)
            return new(null, refused);

        // Recorded with the opening, so the headline post follows the crisis wherever the setting moves later.
        IReadOnlyList<CrisisEvent> events = policy.HeadlineChannel is { Length: > 0 } headline
            ? [.. decision.Events, expectations, .. context?.Events ?? [], new CrisisEvent.HeadlineChannelChosen(new ChannelId(headline), now)]
            : [.. decision.Events, expectations, .. context?.Events ?? []];
        var opened = await store.OpenAsync(events, ct);
        DecisionLog.Recorded(logger, opened.Id, opened.Events, opened.Version);
        publisher.Notify(opened.Id);

        // Playbook §9: the first business update is promised at opening; its reminder must not wait for the next sweep.
        await clock.TrackAsync(opened.Fold(), ct);
        return new(opened, null);
    }

    public async Task<Reply> HandleAsync(OpenCrisisRequest request, CancellationToken ct)
    {
        var result = await OpenAsync(request, ct);
        if (result.Opened is not { } opened)
            return Reply.Private($":x: {result.RejectedBecause}\nUsage: {Usage.For("open")}");

        var crisis = opened.Fold();
        var customer = crisis.Customer is { } c ? $", {Mrkdwn.Escape(c)}" : "";
        return Reply.Private(
            $":rotating_light: Opening crisis {crisis.Id}: *{Mrkdwn.Escape(crisis.Title)}* ({crisis.Severity.Label()}{customer}). " +
            $"Accountable owner: {Mrkdwn.Mention(crisis.Owner)}.\n" +
            "Creating the technical and business channels now; their links will follow here.");
    }
}
