using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

public abstract partial record CrisisCommand
{
    /// <summary>
    /// <c>impact users 1200 sites 300 of 410 loss 25000/h deal 2000000 scope global strategic reference</c> (playbook §1):
    /// each part optional, in any order; <paramref name="Given"/> holds the parts typed.
    /// </summary>
    public sealed record AssessImpact(Impact Given) : CrisisCommand;

    /// <summary><c>impact</c> with nothing after it: the form asks for the parts.</summary>
    public sealed record ImpactModal : CrisisCommand;

    /// <summary><c>severity sev1..sev4 [because &lt;reason&gt;]</c>; whether the reason is needed is the rules' to judge.</summary>
    public sealed record SetSeverity(Severity To, string? Reason, bool Anyway = false) : CrisisCommand;
}
