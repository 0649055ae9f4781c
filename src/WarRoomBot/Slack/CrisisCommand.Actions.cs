using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

public abstract partial record CrisisCommand
{
    /// <summary><c>action &lt;what will be done&gt; owner @user due &lt;date&gt;</c>: a debrief action item (playbook §14).</summary>
    public sealed record Action(string Text, UserId Owner, TimeExpression Due) : CrisisCommand;

    /// <summary><c>done AI1 [note]</c>: an action item is done.</summary>
    public sealed record Done(ActionItemId Item, string? Note) : CrisisCommand;
}
