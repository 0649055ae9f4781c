using WarRoomBot.Slack.Api;

namespace WarRoomBot.Slack;

/// <summary>
/// <c>auth.test</c> at start-up, so an operator hears about a wrong token at once, in one line, instead of from the first
/// room that never appears. A token Slack refuses stops the bot: nothing it records could reach Slack. A Slack that
/// cannot be reached does not: every command is kept in the timeline and the publisher catches up, so the check goes on
/// in the background until Slack answers.
/// </summary>
internal sealed partial class SlackTokenCheck(
    ISlackApi slack,
    IHostApplicationLifetime lifetime,
    [FromKeyedServices(SlackApiState.ClockKey)] TimeProvider slackTime,
    ILogger<SlackTokenCheck> logger) : BackgroundService
{
    /// <summary>How long start-up waits for Slack's answer before going on without it.</summary>
    public static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(3);

    /// <summary>How long the background check waits between rounds; each round has the API client's own retries inside.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(30);

    // Slack's answers that are about the token itself (Slack's common errors on every method).
    private static readonly HashSet<string> TokenErrors = new(StringComparer.Ordinal)
    {
        "not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type",
        "no_permission", "team_access_not_granted", "ekm_access_denied", "org_login_required",
    };

    private volatile bool answered;

    /// <summary>Slack refused the token after start-up, so the bot stopped; the process should exit with an error.</summary>
    public bool RefusedAfterStart { get; private set; }

    /// <summary>
    /// Asks Slack once, waiting at most <see cref="StartupWait"/>. Null when Slack accepted the token or could not be
    /// reached (logged; the background check goes on); otherwise the one line that stops start-up.
    /// </summary>
    public async Task<string?> RefusalAsync(CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(StartupWait);
        try
        {
            return await CheckAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Log.Unreachable(logger, "no answer yet", RetryInterval);
            return null;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!answered)
        {
            await Task.Delay(RetryInterval, slackTime, stoppingToken);
            if (await CheckAsync(stoppingToken) is { } refused)
            {
                Log.RefusedAfterStart(logger, refused);
                RefusedAfterStart = true;
                lifetime.StopApplication();
            }
        }
    }

    /// <summary>Null when Slack accepted the token or could not be reached; otherwise what Slack refused, for the operator.</summary>
    private async Task<string?> CheckAsync(CancellationToken ct)
    {
        try
        {
            var me = await slack.WhoAmIAsync(ct);
            answered = true;
            Log.Accepted(logger, me.Value);
            return null;
        }
        catch (SlackApiException e) when (e.IsTransient)
        {
            Log.Unreachable(logger, e.Error, RetryInterval);
            return null;
        }
        catch (SlackApiException e)
        {
            answered = true;
            return TokenErrors.Contains(e.Error)
                ? $"Slack refused Slack:BotToken ({e.Error}). Set it (environment variable Slack__BotToken) to the app's Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page."
                : $"Slack auth.test answered {e.Error}, so Slack:BotToken could not be checked. Check Slack:ApiBaseUrl and Slack:BotToken.";
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Slack accepted Slack:BotToken; the bot is user {BotUser}")]
        public static partial void Accepted(ILogger logger, string botUser);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
            Message = "Slack could not be reached to check Slack:BotToken ({Error}); running anyway, commands are kept and carried to Slack when it answers, checking again every {Interval}")]
        public static partial void Unreachable(ILogger logger, string error, TimeSpan interval);

        [LoggerMessage(EventId = 3003, Level = LogLevel.Critical, Message = "WarRoomBot is stopping: {Refusal}")]
        public static partial void RefusedAfterStart(ILogger logger, string refusal);
    }
}
