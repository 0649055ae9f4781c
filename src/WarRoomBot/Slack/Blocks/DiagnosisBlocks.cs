using System.Text;
using System.Text.Json.Nodes;
using WarRoomBot.Crises;

namespace WarRoomBot.Slack.Blocks;

/// <summary>A message: the notification text (what phones and screen readers show) and the blocks people read.</summary>
public sealed record SlackMessage(string Text, JsonArray Blocks);

/// <summary>
/// What the rooms show about theories and deadlines (playbook §5, §6, §11): pure functions of the crisis and the time
/// of posting. Times are Slack date tokens, so everyone reads them in their own zone, with words ("in 45 minutes").
/// </summary>
public static class DiagnosisBlocks
{
    /// <summary>The technical channel's record of a new deadline: a theory with its plan, a next step, or an extension.</summary>
    /// <remarks>Each section holds at most one piece of people's text, so Slack's 3,000-character limit never cuts off the deadline.</remarks>
    /// <remarks>Once the entry is withdrawn the post says so first, and the time left is no longer counted down.</remarks>
    public static SlackMessage DeadlineSet(Crisis crisis, Deadline deadline, DateTimeOffset now)
    {
        var withdrawal = WithdrawalShownOn(crisis, deadline);
        var due = withdrawal is null ? $"{Mrkdwn.Time(deadline.Due)} ({Mrkdwn.In(deadline.Due - now)})" : Mrkdwn.Time(deadline.Due);
        var banner = withdrawal is { } w ? Block.Section(WithdrawnLine(w.Named, w.Withdrawal)) : null;
        var prefix = withdrawal is { } shown ? $"Withdrawn: {shown.Named}. " : "";
        if (deadline.Extends is { } old)
        {
            return new(
                $"{prefix}{old} extended to {deadline.Id} by {Mention(deadline.SetBy)}: {Mrkdwn.Escape(deadline.Reason ?? "")}",
                Blocks(
                    banner,
                    Block.Section($":hourglass_flowing_sand: *{old} extended* by {Mention(deadline.SetBy)}. {old} counts as missed.\n"
                        + $"*Reason:* {Mrkdwn.Escape(deadline.Reason ?? "")}"),
                    Block.Section($"*New deadline {deadline.Id}:* {due}\n*Step:* {Mrkdwn.Escape(deadline.Step)}"),
                    TheoryBlock(crisis, deadline)));
        }

        if (TheoryPostedWith(crisis, deadline) is { } theory)
        {
            return new(
                $"{prefix}{theory.Id} working theory: {Mrkdwn.Escape(theory.Statement)}. {deadline.Id} due {Plain(deadline.Due)}.",
                Blocks(
                    banner,
                    Block.Section($":bulb: *{theory.Id} · Working theory:* {Mrkdwn.Escape(theory.Statement)}"),
                    Block.Section($"*Plan to prove or disprove it:* {Mrkdwn.Escape(theory.Plan)}"),
                    Block.Section($"*Deadline {deadline.Id}:* {due}"),
                    Block.Context($"Set by {Mention(deadline.SetBy)}. The outcome of {deadline.Id} settles {theory.Id}: confirmed, disproved or extended; nothing is edited or deleted.")));
        }

        return new(
            $"{prefix}{deadline.Id} next step: {Mrkdwn.Escape(deadline.Step)}. Due {Plain(deadline.Due)}.",
            Blocks(
                banner,
                Block.Section($":stopwatch: *{deadline.Id} · Next step:* {Mrkdwn.Escape(deadline.Step)}\n*Deadline:* {due}"),
                TheoryBlock(crisis, deadline),
                Block.Context(deadline.Theory is { } t && crisis.PlanOf(t) is { } plan
                    ? $"Set by {Mention(deadline.SetBy)}. A side step: its outcome is evidence for {t}; {t} itself is settled by {plan.Id}."
                    : $"Set by {Mention(deadline.SetBy)}.")));
    }

    /// <summary>
    /// Whether a deadline's first post must show a withdrawal, and whose: its own, or its theory's when the post is the
    /// theory's (the theory's plan may have been extended, so the deadline under the theory post is not always the one withdrawn).
    /// </summary>
    public static (string Named, Withdrawal Withdrawal)? WithdrawalShownOn(Crisis crisis, Deadline deadline) =>
        TheoryPostedWith(crisis, deadline) is { Withdrawal: { } theoryWithdrawal } theory ? (theory.Id.ToString(), theoryWithdrawal)
        : deadline.Withdrawal is { } own ? (deadline.Id.ToString(), own)
        : null;

    /// <summary>The short notice in the technical channel that an entry was withdrawn, and what went with it.</summary>
    public static SlackMessage Withdrawn(Crisis crisis, Deadline deadline)
    {
        var withdrawal = deadline.Withdrawal!;
        if (deadline.Theory is { } id && crisis.Theory(id) is { Withdrawal: { } theoryWithdrawal } theory && theoryWithdrawal.At == withdrawal.At)
        {
            var with = crisis.Deadlines.Where(d => d.Theory == id && d.Withdrawal?.At == withdrawal.At).Select(d => d.Id.ToString()).ToList();
            return new(
                $"{id} withdrawn by {Mention(withdrawal.By)}: {Mrkdwn.Escape(withdrawal.Reason)}",
                Blocks(
                    Block.Section(WithdrawnLine(id.ToString(), withdrawal)),
                    Block.Context($"*{id}:* {Mrkdwn.Escape(theory.Statement)}"),
                    Block.Context($"Withdrawn with it: {string.Join(", ", with)}. They stay on the record and count as neither kept nor missed; no reminder or due post follows.")));
        }

        return new(
            $"{deadline.Id} withdrawn by {Mention(withdrawal.By)}: {Mrkdwn.Escape(withdrawal.Reason)}",
            Blocks(
                Block.Section(WithdrawnLine(deadline.Id.ToString(), withdrawal)),
                Block.Context($"*{deadline.Id}:* {Mrkdwn.Escape(deadline.Step)}"),
                Block.Context("It stays on the record and counts as neither kept nor missed; no reminder or due post follows.")));
    }

    public static SlackMessage Reminder(Crisis crisis, Deadline deadline, DateTimeOffset now) => new(
        $"{deadline.Id} falls due {Mrkdwn.In(deadline.Due - now)}: {Mrkdwn.Escape(deadline.Step)}",
        Blocks(
            Block.Section($":alarm_clock: {Mention(crisis.Owner)} *{deadline.Id} falls due {Mrkdwn.In(deadline.Due - now)}* ({Mrkdwn.Time(deadline.Due)}).\n"
                + $"*Step:* {Mrkdwn.Escape(deadline.Step)}"),
            TheoryBlock(crisis, deadline),
            Block.Context("Be ready to record what it showed: confirmed, disproved, or extend with a reason.")));

    /// <summary>The due post: the step, its theory and three buttons; once an outcome exists, the outcome instead of the buttons.</summary>
    public static SlackMessage Due(Crisis crisis, Deadline deadline)
    {
        var blocks = Blocks(
            Block.Section($":rotating_light: *{deadline.Id} is due* ({Mrkdwn.Time(deadline.Due)}): {Mrkdwn.Escape(deadline.Step)}"),
            TheoryBlock(crisis, deadline));
        if (deadline.Outcome is { } outcome)
        {
            blocks.Add(Block.Section(OutcomeLine(crisis, deadline, outcome)));
        }
        else if (deadline.Withdrawal is { } withdrawal)
        {
            blocks.Add(Block.Section(WithdrawnLine(deadline.Id.ToString(), withdrawal)));
        }
        else
        {
            blocks.Add(Block.Section($"{Mention(crisis.Owner)}, what did it show? Outcomes are irrevocable."));
            var value = Interaction.ButtonValue(crisis.Id, deadline.Id);
            blocks.Add(Block.Actions($"deadline-{deadline.Id.Number}",
                Block.Button("Confirmed", Interaction.ActionId(DeadlineButton.Confirmed), value, "primary"),
                Block.Button("Disproved", Interaction.ActionId(DeadlineButton.Disproved), value),
                Block.Button("Extend…", Interaction.ActionId(DeadlineButton.Extend), value)));
        }

        return new($"{deadline.Id} is due: {Mrkdwn.Escape(deadline.Step)}", blocks);
    }

    /// <summary>
    /// The technical channel hears every confirmed or disproved outcome (an extension has its own post), and what it
    /// means for the theory as the record says it: a plan settles its theory, a side step leaves it as it was.
    /// </summary>
    public static SlackMessage Outcome(Crisis crisis, Deadline deadline)
    {
        var outcome = deadline.Outcome!;
        var icon = outcome.Outcome == Crises.Outcome.Confirmed ? ":white_check_mark:" : ":x:";
        var note = outcome.Note is { } n ? $": {Mrkdwn.Escape(n)}" : "";
        JsonObject? theoryBlock = deadline.Theory is { } id && crisis.Theory(id) is { } theory
            ? Block.Section($"{LeadIn(ForTheory(crisis, deadline, theory))} {Mrkdwn.Escape(theory.Statement)}")
            : null;
        return new(
            $"{deadline.Id} {DiagnosisRules.Word(outcome.Outcome)}: {Mrkdwn.Escape(deadline.Step)}",
            Blocks(Block.Section($"{icon} *{deadline.Id} {DiagnosisRules.Word(outcome.Outcome)}* by {Mention(outcome.By)}{note}"), theoryBlock));
    }

    /// <summary>Playbook §11: the owner is named again, and asked to tell the business channel now.</summary>
    public static SlackMessage MissedTechnical(Crisis crisis, Deadline deadline, DeadlinePolicy policy)
    {
        var business = crisis.Business.Channel is { } b ? Mrkdwn.Link(b) : "the business channel";
        return new(
            $"{deadline.Id} was missed: no outcome {Mrkdwn.Duration(policy.EscalateAfter)} after it fell due.",
            Blocks(
                Block.Section($":warning: {Mention(crisis.Owner)} *{deadline.Id} was missed*: no outcome {Mrkdwn.Duration(policy.EscalateAfter)} after it fell due ({Mrkdwn.Time(deadline.Due)}).\n"
                    + $"*Step:* {Mrkdwn.Escape(deadline.Step)}"),
                TheoryBlock(crisis, deadline),
                Block.Section($"Record it now: `/crisis confirmed {deadline.Id}`, `/crisis disproved {deadline.Id}` or `/crisis extend {deadline.Id} to &lt;time&gt; because &lt;reason&gt;`. "
                    + $"{business} has been told it was missed; tell them what it changes.")));
    }

    /// <summary>
    /// What a deadline's outcome did to its theory, in the words of the record: the plan's outcome settles it (the
    /// confirmed one is the working explanation while no later confirmation replaces it); a side step's leaves it as it was,
    /// and <paramref name="SideStep"/> says why. The post and the private reply both read it from here, so they cannot disagree.
    /// </summary>
    public sealed record TheoryVerdict(string Headline, TheoryStatus Status, string? SideStep);

    public static TheoryVerdict ForTheory(Crisis crisis, Deadline deadline, Theory theory)
    {
        if (!crisis.SettlesTheory(deadline))
        {
            var settledBy = crisis.PlanOf(theory.Id)?.Id;
            return theory.Status == TheoryStatus.Open
                ? new($"{theory.Id} stays open", theory.Status, $"{deadline.Id} was a side step; {theory.Id} is settled by {settledBy}.")
                : new($"{theory.Id} stays {DiagnosisRules.Word(theory.Status)}", theory.Status, $"{deadline.Id} was a side step; {theory.Id} was settled by {settledBy}.");
        }

        return theory.Status switch
        {
            TheoryStatus.Confirmed when crisis.WorkingExplanation?.Id == theory.Id => new($"{theory.Id} is now the working explanation", theory.Status, null),
            TheoryStatus.Confirmed => new($"{theory.Id} is confirmed", theory.Status, null),
            _ => new($"{theory.Id} is disproved", theory.Status, null),
        };
    }

    /// <summary>The verdict as the lead-in of the outcome post, followed there by the theory's statement.</summary>
    private static string LeadIn(TheoryVerdict verdict) => verdict switch
    {
        { SideStep: { } why } => $"*{verdict.Headline}:* {why}",
        { Status: TheoryStatus.Disproved } => $"*{verdict.Headline}* and stays on the record:",
        _ => $"*{verdict.Headline}:*",
    };

    /// <summary>The private answer when someone records an outcome that already exists.</summary>
    public static string AlreadyRecorded(DeadlineId deadline, DeadlineOutcome recorded) =>
        $":lock: {deadline} already has its outcome: *{DiagnosisRules.Word(recorded.Outcome)}*, recorded by {Mention(recorded.By)} at {Mrkdwn.Time(recorded.At)}. "
        + "Outcomes are irrevocable; set a new deadline for the next step with `/crisis deadline &lt;step&gt; by &lt;time&gt;`.";

    private static string OutcomeLine(Crisis crisis, Deadline deadline, DeadlineOutcome outcome)
    {
        var icon = outcome.Outcome switch
        {
            Crises.Outcome.Confirmed => ":white_check_mark:",
            Crises.Outcome.Disproved => ":x:",
            _ => ":hourglass_flowing_sand:",
        };
        var what = outcome.Outcome == Crises.Outcome.Extended && deadline.ExtendedBy is { } next && crisis.Deadline(next) is { } replacement
            ? $"Extended to {next} ({Mrkdwn.Time(replacement.Due)})"
            : Capitalized(DiagnosisRules.Word(outcome.Outcome));
        var note = outcome.Note is { } n ? $": {Mrkdwn.Escape(n)}" : "";
        return $"{icon} *{what}* by {Mention(outcome.By)} at {Mrkdwn.Time(outcome.At)}{note}";
    }

    private static string WithdrawnLine(string named, Withdrawal withdrawal) =>
        $":heavy_multiplication_x: *{named} withdrawn* by {Mention(withdrawal.By)} at {Mrkdwn.Time(withdrawal.At)}: {Mrkdwn.Escape(withdrawal.Reason)}";

    /// <summary>The theory whose own post this deadline's first post is: the plan written with it, not an extension or a side step.</summary>
    private static Theory? TheoryPostedWith(Crisis crisis, Deadline deadline) =>
        deadline.Extends is null && deadline.Theory is { } id && crisis.Theory(id) is { } theory && crisis.SettlesTheory(deadline) ? theory : null;

    private static JsonObject? TheoryBlock(Crisis crisis, Deadline deadline) =>
        deadline.Theory is { } id && crisis.Theory(id) is { } theory ? Block.Context($"*For {theory.Id}:* {Mrkdwn.Escape(theory.Statement)}") : null;

    /// <summary>The blocks that are there; a step without a theory simply has no theory block.</summary>
    private static JsonArray Blocks(params JsonObject?[] blocks) => new([.. blocks.Where(b => b is not null)]);

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static string Mention(UserId user) => Mrkdwn.Mention(user);

    private static string Plain(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
