using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SlackEmulator;

/// <summary>
/// The real bot in its own process, configured through environment variables as in production, so its CPU time and
/// memory are measured alone rather than mixed with the load generator and the emulator; or the verify-only endpoint the
/// ack run compares it with, started the same way.
/// </summary>
internal sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BotProcess(Process process, int port, DateTimeOffset launched)
    {
        _process = process;
        Port = port;
        Launched = launched;
    }

    public int Port { get; }

    public DateTimeOffset Launched { get; }

    /// <summary>When the bot logged that Kestrel listens; hosted services (the deadline scheduler) have started by then.</summary>
    public DateTimeOffset Listening { get; private set; }

    /// <summary>The Release build the load runs start; null (with the reason printed) when it has not been built.</summary>
    public static string? FindDll()
    {
        var dll = Path.Combine(FindRepositoryRoot(), "src", "WarRoomBot", "bin", "Release", "net10.0", "WarRoomBot.dll");
        if (File.Exists(dll))
            return dll;
        Console.Error.WriteLine($"Build the bot first: dotnet build -c Release src/WarRoomBot ({dll} is missing).");
        return null;
    }

    /// <summary>Starts the bot on <paramref name="database"/> against the emulator and waits until it listens.</summary>
    /// <param name="database">The store's file (the default LiteDB store), whose folder is also the bot's working folder.</param>
    /// <param name="store">Storage settings that replace the file: another provider and its connection string.</param>
    public static Task<BotProcess> StartAsync(string dll, EmulatedSlack slack, string database, IReadOnlyDictionary<string, string>? store = null)
    {
        var start = new ProcessStartInfo("dotnet", [dll]) { WorkingDirectory = Path.GetDirectoryName(database) };
        start.Environment["Storage__ConnectionString"] = database;
        foreach (var (name, value) in store ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        return LaunchAsync(start, slack);
    }

    /// <summary>
    /// Starts the verify-only endpoint (<see cref="VerifyFloor"/>, in this program) as the bot is started, with the bot's
    /// own runtime settings (its server garbage collector above all) and the same variables, and waits until it listens:
    /// the floor's CPU per request is then measured exactly as the bot's.
    /// </summary>
    public static Task<BotProcess> StartFloorAsync(string botDll, EmulatedSlack slack)
    {
        var self = typeof(BotProcess).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", ["exec", "--runtimeconfig", Path.ChangeExtension(botDll, ".runtimeconfig.json"), self, VerifyFloor.Verb])
        {
            WorkingDirectory = Path.GetDirectoryName(self),
        };
        return LaunchAsync(start, slack);
    }

    private static async Task<BotProcess> LaunchAsync(ProcessStartInfo start, EmulatedSlack slack)
    {
        var port = FreePort();
        var launched = DateTimeOffset.UtcNow;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Slack__BotToken"] = slack.Settings.BotToken;
        start.Environment["Slack__SigningSecret"] = slack.Settings.SigningSecret;
        start.Environment["Slack__ApiBaseUrl"] = slack.ApiBaseUrl.AbsoluteUri;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        var process = Process.Start(start)!;
        var bot = new BotProcess(process, port, launched);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Now listening on", StringComparison.Ordinal) == true)
            {
                bot.Listening = DateTimeOffset.UtcNow;
                listening.TrySetResult();
            }
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} exited before it listened."));
        process.EnableRaisingEvents = true;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }
        return bot;
    }

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Each tiered compilation worker seen, by thread id, with its CPU time in clock ticks when last read.</summary>
    private readonly Dictionary<int, long> _compilers = [];

    /// <summary>
    /// The CPU time of the runtime's tiered compilation workers so far: the thread that recompiles hot methods at their
    /// higher tiers in the background (".NET Tiered Compilation Worker", which Linux cuts to 15 characters). A process
    /// whose hot code is compiled spends nothing more there. The worker ends after a few idle seconds and a new one starts
    /// when there is work again, so each one seen is remembered: what an ended worker spent after it was last read is lost,
    /// and it was idle. Read from /proc/PID/task/*/stat, in clock ticks of 10 ms (USER_HZ).
    /// </summary>
    public TimeSpan CompilerCpuTime
    {
        get
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{_process.Id}/task"))
            {
                string stat;
                try
                {
                    stat = File.ReadAllText(Path.Combine(task, "stat"));
                }
                catch (IOException)
                {
                    continue; // the thread ended between the listing and the read
                }

                var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                if (!name.StartsWith(".NET Tiered Com", StringComparison.Ordinal))
                    continue;
                // After the name: state, then fields 4 to 13, then utime and stime (fields 14 and 15 of proc(5)).
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                _compilers[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] =
                    long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }

            return TimeSpan.FromMilliseconds(_compilers.Values.Sum() * 10);
        }
    }

    /// <summary>Resident memory now (VmRSS), in bytes.</summary>
    public long WorkingSet => Status("VmRSS:");

    /// <summary>The most resident memory the process ever had (VmHWM), in bytes: the peak no sampling can miss.</summary>
    public long PeakWorkingSet => Status("VmHWM:");

    /// <summary>
    /// The bytes the process has sent to the disk so far (write_bytes of /proc/PID/io): what it dirtied in the page cache,
    /// each page once however often it was written before being flushed. For the bot on LiteDB, its log and checkpoints.
    /// </summary>
    public long DiskWrites => Number("write_bytes:", "io");

    /// <summary>The process's threads now.</summary>
    public long Threads => Number("Threads:");

    /// <summary>
    /// Stops the process as a service manager does, with SIGTERM: the host shuts down and disposes the store, which closes
    /// its file as an operator's restart would. Returns the exit code.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan patience)
    {
        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            await signal.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(patience);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    /// <summary>A "kB" line of /proc/PID/status; Linux only, which is where the load runs are made.</summary>
    private long Status(string field) => Number(field) * 1024;

    /// <summary>The number a line of /proc/PID/<paramref name="file"/> starts with, after its field's name.</summary>
    private long Number(string field, string file = "status")
    {
        var line = File.ReadLines($"/proc/{_process.Id}/{file}").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WarRoomBot.sln")))
                return dir.FullName;
        }

        throw new DirectoryNotFoundException("WarRoomBot.sln not found above the benchmark's folder.");
    }
}
