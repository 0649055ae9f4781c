using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace WarRoomBot.Tests.Sandbox;

/// <summary>
/// The built bot run as its own process with <c>--sandbox</c>, as a person runs it: in a folder of its own (its content
/// root, where the sandbox keeps its data), on a free port, stopped with Ctrl+C (SIGINT).
/// </summary>
public sealed partial class SandboxProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder errors = new();
    private readonly TaskCompletionSource<Uri> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SandboxProcess(Process process) => this.process = process;

    /// <summary>The page's address, read from the console's one line.</summary>
    public Uri Page => ready.Task.Result;

    public string Output { get { lock (output) return output.ToString(); } }

    public string Errors { get { lock (errors) return errors.ToString(); } }

    public static async Task<SandboxProcess> StartAsync(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WarRoomBot.dll"));
        foreach (var argument in (string[])["--sandbox", "--Sandbox:Port=0", .. arguments])
            start.ArgumentList.Add(argument);

        // Nothing of the machine's own Slack set-up may reach the sandbox.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Slack__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);

        var running = new SandboxProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        running.process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            lock (running.output) running.output.AppendLine(line.Data);
            if (PageAddress().Match(line.Data) is { Success: true } found)
                running.ready.TrySetResult(new Uri(found.Groups[1].Value));
        };
        running.process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            lock (running.errors) running.errors.AppendLine(line.Data);
        };
        running.process.Exited += (_, _) => running.ready.TrySetException(new InvalidOperationException(
            $"The sandbox exited with {running.process.ExitCode} before it was ready:\n{running.Output}{running.Errors}"));
        running.process.Start();
        running.process.BeginOutputReadLine();
        running.process.BeginErrorReadLine();

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var _ = patience.Token.Register(() => running.ready.TrySetException(new TimeoutException($"The sandbox did not start:\n{running.Output}{running.Errors}")));
        try
        {
            await running.ready.Task;
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }

        return running;
    }

    /// <summary>Ctrl+C, then the exit code once the sandbox has stopped by itself.</summary>
    public async Task<int> StopAsync()
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-s", "INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                // What the sandbox was doing when it did not stop is the only clue to why.
                throw new TimeoutException($"The sandbox did not stop within 30 s of Ctrl+C:\n{Output}{Errors}");
            }
        }

        return process.ExitCode;
    }

    /// <summary>A crash: SIGKILL, no chance to save anything on the way out.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    [GeneratedRegex(@"WarRoomBot sandbox: open (http://\S+) ")]
    private static partial Regex PageAddress();
}
