using System.Diagnostics;
using System.Globalization;
using System.Net;
using SlackEmulator;

/// <summary>
/// Acknowledgement-path load run: signed /crisis requests over loopback against the real bot in its own process,
/// so the bot's CPU time is measured alone.
/// </summary>
internal static class AckRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var connections = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        var verb = args.Length > 2 ? args[2] : "open";
        var engine = args.Length > 3 ? args[3] : "litedb";
        var warmup = Math.Min(2_000, requests / 5);

        if (BotProcess.FindDll() is not { } dll)
            return 1;

        // Slack answers after an hour: the publisher parks on its first calls and spends no CPU, so what is measured is
        // the acknowledgement path alone (verify, parse, decide, append to the store, reply).
        await using var slack = await EmulatedSlack.StartAsync();
        slack.Faults.Latency = TimeSpan.FromHours(1);
        var data = Directory.CreateTempSubdirectory("warroom-bench-");
        var database = Path.Combine(data.FullName, "bench.litedb");
        await using var server = engine == "postgres" ? await BenchDatabase.CreateAsync() : null;
        IReadOnlyDictionary<string, string>? store = engine switch
        {
            "litedb" => null,
            "postgres" => new Dictionary<string, string> { ["Storage__Provider"] = "Postgres", ["Storage__ConnectionString"] = server!.ConnectionString },
            _ => throw new ArgumentException($"store must be litedb or postgres, not {engine}"),
        };
        var bot = await BotProcess.StartAsync(dll, slack, database, store);
        await using (bot)
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{bot.Port}"),
            };
            var sender = slack.SenderTo(http, TimeProvider.System);

            await SendAsync(sender, 0, warmup, connections, verb);
            var cpuBefore = bot.CpuTime;
            var clock = Stopwatch.StartNew();
            var latencies = await SendAsync(sender, warmup, requests, connections, verb);
            clock.Stop();
            var cpu = bot.CpuTime - cpuBefore;
            var memory = bot.WorkingSet;

            Array.Sort(latencies);
            Console.WriteLine($"verb={verb} store={engine} requests={requests} connections={connections} cores={Environment.ProcessorCount}");
            Console.WriteLine($"throughput: {requests / clock.Elapsed.TotalSeconds:F0} requests/s");
            Console.WriteLine($"latency: p50 {Stats.Percentile(latencies, 0.50):F2} ms, p99 {Stats.Percentile(latencies, 0.99):F2} ms, max {latencies[^1]:F2} ms");
            Console.WriteLine($"bot CPU per request: {cpu.TotalMicroseconds / requests:F0} µs (bot working set {memory / (1024 * 1024)} MiB)");
        }

        data.Delete(recursive: true);
        return 0;
    }

    /// <summary>
    /// Sends requests numbered from <paramref name="first"/>: every body differs, as Slack's do (each has its own
    /// trigger_id), so none is mistaken for a replay of another.
    /// </summary>
    private static async Task<double[]> SendAsync(SlackSender sender, int first, int count, int connections, string verb)
    {
        var latencies = new double[count];
        var next = -1;
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var k && k < count)
            {
                var i = first + k;
                var text = verb == "open" ? $"open Checkout freezes at store {i} sev1 customer: Acme Retail" : "help open";
                var body = $"token=x&team_id=T1&team_domain=acme&channel_id=C0GENERAL&channel_name=general&user_id=U0ALICE&user_name=alice&command=%2Fcrisis&text={Uri.EscapeDataString(text)}&api_app_id=A1&response_url=http%3A%2F%2F127.0.0.1%3A9%2Fr%2F{i}&trigger_id={i}.1.x";
                var started = Stopwatch.GetTimestamp();
                using var response = await sender.SendRawAsync("/slack/commands", body, "application/x-www-form-urlencoded");
                latencies[k] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                    Interlocked.Increment(ref failures);
            }
        }));
        if (failures > 0)
            throw new InvalidOperationException($"{failures} requests were not acknowledged with 200.");
        return latencies;
    }
}
