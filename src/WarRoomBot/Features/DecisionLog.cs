using System.Globalization;
using WarRoomBot.Crises;

namespace WarRoomBot.Features;

/// <summary>
/// One structured line per recorded decision, for operators: the crisis, what was decided, by whom, and the version it
/// made. Ids, event names and times only: titles, statements, plans and notes are people's words and stay in the timeline.
/// </summary>
internal static partial class DecisionLog
{
    public static void Recorded(ILogger logger, CrisisId crisis, IReadOnlyList<CrisisEvent> events, int version)
    {
        // Composing the line costs more than the append's own bookkeeping; skip it where operators turned it off.
        if (logger.IsEnabled(LogLevel.Information))
            Decided(logger, crisis.Number, string.Join(", ", events.Select(Describe)), By(events), version);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Crisis {Crisis} recorded {Decision} by {By} at version {Version}")]
    private static partial void Decided(ILogger logger, int crisis, string decision, string by, int version);

    private static string Describe(CrisisEvent happened) => happened switch
    {
        CrisisEvent.Opened e => $"Opened {e.Severity.Label()} owner {e.Owner}",
        CrisisEvent.TheoryProposed e => $"TheoryProposed {e.Theory}",
        CrisisEvent.DeadlineSet e => $"DeadlineSet {e.Deadline} due {Stamp(e.Due)}"
            + (e.Theory is { } theory ? $" for {theory}" : "")
            + (e.Extends is { } extended ? $" extending {extended}" : ""),
        CrisisEvent.OutcomeRecorded e => $"OutcomeRecorded {e.Deadline} {e.Outcome}",
        CrisisEvent.DeadlineApproaching e => $"DeadlineApproaching {e.Deadline}",
        CrisisEvent.DeadlineFellDue e => $"DeadlineFellDue {e.Deadline}",
        CrisisEvent.DeadlineMissed e => $"DeadlineMissed {e.Deadline}",
        CrisisEvent.TheoryWithdrawn e => $"TheoryWithdrawn {e.Theory}",
        CrisisEvent.DeadlineWithdrawn e => $"DeadlineWithdrawn {e.Deadline}",
        CrisisEvent.BusinessUpdateGiven e => $"BusinessUpdateGiven U{e.Number} {e.Kind} next {Stamp(e.Next.Due)} ({e.Next.Cause})"
            + (e.WordingOverridden ? " past the wording check" : ""),
        CrisisEvent.UpdateApproaching e => $"UpdateApproaching due {Stamp(e.Due)}",
        CrisisEvent.FactRecorded e => $"FactRecorded {e.Fact}",
        CrisisEvent.QuestionAsked e => $"QuestionAsked {e.Question}",
        CrisisEvent.QuestionAnswered e => $"QuestionAnswered {e.Question}",
        CrisisEvent.CustomerAsked e => $"CustomerAsked {e.Ask}" + (e.WordingOverridden ? " past the wording check" : ""),
        CrisisEvent.CustomerAskDone e => $"CustomerAskDone {e.Ask}",
        CrisisEvent.TimeSpent e => $"TimeSpent {(int)e.Spent.TotalMinutes}m for {e.Person}",
        CrisisEvent.SeverityChanged e => $"SeverityChanged {e.From.Label()} to {e.To.Label()} next {Stamp(e.Next.Due)} ({e.Next.Cause})"
            + (e.Suggested is { } suggested && suggested != e.To ? $" against the suggested {suggested.Label()}" : "")
            + (e.WordingOverridden ? " past the wording check" : ""),
        CrisisEvent.ActionItemRecorded e => $"ActionItemRecorded {e.Item} owner {e.Owner} due {Stamp(e.Due)}",
        CrisisEvent.ActionItemDone e => $"ActionItemDone {e.Item}",
        CrisisEvent.ActionItemFellDue e => $"ActionItemFellDue {e.Item}",
        _ => happened.GetType().Name,
    };

    /// <summary>The person behind the decision: events a person causes name them in <c>By</c>; the clock's name nobody.</summary>
    private static string By(IReadOnlyList<CrisisEvent> events) =>
        events.Select(e => e is CrisisEvent.Opened opened ? opened.OpenedBy : e.GetType().GetProperty("By")?.GetValue(e) as UserId?)
            .FirstOrDefault(by => by is not null)?.Value ?? "the crisis clock";

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
