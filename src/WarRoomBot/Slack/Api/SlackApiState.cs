using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using WarRoomBot.Crises;

namespace WarRoomBot.Slack.Api;

/// <summary>
/// Everything that must outlive one <see cref="SlackApi"/>: the typed HttpClient makes SlackApi transient, but
/// per-channel pacing only works if every instance shares the same gates, and the retry pipeline and the bot's
/// own user id are worth building and fetching once.
/// </summary>
internal sealed class SlackApiState
{
    /// <summary>Retries after 5xx, timeouts and cut connections: 0.5 s, 1 s, 2 s, 4 s, 8 s with jitter.</summary>
    public const int MaxTransientRetries = 5;

    private static readonly ResiliencePropertyKey<string> MethodKey = new("slack.method");
    private static readonly ResiliencePropertyKey<RetryBudget> BudgetKey = new("slack.retries");

    // Codes Slack documents on every method for trouble on its side; the same request may well succeed later.
    private static readonly HashSet<string> TransientErrors = new(StringComparer.Ordinal)
    {
        "internal_error", "fatal_error", "service_unavailable", "request_timeout",
    };

    private string? _botUser;

    /// <summary>
    /// DI key of the clock Slack's waits run on (Retry-After, backoff, the pace of posts). It is
    /// Slack's real time, kept apart from the crisis clock so tests can drive deadlines with a fake clock while
    /// the Slack edge still paces itself as Slack requires.
    /// </summary>
    public const string ClockKey = "slack";

    public SlackApiState(TimeProvider time, ILogger<SlackApi> logger)
        : this(time, logger, Options.Create(new PacingOptions()))
    {
    }

    [Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructor]
    public SlackApiState([Microsoft.Extensions.DependencyInjection.FromKeyedServices(ClockKey)] TimeProvider time, ILogger<SlackApi> logger,
        IOptions<PacingOptions> pacing)
    {
        Time = time;
        Logger = logger;
        Pacer = new ChannelPacer(time, pacing.Value);
        Pipeline = BuildPipeline(time, logger);
    }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    public ChannelPacer Pacer { get; }

    public ResiliencePipeline<Attempt> Pipeline { get; }

    /// <summary>Bounds one HTTP exchange; the caller's own token bounds the whole call, retries included.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Clock for the per-attempt timeout. Deliberately not <see cref="Time"/>: a test clock that is advanced to
    /// skip a backoff must not also expire the request that is in flight.
    /// </summary>
    public TimeProvider AttemptClock { get; init; } = TimeProvider.System;

    /// <summary>Cached after the first auth.test; the token's user cannot change while the process runs.</summary>
    public UserId? BotUser
    {
        get => Volatile.Read(ref _botUser) is { } id ? new UserId(id) : null;
        set => Volatile.Write(ref _botUser, value?.Value);
    }

    public static bool IsTransient(string error) => TransientErrors.Contains(error);

    public async Task<Attempt> ExecuteAsync(string method, RetryBudget budget, Func<CancellationToken, Task<Attempt>> attempt, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        try
        {
            context.Properties.Set(MethodKey, method);
            context.Properties.Set(BudgetKey, budget);
            return await Pipeline.ExecuteAsync(
                static async (ctx, send) => await send(ctx.CancellationToken).ConfigureAwait(false),
                context,
                attempt).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static ResiliencePipeline<Attempt> BuildPipeline(TimeProvider time, ILogger logger)
    {
        return new ResiliencePipelineBuilder<Attempt> { TimeProvider = time }
            // Outer: a rate limit is Slack telling us when to come back, not a failure, so it gets its own
            // generous budget and waits exactly as long as Retry-After says.
            .AddRetry(new RetryStrategyOptions<Attempt>
            {
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result?.Kind == AttemptKind.RateLimited),
                MaxRetryAttempts = 10,
                DelayGenerator = static args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Result!.RetryAfter),
                OnRetry = args =>
                {
                    SlackApiLog.RateLimited(logger, MethodOf(args.Context), args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            // Inner: 5xx, timeouts, unreachable and Slack's own transient codes back off exponentially with
            // jitter (0.5 s, 1 s, 2 s, 4 s, 8 s), six attempts in all. A call that may have been carried out is
            // repeated only if repeating it is harmless; otherwise the caller looks for its result first.
            .AddRetry(new RetryStrategyOptions<Attempt>
            {
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Result is { Kind: AttemptKind.Transient } failed
                    && args.Context.Properties.GetValue(BudgetKey, RetryBudget.Default) is var budget
                    && (budget.Repeatable || !failed.MayHaveApplied)
                    && args.AttemptNumber < budget.TransientRetries),
                MaxRetryAttempts = MaxTransientRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = TimeSpan.FromSeconds(8),
                OnRetry = args =>
                {
                    SlackApiLog.Retrying(logger, MethodOf(args.Context), args.Outcome.Result?.Error, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    private static string MethodOf(ResilienceContext context) => context.Properties.GetValue(MethodKey, "unknown");
}

/// <summary>How a call may be retried after a transient failure: whether repeating it is harmless, and how often.</summary>
internal sealed record RetryBudget(bool Repeatable, int TransientRetries)
{
    public static readonly RetryBudget Default = new(true, SlackApiState.MaxTransientRetries);
}
