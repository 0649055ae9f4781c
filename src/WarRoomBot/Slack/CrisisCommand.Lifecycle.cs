namespace WarRoomBot.Slack;

public abstract partial record CrisisCommand
{
    /// <summary>
    /// <c>resolve &lt;what fixed it&gt; [abandon]</c> (playbook §13): resolved, awaiting the customer's acceptance.
    /// <paramref name="Abandon"/> records the deadlines still open as abandoned.
    /// </summary>
    public sealed record Resolve(string Fix, bool Abandon) : CrisisCommand;

    /// <summary><c>accepted [note]</c>: the customer acknowledged the fix; the follow-up is scheduled.</summary>
    public sealed record Accepted(string? Note) : CrisisCommand;

    /// <summary><c>reopen because &lt;why&gt;</c>: the problem came back; a missing reason is the rules' to refuse.</summary>
    public sealed record Reopen(string? Reason) : CrisisCommand;
}
