namespace WarRoomBot.Slack.SocketMode;

/// <summary>The <c>Slack:SocketMode</c> configuration section: how the bot keeps its Socket Mode connection alive.</summary>
public sealed class SocketModeOptions
{
    public const string Section = "Slack:SocketMode";

    /// <summary>How often the bot pings Slack over the connection when nothing else is sent.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A connection whose pong has not come back within this long is silent, and is replaced.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a new connection may take to say <c>hello</c> before it is given up and another is opened.</summary>
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the bot waits before connecting again after Slack said it has too many connections.</summary>
    public TimeSpan TooManyConnectionsBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts while Slack cannot be reached; the wait doubles from one second up to this.</summary>
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromMinutes(1);
}
