namespace WarRoomBot.Crises;

/// <summary>One entry of the customer's context, with who put it on the record and when.</summary>
public sealed record ContextEntry(int Number, string Text, bool AtOpening, UserId By, DateTimeOffset At);

/// <summary>
/// The customer's context part of <see cref="Crisis"/> (issue 15, playbook §1): what brought the crisis to the customer's
/// attention and why it hurts them, in their words. Entries are only added; earlier ones stay.
/// </summary>
public sealed record CustomerContext(ValueList<ContextEntry> Entries)
{
    public static readonly CustomerContext None = new(ValueList<ContextEntry>.Empty);

    public bool IsEmpty => Entries.Count == 0;

    public int NextNumber => Entries.Count + 1;

    /// <summary>How many entries were added after the opening: each one is a change the pinned business kickoff must show.</summary>
    public int Revision => Entries.Count(e => !e.AtOpening);

    public CustomerContext Evolve(CrisisEvent.AboutContext happened) => happened switch
    {
        CrisisEvent.ContextAdded e => this with { Entries = Entries.Add(new ContextEntry(e.Number, e.Text, e.AtOpening, e.By, e.At)) },
        _ => this,
    };
}
