using System.Diagnostics;
using System.Globalization;
using SlackEmulator;

/// <summary>
/// The same /crisis commands sent to the real bot in its own process over HTTP and over Socket Mode, one after the other
/// with the same warm-up and concurrency: commands per second and the time from sending to the reply (the HTTP answer, or
/// the acknowledgement's payload).
/// </summary>
internal static class SocketRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        var verb = args.Length > 2 ? args[2] : "help";
        var warmup = Math.Min(1_000, requests / 5);
        if (BotProcess.FindDll() is not { } dll)
            return 1;

        // As in the ack run, Slack's Web API answers after an hour, so only the command path is measured.
        await using var slack = await EmulatedSlack.StartAsync();
        slack.Faults.Latency = TimeSpan.FromHours(1);
        var data = Directory.CreateTempSubdirectory("warroom-bench-");
        var bot = await BotProcess.StartAsync(dll, slack, Path.Combine(data.FullName, "bench.litedb"),
            new Dictionary<string, string> { ["Slack__AppToken"] = slack.Settings.AppToken });
        await using (bot)
        {
            using var connected = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await slack.SocketMode.WaitUntilAsync(s => s.Open.Count > 0, connected.Token);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri($"http://127.0.0.1:{bot.Port}") };
            var overHttp = slack.SenderTo(http, TimeProvider.System);
            var overSocket = slack.SenderOverSocketMode(TimeProvider.System);

            Console.WriteLine($"verb={verb} requests={requests} concurrency={concurrency} cores={Environment.ProcessorCount} (each warmed up with {warmup} first; HTTP first, then Socket Mode, same bot)");
            Console.WriteLine("| transport | commands/s | p50 | p99 | max |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var (name, sender) in new[] { ("HTTP", overHttp), ("Socket Mode", overSocket) })
            {
                await SendAsync(sender, 0, warmup, concurrency, verb);
                var clock = Stopwatch.StartNew();
                var latencies = await SendAsync(sender, warmup, requests, concurrency, verb);
                clock.Stop();
                Array.Sort(latencies);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {requests / clock.Elapsed.TotalSeconds:N0} | {Stats.Percentile(latencies, 0.5):F2} ms | {Stats.Percentile(latencies, 0.99):F2} ms | {latencies[^1]:F2} ms |"));
            }
        }
        data.Delete(recursive: true);
        return 0;
    }

    private static async Task<double[]> SendAsync(SlackSender sender, int first, int count, int concurrency, string verb)
    {
        var latencies = new double[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var k && k < count)
            {
                var text = verb == "open" ? $"open Checkout freezes at store {first + k} sev1 customer: Acme Retail" : "help open";
                var started = Stopwatch.GetTimestamp();
                var reply = await sender.SlashCommandAsync("U0ALICE", "C0GENERAL", text);
                latencies[k] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (reply.Text.Length == 0)
                    throw new InvalidOperationException($"No reply to /crisis {text}.");
            }
        }));
        return latencies;
    }
}
