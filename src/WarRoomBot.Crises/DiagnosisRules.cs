using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace WarRoomBot.Crises;

/// <summary>
/// A theory, the plan that will prove or disprove it, and when the plan must have answered. <paramref name="Anyway"/>
/// records it even when it repeats a theory written a moment ago.
/// </summary>
public sealed record ProposeTheory(string Statement, string Plan, DateTimeOffset Due, UserId By, bool Anyway = false);

/// <summary>A deadline for the next diagnostic step, for a theory or on its own; <paramref name="Anyway"/> as for a theory.</summary>
public sealed record SetDeadline(string Step, DateTimeOffset Due, TheoryId? Theory, UserId By, bool Anyway = false);

/// <summary>Takes back a theory or a deadline recorded by mistake; exactly one of the two is set.</summary>
public sealed record WithdrawEntry(TheoryId? Theory, DeadlineId? Deadline, string? Reason, UserId By);

/// <summary>Confirmed or disproved: what a deadline's step showed.</summary>
public sealed record RecordOutcome(DeadlineId Deadline, Outcome Outcome, string? Note, UserId By);

/// <summary>More time for a deadline's step, which is only ever granted with a reason.</summary>
public sealed record ExtendDeadline(DeadlineId Deadline, DateTimeOffset Due, string? Reason, UserId By);

/// <summary>
/// Playbook §5 and §6: theories are written with a plan, every step has a written deadline, and a deadline gets exactly
/// one outcome. Nothing is edited: an extension closes the old deadline as <see cref="Outcome.Extended"/> and sets a new one.
/// <para>
/// What an outcome means for a theory: only the theory's plan (the deadline <c>theory … prove …</c> set, and the
/// deadlines that extend it) settles it, confirmed or disproved. A side step <c>deadline … for T1</c> is evidence: its
/// outcome is recorded on the step and leaves the theory as it was, so the record never says two things about T1.
/// </para>
/// <para>
/// Who records: a deadline's outcome or extension is recorded by the person who set it or by the crisis owner, who
/// answers for the whole record (playbook §3); anyone else is told who can. The same two may withdraw an entry recorded
/// by mistake, with a reason, within <see cref="WithdrawWindow"/> of recording it, or later only as a duplicate of an
/// earlier entry of the same kind that still stands and that the reason names (<c>duplicate of T3</c>). After that only
/// an outcome applies, so withdrawing is never a way around a deadline.
/// </para>
/// </summary>
public static partial class DiagnosisRules
{
    /// <summary>A diagnostic deadline further out than this is a plan, not a next step.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(7);

    private static readonly string MaxAheadInDays = MaxAhead.TotalDays.ToString(CultureInfo.InvariantCulture);

    /// <summary>How long after recording an entry it may be withdrawn for any reason; long enough to notice a typo.</summary>
    public static readonly TimeSpan WithdrawWindow = TimeSpan.FromMinutes(10);

    /// <summary>The same theory or step typed again within this time is most likely a retry after a slow reply.</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromMinutes(10);

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
        if (!command.Anyway && crisis.Theories.FirstOrDefault(t => t.Withdrawal is null && Recent(t.At, now) && Same(t.Statement, statement)) is { } first)
        {
            return Decision.Reject(
                $"This repeats {first.Id}, recorded {Ago(now - first.At)} by {Person(first.By)}: the same theory. Nothing was recorded. "
                + "If it really is another theory, record it anyway: `/crisis theory anyway <statement> prove <plan> by <time>`.");
        }

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
            if (theory.Status == TheoryStatus.Withdrawn)
                return Decision.Reject($"{id} was withdrawn; it stays on the record but takes no new steps. Write a new theory with `/crisis theory`.");
        }

        if (BadDue(command.Due, now) is { } badDue)
            return badDue;
        if (!command.Anyway
            && crisis.Deadlines.FirstOrDefault(d => d.Withdrawal is null && d.Theory == command.Theory && Recent(d.SetAt, now) && Same(d.Step, step)) is { } first)
        {
            return Decision.Reject(
                $"This repeats {first.Id}, recorded {Ago(now - first.SetAt)} by {Person(first.SetBy)}: the same step{(first.Theory is { } t ? $" for {t}" : "")}. "
                + "Nothing was recorded. If it really is another step, set it anyway: `/crisis deadline anyway <next step> by <time> [for T1]`.");
        }

        return Decision.Accept(new CrisisEvent.DeadlineSet(crisis.NextDeadline, step, command.Theory, command.Due, command.By, null, null, now));
    }

    public static Decision Record(Crisis crisis, RecordOutcome command, DateTimeOffset now)
    {
        if (command.Outcome == Outcome.Extended)
            throw new ArgumentException("An extension goes through Extend, which sets the new deadline.", nameof(command));
        if (!TryUndecided(crisis, command.Deadline, out var deadline, out var refused))
            return refused;
        if (NotEntitled(crisis, deadline, command.By, "record its outcome") is { } notEntitled)
            return notEntitled;
        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        if (note is not null && TooLong("The note", note) is { } tooLong)
            return tooLong;

        return Decision.Accept(new CrisisEvent.OutcomeRecorded(deadline.Id, command.Outcome, note, command.By, now));
    }

    public static Decision Extend(Crisis crisis, ExtendDeadline command, DateTimeOffset now)
    {
        if (!TryUndecided(crisis, command.Deadline, out var deadline, out var refused))
            return refused;
        if (NotEntitled(crisis, deadline, command.By, "extend it") is { } notEntitled)
            return notEntitled;
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

    /// <summary>
    /// Takes back a mistaken theory (with its open deadlines) or deadline. Nothing is removed: the entry stays on the
    /// record as withdrawn, with the reason, and counts as neither kept nor missed.
    /// </summary>
    public static Decision Withdraw(Crisis crisis, WithdrawEntry command, DateTimeOffset now)
    {
        if (NotOpen(crisis) is { } closed)
            return closed;
        var named = command.Theory?.ToString() ?? command.Deadline?.ToString()
            ?? throw new ArgumentException("A withdrawal names a theory or a deadline.", nameof(command));
        var reason = command.Reason?.Trim() ?? "";
        if (reason.Length == 0)
            return Decision.Reject($"A withdrawal needs a reason: {named} stays on the record as withdrawn, next to why. Add `because <why>`, e.g. `because duplicate of T3`.");
        if (TooLong("The reason", reason) is { } tooLong)
            return tooLong;
        return command.Theory is { } theory
            ? WithdrawTheory(crisis, theory, reason, command.By, now)
            : WithdrawDeadline(crisis, command.Deadline!.Value, reason, command.By, now);
    }

    private static Decision WithdrawTheory(Crisis crisis, TheoryId id, string reason, UserId by, DateTimeOffset now)
    {
        if (crisis.Theory(id) is not { } theory)
            return Decision.Reject(NoSuchTheory(crisis, id));
        if (theory.Withdrawal is { } earlier)
            return Decision.Reject($"{id} was already withdrawn by {Person(earlier.By)} {Ago(now - earlier.At)}; it stays on the record as withdrawn.");
        if (theory.Status != TheoryStatus.Open)
            return Decision.Reject($"{id} was already {Word(theory.Status)} by its plan; a settled theory stays on the record as it is. Write a new theory with `/crisis theory`.");
        if (!Entitled(crisis, theory.By, by))
            return Decision.Reject($"Only {Person(theory.By)}, who wrote {id}, or the crisis owner {Person(crisis.Owner)} can withdraw it; ask one of them.");

        // Every theory is written with its plan, so it always has one.
        var plan = crisis.PlanOf(id)!.Id;
        var instead = $"record what its plan showed, `/crisis confirmed {plan}` or `/crisis disproved {plan}`, or extend {plan} with a reason";
        var repeats = (int other) => crisis.Theory(new TheoryId(other)) is { } original && SaysTheSame(original.Statement, theory.Statement);
        if (NotWithdrawable(crisis, id.ToString(), id.Number, theory.At, reason, now, "theory", repeats, instead) is { } refused)
            return refused;

        CrisisEvent[] withdrawn =
        [
            new CrisisEvent.TheoryWithdrawn(id, reason, by, now),
            .. crisis.Deadlines.Where(d => d.Theory == id && d.IsOpen).Select(d => new CrisisEvent.DeadlineWithdrawn(d.Id, reason, by, now)),
        ];
        return Decision.Accept(withdrawn);
    }

    private static Decision WithdrawDeadline(Crisis crisis, DeadlineId id, string reason, UserId by, DateTimeOffset now)
    {
        if (!TryUndecided(crisis, id, out var deadline, out var refused))
            return refused;
        if (crisis.SettlesTheory(deadline))
        {
            var theory = deadline.Theory!.Value;
            return Decision.Reject(
                $"{id} is the plan that settles {theory}, so it is not withdrawn on its own. If {theory} itself was a mistake, "
                + $"withdraw it with its deadlines: `/crisis withdraw {theory} because <why>`. Otherwise record what the plan showed.");
        }

        if (!Entitled(crisis, deadline.SetBy, by))
            return Decision.Reject($"Only {Person(deadline.SetBy)}, who set {id}, or the crisis owner {Person(crisis.Owner)} can withdraw it; ask one of them.");
        var instead = $"record its outcome, `/crisis confirmed {id}` or `/crisis disproved {id}`, or extend it with a reason";
        var repeats = (int other) => crisis.Deadline(new DeadlineId(other)) is { } original && original.Theory == deadline.Theory && SaysTheSame(original.Step, deadline.Step);
        if (NotWithdrawable(crisis, id.ToString(), id.Number, deadline.SetAt, reason, now, "deadline", repeats, instead) is { } late)
            return late;

        return Decision.Accept(new CrisisEvent.DeadlineWithdrawn(id, reason, by, now));
    }

    /// <summary>
    /// The guard that keeps withdrawal from becoming a way around a deadline: within the window any reason will do;
    /// after it only a duplicate, and only the later copy (<paramref name="repeats"/>: the same words, for the same
    /// theory) of an entry that still stands.
    /// </summary>
    private static Decision? NotWithdrawable(
        Crisis crisis, string named, int number, DateTimeOffset recordedAt, string reason, DateTimeOffset now, string kind, Func<int, bool> repeats, string instead)
    {
        if (DuplicateOf().Match(reason) is { Success: true } match)
        {
            var prefix = char.ToUpperInvariant(match.Groups["kind"].Value[0]);
            var original = int.Parse(match.Groups["number"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            var other = $"{prefix}{original}";
            if (prefix != named[0])
                return Decision.Reject($"A {kind} can only be a duplicate of another {kind}, and {other} is not one. Name it, e.g. `because duplicate of {named[0]}1`.");
            if (original == number)
                return Decision.Reject($"{named} cannot be a duplicate of itself. Name the entry it repeats.");
            var (exists, stands) = prefix == 'T'
                ? (crisis.Theory(new TheoryId(original)) is not null, crisis.Theory(new TheoryId(original)) is { Status: TheoryStatus.Open })
                : (crisis.Deadline(new DeadlineId(original)) is not null, crisis.Deadline(new DeadlineId(original)) is { IsOpen: true });
            if (!exists)
                return Decision.Reject(prefix == 'T' ? NoSuchTheory(crisis, new TheoryId(original)) : NoSuchDeadline(crisis, new DeadlineId(original)));
            if (original > number)
                return Decision.Reject($"{other} was recorded after {named}, so {other} is the copy: withdraw {other} as a duplicate of {named} instead.");
            if (!repeats(original))
                return Decision.Reject(
                    $"{named} does not repeat {other}: a duplicate says much the same{(kind == "deadline" ? " step, for the same theory" : "")}. "
                    + (now - recordedAt <= WithdrawWindow
                        ? $"Within {Minutes(WithdrawWindow)} of recording any other reason will do, e.g. `because typed the wrong store`."
                        : $"Otherwise only an outcome applies: {instead}."));
            return stands
                ? null
                : Decision.Reject($"{other} is no longer open, so {named} is not a duplicate of anything that still stands. Only an outcome applies now: {instead}.");
        }

        var age = now - recordedAt;
        if (age <= WithdrawWindow)
            return null;
        return Decision.Reject(
            $"{named} was recorded {Ago(age)}; a {kind} can be withdrawn only within {Minutes(WithdrawWindow)} of recording "
            + $"(that window closed {Ago(age - WithdrawWindow)}), or as a duplicate of another open {kind} that you name, e.g. `because duplicate of {named[0]}1`. "
            + $"After that only an outcome applies: {instead}.");
    }

    /// <summary>The deadline, if the crisis is open and the deadline exists with no outcome yet; otherwise the refusal.</summary>
    private static bool TryUndecided(Crisis crisis, DeadlineId id, [NotNullWhen(true)] out Deadline? deadline, [NotNullWhen(false)] out Decision? refused)
    {
        deadline = crisis.Deadline(id);
        refused = NotOpen(crisis)
            ?? (deadline is null ? Decision.Reject(NoSuchDeadline(crisis, id)) : null)
            ?? (deadline?.Outcome is { } recorded ? AlreadyRecorded(deadline, recorded) : null)
            ?? (deadline?.Withdrawal is { } withdrawn
                ? Decision.Reject($"{id} was withdrawn by {Person(withdrawn.By)} at {Clock(withdrawn.At)}; it stays on the record but takes no outcome and no more time.")
                : null);
        return refused is null && deadline is not null;
    }

    /// <summary>
    /// The person who set a deadline and the owner, who answers for the whole record, may decide what it showed; for
    /// anyone else the refusal names who can. <paramref name="what"/> completes "can …", e.g. "extend it".
    /// </summary>
    public static Decision? NotEntitled(Crisis crisis, Deadline deadline, UserId by, string what) =>
        Entitled(crisis, deadline.SetBy, by)
            ? null
            : Decision.Reject(deadline.SetBy == crisis.Owner
                ? $"Only the crisis owner {Person(crisis.Owner)}, who set {deadline.Id}, can {what}; ask them."
                : $"Only {Person(deadline.SetBy)}, who set {deadline.Id}, or the crisis owner {Person(crisis.Owner)} can {what}; ask one of them.");

    private static bool Entitled(Crisis crisis, UserId author, UserId by) => by == author || by == crisis.Owner;

    private static bool Recent(DateTimeOffset at, DateTimeOffset now) => now - at <= RepeatWindow;

    /// <summary>
    /// Whether a later entry repeats an earlier one in other words, as a retyped duplicate does ("Collect the POS logs" for
    /// "Collect POS logs"): at least two thirds of the shorter one's words, plurals and little words aside, are in the other.
    /// Named as a duplicate, an unrelated entry must not pass: that would withdraw a deadline no other entry still owes.
    /// </summary>
    private static bool SaysTheSame(string later, string earlier)
    {
        var a = Words(later);
        var b = Words(earlier);
        var (shorter, longer) = a.Count <= b.Count ? (a, b) : (b, a);
        return shorter.Count > 0 && shorter.Count(longer.Contains) * 3 >= shorter.Count * 2;
    }

    private static HashSet<string> Words(string text) =>
        [.. text.ToLowerInvariant()
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('.', ',', ';', ':', '!', '?', '"', '\'', '(', ')'))
            .Where(w => w.Length > 0 && !LittleWords.Contains(w))
            .Select(w => w.Length > 3 && w.EndsWith('s') ? w[..^1] : w)];

    private static readonly HashSet<string> LittleWords = new(StringComparer.Ordinal) { "a", "an", "the", "of", "to", "in", "on", "for", "and", "at", "is", "are" };

    /// <summary>The same words, whatever the case and spacing: what a retry or a second paste of the same text looks like.</summary>
    private static bool Same(string a, string b) => string.Equals(Normalized(a), Normalized(b), StringComparison.OrdinalIgnoreCase);

    private static string Normalized(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>People are named as Slack mentions: every reason is read in Slack, where a mention shows the person's name.</summary>
    private static string Person(UserId user) => user.InSentence;

    private static string Ago(TimeSpan span) => span < TimeSpan.FromMinutes(1) ? "just now" : $"{Minutes(span)} ago";

    /// <summary>"1 minute", "25 minutes", "3 hours 5 minutes": whole minutes, as a person says them.</summary>
    internal static string Minutes(TimeSpan span)
    {
        var minutes = (int)span.TotalMinutes;
        var hours = minutes / 60;
        var rest = minutes % 60;
        var words = hours == 0 ? "" : hours == 1 ? "1 hour" : $"{hours} hours";
        if (rest > 0 || hours == 0)
            words += (words.Length > 0 ? " " : "") + (rest == 1 ? "1 minute" : $"{rest} minutes");
        return words;
    }

    private static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm 'UTC on' d MMM", CultureInfo.InvariantCulture);

    /// <summary>Playbook §13: a resolved crisis takes no new diagnosis; if the fix did not hold, it is reopened first.</summary>
    private static Decision? NotOpen(Crisis crisis) => LifecycleRules.WhileOpen(crisis, "theories, deadlines or outcomes");

    private static Decision? BadDue(DateTimeOffset due, DateTimeOffset now)
    {
        if (due <= now)
            return Decision.Reject("That time is in the past. A deadline must be ahead of now, e.g. `by 45m` or `by tomorrow 09:00`.");
        if (due - now > MaxAhead)
            return Decision.Reject(
                $"That is more than {MaxAheadInDays} days away; a diagnostic deadline is at most {MaxAheadInDays} days out. "
                + "Set a deadline for the next step you can take, e.g. `by tomorrow 09:00`.");
        return null;
    }

    private static Decision? TooLong(string what, string text) =>
        text.Length > MaxTextLength
            ? Decision.Reject($"{what} is {text.Length} characters; keep it under {MaxTextLength} and put the detail in the channel.")
            : null;

    private static Decision AlreadyRecorded(Deadline deadline, DeadlineOutcome recorded) =>
        Decision.Reject(
            $"{deadline.Id} already has its outcome ({Word(recorded.Outcome)}), recorded by {recorded.By} at {Clock(recorded.At)}. "
            + "Outcomes are irrevocable; set a new deadline for the next step.")
        with
        { AlreadyRecorded = recorded };

    private static string NoSuchTheory(Crisis crisis, TheoryId id) => crisis.Theories.Count == 0
        ? $"There is no {id}: this crisis has no theories yet. Write one with `/crisis theory <statement> prove <plan> by <time>`."
        : crisis.Theories.Count == 1 ? $"There is no {id}: this crisis has only T1." : $"There is no {id}: this crisis has T1 to T{crisis.Theories.Count}.";

    private static string NoSuchDeadline(Crisis crisis, DeadlineId id) => crisis.Deadlines.Count == 0
        ? $"There is no {id}: this crisis has no deadlines yet. Set one with `/crisis deadline <step> by <time>`."
        : crisis.Deadlines.Count == 1 ? $"There is no {id}: this crisis has only D1." : $"There is no {id}: this crisis has D1 to D{crisis.Deadlines.Count}.";

    /// <summary>A theory's state as a person says it: being worked, confirmed, disproved, withdrawn.</summary>
    public static string Word(TheoryStatus status) => status switch
    {
        TheoryStatus.Confirmed => "confirmed",
        TheoryStatus.Disproved => "disproved",
        TheoryStatus.Withdrawn => "withdrawn",
        _ => "being worked",
    };

    [GeneratedRegex(@"\bduplicate\s+of\s+(?<kind>[TD])(?<number>\d{1,6})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DuplicateOf();

    /// <summary>The outcome as a person says it: confirmed, disproved, extended.</summary>
    public static string Word(Outcome outcome) => outcome switch
    {
        Outcome.Confirmed => "confirmed",
        Outcome.Disproved => "disproved",
        _ => "extended",
    };
}
