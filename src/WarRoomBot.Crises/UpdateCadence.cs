namespace WarRoomBot.Crises;

/// <summary>Playbook §9: how often the business channel hears from us, by severity, so every update time has a reason.</summary>
public sealed record UpdateCadence(TimeSpan Sev1, TimeSpan Sev2, TimeSpan Sev3, TimeSpan Sev4)
{
    public static readonly UpdateCadence Default = new(
        TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(24));

    public TimeSpan For(Severity severity) => severity switch
    {
        Severity.Sev1 => Sev1,
        Severity.Sev2 => Sev2,
        Severity.Sev3 => Sev3,
        _ => Sev4,
    };
}
