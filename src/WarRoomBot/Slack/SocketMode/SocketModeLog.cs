namespace WarRoomBot.Slack.SocketMode;

internal static partial class SocketModeLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Socket Mode connection {Connection} to Slack is open")]
    public static partial void Connected(ILogger logger, int connection);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Slack asked Socket Mode connection {Connection} to go ({Reason}); opening its replacement before closing it")]
    public static partial void Refreshing(ILogger logger, int connection, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Socket Mode connection {Connection} ended without being asked to (dropped, or its pings went unanswered); opening another")]
    public static partial void Lost(ILogger logger, int connection);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Slack has too many Socket Mode connections for this app; closed connection {Connection}, connecting again in {Wait}")]
    public static partial void TooMany(ILogger logger, int connection, TimeSpan wait);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Critical, Message = "Socket Mode stopped: {Reason}")]
    public static partial void Stopped(ILogger logger, string reason);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "Could not connect to Slack over Socket Mode ({Problem}); trying again in {Wait}")]
    public static partial void CannotConnect(ILogger logger, string problem, TimeSpan wait);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Information, Message = "Slack delivered {Type} envelope {EnvelopeId} again (retry {RetryAttempt}, {RetryReason}); already handled, acknowledged only")]
    public static partial void Redelivered(ILogger logger, string type, string envelopeId, string retryAttempt, string retryReason);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Information, Message = "Event {EventId} was delivered again in a new envelope; already handled, acknowledged only")]
    public static partial void EventRedelivered(ILogger logger, string eventId);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Information, Message = "Acknowledged a {Type} envelope Slack could not have sent: {Reason}")]
    public static partial void NotSlacks(ILogger logger, string type, string reason);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Warning, Message = "A frame on Socket Mode connection {Connection} is not JSON; ignored")]
    public static partial void NotJson(ILogger logger, int connection);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Warning, Message = "A frame on Socket Mode connection {Connection} has no envelope_id, so it cannot be acknowledged; ignored")]
    public static partial void NoEnvelopeId(ILogger logger, int connection);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Warning, Message = "Socket Mode connection {Connection} went down before an acknowledgement left; Slack delivers the envelope again")]
    public static partial void AckLost(ILogger logger, int connection);

    [LoggerMessage(EventId = 3113, Level = LogLevel.Error, Message = "Unexpected failure handling a Slack envelope (ref {Reference})")]
    public static partial void Unexpected(ILogger logger, string reference, Exception e);
}
