using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

public abstract partial record Interaction
{
    /// <summary>
    /// A button on the owner's at-risk prompt (playbook §11): post the drafted update as it is, or edit it first.
    /// <paramref name="Episode"/> is the at-risk episode the prompt was about.
    /// </summary>
    public sealed record AtRiskClicked(bool PostAsIs, CrisisId Crisis, int Episode, UserId User, string? ResponseUrl, string TriggerId) : Interaction;
}
