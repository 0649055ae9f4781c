using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

public abstract partial record Interaction
{
    /// <summary>"Post the debrief" on the resolution post: does what <c>/crisis debrief</c> does. <paramref name="ResponseUrl"/> answers the clicker privately.</summary>
    public sealed record DebriefClicked(CrisisId Crisis, UserId User, string? ResponseUrl) : Interaction;
}
