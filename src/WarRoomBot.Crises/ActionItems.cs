namespace WarRoomBot.Crises;

/// <summary>Who closed an action item, when, and what they noted.</summary>
public sealed record ActionClosure(string? Note, UserId By, DateTimeOffset At);

/// <summary>Playbook §14: a lesson turned into work, with the one person who owns it and when it is due.</summary>
public sealed record ActionItem(ActionItemId Id, string Text, UserId Owner, DateTimeOffset Due, UserId By, DateTimeOffset At)
{
    public ActionClosure? Done { get; init; }

    /// <summary>When the due time came with the item still open, and its owner was reminded.</summary>
    public DateTimeOffset? FellDueAt { get; init; }

    public bool IsOpen => Done is null;

    public bool IsOverdue(DateTimeOffset now) => IsOpen && now >= Due;
}

/// <summary>
/// The debrief's action items (playbook §14): one part of <see cref="Crisis"/>, folded from
/// <see cref="CrisisEvent.AboutActions"/> events alone. Nothing in it is removed; a done item stays on the record as done.
/// </summary>
public sealed record ActionItems(ValueList<ActionItem> Items)
{
    public static readonly ActionItems None = new(ValueList<ActionItem>.Empty);

    public ActionItems Evolve(CrisisEvent.AboutActions happened) => happened switch
    {
        CrisisEvent.ActionItemRecorded e => new(ValueList.Of([.. Items, new ActionItem(e.Item, e.Text, e.Owner, e.Due, e.By, e.At)])),
        CrisisEvent.ActionItemDone e => With(e.Item, i => i with { Done = new ActionClosure(e.Note, e.By, e.At) }),
        CrisisEvent.ActionItemFellDue e => With(e.Item, i => i with { FellDueAt = e.At }),
        _ => this,
    };

    public ActionItemId Next => new(Items.Count + 1);

    public ActionItem? Item(ActionItemId id) => id.Number >= 1 && id.Number <= Items.Count ? Items[id.Number - 1] : null;

    /// <summary>The items still open, soonest due first.</summary>
    public IEnumerable<ActionItem> Open => Items.Where(i => i.IsOpen).OrderBy(i => i.Due).ThenBy(i => i.Id.Number);

    private ActionItems With(ActionItemId id, Func<ActionItem, ActionItem> change) => new(ValueList.Of(Items.Select(i => i.Id == id ? change(i) : i)));
}
