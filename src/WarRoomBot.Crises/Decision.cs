using System.Collections.Immutable;

namespace WarRoomBot.Crises;

/// <summary>
/// What the rules decided: events to append, or the reason a person will read. When the refusal is that a deadline
/// already has its outcome, <see cref="AlreadyRecorded"/> carries who recorded it and when, so the edge can name
/// them in the reader's own time zone.
/// </summary>
public sealed record Decision(ImmutableArray<CrisisEvent> Events, string? RejectedBecause)
{
    public DeadlineOutcome? AlreadyRecorded { get; init; }

    public bool IsAccepted => RejectedBecause is null;

    public static Decision Accept(params CrisisEvent[] events) => new([.. events], null);

    public static Decision Reject(string because) => new([], because);
}
