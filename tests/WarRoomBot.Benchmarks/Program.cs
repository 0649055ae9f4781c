using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SlackEmulator;

// Acknowledgement-path load run: signed /crisis requests over loopback against the real bot in its own process,
// so the bot's CPU time is measured alone. Usage:
//   dotnet run -c Release --project tests/WarRoomBot.Benchmarks -- [requests=20000] [connections=32] [verb=open|help]
var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var connections = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
var verb = args.Length > 2 ? args[2] : "open";
var warmup = Math.Min(2_000, requests / 5);

var root = FindRepositoryRoot();
var botDll = Path.Combine(root, "src", "WarRoomBot", "bin", "Release", "net10.0", "WarRoomBot.dll");
if (!File.Exists(botDll))
{
    Console.Error.WriteLine($"Build the bot first: dotnet build -c Release src/WarRoomBot ({botDll} is missing).");
    return 1;
}

// Slack answers after an hour: the publisher parks on its first calls and spends no CPU, so what is measured is
// the acknowledgement path alone (verify, parse, decide, append to SQLite, reply).
await using var slack = await EmulatedSlack.StartAsync();
slack.Faults.Latency = TimeSpan.FromHours(1);
var data = Directory.CreateTempSubdirectory("warroom-bench-");
var port = FreePort();

using var bot = Process.Start(new ProcessStartInfo("dotnet", [botDll])
{
    WorkingDirectory = data.FullName,
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    Environment =
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        ["Slack__BotToken"] = slack.Settings.BotToken,
        ["Slack__SigningSecret"] = slack.Settings.SigningSecret,
        ["Slack__ApiBaseUrl"] = slack.ApiBaseUrl.AbsoluteUri,
        ["Storage__ConnectionString"] = $"Data Source={Path.Combine(data.FullName, "bench.db")}",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging__Console__FormatterName"] = "simple",
    },
})!;
var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
bot.OutputDataReceived += (_, e) =>
{
    if (e.Data?.Contains("Now listening on", StringComparison.Ordinal) == true)
        listening.TrySetResult();
};
bot.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The bot exited before it listened."));
bot.EnableRaisingEvents = true;
bot.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
bot.BeginOutputReadLine();
bot.BeginErrorReadLine();

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{
    BaseAddress = new Uri($"http://127.0.0.1:{port}"),
};
await listening.Task.WaitAsync(TimeSpan.FromMinutes(1));
var sender = slack.SenderTo(http, TimeProvider.System);

await RunAsync(warmup);
bot.Refresh();
var cpuBefore = bot.TotalProcessorTime;
var clock = Stopwatch.StartNew();
var latencies = await RunAsync(requests);
clock.Stop();
bot.Refresh();
var cpu = bot.TotalProcessorTime - cpuBefore;
var memory = bot.WorkingSet64;

Array.Sort(latencies);
Console.WriteLine($"verb={verb} requests={requests} connections={connections} cores={Environment.ProcessorCount}");
Console.WriteLine($"throughput: {requests / clock.Elapsed.TotalSeconds:F0} requests/s");
Console.WriteLine($"latency: p50 {Percentile(latencies, 0.50):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, max {latencies[^1]:F2} ms");
Console.WriteLine($"bot CPU per request: {cpu.TotalMicroseconds / requests:F0} µs (bot working set {memory / (1024 * 1024)} MiB)");

bot.Kill(entireProcessTree: true);
await bot.WaitForExitAsync();
data.Delete(recursive: true);
return 0;

async Task<double[]> RunAsync(int count)
{
    var latencies = new double[count];
    var next = -1;
    var failures = 0;
    await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) is var i && i < count)
        {
            var text = verb == "open" ? $"open Checkout freezes at store {i} sev1 customer: Acme Retail" : "help open";
            var body = $"token=x&team_id=T1&team_domain=acme&channel_id=C0GENERAL&channel_name=general&user_id=U0ALICE&user_name=alice&command=%2Fcrisis&text={Uri.EscapeDataString(text)}&api_app_id=A1&response_url=http%3A%2F%2F127.0.0.1%3A9%2Fr%2F{i}&trigger_id={i}.1.x";
            var started = Stopwatch.GetTimestamp();
            using var response = await sender.SendRawAsync("/slack/commands", body, "application/x-www-form-urlencoded");
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
                Interlocked.Increment(ref failures);
        }
    }));
    if (failures > 0)
        throw new InvalidOperationException($"{failures} requests were not acknowledged with 200.");
    return latencies;
}

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "WarRoomBot.sln")))
            return dir.FullName;
    }

    throw new DirectoryNotFoundException("WarRoomBot.sln not found above the benchmark's folder.");
}
