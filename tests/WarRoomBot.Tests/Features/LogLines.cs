using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WarRoomBot.Tests.Features;

/// <summary>Every line the bot logs, as an operator would read it: level, category and the formatted message.</summary>
public sealed class LogLines : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> lines = new();

    public IReadOnlyList<LogLine> All => [.. lines];

    /// <summary>Adds this collector to the bot's loggers, next to the ones it already has.</summary>
    public void AddTo(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(this);

    public IReadOnlyList<LogLine> Containing(string text) => [.. lines.Where(l => l.Message.Contains(text, StringComparison.Ordinal))];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogLines owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.lines.Enqueue(new LogLine(logLevel, category, formatter(state, exception)));
    }
}

public sealed record LogLine(LogLevel Level, string Category, string Message);
