using System.Runtime.InteropServices;

namespace WarRoomBot;

/// <summary>
/// Ctrl+C, SIGTERM and SIGQUIT, heard from the program's first line, and the bot host's lifetime in place of the console
/// lifetime. The console lifetime hears them only once the host starts, and turns one that comes while the host starts
/// into a start cancelled half-way: an error with a stack trace, then an unhandled exception. Here a stop asked for before
/// or during start-up is kept: the program stops before starting, or stops the host in order once it has started.
/// </summary>
public sealed class StopSignal : IHostLifetime, IDisposable
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
}
