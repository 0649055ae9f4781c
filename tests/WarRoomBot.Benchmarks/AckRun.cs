using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

/// <summary>
/// Acknowledgement-path load run: signed /crisis requests over loopback against the real bot in its own process,
/// so the bot's CPU time is measured alone; and, in the same run and with the same load generator, against a
/// verify-only endpoint (<see cref="VerifyFloor"/>) in a process of its own, the floor the bot's CPU is compared with.
/// Verbs: <c>open</c> (each request opens a crisis), <c>theory</c> (each records a theory and its deadline in one of
/// the seeded crises, which grow), <c>click</c> (each clicks "Confirmed" on a deadline of its own in one of those crises,
/// seeded with one deadline per request), <c>help</c> (a read).
/// </summary>
internal static class AckRun
{
    /// <summary>
    /// Crises the theory and click runs write to, unless the run names another number. A run of 20,000 requests sends
    /// 65,000 to 135,000 with its warm-up and its steady part, and leaves each with 65 to 135 theories or deadlines, a long
    /// crisis; 64 crises, as runs took before, ended with about 800 each,
    /// which measures how a command's cost grows with its crisis's size rather than what a command costs.
    /// </summary>
    private const int DefaultSeededCrises = 1_000;

    private const string Clicker = "U0ALICE";

    /// <summary>Warm-up requests are sent in rounds of this many, and the endpoint's CPU over each round is taken.</summary>
    private const int WarmupRound = 1_000;

    /// <summary>
    /// The warm-up is over when, over at least this many last rounds and <see cref="SettledTime"/>, the runtime's tiered
    /// compilation worker took less than <see cref="SettledCompilerShare"/> of the endpoint's CPU: its hot code is then
    /// compiled at its final tier.
    /// </summary>
    private const int SettledRounds = 4;

    /// <summary>
    /// The least time the compiler must stay quiet. Four rounds of the floor take a fifth of a second, and the runtime
    /// waits a tenth of a second without new methods before it compiles what was called often: a floor once passed its
    /// warm-up in such a lull and spent a third of its measured CPU compiling.
    /// </summary>
    private static readonly TimeSpan SettledTime = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The compiler's share of an endpoint's CPU below which its warm-up is over. The rule before, rounds no cheaper than
    /// the ones before, stopped the bot while the compiler still took a fifth of its CPU (perf on <c>theory</c>, 60,000
    /// requests measured), with much of its code still running at the tier that counts calls for the compiler: rounds
    /// vary by a third from one to the next, and the compiler's backlog drains over tens of thousands of requests.
    /// </summary>
    private const double SettledCompilerShare = 0.02;

    /// <summary>At least this many rounds (20,000 requests), as the runtime tiers a method up only after 30 calls and a pause.</summary>
    private const int MinWarmupRounds = 20;

    /// <summary>At most this many rounds (150,000 requests); the cap only ends a run whose compiler never settles.</summary>
    private const int MaxWarmupRounds = 150;

    /// <summary>The measured requests go in this many slices per endpoint, the floor's and the bot's in turn.</summary>
    private const int Slices = 10;

    /// <summary>
    /// After the run as fast as the connections go, requests are sent at a steady rate for this long: a closed loop at
    /// saturation has a latency of its connections over its throughput (Little's law), whatever each request costs, so
    /// only an offered rate below saturation tells how long a request waits for its answer.
    /// </summary>
    private const int PacedSeconds = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var connections = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        var verb = args.Length > 2 ? args[2] : "open";
        var engine = args.Length > 3 ? args[3] : "litedb";
        var crises = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : DefaultSeededCrises;
        var rate = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 500;
        var load = new Load(verb, crises, connections, rate);

        if (BotProcess.FindDll() is not { } dll)
            return 1;

        // Slack answers after an hour: the publisher parks on its first calls and spends no CPU, so what is measured is
        // the acknowledgement path alone (verify, parse, decide, append to the store, reply).
        await using var slack = await EmulatedSlack.StartAsync();
        slack.Faults.Latency = TimeSpan.FromHours(1);
        if (verb is not ("open" or "theory" or "click" or "help"))
            throw new ArgumentException($"verb must be open, theory, click or help, not {verb}");
        if (verb is "theory" or "click" && engine != "litedb")
            throw new ArgumentException($"{verb} seeds its crises into the LiteDB file; run it on litedb");
        var data = Directory.CreateTempSubdirectory("warroom-bench-");
        var database = Path.Combine(data.FullName, "bench.litedb");
        await SeedAsync(database, verb, MaxWarmupRounds * WarmupRound + requests + PacedSeconds * rate, crises);
        await using var server = engine == "postgres" ? await BenchDatabase.CreateAsync() : null;
        IReadOnlyDictionary<string, string>? store = engine switch
        {
            "litedb" => null,
            "postgres" => new Dictionary<string, string> { ["Storage__Provider"] = "Postgres", ["Storage__ConnectionString"] = server!.ConnectionString },
            _ => throw new ArgumentException($"store must be litedb or postgres, not {engine}"),
        };

        // Both endpoints run side by side but are sent requests in turn, never together, so neither takes cores from the
        // other: each is warmed up alike, then the measured requests go in slices, the floor's and the bot's alternating, so
        // both are measured on the machine as it is then. This machine's speed moves over minutes (the same build's floor
        // measured 22 to 46 µs a request in runs one after the other), and a floor measured minutes before the bot moved the
        // ratio with it. The same load generator sends the same bodies: what differs is what the bot does beyond verifying.
        Measured floor, measured;

        // Both processes end with this block, so the store's file is free to be read back below.
        {
            await using var verifier = await BotProcess.StartFloorAsync(dll, slack);
            await using var bot = await BotProcess.StartAsync(dll, slack, database, store);
            using var floorLoad = new Endpoint(verifier, slack, load);
            using var botLoad = new Endpoint(bot, slack, load);
            await floorLoad.WarmAsync();
            await botLoad.WarmAsync();
            // Each process's CPU is counted from the first slice to the end of the last, its idle turns included: work it
            // finishes after its answers (a collection, a checkpoint) falls in the other's turn and is still its own.
            floorLoad.StartCounting();
            botLoad.StartCounting();
            for (var slice = 0; slice < Slices; slice++)
            {
                await floorLoad.SendMeasuredAsync(requests / Slices);
                await botLoad.SendMeasuredAsync(requests / Slices);
            }

            floorLoad.StopCounting();
            botLoad.StopCounting();
            floor = await floorLoad.PacedAsync();
            measured = await botLoad.PacedAsync();
        }

        // Every acknowledged write is in the file: an answer that refused (a duplicate, a deadline already decided) would
        // measure a read.
        var total = measured.Warmup + requests / Slices * Slices + PacedSeconds * rate;
        if (engine == "litedb" && verb != "help" && await CountWrittenAsync(database, verb) is var written && written != total)
            throw new InvalidOperationException($"{total} {verb} requests were acknowledged but the store holds {written} of what they record.");

        Console.WriteLine($"verb={verb} store={engine} requests={requests} connections={connections} crises={(verb is "theory" or "click" ? crises : 0)} cores={Environment.ProcessorCount} " +
            $"(warmed up in rounds of {WarmupRound:N0} requests until the runtime's compiler took under {SettledCompilerShare:P0} of the CPU: the floor {floor.Warmup:N0} requests, the bot {measured.Warmup:N0}; " +
            $"measured in {Slices} slices each, the floor's and the bot's in turn; " +
            $"the bot's CPU per round {string.Join(", ", measured.WarmupCpu.Select(c => $"{c:F0}"))} µs)");
        Console.WriteLine("| endpoint | requests/s | p50 | p99 | max | CPU per request | CPU × floor |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        Console.WriteLine(Row("verify-only ASP.NET Core endpoint (the floor)", floor, floor));
        var command = verb switch
        {
            "open" => "`/crisis open …` (write)",
            "theory" => "`/crisis theory …` in a crisis's channel (write)",
            "click" => "a click on a deadline's Confirmed button (write)",
            _ => "`/crisis help open` (read)",
        };

        // The bot's process only: on PostgreSQL part of each write's work is the server's, which this run does not count.
        var counted = engine == "postgres" ? ", database server's CPU not counted" : "";
        Console.WriteLine(Row($"the bot, {command}, on {engine}{counted}", measured, floor));
        // The compiler's share still moves between runs (a path taken rarely, such as the checkpoint, reaches its next tier
        // late): the CPU without it is what a bot running for hours spends, and the steadier measure to compare.
        var (botCompiled, floorCompiled) = (measured.CpuPerRequest * (1 - measured.CompilerShare), floor.CpuPerRequest * (1 - floor.CompilerShare));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"the runtime's compiler took {measured.CompilerShare:P1} of the bot's CPU in the measure, {floor.CompilerShare:P1} of the floor's; " +
            $"without it, the bot {botCompiled:F1} µs per request, the floor {floorCompiled:F1} µs, {botCompiled / floorCompiled:F1}x"));
        Console.WriteLine($"bot working set {measured.WorkingSet / (1024 * 1024)} MiB, floor {floor.WorkingSet / (1024 * 1024)} MiB; " +
            $"the bot sent {measured.DiskPerRequest / 1024:F1} KiB to the disk per request, {measured.PacedDiskPerRequest / 1024:F1} KiB at {rate:N0} a second");
        Console.WriteLine();
        Console.WriteLine($"Then {PacedSeconds * rate:N0} requests at {rate:N0} a second over the same {connections} connections:");
        Console.WriteLine("| endpoint | p50 | p99 | max |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(PacedRow("verify-only ASP.NET Core endpoint (the floor)", floor));
        Console.WriteLine(PacedRow($"the bot, {command}, on {engine}{counted}", measured));
        if (verb != "help")
        {
            var times = measured.CpuPerRequest / floor.CpuPerRequest;
            Console.WriteLine($"target (issue 14, a write at 32 connections on LiteDB; this run: {verb} on {engine}, {connections} connections): " +
                $"CPU per request under 4x the floor {Verdict(times < 4)} ({times:F1}x); p99 under 5 ms at {rate:N0} requests a second {Verdict(measured.PacedP99 < 5)} " +
                $"({measured.PacedP99:F2} ms), and as fast as the connections go {Verdict(measured.P99 < 5)} ({measured.P99:F2} ms; the floor's {floor.P99:F2} ms)");
        }

        data.Delete(recursive: true);
        return 0;
    }

    /// <summary>
    /// One endpoint under the load generator: its process, the generator's connections to it, and what its measure took so
    /// far. <see cref="WarmAsync"/> lasts until the runtime has finished compiling the hot code at its higher tiers: that work
    /// runs on a background thread of the endpoint's own process, so while it goes on each round of requests costs less CPU
    /// than the one before. Once the compiler is quiet over the last rounds (<see cref="SettledRounds"/>,
    /// <see cref="SettledTime"/>), and no sooner than <see cref="MinWarmupRounds"/>, it is done, for the floor as for the
    /// bot. A fixed 2,000 requests measured much of the bot's compilation (over a quarter of its CPU) but little of the
    /// floor's, which has far less code and settles in a few rounds.
    /// </summary>
    private sealed class Endpoint : IDisposable
    {
        private readonly BotProcess process;
        private readonly HttpClient http;
        private readonly SlackSender sender;
        private readonly Load load;
        private readonly List<double> warmupCpu = [];
        private readonly List<double> latencies = [];
        private int sent;
        private int measuredRequests;
        private TimeSpan sending;
        private (TimeSpan Cpu, TimeSpan Compiler, long Disk) countingFrom;
        private (TimeSpan Cpu, TimeSpan Compiler, long Disk) counted;

        public Endpoint(BotProcess process, EmulatedSlack slack, Load load)
        {
            this.process = process;
            this.load = load;
            http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = load.Connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{process.Port}"),
            };
            sender = slack.SenderTo(http, TimeProvider.System);
        }

        public async Task WarmAsync()
        {
            List<(TimeSpan Cpu, TimeSpan Compiler, TimeSpan Elapsed)> taken = [];
            while (warmupCpu.Count < MaxWarmupRounds)
            {
                var (roundBefore, roundCompilerBefore, began) = (process.CpuTime, process.CompilerCpuTime, Stopwatch.GetTimestamp());
                await SendAsync(sender, sent, WarmupRound, load, paced: false);
                sent += WarmupRound;
                taken.Add((process.CpuTime - roundBefore, process.CompilerCpuTime - roundCompilerBefore, Stopwatch.GetElapsedTime(began)));
                warmupCpu.Add(taken[^1].Cpu.TotalMicroseconds / WarmupRound);
                if (warmupCpu.Count >= MinWarmupRounds && Settled(taken))
                    break;
            }
        }

        public void StartCounting() => countingFrom = (process.CpuTime, process.CompilerCpuTime, process.DiskWrites);

        public void StopCounting() =>
            counted = (process.CpuTime - countingFrom.Cpu, process.CompilerCpuTime - countingFrom.Compiler, process.DiskWrites - countingFrom.Disk);

        /// <summary>Sends <paramref name="count"/> measured requests as fast as the connections go.</summary>
        public async Task SendMeasuredAsync(int count)
        {
            var began = Stopwatch.GetTimestamp();
            latencies.AddRange(await SendAsync(sender, sent, count, load, paced: false));
            sending += Stopwatch.GetElapsedTime(began);
            sent += count;
            measuredRequests += count;
        }

        /// <summary>The requests at the paced rate, after the measure, and everything measured.</summary>
        public async Task<Measured> PacedAsync()
        {
            var workingSet = process.WorkingSet;
            var pacedDiskBefore = process.DiskWrites;
            var paced = await SendAsync(sender, sent, PacedSeconds * load.Rate, load, paced: true);
            var pacedDisk = process.DiskWrites - pacedDiskBefore;
            sent += paced.Length;

            var all = latencies.ToArray();
            Array.Sort(all);
            Array.Sort(paced);
            return new Measured(measuredRequests / sending.TotalSeconds, Stats.Percentile(all, 0.50), Stats.Percentile(all, 0.99),
                all[^1], counted.Cpu.TotalMicroseconds / measuredRequests, workingSet, warmupCpu.Count * WarmupRound, warmupCpu)
            {
                PacedP50 = Stats.Percentile(paced, 0.50),
                PacedP99 = Stats.Percentile(paced, 0.99),
                PacedMax = paced[^1],
                DiskPerRequest = (double)counted.Disk / measuredRequests,
                CompilerShare = counted.Compiler / counted.Cpu,
                PacedDiskPerRequest = (double)pacedDisk / paced.Length,
            };
        }

        public void Dispose() => http.Dispose();
    }

    /// <summary>Whether the compiler was quiet over the last rounds that make up <see cref="SettledRounds"/> and <see cref="SettledTime"/>.</summary>
    private static bool Settled(List<(TimeSpan Cpu, TimeSpan Compiler, TimeSpan Elapsed)> rounds)
    {
        var (cpu, compiler, elapsed, count) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0);
        for (var i = rounds.Count - 1; i >= 0 && (count < SettledRounds || elapsed < SettledTime); i--, count++)
            (cpu, compiler, elapsed) = (cpu + rounds[i].Cpu, compiler + rounds[i].Compiler, elapsed + rounds[i].Elapsed);
        return count >= SettledRounds && elapsed >= SettledTime && compiler < SettledCompilerShare * cpu;
    }

    private static string PacedRow(string endpoint, Measured m) =>
        string.Create(CultureInfo.InvariantCulture, $"| {endpoint} | {m.PacedP50:F2} ms | {m.PacedP99:F2} ms | {m.PacedMax:F2} ms |");

    private static string Row(string endpoint, Measured m, Measured floor) =>
        string.Create(CultureInfo.InvariantCulture, $"| {endpoint} | {m.RequestsPerSecond:N0} | {m.P50:F2} ms | {m.P99:F2} ms | {m.Max:F2} ms | " +
            $"{m.CpuPerRequest:F1} µs | {m.CpuPerRequest / floor.CpuPerRequest:F1}x |");

    private static string Verdict(bool met) => met ? "MET" : "NOT MET";

    /// <summary>
    /// Sends requests numbered from <paramref name="first"/>: every body differs, as Slack's do (each has its own
    /// trigger_id), so none is mistaken for a replay of another. <paramref name="paced"/> sends request k no sooner than
    /// k / rate seconds after the first; otherwise each connection sends its next as soon as it is answered. A latency is
    /// timed from the request's sending: paced, a request waits for a free connection only if all of them are busy, which
    /// the run's p99 would show as a latency of many times the interval.
    /// </summary>
    private static async Task<double[]> SendAsync(SlackSender sender, int first, int count, Load load, bool paced)
    {
        var latencies = new double[count];
        var next = -1;
        var failures = 0;
        string? firstFailure = null;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, load.Connections).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var k && k < count)
            {
                if (paced && TimeSpan.FromSeconds((double)k / load.Rate) - Stopwatch.GetElapsedTime(start) is var due && due > TimeSpan.Zero)
                    await Task.Delay(due);
                var i = first + k;
                var (path, body) = Request(load.Verb, i, load.Crises);
                var started = Stopwatch.GetTimestamp();
                using var response = await sender.SendRawAsync(path, body, "application/x-www-form-urlencoded");
                latencies[k] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK && Interlocked.Increment(ref failures) == 1)
                    firstFailure = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
        }));
        if (failures > 0)
            throw new InvalidOperationException($"{failures} requests were not acknowledged with 200; the first was answered {firstFailure}");
        return latencies;
    }

    /// <summary>Request <paramref name="i"/> of a run: where it goes and its form body.</summary>
    private static (string Path, string Body) Request(string verb, int i, int crises)
    {
        var crisis = i % crises + 1;
        var responseUrl = $"http%3A%2F%2F127.0.0.1%3A9%2Fr%2F{i}";
        if (verb == "click")
        {
            // The deadline seeded for this request alone: each click records an outcome, none finds one already recorded.
            var payload = JsonSerializer.Serialize(new
            {
                type = "block_actions",
                user = new { id = Clicker, name = "alice" },
                team = new { id = "T1", domain = "acme" },
                channel = new { id = TechnicalChannel(crisis), name = $"crisis-{crisis}" },
                trigger_id = $"{i}.1.x",
                response_url = $"http://127.0.0.1:9/r/{i}",
                actions = new[] { new { type = "button", action_id = "deadline_confirmed", block_id = "outcome", value = $"{crisis}:{i / crises + 1}" } },
            });
            return ("/slack/interactions", $"payload={Uri.EscapeDataString(payload)}");
        }

        var (channel, text) = verb switch
        {
            "open" => ("C0GENERAL", $"open Checkout freezes at store {i} sev1 customer: Acme Retail"),
            // "anyway": theories written a moment apart in other words are otherwise refused as likely duplicates.
            "theory" => (TechnicalChannel(crisis), $"theory anyway the cache node {i} is out of memory prove restart node {i} by 45m"),
            _ => ("C0GENERAL", "help open"),
        };
        return ("/slack/commands", $"token=x&team_id=T1&team_domain=acme&channel_id={channel}&channel_name=general&user_id={Clicker}&user_name=alice&command=%2Fcrisis&text={Uri.EscapeDataString(text)}&api_app_id=A1&response_url={responseUrl}&trigger_id={i}.1.x");
    }

    private static string TechnicalChannel(int crisis) => $"C0TECH{crisis}";

    /// <summary>
    /// The crises the theory and click runs write to, stored before the bot starts, as published: rooms built, so a
    /// command in a technical channel finds its crisis; for clicks, one open deadline per request, set by the clicker.
    /// </summary>
    private static async Task SeedAsync(string database, string verb, int total, int crises)
    {
        if (verb is not ("theory" or "click"))
            return;

        var now = DateTimeOffset.UtcNow;
        using var store = new LiteDbCrisisStore(database, TimeProvider.System, () => ClockPolicy.Default);
        var owner = new UserId(Clicker);
        for (var crisis = 1; crisis <= crises; crisis++)
        {
            List<CrisisEvent> opening =
            [
                new CrisisEvent.Opened($"Checkout freezes at store {crisis}", Severity.Sev1, "Acme Retail", owner, owner, new ChannelId("C0GENERAL"), null,
                    ValueList<UserId>.Empty, ValueList<UserId>.Empty, true, now.AddHours(12), now),
                new CrisisEvent.ChannelCreated(ChannelKind.Technical, new ChannelId(TechnicalChannel(crisis)), $"crisis-{crisis}-tech", now),
                new CrisisEvent.ChannelCreated(ChannelKind.Business, new ChannelId($"C0BIZ{crisis}"), $"crisis-{crisis}-biz", now),
            ];
            if (verb == "click")
            {
                for (var deadline = 1; (deadline - 1) * crises + crisis - 1 < total; deadline++)
                    opening.Add(new CrisisEvent.DeadlineSet(new DeadlineId(deadline), $"Collect the logs of store {deadline}", null, now.AddHours(12), owner, null, null, now));
            }

            var history = await store.OpenAsync(opening, CancellationToken.None);
            await store.MarkPublishedAsync(history.Id, history.Version, CancellationToken.None);
        }
    }

    /// <summary>How many of what the verb records the file holds: crises opened, theories written, or outcomes recorded.</summary>
    private static async Task<int> CountWrittenAsync(string database, string verb)
    {
        using var store = new LiteDbCrisisStore(database, TimeProvider.System, () => ClockPolicy.Default);
        var count = 0;
        CrisisId? after = null;
        while (await store.CrisesAsync(after, 500, CancellationToken.None) is { Count: > 0 } page)
        {
            foreach (var id in page)
            {
                var events = (await store.LoadAsync(id, CancellationToken.None))!.Events;
                count += verb switch
                {
                    "open" => 1,
                    "theory" => events.Count(e => e is CrisisEvent.TheoryProposed),
                    _ => events.Count(e => e is CrisisEvent.OutcomeRecorded),
                };
            }

            after = page[^1];
        }

        return count;
    }

    /// <summary>
    /// One endpoint's measured requests: latencies in milliseconds, CPU in microseconds per request; the warm-up's requests
    /// and its CPU per request, round by round, are reported beside the measure.
    /// </summary>
    private sealed record Measured(
        double RequestsPerSecond, double P50, double P99, double Max, double CpuPerRequest, long WorkingSet, int Warmup, IReadOnlyList<double> WarmupCpu)
    {
        public double PacedP50 { get; init; }

        public double PacedP99 { get; init; }

        public double PacedMax { get; init; }

        /// <summary>The share of the measure's CPU that the runtime's tiered compilation worker took.</summary>
        public double CompilerShare { get; init; }

        /// <summary>Bytes sent to the disk per request in the measure.</summary>
        public double DiskPerRequest { get; init; }

        /// <summary>Bytes sent to the disk per request at the paced rate, where a group commit holds one or two writes.</summary>
        public double PacedDiskPerRequest { get; init; }
    }

    /// <summary>What a run sends: the command, over how many seeded crises, on how many connections, and the paced rate.</summary>
    private sealed record Load(string Verb, int Crises, int Connections, int Rate);
}
