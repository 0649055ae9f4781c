namespace WarRoomBot.Slack.Api;

/// <summary>
/// The <c>Slack:Pacing</c> section: how fast the bot lets chat.postMessage go, per channel and across the workspace,
/// so that it stays inside Slack's limits instead of finding them by 429.
/// </summary>
public sealed class PacingOptions
{
    public const string Section = "Slack:Pacing";

    /// <summary>
    /// Posts one channel may take at once before the steady one per second applies. Slack allows "short bursts" over
    /// its one message per second per channel without saying how long; three lets a due notice, a reminder and a
    /// pointer that fall together go at once, and stays short enough that Slack displays them all.
    /// </summary>
    public int Burst { get; set; } = 3;

    /// <summary>
    /// Posts per second across every channel of the workspace, in the long run. Slack documents "a workspace-wide
    /// limit" for chat.postMessage without a number (api.slack.com/apis/rate-limits, Special tier), so this is a
    /// ceiling the bot sets itself, sized to the load it is built for: 1,000 open crises whose 10,000 deadlines fall
    /// due within one minute need about 170 posts a second, and 200 leaves room for the business channels' digests
    /// while holding a runaway (a loop posting to thousands of channels) to a rate a person could still read back.
    /// A workspace whose Slack answers 429 sooner is still served: the bot waits as long as Retry-After says, and
    /// this can be set lower.
    /// </summary>
    public int WorkspacePerSecond { get; set; } = 200;

    /// <summary>Posts the workspace may take at once, across channels, before <see cref="WorkspacePerSecond"/> applies: one second's worth.</summary>
    public int WorkspaceBurst { get; set; } = 200;
}
