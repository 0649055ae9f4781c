namespace WarRoomBot.Crises;

/// <summary>Whose words a business update carries.</summary>
public enum UpdateKind
{
    /// <summary>The bot's digest, composed from the record at the moment it is posted.</summary>
    Digest,

    /// <summary>The owner's own words (<c>/crisis update … next … because …</c>).</summary>
    Owner,
}

/// <summary>What chose the time of the next business update (playbook §9: the reason is always stated).</summary>
public enum NextUpdateCause
{
    /// <summary>The severity's cadence.</summary>
    Cadence,

    /// <summary>An open deadline falls due before the cadence time, and its outcome is news.</summary>
    Deadline,

    /// <summary>The owner named the time and said why.</summary>
    Owner,

    /// <summary>
    /// The severity changed after the time was promised under the old cadence; the promise stands because the new cadence
    /// would come later, and the business channel is never told later than promised. <see cref="NextUpdate.Cadence"/> is
    /// the new severity's.
    /// </summary>
    Promised,

    /// <summary>Playbook §13: the crisis is resolved and awaits the customer's confirmation; updates come at the slower <see cref="UpdatePolicy.WhileResolved"/>.</summary>
    Resolved,

    /// <summary>Issue 15: the customer's pain is relieved while the fix goes on; updates come at the slower <see cref="UpdatePolicy.Mitigated"/>.</summary>
    Mitigated,
}

/// <summary>
/// When the business channel hears from us next, and why then (playbook §9). <paramref name="Cadence"/> is the cadence
/// in force when it was decided, so the stated reason stays what it was even if the policy changes later;
/// <paramref name="Deadline"/> is set for <see cref="NextUpdateCause.Deadline"/>, <paramref name="Reason"/> (the owner's
/// words) for <see cref="NextUpdateCause.Owner"/>. <paramref name="SetAt"/> is when the promise was made.
/// </summary>
public sealed record NextUpdate(DateTimeOffset Due, NextUpdateCause Cause, TimeSpan Cadence, DeadlineId? Deadline, string? Reason, DateTimeOffset SetAt);

/// <summary>
/// One update the business channel was given, in order (U1 is <c>Number</c> 1). <paramref name="WasDue"/> is the time
/// the previous promise named, so the debrief can say whether it was kept; <paramref name="Next"/> is the new promise.
/// <paramref name="WordingOverridden"/> records that the author posted past the wording check on purpose.
/// </summary>
public sealed record BusinessUpdate(
    int Number,
    UpdateKind Kind,
    string? Text,
    UserId? By,
    bool WordingOverridden,
    DateTimeOffset WasDue,
    NextUpdate Next,
    DateTimeOffset At)
{
    /// <summary>
    /// Sent by the clock, and reaching Slack at <paramref name="postedAt"/>, more than <paramref name="tolerance"/> after
    /// the time it was promised for (the bot was down, or Slack was): the post says so. An update someone asked for is
    /// never late; it came early.
    /// </summary>
    public bool IsLate(DateTimeOffset postedAt, TimeSpan tolerance) => By is null && postedAt - WasDue > tolerance;
}

/// <summary>Playbook §9 and §11: the rhythm of business updates and the limits on the owner's own timing.</summary>
public sealed record UpdatePolicy(
    UpdateCadence Cadence,
    TimeSpan ReminderLead,
    TimeSpan OutcomeMargin,
    int MaxCadences,
    TimeSpan MaxAhead)
{
    public static readonly UpdatePolicy Default = new(UpdateCadence.Default, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5), 4, TimeSpan.FromDays(1));

    /// <summary>Playbook §13: the cadence while a resolved crisis awaits the customer's acceptance, whatever its severity.</summary>
    public TimeSpan WhileResolved { get; init; } = TimeSpan.FromHours(4);

    /// <summary>Issue 15: the cadence while the customer's pain is relieved and the fix goes on; null for the next severity's.</summary>
    public UpdateCadence? WhileMitigated { get; init; }

    /// <summary>
    /// How often a mitigated crisis of <paramref name="severity"/> is updated: <see cref="WhileMitigated"/> when set, else the
    /// next severity's cadence (sev1 is updated as sev2 is), since the pain that set the rhythm is relieved; sev4 keeps its own.
    /// </summary>
    public TimeSpan Mitigated(Severity severity) => WhileMitigated?.For(severity) ?? severity switch
    {
        Severity.Sev1 => Cadence.Sev2,
        Severity.Sev2 => Cadence.Sev3,
        _ => Cadence.Sev4,
    };

    /// <summary>
    /// The latest an owner may put the next update: four cadences or a day out, whichever comes first, but never less
    /// than one cadence (a daily sev4 can still say "tomorrow").
    /// </summary>
    public TimeSpan LongestWait(Severity severity)
    {
        var cadence = Cadence.For(severity);
        var cap = TimeSpan.FromTicks(Math.Min(cadence.Ticks * MaxCadences, MaxAhead.Ticks));
        return cap < cadence ? cadence : cap;
    }
}

/// <summary>The business-update part of a crisis: the standing promise and every update given so far.</summary>
public sealed record BusinessUpdates(NextUpdate Next, ValueList<BusinessUpdate> Given, bool Reminded)
{
    public static readonly BusinessUpdates None = new(
        new NextUpdate(default, NextUpdateCause.Cadence, default, null, null, default), ValueList<BusinessUpdate>.Empty, false);

    public BusinessUpdate? Last => Given.Count == 0 ? null : Given[^1];

    public int NextNumber => Given.Count + 1;
}
