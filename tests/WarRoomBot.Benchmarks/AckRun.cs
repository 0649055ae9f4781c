using System.Diagnostics;
using System.Globalization;
using System.Net;
using SlackEmulator;

/// <summary>
/// Acknowledgement-path load run: signed /crisis requests over loopback against the real bot in its own process,
/// so the bot's CPU time is measured alone; and, in the same run and with the same load generator, against a
/// verify-only endpoint (<see cref="VerifyFloor"/>) in a process of its own, the floor the bot's CPU is compared with.
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

        // The floor and then the bot, one after the other so that neither takes cores from the other, each warmed up
        // alike and sent the same bodies by the same load generator: what differs is what the bot does beyond verifying.
        Measured floor;
        var verifier = await BotProcess.StartFloorAsync(dll, slack);
        await using (verifier)
            floor = await MeasureAsync(verifier, slack, warmup, requests, connections, verb);

        Measured measured;
        var bot = await BotProcess.StartAsync(dll, slack, database, store);
        await using (bot)
            measured = await MeasureAsync(bot, slack, warmup, requests, connections, verb);

        Console.WriteLine($"verb={verb} store={engine} requests={requests} connections={connections} cores={Environment.ProcessorCount} " +
            $"(each endpoint warmed up with {warmup} requests first)");
        Console.WriteLine("| endpoint | requests/s | p50 | p99 | max | CPU per request | CPU × floor |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        Console.WriteLine(Row("verify-only ASP.NET Core endpoint (the floor)", floor, floor));
        var command = verb == "open" ? "`/crisis open …` (write)" : "`/crisis help open` (read)";

        // The bot's process only: on PostgreSQL part of each write's work is the server's, which this run does not count.
        var counted = engine == "postgres" ? ", database server's CPU not counted" : "";
        Console.WriteLine(Row($"the bot, {command}, on {engine}{counted}", measured, floor));
        Console.WriteLine($"bot working set {measured.WorkingSet / (1024 * 1024)} MiB, floor {floor.WorkingSet / (1024 * 1024)} MiB");
        if (verb == "open")
        {
            var times = measured.CpuPerRequest / floor.CpuPerRequest;
            Console.WriteLine($"target (issue 10, `open` at 32 connections on LiteDB; this run: {engine}, {connections} connections): " +
                $"CPU per request under 4x the floor {Verdict(times < 4)} ({times:F1}x), p99 under 5 ms {Verdict(measured.P99 < 5)} ({measured.P99:F2} ms)");
        }

        data.Delete(recursive: true);
        return 0;
    }

    /// <summary>Warms <paramref name="endpoint"/> up, then sends the measured requests and takes its CPU time over them.</summary>
    private static async Task<Measured> MeasureAsync(BotProcess endpoint, EmulatedSlack slack, int warmup, int requests, int connections, string verb)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{endpoint.Port}"),
        };
        var sender = slack.SenderTo(http, TimeProvider.System);

        await SendAsync(sender, 0, warmup, connections, verb);
        var cpuBefore = endpoint.CpuTime;
        var clock = Stopwatch.StartNew();
        var latencies = await SendAsync(sender, warmup, requests, connections, verb);
        clock.Stop();
        var cpu = endpoint.CpuTime - cpuBefore;

        Array.Sort(latencies);
        return new Measured(requests / clock.Elapsed.TotalSeconds, Stats.Percentile(latencies, 0.50), Stats.Percentile(latencies, 0.99),
            latencies[^1], cpu.TotalMicroseconds / requests, endpoint.WorkingSet);
    }

    private static string Row(string endpoint, Measured m, Measured floor) =>
        string.Create(CultureInfo.InvariantCulture, $"| {endpoint} | {m.RequestsPerSecond:N0} | {m.P50:F2} ms | {m.P99:F2} ms | {m.Max:F2} ms | " +
            $"{m.CpuPerRequest:F1} µs | {m.CpuPerRequest / floor.CpuPerRequest:F1}x |");

    private static string Verdict(bool met) => met ? "MET" : "NOT MET";

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

    /// <summary>One endpoint's measured requests: latencies in milliseconds, CPU in microseconds per request.</summary>
    private sealed record Measured(double RequestsPerSecond, double P50, double P99, double Max, double CpuPerRequest, long WorkingSet);
}
