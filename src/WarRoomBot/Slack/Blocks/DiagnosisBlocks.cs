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
    public static SlackMessage DeadlineSet(Crisis crisis, Deadline deadline, DateTimeOffset now)
    {
        var due = $"{Mrkdwn.Time(deadline.Due)} ({Mrkdwn.In(deadline.Due - now)})";
        if (deadline.Extends is { } old)
        {
            return new(
                $"{old} extended to {deadline.Id} by {Mention(deadline.SetBy)}: {Mrkdwn.Escape(deadline.Reason ?? "")}",
                Blocks(
                    Block.Section($":hourglass_flowing_sand: *{old} extended* by {Mention(deadline.SetBy)}. {old} counts as missed.\n"
                        + $"*Reason:* {Mrkdwn.Escape(deadline.Reason ?? "")}"),
                    Block.Section($"*New deadline {deadline.Id}:* {due}\n*Step:* {Mrkdwn.Escape(deadline.Step)}"),
                    TheoryBlock(crisis, deadline)));
        }

        if (deadline.Theory is { } id && crisis.Theory(id) is { } theory && theory.At == deadline.SetAt && theory.Plan == deadline.Step)
        {
            return new(
                $"{theory.Id} working theory: {Mrkdwn.Escape(theory.Statement)}. {deadline.Id} due {Plain(deadline.Due)}.",
                Blocks(
                    Block.Section($":bulb: *{theory.Id} · Working theory:* {Mrkdwn.Escape(theory.Statement)}"),
                    Block.Section($"*Plan to prove or disprove it:* {Mrkdwn.Escape(theory.Plan)}"),
                    Block.Section($"*Deadline {deadline.Id}:* {due}"),
                    Block.Context($"Set by {Mention(deadline.SetBy)}. When it falls due the owner records confirmed, disproved or extended; nothing is edited or deleted.")));
        }

        return new(
            $"{deadline.Id} next step: {Mrkdwn.Escape(deadline.Step)}. Due {Plain(deadline.Due)}.",
            Blocks(
                Block.Section($":stopwatch: *{deadline.Id} · Next step:* {Mrkdwn.Escape(deadline.Step)}\n*Deadline:* {due}"),
                TheoryBlock(crisis, deadline),
                Block.Context($"Set by {Mention(deadline.SetBy)}.")));
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

    /// <summary>The technical channel hears every confirmed or disproved outcome (an extension has its own post).</summary>
    public static SlackMessage Outcome(Crisis crisis, Deadline deadline)
    {
        var outcome = deadline.Outcome!;
        var icon = outcome.Outcome == Crises.Outcome.Confirmed ? ":white_check_mark:" : ":x:";
        var note = outcome.Note is { } n ? $": {Mrkdwn.Escape(n)}" : "";
        JsonObject? theoryBlock = deadline.Theory is { } id && crisis.Theory(id) is { } theory
            ? Block.Section(outcome.Outcome == Crises.Outcome.Confirmed
                ? $"*{theory.Id} is now the working explanation:* {Mrkdwn.Escape(theory.Statement)}"
                : $"*{theory.Id} is disproved* and stays on the record: {Mrkdwn.Escape(theory.Statement)}")
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

    /// <summary>Bad news goes out fast (playbook §11): short, without engineering detail, and with what happens next.</summary>
    public static SlackMessage MissedBusiness(Crisis crisis, Deadline deadline)
    {
        var next = deadline.Outcome is { } outcome
            ? $"It has since been recorded as *{DiagnosisRules.Word(outcome.Outcome)}*."
            : $"{Mention(crisis.Owner)} is recording the result or a new deadline with its reason, and will tell you here what it changes.";
        return new(
            $"A diagnostic deadline was missed on crisis {crisis.Id}.",
            Blocks(
                Block.Section($":warning: *A diagnostic deadline was missed.* The team committed to an answer by {Mrkdwn.Time(deadline.Due)} "
                    + $"on: {Mrkdwn.Escape(deadline.Step)}"),
                Block.Section($"*What happens next:* {next}")));
    }

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

    private static JsonObject? TheoryBlock(Crisis crisis, Deadline deadline) =>
        deadline.Theory is { } id && crisis.Theory(id) is { } theory ? Block.Context($"*For {theory.Id}:* {Mrkdwn.Escape(theory.Statement)}") : null;

    /// <summary>The blocks that are there; a step without a theory simply has no theory block.</summary>
    private static JsonArray Blocks(params JsonObject?[] blocks) => new([.. blocks.Where(b => b is not null)]);

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static string Mention(UserId user) => Mrkdwn.Mention(user);

    private static string Plain(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
