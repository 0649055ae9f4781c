namespace WarRoomBot.Crises;

/// <summary>Why the target was found at risk.</summary>
public enum AtRiskCause
{
    /// <summary>Most of the time from the report to the target is used (<see cref="ExpectationPolicy.AtRiskFraction"/>).</summary>
    MostOfTargetUsed,

    /// <summary>A diagnostic deadline was missed: the plan that was to reach the fix in time slipped.</summary>
    DeadlineMissed,
}

/// <summary>A target and a worst-case resolution time, as lengths of time from the report.</summary>
public sealed record ResolutionTimes(TimeSpan Target, TimeSpan Worst);

/// <summary>
/// Playbook §11: the target and worst case each severity promises by default, and how much of the time to the target may
/// be used before the owner is prompted to tell the business channel it is at risk.
/// </summary>
public sealed record ExpectationPolicy(ResolutionTimes Sev1, ResolutionTimes Sev2, ResolutionTimes Sev3, ResolutionTimes Sev4, double AtRiskFraction)
{
    public static readonly ExpectationPolicy Default = new(
        new(TimeSpan.FromHours(24), TimeSpan.FromHours(48)),
        new(TimeSpan.FromDays(3), TimeSpan.FromDays(5)),
        new(TimeSpan.FromDays(10), TimeSpan.FromDays(20)),
        new(TimeSpan.FromDays(30), TimeSpan.FromDays(60)),
        0.75);

    public ResolutionTimes For(Severity severity) => severity switch
    {
        Severity.Sev1 => Sev1,
        Severity.Sev2 => Sev2,
        Severity.Sev3 => Sev3,
        _ => Sev4,
    };
}

/// <summary>
/// The expectations in force: the target and worst case, and where they came from: a severity's defaults
/// (<paramref name="Severity"/>) or the owner's own (<paramref name="By"/> with <paramref name="Reason"/>).
/// <paramref name="AtRiskRaised"/> and <paramref name="WorstPassed"/> say whether this promise has had its bad news told,
/// so each is told once per promise: new expectations are a new promise.
/// </summary>
public sealed record Expected(
    DateTimeOffset Target,
    DateTimeOffset Worst,
    Severity? Severity,
    string? Reason,
    UserId? By,
    bool WordingOverridden,
    DateTimeOffset SetAt,
    bool AtRiskRaised = false,
    bool WorstPassed = false)
{
    public bool ByOwner => By is not null;
}

/// <summary>One time the owner was prompted that the target was at risk, with the update the bot drafted for them.</summary>
public sealed record AtRisk(int Episode, AtRiskCause Cause, DeadlineId? Deadline, DateTimeOffset Target, DateTimeOffset Worst, string Draft, DateTimeOffset At);

/// <summary>
/// The expectations part of <see cref="Crisis"/> (playbook §11): the promise in force, every promise the owner set, every
/// at-risk prompt and every worst case that passed. Folded from <see cref="CrisisEvent.AboutExpectations"/> alone; nothing
/// in it is removed.
/// </summary>
public sealed record Expectations(Expected? Current, ValueList<Expected> SetByOwner, ValueList<AtRisk> AtRisk, ValueList<CrisisEvent.WorstCasePassed> WorstPassed)
{
    public static readonly Expectations None = new(null, ValueList<Expected>.Empty, ValueList<AtRisk>.Empty, ValueList<CrisisEvent.WorstCasePassed>.Empty);

    public Expectations Evolve(CrisisEvent.AboutExpectations happened) => happened switch
    {
        CrisisEvent.ExpectationsDefaulted e => this with { Current = new Expected(e.Target, e.Worst, e.Severity, null, null, false, e.At) },
        CrisisEvent.ExpectationsSet e => WithOwners(new Expected(e.Target, e.Worst, null, e.Reason, e.By, e.WordingOverridden, e.At)),
        CrisisEvent.TargetAtRisk e => this with
        {
            Current = Current is null ? null : Current with { AtRiskRaised = true },
            AtRisk = AtRisk.Add(new AtRisk(e.Episode, e.Cause, e.Deadline, e.Target, e.Worst, e.Draft, e.At)),
        },
        CrisisEvent.WorstCasePassed e => this with
        {
            Current = Current is null ? null : Current with { WorstPassed = true },
            WorstPassed = WorstPassed.Add(e),
        },
        _ => this,
    };

    private Expectations WithOwners(Expected set) => this with { Current = set, SetByOwner = SetByOwner.Add(set) };

    public AtRisk? Episode(int number) => number >= 1 && number <= AtRisk.Count ? AtRisk[number - 1] : null;
}

public sealed partial record Crisis
{
    /// <summary>Playbook §11: the target and worst case in force, and the bad news told about them.</summary>
    public Expectations Expectations { get; init; } = Expectations.None;
}
