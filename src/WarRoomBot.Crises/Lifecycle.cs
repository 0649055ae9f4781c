namespace WarRoomBot.Crises;

/// <summary>Playbook §13: where a crisis stands in its life.</summary>
public enum Stage
{
    /// <summary>Being worked; also after a reopening.</summary>
    Open,

    /// <summary>Fixed on our side, awaiting the customer's acceptance; business updates continue at a slower cadence.</summary>
    Resolved,

    /// <summary>The customer accepted the fix; a follow-up is scheduled to check that it held.</summary>
    Accepted,

    /// <summary>Still fixed at the follow-up; the rooms are archived and the record is kept.</summary>
    Closed,
}

/// <summary>One resolution: what fixed it, who said so and when, and the deadlines it abandoned.</summary>
public sealed record Resolution(int Number, string Fix, ValueList<DeadlineId> Abandoned, UserId By, DateTimeOffset At)
{
    /// <summary>The customer's acceptance of this fix, once recorded.</summary>
    public Acceptance? Accepted { get; init; }

    /// <summary>The follow-up came due and the owner was asked.</summary>
    public bool FollowUpAsked { get; init; }
}

/// <summary>The customer's acceptance as recorded: by whom, when, their note, and when the follow-up is due.</summary>
public sealed record Acceptance(string? Note, DateTimeOffset FollowUpDue, UserId By, DateTimeOffset At);

/// <summary>A reopening: why, by whom, when.</summary>
public sealed record Reopening(int Number, string Reason, UserId By, DateTimeOffset At);

/// <summary>The close after the follow-up, with the customer's satisfaction, and whether the rooms are archived.</summary>
public sealed record Closure(int Satisfaction, string? Comment, bool ArchiveRooms, UserId By, DateTimeOffset At);

/// <summary>How long after the customer's acceptance the follow-up checks that the fix held.</summary>
public sealed record LifecyclePolicy(TimeSpan FollowUpAfter)
{
    public static readonly LifecyclePolicy Default = new(TimeSpan.FromDays(14));
}

/// <summary>
/// Playbook §13, "resolved means the customer says so; then follow up": the crisis's life as a state machine. Open →
/// Resolved (awaiting the customer) → Accepted (following up) → Closed; from Resolved or Accepted it may be Reopened, which
/// is Open again with every resolution and reopening kept. One part of <see cref="Crisis"/>, folded from
/// <see cref="CrisisEvent.AboutLifecycle"/> events alone.
/// </summary>
public sealed record Lifecycle(Stage Stage, ValueList<Resolution> Resolutions, ValueList<Reopening> Reopenings, Closure? Closure)
{
    public static readonly Lifecycle New = new(Stage.Open, ValueList<Resolution>.Empty, ValueList<Reopening>.Empty, null);

    /// <summary>The resolution in force: the latest, unless the crisis was reopened since.</summary>
    public Resolution? Current => Stage == Stage.Open || Resolutions.Count == 0 ? null : Resolutions[^1];

    /// <summary>Playbook §9 and §13: the business channel hears from us until the customer accepts the fix.</summary>
    public bool WantsBusinessUpdates => Stage is Stage.Open or Stage.Resolved;

    public Lifecycle Evolve(CrisisEvent.AboutLifecycle happened) => happened switch
    {
        CrisisEvent.Resolved e => this with
        {
            Stage = Stage.Resolved,
            Resolutions = Resolutions.Add(new Resolution(e.Number, e.Fix, e.Abandoned, e.By, e.At)),
        },
        CrisisEvent.FixAccepted e => WithResolution(e.Resolution, r => r with { Accepted = new Acceptance(e.Note, e.FollowUpDue, e.By, e.At) }) with { Stage = Stage.Accepted },
        CrisisEvent.FollowUpFellDue e => WithResolution(e.Resolution, r => r with { FollowUpAsked = true }),
        CrisisEvent.Reopened e => this with { Stage = Stage.Open, Reopenings = Reopenings.Add(new Reopening(e.Number, e.Reason, e.By, e.At)) },
        CrisisEvent.Closed e => this with { Stage = Stage.Closed, Closure = new Closure(e.Satisfaction, e.Comment, e.ArchiveRooms, e.By, e.At) },
        _ => this,
    };

    public Resolution? Resolution(int number) => number >= 1 && number <= Resolutions.Count ? Resolutions[number - 1] : null;

    private Lifecycle WithResolution(int number, Func<Resolution, Resolution> change) =>
        this with { Resolutions = new(Resolutions.Select(r => r.Number == number ? change(r) : r)) };
}

public sealed partial record Crisis
{
    /// <summary>Playbook §13: resolution, the customer's acceptance, the follow-up, closing and reopening.</summary>
    public Lifecycle Lifecycle { get; init; } = Lifecycle.New;

    /// <summary>
    /// A resolution abandons the deadlines still open: each stays on the record as withdrawn, with the fix as its reason, so
    /// the clock leaves it alone and it counts as neither kept nor missed. The business promise moves to the resolved
    /// cadence, or back to the severity's on a reopening.
    /// </summary>
    private Crisis WithLifecycle(CrisisEvent.AboutLifecycle e)
    {
        var crisis = this with { Lifecycle = Lifecycle.Evolve(e) };
        return e switch
        {
            CrisisEvent.Resolved resolved => resolved.Abandoned.Aggregate(crisis, (c, id) => c.WithDeadline(
                id, d => d with { Withdrawal = new Withdrawal($"abandoned when the crisis was resolved ({resolved.Fix})", resolved.By, resolved.At) })) with
            {
                Updates = crisis.Updates with { Next = resolved.Next, Reminded = false },
            },
            CrisisEvent.Reopened reopened => crisis with { Updates = crisis.Updates with { Next = reopened.Next, Reminded = false } },
            _ => crisis,
        };
    }
}
