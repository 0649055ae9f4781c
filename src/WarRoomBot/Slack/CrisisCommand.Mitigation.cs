namespace WarRoomBot.Slack;

public abstract partial record CrisisCommand
{
    /// <summary>
    /// <c>mitigated[!] &lt;what relieves the pain now&gt;</c> (issue 15). <paramref name="Anyway"/> (<c>mitigated!</c>) announces
    /// it past the wording check on purpose.
    /// </summary>
    public sealed record Mitigated(string How, bool Anyway) : CrisisCommand;

    /// <summary><c>unmitigated[!] because &lt;why&gt;</c>: the relief failed; a missing reason is the rules' to refuse.</summary>
    public sealed record Unmitigated(string Why, bool Anyway) : CrisisCommand;
}
