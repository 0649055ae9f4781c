namespace WarRoomBot.Crises;

public abstract partial record CrisisEvent
{
    /// <summary>
    /// Playbook §3: who owns the crisis, who accepted it, and the executive sponsor behind them. All of them are folded by
    /// <see cref="Ownership.Evolve"/>; a handover also moves <see cref="Crisis.Owner"/>.
    /// </summary>
    public abstract record AboutOwnership : CrisisEvent
    {
        private protected AboutOwnership()
        {
        }
    }

    /// <summary>
    /// Handover <paramref name="Handover"/> (1 for the first): <paramref name="By"/> gave the crisis from <paramref name="From"/>
    /// to <paramref name="To"/>, for <paramref name="Reason"/>. <paramref name="Phone"/> is the number the customer can call the
    /// new owner on when it was typed; otherwise it comes from their Slack profile.
    /// </summary>
    public sealed record OwnerHandedOver(int Handover, UserId From, UserId To, string? Phone, string Reason, UserId By, DateTimeOffset At) : AboutOwnership;

    /// <summary>The new owner of handover <paramref name="Handover"/> said "I own this".</summary>
    public sealed record OwnershipAccepted(int Handover, UserId By, DateTimeOffset At) : AboutOwnership;

    /// <summary>
    /// Handover <paramref name="Handover"/> was not accepted in time, so <paramref name="To"/> (the sponsor, or the opener
    /// when there is none) was asked to make sure the crisis has an owner.
    /// </summary>
    public sealed record OwnerAcceptanceEscalated(int Handover, UserId To, bool ToSponsor, DateTimeOffset At) : AboutOwnership;

    /// <summary>The owner gave the number the customer can call them on.</summary>
    public sealed record OwnerPhoneGiven(UserId Owner, string Phone, UserId By, DateTimeOffset At) : AboutOwnership;

    /// <summary>Playbook §3: the executive who backs the owner and is the bot's target when ownership needs escalating.</summary>
    public sealed record SponsorNamed(UserId Sponsor, UserId By, DateTimeOffset At) : AboutOwnership;
}

/// <summary>One handover of the crisis, and how it went since.</summary>
public sealed record Handover(int Number, UserId From, UserId To, string? Phone, string Reason, UserId By, DateTimeOffset At)
{
    public DateTimeOffset? AcceptedAt { get; init; }

    /// <summary>Whom the bot escalated to when the new owner did not accept in time.</summary>
    public UserId? EscalatedTo { get; init; }

    public bool IsAccepted => AcceptedAt is not null;
}

/// <summary>How long a new owner has to accept a handover before the sponsor (or opener) is asked to step in.</summary>
public sealed record OwnerPolicy(TimeSpan AcceptWithin)
{
    public static readonly OwnerPolicy Default = new(TimeSpan.FromMinutes(15));
}

/// <summary>
/// Playbook §3, one accountable owner, always: every handover with its reason and whether the new owner accepted it, the
/// phone the customer calls the owner on, and the executive sponsor. One part of <see cref="Crisis"/>, folded from
/// <see cref="CrisisEvent.AboutOwnership"/> events alone. Nothing in it is ever removed.
/// </summary>
public sealed record Ownership(UserId? Sponsor, UserId? SponsorNamedBy, string? OwnerPhone, ValueList<Handover> Handovers)
{
    public static readonly Ownership None = new(null, null, null, ValueList<Handover>.Empty);

    /// <summary>
    /// How many times the owner or the way to reach them changed; the rooms' topics and pinned kickoffs are brought up to date
    /// once for each, so the key of each refresh is unique.
    /// </summary>
    public int Revision { get; init; }

    public Ownership Evolve(CrisisEvent.AboutOwnership happened) => happened switch
    {
        CrisisEvent.OwnerHandedOver e => this with
        {
            OwnerPhone = e.Phone,
            Handovers = Handovers.Add(new Handover(e.Handover, e.From, e.To, e.Phone, e.Reason, e.By, e.At)),
            Revision = Revision + 1,
        },
        CrisisEvent.OwnershipAccepted e => WithHandover(e.Handover, h => h with { AcceptedAt = e.At }),
        CrisisEvent.OwnerAcceptanceEscalated e => WithHandover(e.Handover, h => h with { EscalatedTo = e.To }),
        CrisisEvent.OwnerPhoneGiven e => this with { OwnerPhone = e.Phone, Revision = Revision + 1 },
        CrisisEvent.SponsorNamed e => this with { Sponsor = e.Sponsor, SponsorNamedBy = e.By },
        _ => this,
    };

    public Handover? Handover(int number) => number >= 1 && number <= Handovers.Count ? Handovers[number - 1] : null;

    /// <summary>The latest handover while its new owner has not yet accepted it; null when the owner has.</summary>
    public Handover? AwaitingAcceptance => Handovers.Count > 0 && !Handovers[^1].IsAccepted ? Handovers[^1] : null;

    private Ownership WithHandover(int number, Func<Handover, Handover> change) =>
        this with { Handovers = new(Handovers.Select(h => h.Number == number ? change(h) : h)) };
}

public sealed partial record Crisis
{
    /// <summary>Playbook §3: handovers, acceptance, the owner's phone and the sponsor.</summary>
    public Ownership Ownership { get; init; } = Ownership.None;

    /// <summary>
    /// Keys of messages the publisher brought up to date in place that are not posts of its own (the kickoffs, the topics),
    /// so each refresh is made once.
    /// </summary>
    public ValueList<string> Refreshed { get; init; } = ValueList<string>.Empty;

    public bool WasRefreshed(string key) => Refreshed.Contains(key);

    private Crisis WithOwnership(CrisisEvent.AboutOwnership e) => e switch
    {
        CrisisEvent.OwnerHandedOver handover => this with { Owner = handover.To, Ownership = Ownership.Evolve(e) },
        _ => this with { Ownership = Ownership.Evolve(e) },
    };

    private Crisis WithUpdated(CrisisEvent.MessageUpdated e) => Posts.Any(p => p.Key == e.Key)
        ? this with { Posts = new(Posts.Select(p => p.Key == e.Key ? p with { Updated = true } : p)) }
        : this with { Refreshed = Refreshed.Add(e.Key) };
}
