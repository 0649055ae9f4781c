using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace WarRoomBot.Crises;

/// <summary>A theory, the plan that will prove or disprove it, and when the plan must have answered.</summary>
public sealed record ProposeTheory(string Statement, string Plan, DateTimeOffset Due, UserId By);

/// <summary>A deadline for the next diagnostic step, for a theory or on its own.</summary>
public sealed record SetDeadline(string Step, DateTimeOffset Due, TheoryId? Theory, UserId By);

/// <summary>Confirmed or disproved: what a deadline's step showed.</summary>
public sealed record RecordOutcome(DeadlineId Deadline, Outcome Outcome, string? Note, UserId By);

/// <summary>More time for a deadline's step, which is only ever granted with a reason.</summary>
public sealed record ExtendDeadline(DeadlineId Deadline, DateTimeOffset Due, string? Reason, UserId By);

/// <summary>
/// Playbook §5 and §6: theories are written with a plan, every step has a written deadline, and a deadline gets exactly
/// one outcome. Nothing is edited: an extension closes the old deadline as <see cref="Outcome.Extended"/> and sets a new one.
/// </summary>
public static class DiagnosisRules
{
    /// <summary>A diagnostic deadline further out than this is a plan, not a next step.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(7);

    public const int MaxTextLength = 500;

    public static Decision Propose(Crisis crisis, ProposeTheory command, DateTimeOffset now)
    {
        var statement = command.Statement.Trim();
        var plan = command.Plan.Trim();
        if (NotOpen(crisis) is { } closed)
            return closed;
        if (statement.Length == 0)
            return Decision.Reject("The theory is missing: say what you believe is happening before `prove`.");
        if (plan.Length == 0)
            return Decision.Reject("The plan is missing: say after `prove` what will prove or disprove the theory.");
        if ((TooLong("The theory", statement) ?? TooLong("The plan", plan)) is { } tooLong)
            return tooLong;
        if (BadDue(command.Due, now) is { } badDue)
            return badDue;

        var theory = crisis.NextTheory;
        return Decision.Accept(
            new CrisisEvent.TheoryProposed(theory, statement, plan, command.By, now),
            new CrisisEvent.DeadlineSet(crisis.NextDeadline, plan, theory, command.Due, command.By, null, null, now));
    }

    public static Decision Set(Crisis crisis, SetDeadline command, DateTimeOffset now)
    {
        var step = command.Step.Trim();
        if (NotOpen(crisis) is { } closed)
            return closed;
        if (step.Length == 0)
            return Decision.Reject("The step is missing: say what will be done by the deadline, before `by`.");
        if (TooLong("The step", step) is { } tooLong)
            return tooLong;
        if (command.Theory is { } id)
        {
            if (crisis.Theory(id) is not { } theory)
                return Decision.Reject(NoSuchTheory(crisis, id));
            if (theory.Status == TheoryStatus.Disproved)
                return Decision.Reject($"{id} was disproved; it stays on the record but takes no new steps. Write a new theory with `/crisis theory`.");
        }

        if (BadDue(command.Due, now) is { } badDue)
            return badDue;

        return Decision.Accept(new CrisisEvent.DeadlineSet(crisis.NextDeadline, step, command.Theory, command.Due, command.By, null, null, now));
    }

    public static Decision Record(Crisis crisis, RecordOutcome command, DateTimeOffset now)
    {
        if (command.Outcome == Outcome.Extended)
            throw new ArgumentException("An extension goes through Extend, which sets the new deadline.", nameof(command));
        if (!TryUndecided(crisis, command.Deadline, out var deadline, out var refused))
            return refused;
        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        if (note is not null && TooLong("The note", note) is { } tooLong)
            return tooLong;

        return Decision.Accept(new CrisisEvent.OutcomeRecorded(deadline.Id, command.Outcome, note, command.By, now));
    }

    public static Decision Extend(Crisis crisis, ExtendDeadline command, DateTimeOffset now)
    {
        if (!TryUndecided(crisis, command.Deadline, out var deadline, out var refused))
            return refused;
        if (deadline.Theory is { } theoryId && crisis.Theory(theoryId) is { Status: TheoryStatus.Disproved })
            return Decision.Reject($"{theoryId} was disproved, so its steps get no more time. Record what {deadline.Id} showed, or write a new theory with `/crisis theory`.");
        var reason = command.Reason?.Trim() ?? "";
        if (reason.Length == 0)
            return Decision.Reject($"An extension needs a reason: it goes on the record next to {deadline.Id}, which counts as missed. Add `because <why>`.");
        if (TooLong("The reason", reason) is { } tooLong)
            return tooLong;
        if (BadDue(command.Due, now) is { } badDue)
            return badDue;
        if (command.Due <= deadline.Due)
            return Decision.Reject($"The new time is not later than {deadline.Id}'s current deadline, so it is not an extension. Give a later time, or record the outcome.");

        var replacement = crisis.NextDeadline;
        return Decision.Accept(
            new CrisisEvent.OutcomeRecorded(deadline.Id, Outcome.Extended, reason, command.By, now),
            new CrisisEvent.DeadlineSet(replacement, deadline.Step, deadline.Theory, command.Due, command.By, deadline.Id, reason, now));
    }

    /// <summary>The deadline, if the crisis is open and the deadline exists with no outcome yet; otherwise the refusal.</summary>
    private static bool TryUndecided(Crisis crisis, DeadlineId id, [NotNullWhen(true)] out Deadline? deadline, [NotNullWhen(false)] out Decision? refused)
    {
        deadline = crisis.Deadline(id);
        refused = NotOpen(crisis)
            ?? (deadline is null ? Decision.Reject(NoSuchDeadline(crisis, id)) : null)
            ?? (deadline?.Outcome is { } recorded ? AlreadyRecorded(deadline, recorded) : null);
        return refused is null && deadline is not null;
    }

    private static Decision? NotOpen(Crisis crisis) =>
        crisis.IsOpened ? null : Decision.Reject("That crisis has not been opened.");

    private static Decision? BadDue(DateTimeOffset due, DateTimeOffset now)
    {
        if (due <= now)
            return Decision.Reject("That time is in the past. A deadline must be ahead of now, e.g. `by 45m` or `by tomorrow 09:00`.");
        if (due - now > MaxAhead)
            return Decision.Reject(
                "That is more than 7 days away; a diagnostic deadline is at most 7 days out. "
                + "Set a deadline for the next step you can take, e.g. `by tomorrow 09:00`.");
        return null;
    }

    private static Decision? TooLong(string what, string text) =>
        text.Length > MaxTextLength
            ? Decision.Reject($"{what} is {text.Length} characters; keep it under {MaxTextLength} and put the detail in the channel.")
            : null;

    private static Decision AlreadyRecorded(Deadline deadline, DeadlineOutcome recorded) =>
        Decision.Reject(
            $"{deadline.Id} already has its outcome ({Word(recorded.Outcome)}), recorded by {recorded.By} at {recorded.At.UtcDateTime.ToString("HH:mm 'UTC on' d MMM", CultureInfo.InvariantCulture)}. "
            + "Outcomes are irrevocable; set a new deadline for the next step.")
        with
        { AlreadyRecorded = recorded };

    private static string NoSuchTheory(Crisis crisis, TheoryId id) => crisis.Theories.Count == 0
        ? $"There is no {id}: this crisis has no theories yet. Write one with `/crisis theory <statement> prove <plan> by <time>`."
        : crisis.Theories.Count == 1 ? $"There is no {id}: this crisis has only T1." : $"There is no {id}: this crisis has T1 to T{crisis.Theories.Count}.";

    private static string NoSuchDeadline(Crisis crisis, DeadlineId id) => crisis.Deadlines.Count == 0
        ? $"There is no {id}: this crisis has no deadlines yet. Set one with `/crisis deadline <step> by <time>`."
        : crisis.Deadlines.Count == 1 ? $"There is no {id}: this crisis has only D1." : $"There is no {id}: this crisis has D1 to D{crisis.Deadlines.Count}.";

    /// <summary>The outcome as a person says it: confirmed, disproved, extended.</summary>
    public static string Word(Outcome outcome) => outcome switch
    {
        Outcome.Confirmed => "confirmed",
        Outcome.Disproved => "disproved",
        _ => "extended",
    };
}
