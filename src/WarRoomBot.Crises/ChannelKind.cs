namespace WarRoomBot.Crises;

/// <summary>
/// Playbook §4: every crisis has a technical room for engineers and a business room for executives. The headline is
/// the one channel, shared by every crisis, where leaders read each open crisis in one post kept up to date.
/// </summary>
public enum ChannelKind
{
    Technical,
    Business,
    Headline,
}
