using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

/// <summary>The text after <c>/crisis</c>, parsed once into what the person asked for (or why it cannot be done).</summary>
public abstract record CrisisCommand
{
    private CrisisCommand()
    {
    }

    /// <summary><c>open &lt;title&gt; [sev1..sev4] [customer: &lt;name&gt;] [owner: @user]</c>; a missing severity or owner is the policy's to fill.</summary>
    public sealed record Open(string Title, Severity? Severity, string? Customer, UserId? Owner) : CrisisCommand;

    /// <summary><c>open</c> with no title: the form asks for the rest.</summary>
    public sealed record OpenModal : CrisisCommand;

    /// <summary><c>help</c>, <c>help &lt;verb&gt;</c>, and empty text. <paramref name="Verb"/> is lower case and may not be a real verb.</summary>
    public sealed record Help(string? Verb) : CrisisCommand;

    /// <summary>A verb of the command grammar that is not built yet.</summary>
    public sealed record Coming(string Verb) : CrisisCommand;

    /// <summary>What was wrong, in words a person can act on, and the usage that would have worked.</summary>
    public sealed record Invalid(string Problem, string Usage) : CrisisCommand;
}
