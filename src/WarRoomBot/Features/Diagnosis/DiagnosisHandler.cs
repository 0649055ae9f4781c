using Humanizer;
using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Api;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Diagnosis;

/// <summary>
/// Playbook §5 and §6 from the slash command, the due post's buttons and the extend form: theories, deadlines and
/// their one outcome each. Only records and answers; the publisher posts in the rooms, the scheduler chases the times.
/// </summary>
public sealed class DiagnosisHandler(CrisisTimeline timeline, UserTimeZones zones, SlackSideTasks side, IOptions<WarRoomOptions> options)
{
    public async Task<Reply> HandleAsync(CrisisCommand command, UserId user, ChannelId? channel, CancellationToken ct)
    {
        var verb = command switch
        {
            CrisisCommand.ProposeTheory => "theory",
            CrisisCommand.SetDeadline => "deadline",
            CrisisCommand.Extend => "extend",
            CrisisCommand.Withdraw => "withdraw",
            CrisisCommand.RecordOutcome { Outcome: Outcome.Confirmed } => "confirmed",
            _ => "disproved",
        };
        if (channel is not { } here || await timeline.CrisisForChannelAsync(here, ct) is not { } id)
            return Reply.Private($":x: `/crisis {verb}` works in a crisis's technical or business channel, so the record lands where the engineers work. Run it there.");

        switch (command)
        {
            case CrisisCommand.ProposeTheory theory:
            {
                var due = await ResolveAsync(theory.Due, user, ct);
                if (due.Problem is { } problem)
                    return Refused(problem, verb);
                var decided = await timeline.DecideAsync(id, (crisis, now) =>
                    DiagnosisRules.Propose(crisis, new ProposeTheory(theory.Statement, theory.Plan, due.Due!.Value, user, theory.Anyway), now), ct);
                return Answer(decided, verb, null, d =>
                {
                    var set = (CrisisEvent.DeadlineSet)d.Decision.Events[1];
                    return $":bulb: Recorded *{set.Theory}* with deadline *{set.Deadline}*, due {Due(set.Due, d.Now)}. {Reminding(d.Crisis, set)}";
                });
            }

            case CrisisCommand.SetDeadline deadline:
            {
                var due = await ResolveAsync(deadline.Due, user, ct);
                if (due.Problem is { } problem)
                    return Refused(problem, verb);
                var decided = await timeline.DecideAsync(id, (crisis, now) =>
                    DiagnosisRules.Set(crisis, new SetDeadline(deadline.Step, due.Due!.Value, deadline.Theory, user, deadline.Anyway), now), ct);
                return Answer(decided, verb, null, d =>
                {
                    var set = (CrisisEvent.DeadlineSet)d.Decision.Events[0];
                    return $":stopwatch: Recorded deadline *{set.Deadline}*, due {Due(set.Due, d.Now)}. {Reminding(d.Crisis, set)}";
                });
            }

            case CrisisCommand.RecordOutcome outcome:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) =>
                    DiagnosisRules.Record(crisis, new RecordOutcome(outcome.Deadline, outcome.Outcome, outcome.Note, user), now), ct);
                return Answer(decided, verb, outcome.Deadline, d => Recorded(d.Crisis, outcome.Deadline));
            }

            case CrisisCommand.Extend extend:
            {
                var due = await ResolveAsync(extend.Due, user, ct);
                if (due.Problem is { } problem)
                    return Refused(problem, verb);
                var decided = await timeline.DecideAsync(id, (crisis, now) =>
                    DiagnosisRules.Extend(crisis, new ExtendDeadline(extend.Deadline, due.Due!.Value, extend.Reason, user), now), ct);
                return Answer(decided, verb, extend.Deadline, d => Extended(d, extend.Deadline));
            }

            case CrisisCommand.Withdraw withdraw:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) =>
                    DiagnosisRules.Withdraw(crisis, new WithdrawEntry(withdraw.Theory, withdraw.Deadline, withdraw.Reason, user), now), ct);
                return Answer(decided, verb, withdraw.Deadline, Withdrawn);
            }

            default:
                return Reply.Private(Usage.Help(null));
        }
    }

    /// <summary>
    /// A button on a due post. The answer goes privately to the clicker through the response URL; the post itself is
    /// updated by the publisher, from the timeline, whoever clicked first.
    /// </summary>
    public async Task ClickAsync(Interaction.DeadlineClicked click, CancellationToken ct)
    {
        if (click.Button == DeadlineButton.Extend)
        {
            var crisis = await timeline.LoadAsync(click.Crisis, ct);
            if (crisis?.Deadline(click.Deadline) is not { } deadline)
            {
                Tell(click.ResponseUrl, $":x: {click.Deadline} of crisis {click.Crisis} no longer exists.");
                return;
            }

            if (deadline.Outcome is { } recorded)
            {
                Tell(click.ResponseUrl, DiagnosisBlocks.AlreadyRecorded(deadline.Id, recorded));
                return;
            }

            if (deadline.Withdrawal is not null)
            {
                Tell(click.ResponseUrl, $":x: {deadline.Id} was withdrawn; it stays on the record but takes no more time.");
                return;
            }

            // The submission meets the same check; asking first means nobody fills in a form only to be refused.
            if (DiagnosisRules.NotEntitled(crisis, deadline, click.User, "extend it") is { RejectedBecause: { } refused })
            {
                Tell(click.ResponseUrl, $":x: {UserId.RenderPeople(refused, Mrkdwn.Mention)}");
                return;
            }

            var view = ExtendDeadlineModal.View(click.Crisis, deadline);
            side.OpenView(click.TriggerId, view, click.ResponseUrl, e => ExtendFormFailed(deadline.Id, e));
            return;
        }

        var outcome = click.Button == DeadlineButton.Confirmed ? Outcome.Confirmed : Outcome.Disproved;
        var decided = await timeline.DecideAsync(click.Crisis, (crisis, now) =>
            DiagnosisRules.Record(crisis, new RecordOutcome(click.Deadline, outcome, null, click.User), now), ct);
        if (decided is null)
            Tell(click.ResponseUrl, $":x: Crisis {click.Crisis} no longer exists.");
        else if (Refusal(decided.Decision, click.Deadline) is { } refusal)
            Tell(click.ResponseUrl, refusal);
    }

    /// <summary>The extend form: Slack's per-field errors, or null when the extension was recorded (the form closes).</summary>
    public async Task<Dictionary<string, string>?> SubmitExtendAsync(Interaction.ExtendSubmitted submitted, CancellationToken ct)
    {
        var reason = submitted.Reason.Trim();
        if (reason.Length == 0)
            return new() { [ExtendDeadlineModal.ReasonBlock] = "Say why it needs more time: the reason stays on the record next to the missed deadline." };
        var parsed = TimeExpression.Parse(submitted.When);
        if (parsed.Expression is not { } expression)
            return new() { [ExtendDeadlineModal.WhenBlock] = Mrkdwn.AsPlainText(parsed.Problem!) };
        var due = await ResolveAsync(expression, submitted.User, ct);
        if (due.Problem is { } problem)
            return new() { [ExtendDeadlineModal.WhenBlock] = Mrkdwn.AsPlainText(problem) };

        var decided = await timeline.DecideAsync(submitted.Crisis, (crisis, now) =>
            DiagnosisRules.Extend(crisis, new ExtendDeadline(submitted.Deadline, due.Due!.Value, reason, submitted.User), now), ct);
        if (decided is null)
            return new() { [ExtendDeadlineModal.WhenBlock] = $"Crisis {submitted.Crisis} no longer exists." };
        return decided.Decision.RejectedBecause is { } because
            ? new() { [ExtendDeadlineModal.WhenBlock] = Mrkdwn.AsPlainText(UserId.RenderPeople(because, person => "@" + person.Value)) }
            : null;
    }

    private Task<TimeResolution> ResolveAsync(TimeExpression expression, UserId user, CancellationToken ct) =>
        zones.ResolveAsync(expression, user, timeline.Now, ct);

    private static Reply Answer(Decided? decided, string verb, DeadlineId? about, Func<Decided, string> accepted)
    {
        if (decided is null)
            return Reply.Private(":x: That crisis no longer exists.");
        return Refusal(decided.Decision, about) is { } refusal
            ? Reply.Private(decided.Decision.AlreadyRecorded is null ? $"{refusal}\nUsage: {Usage.For(verb)}" : refusal)
            : Reply.Private(accepted(decided));
    }

    private static string? Refusal(Decision decision, DeadlineId? about) => decision switch
    {
        { AlreadyRecorded: { } recorded } when about is { } id => DiagnosisBlocks.AlreadyRecorded(id, recorded),
        { RejectedBecause: { } because } => $":x: {UserId.RenderPeople(because, Mrkdwn.Mention)}",
        _ => null,
    };

    private static Reply Refused(string problem, string verb) => Reply.Private($":x: {problem}\nUsage: {Usage.For(verb)}");

    private string Reminding(Crisis crisis, CrisisEvent.DeadlineSet set)
    {
        var lead = options.Value.Deadlines.ReminderLead;
        var where = crisis.Technical.Channel is { } tech ? $"It is posted in {Mrkdwn.Link(tech)}; " : "";
        return set.Due - lead > set.At
            ? $"{where}the owner is reminded {Mrkdwn.Duration(lead)} before."
            : $"{where}it falls due too soon for a reminder.";
    }

    /// <summary>What the outcome did to the theory, as the record now says it (see <see cref="DiagnosisRules"/>).</summary>
    private static string Recorded(Crisis crisis, DeadlineId id)
    {
        var deadline = crisis.Deadline(id)!;
        var outcome = deadline.Outcome!;
        var theory = deadline.Theory is { } t && crisis.Theory(t) is { } th ? " " + Sentence(DiagnosisBlocks.ForTheory(crisis, deadline, th)) : "";
        var kept = deadline.Record == DeadlineRecord.Kept ? " Deadline kept." : " It counts as missed: the outcome came after the escalation.";
        return $":white_check_mark: Recorded: *{id} {DiagnosisRules.Word(outcome.Outcome)}*.{theory}{kept}";
    }

    /// <summary>The verdict as a sentence of the private reply.</summary>
    private static string Sentence(DiagnosisBlocks.TheoryVerdict verdict) => verdict switch
    {
        { SideStep: { } why } => $"{verdict.Headline}: {why}",
        { Status: TheoryStatus.Disproved } => $"{verdict.Headline} and stays on the record.",
        _ => $"{verdict.Headline}.",
    };

    private static string Withdrawn(Decided decided)
    {
        var deadlines = decided.Decision.Events.OfType<CrisisEvent.DeadlineWithdrawn>().Select(d => d.Deadline.ToString()).ToList();
        if (decided.Decision.Events[0] is CrisisEvent.TheoryWithdrawn theory)
        {
            var with = deadlines.Count == 0 ? "" : $" with its open {"deadline".ToQuantity(deadlines.Count, ShowQuantityAs.None)} {string.Join(", ", deadlines)}";
            return $":heavy_multiplication_x: Withdrawn: *{theory.Theory}*{with}. It stays on the record as withdrawn, with your reason, and counts as neither kept nor missed; "
                + "no reminder, due post or escalation follows.";
        }

        return $":heavy_multiplication_x: Withdrawn: *{deadlines[0]}*. It stays on the record as withdrawn, with your reason, and counts as neither kept nor missed; "
            + "no reminder, due post or escalation follows.";
    }

    /// <summary>What the clicker hears when the form may not have opened; an answer that was lost may hide a form that did.</summary>
    private static string ExtendFormFailed(DeadlineId deadline, SlackApiException e) =>
        (e.MayHaveApplied
            ? $":warning: Slack did not confirm that the Extend form opened (`{e.Error}`). If you do not see it, "
            : $":x: Slack could not open the Extend form (`{e.Error}`{(e.Error is "expired_trigger_id" or "exchanged_trigger_id" ? ": the click took too long to reach me, or was used already" : "")}). ")
        + $"Extend it in one line instead:\n`/crisis extend {deadline} to <time> because <reason>`";

    private static string Extended(Decided decided, DeadlineId old)
    {
        var set = (CrisisEvent.DeadlineSet)decided.Decision.Events[1];
        return $":hourglass_flowing_sand: {old} extended: new deadline *{set.Deadline}*, due {Due(set.Due, decided.Now)}. {old} counts as missed; your reason is on the record.";
    }

    private static string Due(DateTimeOffset due, DateTimeOffset now) => $"{Mrkdwn.Time(due)} ({Mrkdwn.In(due - now)})";

    private void Tell(string? responseUrl, string text) => side.Tell(responseUrl, text);
}
