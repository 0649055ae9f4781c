namespace WarRoomBot.Crises;

/// <summary>A fact and how we know it; a missing source is the rules' to refuse.</summary>
public sealed record RecordFact(string Statement, string? Source, UserId By);

/// <summary>A question to track until someone answers it.</summary>
public sealed record AskQuestion(string Text, UserId By);

/// <summary>The answer to an open question, and how we know it.</summary>
public sealed record AnswerQuestion(QuestionId Question, string Answer, string? Source, UserId By);

/// <summary>
/// Something we need from the customer and why only they can give it. <paramref name="Anyway"/> sends it to the business
/// channel past the wording check on purpose (<c>/crisis ask! …</c>).
/// </summary>
public sealed record AskCustomer(string Request, string? Reason, bool Anyway, UserId By);

/// <summary>A request to the customer is done: they gave it, or we no longer need it.</summary>
public sealed record CloseAsk(AskId Ask, string? Note, UserId By);

/// <summary>A complaint or concern for the debrief.</summary>
public sealed record ParkConcern(string Concern, UserId By);

/// <summary>Time <paramref name="Person"/> spent on the crisis (whoever records it, when null).</summary>
public sealed record SpendTime(TimeSpan Spent, UserId? Person, string? Note, UserId By);

/// <summary>
/// The crisis record beside the diagnosis. Playbook §7: close every gap in understanding, so a fact is recorded with how
/// we know it, and a question stays open until it has an answer with its source.
/// <para>
/// Playbook §10, take the heavy lifting: the customer is busy with the impact inside their own company, so a request made
/// of them says why only they can do it, goes to the business channel in firm words (§8) like any business update, and
/// once more than <see cref="MaxOpenAsks"/> are open the owner hears that we are asking too much.
/// </para>
/// <para>
/// Playbook §12: complaints and concerns are parked for the debrief rather than argued now, so the crisis work goes on.
/// Playbook §15: time people spend is recorded, so the cost is known; one entry is at most <see cref="MaxTimeEntry"/>.
/// </para>
/// <para>
/// Who records: anyone in the crisis's channels (the edge checks where a command was typed). A request is marked done by
/// whoever made it or by the owner, who answers for the whole record (§3). Nothing here is edited or removed: a question
/// gets one answer, and what is learnt later is a new fact.
/// </para>
/// </summary>
public static class RecordRules
{
    /// <summary>A fact, question or answer longer than this is a report; it belongs in the technical channel.</summary>
    public const int MaxTextLength = 500;

    /// <summary>More open requests than this and we are asking too much of the customer (playbook §10).</summary>
    public const int MaxOpenAsks = 3;

    /// <summary>More than this in one entry is a typo or a week's total; each day is recorded on its own.</summary>
    public static readonly TimeSpan MaxTimeEntry = TimeSpan.FromHours(24);

    private const string AskExample = "`/crisis ask a network capture from store 12 because we cannot reach their LAN`";

    private const string FactExample = "`/crisis fact only stores on firmware 4.2 freeze source POS inventory export`";

    public static Decision Fact(Crisis crisis, RecordFact command, DateTimeOffset now)
    {
        var statement = command.Statement.Trim();
        var source = command.Source?.Trim() ?? "";
        if (NotOpen(crisis) is { } closed)
            return closed;
        if (statement.Length == 0)
            return Decision.Reject($"The fact is missing: say what we know before `source`, e.g. {FactExample}.");

        // Playbook §7: everyone should know the facts and how we got them; a fact nobody can trace is a rumour.
        if (source.Length == 0)
            return Decision.Reject($"A fact needs its source, so everyone knows how we got it. Nothing was recorded. End with `source <how we know>`, e.g. {FactExample}.");
        if ((TooLong("The fact", statement) ?? TooLong("The source", source)) is { } tooLong)
            return tooLong;

        return Decision.Accept(new CrisisEvent.FactRecorded(crisis.Record.NextFact, statement, source, command.By, now));
    }

    public static Decision Question(Crisis crisis, AskQuestion command, DateTimeOffset now)
    {
        var text = command.Text.Trim();
        if (NotOpen(crisis) is { } closed)
            return closed;
        if (text.Length == 0)
            return Decision.Reject("The question is missing: write what we do not know yet, e.g. `/crisis question did the freezes start before Tuesday's release?`.");
        if (TooLong("The question", text) is { } tooLong)
            return tooLong;

        return Decision.Accept(new CrisisEvent.QuestionAsked(crisis.Record.NextQuestion, text, command.By, now));
    }

    public static Decision Answer(Crisis crisis, AnswerQuestion command, DateTimeOffset now)
    {
        var id = command.Question;
        var answer = command.Answer.Trim();
        var source = command.Source?.Trim() ?? "";
        if (NotOpen(crisis) is { } closed)
            return closed;
        if (crisis.Record.Question(id) is not { } question)
            return Decision.Reject(NoSuchQuestion(crisis.Record, id));
        if (question.Answer is { } earlier)
        {
            return Decision.Reject(
                $"{id} was already answered by {earlier.By.InSentence} {Ago(now - earlier.At)}; `/crisis status` shows the answer in what we know. "
                + "A question gets one answer; record what you learnt since as a fact: `/crisis fact <statement> source <how we know>`.");
        }

        if (answer.Length == 0)
            return Decision.Reject($"The answer is missing: write it after {id}, then `source <how we know>`, e.g. `/crisis answer {id} no, the first freeze was Monday source store 12 incident log`.");
        if (source.Length == 0)
            return Decision.Reject($"An answer needs its source, so everyone knows how we got it. Nothing was recorded. End with `source <how we know>`, e.g. `/crisis answer {id} no, the first freeze was Monday source store 12 incident log`.");
        if ((TooLong("The answer", answer) ?? TooLong("The source", source)) is { } tooLong)
            return tooLong;

        return Decision.Accept(new CrisisEvent.QuestionAnswered(id, answer, source, command.By, now));
    }

    public static Decision Ask(Crisis crisis, AskCustomer command, DateTimeOffset now)
    {
        var request = command.Request.Trim();
        var reason = command.Reason?.Trim() ?? "";
        if (NotOpen(crisis) is { } closed)
            return closed;
        if (request.Length == 0)
            return Decision.Reject($"Say what we need from the customer before `because`, e.g. {AskExample}.");

        // Playbook §10: ask only when there is no other way, and say why; a request without a reason is not made.
        if (reason.Length == 0)
            return Decision.Reject($"Say why only the customer can give it: end with `because <why>`, e.g. {AskExample}. Nothing was recorded.");
        if ((TooLong("The request", request) ?? TooLong("The reason", reason)) is { } tooLong)
            return tooLong;
        if (!command.Anyway && Wording.Refusal(request, reason, "the request was not made", "make it as it is on purpose with `/crisis ask! …`") is { } wording)
            return Decision.Reject(wording);

        return Decision.Accept(new CrisisEvent.CustomerAsked(crisis.Record.NextAsk, request, reason, command.Anyway, command.By, now));
    }

    public static Decision Close(Crisis crisis, CloseAsk command, DateTimeOffset now)
    {
        var id = command.Ask;
        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        if (NotOpen(crisis) is { } closed)
            return closed;
        if (crisis.Record.Ask(id) is not { } ask)
            return Decision.Reject(NoSuchAsk(crisis.Record, id));
        if (ask.Done is { } done)
            return Decision.Reject($"{id} was already marked done by {done.By.InSentence} {Ago(now - done.At)}; it stays on the record as done.");
        if (command.By != ask.By && command.By != crisis.Owner)
        {
            return Decision.Reject(ask.By == crisis.Owner
                ? $"Only the crisis owner {crisis.Owner.InSentence}, who asked {id}, can mark it done; ask them."
                : $"Only {ask.By.InSentence}, who asked {id}, or the crisis owner {crisis.Owner.InSentence} can mark it done; ask one of them.");
        }

        if (note is not null && TooLong("The note", note) is { } tooLong)
            return tooLong;

        return Decision.Accept(new CrisisEvent.CustomerAskDone(id, note, command.By, now));
    }

    public static Decision Park(Crisis crisis, ParkConcern command, DateTimeOffset now)
    {
        var concern = command.Concern.Trim();
        if (NotOpen(crisis) is { } closed)
            return closed;
        if (concern.Length == 0)
            return Decision.Reject("Say what to park for the debrief, e.g. `/crisis park Acme's CIO wants to know why monitoring missed this`.");
        if (TooLong("The concern", concern) is { } tooLong)
            return tooLong;

        return Decision.Accept(new CrisisEvent.ConcernParked(concern, command.By, now));
    }

    public static Decision Spend(Crisis crisis, SpendTime command, DateTimeOffset now)
    {
        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        if (NotOpen(crisis) is { } closed)
            return closed;
        if (command.Spent < TimeSpan.Zero)
            return Decision.Reject("Time spent cannot be negative: nothing is taken back from the record. Record the time as spent, e.g. `/crisis spent 1h30m`.");
        if (command.Spent < TimeSpan.FromMinutes(1))
            return Decision.Reject("That is no time at all: record at least a minute, e.g. `/crisis spent 45m`.");
        if (command.Spent > MaxTimeEntry)
        {
            return Decision.Reject(
                $"That is more than {DiagnosisRules.Minutes(MaxTimeEntry)} in one entry. Record each day's time on its own, e.g. `/crisis spent 8h`.");
        }

        if (note is not null && TooLong("The note", note) is { } tooLong)
            return tooLong;

        return Decision.Accept(new CrisisEvent.TimeSpent(command.Person ?? command.By, command.Spent, note, command.By, now));
    }

    /// <summary>
    /// Playbook §10: the warning the owner gets when <paramref name="ask"/> left more than <see cref="MaxOpenAsks"/> requests
    /// open; null when it did not.
    /// </summary>
    public static string? AskingTooMuch(Crisis crisis, CustomerAsk ask)
    {
        var open = crisis.Record.OpenWhenMade(ask);
        return open <= MaxOpenAsks
            ? null
            : $"{crisis.Owner.InSentence}, {open} requests to the customer are open with {ask.Id}: we are asking too much of them. "
                + $"They are busy with the impact inside their own company; take the heavy lifting: do what we can ourselves, "
                + "and mark done what we no longer need with `/crisis asked A1 done [note]`.";
    }

    /// <summary>
    /// The customer's name as the record has it, for the rooms' sentences about what we ask of them. The rules' own
    /// sentences say "the customer": they are read as mrkdwn, and the name is someone's typing.
    /// </summary>
    public static string Customer(Crisis crisis) => crisis.Customer ?? "the customer";

    private static string NoSuchAsk(CaseRecord record, AskId id) => record.Asks.Count switch
    {
        0 => $"There is no {id}: nothing has been asked of the customer in this crisis. Record a request with `/crisis ask <what we need> because <why>`.",
        1 => $"There is no {id}: this crisis has only A1.",
        var n => $"There is no {id}: this crisis has A1 to A{n}.",
    };

    private static string NoSuchQuestion(CaseRecord record, QuestionId id) => record.Questions.Count switch
    {
        0 => $"There is no {id}: this crisis has no questions yet. Ask one with `/crisis question <text>`.",
        1 => $"There is no {id}: this crisis has only Q1.",
        var n => $"There is no {id}: this crisis has Q1 to Q{n}.",
    };

    private static string Ago(TimeSpan span) => span < TimeSpan.FromMinutes(1) ? "just now" : $"{DiagnosisRules.Minutes(span)} ago";

    /// <summary>What we learn, ask and spend stays worth recording until the crisis is closed, while resolved too.</summary>
    private static Decision? NotOpen(Crisis crisis) => LifecycleRules.UntilClosed(crisis);

    private static Decision? TooLong(string what, string text) =>
        text.Length > MaxTextLength
            ? Decision.Reject($"{what} is {text.Length} characters; keep it under {MaxTextLength} and put the detail in the technical channel.")
            : null;
}
