namespace WarRoomBot.Crises;

/// <summary>Playbook §1: how far the pain reaches, from one place to every place the customer works.</summary>
public enum ImpactScope
{
    Local,
    Regional,
    National,
    Global,
}

/// <summary>
/// Playbook §1: the customer's pain as numbers and facts: people and sites affected, money lost per hour, a deal at stake,
/// how far it reaches, and how important the customer is (a strategic account, a public reference). Every part is
/// optional; null (or false, for the flags) means not recorded.
/// </summary>
public sealed record Impact(
    int? Users = null,
    int? Sites = null,
    int? SitesTotal = null,
    decimal? LossPerHour = null,
    decimal? Deal = null,
    ImpactScope? Scope = null,
    bool Strategic = false,
    bool Reference = false)
{
    public static readonly Impact None = new();

    public bool IsEmpty => this == None;

    /// <summary>
    /// This impact with the parts <paramref name="given"/> names laid over it: a later assessment corrects the numbers it
    /// gives and keeps the rest. A customer once marked strategic or a reference stays so: how important the customer is
    /// does not change within a crisis.
    /// </summary>
    public Impact With(Impact given) => new(
        given.Users ?? Users,
        given.Sites ?? Sites,
        given.Sites is null ? SitesTotal : given.SitesTotal,
        given.LossPerHour ?? LossPerHour,
        given.Deal ?? Deal,
        given.Scope ?? Scope,
        Strategic || given.Strategic,
        Reference || given.Reference);
}

/// <summary>
/// A severity change on the record: from what, to what, why, what the impact suggested then, and the next business
/// update it left promised.
/// </summary>
/// <summary>One severity change as the record keeps it; <paramref name="WordingOverridden"/> when its reason was posted past the wording check.</summary>
public sealed record SeverityChange(
    Severity From, Severity To, string? Reason, Severity? Suggested, int? Score, NextUpdate Next, UserId By, DateTimeOffset At, bool WordingOverridden = false);

/// <summary>
/// The triage part of <see cref="Crisis"/> (playbook §1): the impact as recorded so far, who last assessed it and when,
/// and every severity change. Folded from <see cref="CrisisEvent.Triaged"/> events alone; nothing in it is removed.
/// </summary>
public sealed record TriageRecord(Impact Impact, UserId? AssessedBy, DateTimeOffset? AssessedAt, ValueList<SeverityChange> Changes)
{
    public static readonly TriageRecord Empty = new(Impact.None, null, null, ValueList<SeverityChange>.Empty);

    public bool IsAssessed => AssessedAt is not null;

    /// <summary>
    /// A severity change moves the crisis's severity and its standing promise of the next business update, decided with
    /// the change and carried on the event, so the fold needs no policy.
    /// </summary>
    public static Crisis Evolve(Crisis crisis, CrisisEvent.Triaged happened) => happened switch
    {
        CrisisEvent.ImpactAssessed e => crisis with
        {
            Triage = crisis.Triage with { Impact = crisis.Triage.Impact.With(e.Impact), AssessedBy = e.By, AssessedAt = e.At },
        },
        CrisisEvent.SeverityChanged e => crisis with
        {
            Severity = e.To,
            Triage = crisis.Triage with
            {
                Changes = crisis.Triage.Changes.Add(new SeverityChange(e.From, e.To, e.Reason, e.Suggested, e.Score, e.Next, e.By, e.At, e.WordingOverridden)),
            },

            // A reminder already sent for the same time still stands; a promise moved earlier is reminded of anew.
            Updates = crisis.Updates with { Next = e.Next, Reminded = crisis.Updates.Reminded && e.Next.Due == crisis.Updates.Next.Due },
        },
        _ => crisis,
    };
}
