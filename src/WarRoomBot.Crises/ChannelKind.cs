namespace WarRoomBot.Crises;

/// <summary>Playbook §4: every crisis has a technical room for engineers and a business room for executives.</summary>
public enum ChannelKind
{
    Technical,
    Business,
}
