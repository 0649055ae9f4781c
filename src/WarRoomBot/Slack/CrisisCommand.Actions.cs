using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

public abstract partial record CrisisCommand
{
    /// <summary>
    /// <c>action [#42] &lt;what will be done&gt; owner @user due &lt;date&gt;</c>: a debrief action item (playbook §14), on the crisis
    /// <paramref name="Crisis"/> names, or on the crisis whose channel it is typed in.
    /// </summary>
    public sealed record Action(string Text, UserId Owner, TimeExpression Due, CrisisId? Crisis = null) : CrisisCommand;

    /// <summary><c>done [#42] AI1 [note]</c>: an action item is done.</summary>
    public sealed record Done(ActionItemId Item, string? Note, CrisisId? Crisis = null) : CrisisCommand;
}
