namespace WarRoomBot.Crises;

/// <summary>A mitigation that failed: why, who said so and when.</summary>
public sealed record MitigationFailure(string Why, NextUpdate Next, bool WordingOverridden, UserId By, DateTimeOffset At);

/// <summary>One mitigation on the record, the next business update it left promised, and its failure when it failed.</summary>
public sealed record MitigationEntry(int Number, string How, NextUpdate Next, bool WordingOverridden, UserId By, DateTimeOffset At, MitigationFailure? Failed = null)
{
    public bool Holds => Failed is null;
}

/// <summary>
/// The mitigation part of <see cref="Crisis"/> (issue 15): every relief of the customer's pain, in order, each with its
/// failure when it failed. Nothing is removed: a failed mitigation stays on the record beside the next one.
/// </summary>
public sealed record Mitigation(ValueList<MitigationEntry> Entries)
{
    public static readonly Mitigation None = new(ValueList<MitigationEntry>.Empty);

    /// <summary>The mitigation relieving the pain now, or null.</summary>
    public MitigationEntry? Current => Entries.Count > 0 && Entries[^1].Holds ? Entries[^1] : null;

    public bool IsMitigated => Current is not null;

    public MitigationEntry? First => Entries.Count > 0 ? Entries[0] : null;

    public MitigationEntry? Entry(int number) => number >= 1 && number <= Entries.Count ? Entries[number - 1] : null;

    /// <summary>Each change carries the next business update, decided with it, so the fold needs no policy.</summary>
    public static Crisis Evolve(Crisis crisis, CrisisEvent.AboutMitigation happened) => happened switch
    {
        CrisisEvent.Mitigated e => crisis with
        {
            Mitigation = crisis.Mitigation with { Entries = crisis.Mitigation.Entries.Add(new MitigationEntry(e.Number, e.How, e.Next, e.WordingOverridden, e.By, e.At)) },
            Updates = crisis.Updates with { Next = e.Next, Reminded = crisis.Updates.Reminded && e.Next.Due == crisis.Updates.Next.Due },
        },
        CrisisEvent.MitigationFailed e => crisis with
        {
            Mitigation = crisis.Mitigation with { Entries = new(crisis.Mitigation.Entries.Select(m => m.Number == e.Number ? m with { Failed = new(e.Why, e.Next, e.WordingOverridden, e.By, e.At) } : m)) },
            Updates = crisis.Updates with { Next = e.Next, Reminded = crisis.Updates.Reminded && e.Next.Due == crisis.Updates.Next.Due },
        },
        _ => crisis,
    };
}
