using System.Collections.Immutable;

namespace WarRoomBot.Crises;

/// <summary>An action item: what will be done, the one person who owns it, and when it is due.</summary>
public sealed record RecordAction(string Text, UserId Owner, DateTimeOffset Due, UserId By);

/// <summary>An action item is done, with what was done or where to find it.</summary>
public sealed record CloseAction(ActionItemId Item, string? Note, UserId By);

/// <summary>
/// Playbook §14, debrief and learn: lessons become action items (process, documentation, tests, product features), each
/// with one owner and a due date, so a lesson is not lost once the crisis is over. Anyone in the crisis's channels records
/// an action item or marks one done: the debrief is everyone's, and the owner named on the item answers for it. Action
/// items outlive the crisis itself, so the rules ask only that the crisis was opened. Nothing is edited or removed: an
/// item is done once, and stays on the record as done.
/// </summary>
public static class ActionRules
{
    /// <summary>Longer is a plan, not an action item; the detail belongs in the tracker the item points to.</summary>
    public const int MaxTextLength = 500;

    /// <summary>An item further out than this is a wish; break it into steps with nearer dates.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(366);

    private const string Example = "`/crisis action add an alert on price cache misses owner @dave due friday 17:00`";

    public static Decision Record(Crisis crisis, RecordAction command, DateTimeOffset now)
    {
        var text = command.Text.Trim();
        if (NotOpen(crisis) is { } closed)
            return closed;
        if (text.Length == 0)
            return Decision.Reject($"The action item is missing: say what will be done before `owner`, e.g. {Example}.");
        if (text.Length > MaxTextLength)
            return Decision.Reject($"The action item is {text.Length} characters; keep it under {MaxTextLength} and link to the detail.");

        // Playbook §3 and §14: work without one named owner is nobody's work.
        if (!command.Owner.IsWellFormed)
            return Decision.Reject($"An action item needs one owner who is a Slack user, e.g. {Example}.");
        if (command.Due <= now)
            return Decision.Reject($"An action item cannot be due in the past: give a time still ahead, e.g. {Example}.");
        if (command.Due > now + MaxAhead)
            return Decision.Reject("That is more than a year away. Give a nearer due date and break a long piece of work into steps that each have their own.");

        return Decision.Accept(new CrisisEvent.ActionItemRecorded(crisis.Actions.Next, text, command.Owner, command.Due, command.By, now));
    }

    public static Decision Done(Crisis crisis, CloseAction command, DateTimeOffset now)
    {
        var id = command.Item;
        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        if (NotOpen(crisis) is { } closed)
            return closed;
        if (crisis.Actions.Item(id) is not { } item)
            return Decision.Reject(NoSuchItem(crisis.Actions, id));
        if (item.Done is { } done)
            return Decision.Reject($"{id} was already marked done by {done.By.InSentence} {Ago(now - done.At)}; it stays on the record as done.");
        if (note is { Length: > MaxTextLength })
            return Decision.Reject($"The note is {note.Length} characters; keep it under {MaxTextLength} and link to the detail.");

        return Decision.Accept(new CrisisEvent.ActionItemDone(id, note, command.By, now));
    }

    private static string NoSuchItem(ActionItems actions, ActionItemId id) => actions.Items.Count switch
    {
        0 => $"There is no {id}: this crisis has no action items yet. Record one with `/crisis action <what will be done> owner @user due <date>`.",
        1 => $"There is no {id}: this crisis has only AI1.",
        var n => $"There is no {id}: this crisis has AI1 to AI{n}.",
    };

    private static string Ago(TimeSpan span) => span < TimeSpan.FromMinutes(1) ? "just now" : $"{DiagnosisRules.Minutes(span)} ago";

    private static Decision? NotOpen(Crisis crisis) =>
        crisis.IsOpened ? null : Decision.Reject("That crisis has not been opened.");
}

/// <summary>
/// What the passing of time does to action items: an open item whose due time has come is recorded as fallen due, once,
/// so its owner is reminded once; a restart or a late tick finds it on the timeline and does not remind again.
/// </summary>
public static class ActionClock
{
    public static ImmutableArray<CrisisEvent> Tick(Crisis crisis, DateTimeOffset now) =>
        [.. crisis.Actions.Items
            .Where(i => i.IsOpen && i.FellDueAt is null && now >= i.Due)
            .Select(i => new CrisisEvent.ActionItemFellDue(i.Id, now))];

    public static DateTimeOffset? NextWake(Crisis crisis) =>
        crisis.Actions.Items.Where(i => i.IsOpen && i.FellDueAt is null).Select(i => (DateTimeOffset?)i.Due).Min();
}
