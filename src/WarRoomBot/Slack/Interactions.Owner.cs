using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

public abstract partial record Interaction
{
    /// <summary>"I own this" on a handover post. <paramref name="ResponseUrl"/> answers the clicker privately.</summary>
    public sealed record OwnershipAccepted(CrisisId Crisis, int Handover, UserId User, string? ResponseUrl) : Interaction;
}
