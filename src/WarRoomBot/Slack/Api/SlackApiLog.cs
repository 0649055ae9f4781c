using Microsoft.Extensions.Logging;

namespace WarRoomBot.Slack.Api;

internal static partial class SlackApiLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Slack {Method} rate limited on attempt {Attempt}; waiting {Wait} as told by Slack")]
    public static partial void RateLimited(ILogger logger, string method, int attempt, TimeSpan wait);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Slack {Method} failed transiently with {Error} on attempt {Attempt}; retrying in {Wait}")]
    public static partial void Retrying(ILogger logger, string method, string? error, int attempt, TimeSpan wait);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error,
        Message = "Slack {Method} gave up with {Error} after retries")]
    public static partial void GaveUp(ILogger logger, string method, string? error);

    // Debug: callers decide what an error means; some (already_in_channel, name_taken) are routine.
    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug,
        Message = "Slack {Method} answered {Error}")]
    public static partial void Failed(ILogger logger, string method, string? error);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information,
        Message = "Slack {Method} succeeded with warning {Warning}")]
    public static partial void Warned(ILogger logger, string method, string warning);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning,
        Message = "Slack {Method} may have been carried out but its answer was lost ({Error}); not repeated")]
    public static partial void AnswerLost(ILogger logger, string method, string? error);
}
