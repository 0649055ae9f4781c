namespace WarRoomBot.Slack.Publishing;

/// <summary>
/// How much the publisher does at once and how much it keeps in memory, whatever the number of crises Slack is behind on.
/// Fixed in production; tests narrow them to watch the order work is taken in.
/// </summary>
public sealed class PublisherLimits
{
    /// <summary>
    /// Crises whose rooms are published at once. A crisis whose channel must wait for its turn gives its place up
    /// meanwhile, so the slots only wait on Slack's answers.
    /// </summary>
    public int Workers { get; set; } = 64;

    /// <summary>
    /// Headline runs at once. Every crisis's headline goes to the one shared channel at Slack's pace, so more would only
    /// wait there.
    /// </summary>
    public int HeadlineWorkers { get; set; } = 4;

    /// <summary>Crises each lane holds in memory, ready or waiting for a channel's turn; the rest wait in the store.</summary>
    public int Queued { get; set; } = 1024;
}
