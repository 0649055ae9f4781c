namespace WarRoomBot.Slack;

public abstract partial record CrisisCommand
{
    /// <summary><c>debrief</c>: post the debrief document, written from the record, to the crisis's technical channel (playbook §14).</summary>
    public sealed record Debrief : CrisisCommand;
}
