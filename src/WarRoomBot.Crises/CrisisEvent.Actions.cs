namespace WarRoomBot.Crises;

public abstract partial record CrisisEvent
{
    /// <summary>
    /// Playbook §14: lessons turned into action items, each with one owner and a due date. All of them are folded by
    /// <see cref="ActionItems.Evolve"/>.
    /// </summary>
    public abstract record AboutActions : CrisisEvent
    {
        private protected AboutActions()
        {
        }
    }

    /// <summary><paramref name="By"/> recorded action item <paramref name="Item"/>, owned by <paramref name="Owner"/> and due at <paramref name="Due"/>.</summary>
    public sealed record ActionItemRecorded(ActionItemId Item, string Text, UserId Owner, DateTimeOffset Due, UserId By, DateTimeOffset At) : AboutActions;

    /// <summary>The action item is done, as <paramref name="By"/> recorded it, with what they noted.</summary>
    public sealed record ActionItemDone(ActionItemId Item, string? Note, UserId By, DateTimeOffset At) : AboutActions;

    /// <summary>The action item's due time came while it was still open; its owner is reminded once.</summary>
    public sealed record ActionItemFellDue(ActionItemId Item, DateTimeOffset At) : AboutActions;
}
