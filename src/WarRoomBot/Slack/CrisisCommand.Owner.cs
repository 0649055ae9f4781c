using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

public abstract partial record CrisisCommand
{
    /// <summary>
    /// <c>owner @user [phone &lt;number&gt;] because &lt;reason&gt;</c> (playbook §3); a missing reason is the rules' to refuse, so the
    /// refusal reads the same however the command arrived.
    /// </summary>
    public sealed record HandOver(UserId To, string? Phone, string? Reason) : CrisisCommand;

    /// <summary><c>sponsor @user</c>: the executive sponsor.</summary>
    public sealed record Sponsor(UserId Person) : CrisisCommand;
}
