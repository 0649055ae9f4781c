namespace SlackEmulator;

public sealed record EmulatorSettings
{
    public string BotToken { get; init; } = "xoxb-emulator";
    public string SigningSecret { get; init; } = "emulator-signing-secret";

    /// <summary>The app-level token (connections:write) that <c>apps.connections.open</c> accepts.</summary>
    public string AppToken { get; init; } = "xapp-emulator";
    public string BotUserId { get; init; } = "UBOT";
    public string TeamId { get; init; } = "T0EMULATOR";
    public string Url { get; init; } = "http://127.0.0.1:0";

    /// <summary>
    /// Where the workspace is kept across restarts: loaded at start when the file exists, saved after every change.
    /// Null keeps it in memory only, as tests want.
    /// </summary>
    public string? StateFile { get; init; }

    /// <summary>Slack's limits on chat.postMessage, kept on the emulator's clock; null posts without limit.</summary>
    public PostingLimits? PostingLimits { get; init; } = new();

    /// <summary>Derived rather than configurable: tests only need them to be stable and distinct.</summary>
    internal string BotId => "B" + BotUserId.TrimStart('U', 'W');
    internal string AppId => "A0EMULATOR";
    internal string TeamDomain => "emulator";
}
