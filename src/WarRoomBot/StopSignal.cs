using System.Runtime.InteropServices;

namespace WarRoomBot;

/// <summary>
/// Ctrl+C, SIGTERM and SIGQUIT, heard from the program's first line, and the bot host's lifetime in place of the console
/// lifetime. The console lifetime hears them only once the host starts, and turns one that comes while the host starts
/// into a start cancelled half-way: an error with a stack trace, then an unhandled exception. Here a stop asked for before
/// or during start-up is kept: the program stops before starting, or stops the host in order once it has started.
/// </summary>
public sealed partial class StopSignal : IHostLifetime, IDisposable
{
    private readonly CancellationTokenSource requested = new();
    private readonly PosixSignalRegistration[] registrations;

    private StopSignal()
    {
        registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT }.Select(s => PosixSignalRegistration.Create(s, Stop))];
    }

    /// <summary>Cancelled once the process is asked to stop.</summary>
    public CancellationToken Requested => requested.Token;

    public static StopSignal Listen() => new();

    /// <summary>
    /// Logs when the host has started and when it begins to stop, as the console lifetime did: a service's log then says
    /// when the bot was ready and why it went away.
    /// </summary>
    public static void Announce(IHostApplicationLifetime lifetime, ILogger<StopSignal> log)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        lifetime.ApplicationStarted.Register(() => Log.Started(log));
        lifetime.ApplicationStopping.Register(() => Log.Stopping(log));
    }

    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        // The token source is not disposed: a signal may still be on its way to Stop, and without a timer it holds nothing.
        foreach (var registration in registrations)
            registration.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        // The process does not end here: it ends when the program returns, after the host has stopped and the store has
        // closed its file.
        context.Cancel = true;
        requested.Cancel();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "WarRoomBot is running; Ctrl+C or SIGTERM stops it")]
        public static partial void Started(ILogger logger);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Information,
            Message = "WarRoomBot is stopping: the writes under way are answered, then the store closes its file")]
        public static partial void Stopping(ILogger logger);
    }
}
