using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Api;

namespace WarRoomBot.Tests.Slack.Api;

/// <summary>A SlackApi wired to a scripted Slack and clocks the test controls.</summary>
internal sealed class SlackApiHarness
{
    public const string Token = "xoxb-test-token";

    public SlackApiHarness()
    {
        var state = new SlackApiState(Clock, Logs) { AttemptClock = AttemptClock };
        var http = new HttpClient(Slack) { BaseAddress = new Uri("https://slack.test/api/") };
        Api = new SlackApi(http, Options.Create(new SlackOptions { BotToken = Token }), state);
    }

    public ScriptedSlackHandler Slack { get; } = new();

    public AutoAdvancingTimeProvider Clock { get; } = new();

    public ExpiringTimeProvider AttemptClock { get; } = new();

    public RecordingLogger Logs { get; } = new();

    public ISlackApi Api { get; }

    /// <summary>A response that never comes: the attempt's 10 s timeout expires while Slack is silent.</summary>
    public async Task<HttpResponseMessage> NoAnswer(CancellationToken ct)
    {
        AttemptClock.ExpireAll();
        await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        throw new InvalidOperationException("unreachable");
    }
}

internal sealed class RecordingLogger : ILogger<SlackApi>
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate)
        {
            _lines.Add($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
