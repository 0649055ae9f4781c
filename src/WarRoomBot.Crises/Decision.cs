using System.Collections.Immutable;

namespace WarRoomBot.Crises;

/// <summary>What the rules decided: events to append, or the reason a person will read.</summary>
public sealed record Decision(ImmutableArray<CrisisEvent> Events, string? RejectedBecause)
{
    public static Decision Accept(params CrisisEvent[] events) => new([.. events], null);

    public static Decision Reject(string because) => new([], because);
}
