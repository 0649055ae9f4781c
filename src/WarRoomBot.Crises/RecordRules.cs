namespace WarRoomBot.Crises;

/// <summary>A fact and how we know it; a missing source is the rules' to refuse.</summary>
public sealed record RecordFact(string Statement, string? Source, UserId By);

/// <summary>A question to track until someone answers it.</summary>
public sealed record AskQuestion(string Text, UserId By);

/// <summary>The answer to an open question, and how we know it.</summary>
public sealed record AnswerQuestion(QuestionId Question, string Answer, string? Source, UserId By);

/// <summary>
/// The crisis record beside the diagnosis. Playbook §7: close every gap in understanding, so a fact is recorded with how
/// we know it, and a question stays open until it has an answer with its source.
/// <para>
/// Who records: anyone in the crisis's channels (the edge checks where a command was typed). Nothing here is edited or
/// removed: a question gets one answer, and what is learnt later is a new fact.
/// </para>
/// </summary>
public static class RecordRules
{
    /// <summary>A fact, question or answer longer than this is a report; it belongs in the technical channel.</summary>
    public const int MaxTextLength = 500;

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

    public static Decision Ask(Crisis crisis, AskQuestion command, DateTimeOffset now)
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
                $"{id} was already answered by {earlier.By.InSentence} {Ago(now - earlier.At)}: \"{earlier.Text}\" (source: {earlier.Source}). "
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

    private static string NoSuchQuestion(CaseRecord record, QuestionId id) => record.Questions.Count switch
    {
        0 => $"There is no {id}: this crisis has no questions yet. Ask one with `/crisis question <text>`.",
        1 => $"There is no {id}: this crisis has only Q1.",
        var n => $"There is no {id}: this crisis has Q1 to Q{n}.",
    };

    private static string Ago(TimeSpan span) => span < TimeSpan.FromMinutes(1) ? "just now" : $"{DiagnosisRules.Minutes(span)} ago";

    private static Decision? NotOpen(Crisis crisis) =>
        crisis.IsOpened ? null : Decision.Reject("That crisis has not been opened.");

    private static Decision? TooLong(string what, string text) =>
        text.Length > MaxTextLength
            ? Decision.Reject($"{what} is {text.Length} characters; keep it under {MaxTextLength} and put the detail in the technical channel.")
            : null;
}
