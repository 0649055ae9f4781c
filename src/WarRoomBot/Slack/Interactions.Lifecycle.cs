using System.Text.Json;
using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

public abstract partial record Interaction
{
    /// <summary>"Still fixed" or "It came back" on the follow-up of <paramref name="Resolution"/>, in the technical channel or a direct message.</summary>
    public sealed record FollowUpClicked(bool StillFixed, CrisisId Crisis, int Resolution, UserId User, string? ResponseUrl, string TriggerId) : Interaction;

    /// <summary>The satisfaction form was submitted; the form reads its own fields from <paramref name="Values"/>.</summary>
    public sealed record SatisfactionSubmitted(CrisisId Crisis, int Resolution, UserId User, JsonElement Values) : Interaction;
}
