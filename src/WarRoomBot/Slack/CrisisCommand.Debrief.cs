using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

public abstract partial record CrisisCommand
{
    /// <summary>
    /// <c>debrief [#42]</c>: post the debrief document, written from the record, to the crisis's technical channel (playbook
    /// §14); the crisis <paramref name="Crisis"/> names, or the one whose channel it is typed in.
    /// </summary>
    public sealed record Debrief(CrisisId? Crisis = null) : CrisisCommand;
}
