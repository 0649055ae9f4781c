namespace WarRoomBot.Slack;

public abstract partial record CrisisCommand
{
    /// <summary>
    /// <c>target[!] &lt;time&gt; worst &lt;time&gt; because &lt;reason&gt;</c> (playbook §11): new expectations for the fix.
    /// <paramref name="Anyway"/> (<c>target!</c>) announces the reason past the wording check on purpose.
    /// </summary>
    public sealed record SetTarget(TimeExpression Target, TimeExpression Worst, string Reason, bool Anyway) : CrisisCommand;
}
