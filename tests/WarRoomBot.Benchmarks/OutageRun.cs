using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

/// <summary>
/// Many crises pending through a Slack outage. The bot first runs idle on an empty store; then it starts on a store
/// seeded with crises that were opened while Slack was failing (every Web API call answers 503), and its working set
/// and thread count are sampled while it keeps trying; then Slack comes back, and the run measures how long the bot
/// takes to publish every crisis, whether the oldest went first, and whether anything was made twice.
/// </summary>
internal static partial class OutageRun
{
    private static readonly TimeSpan Sample = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(30);

    public static async Task<int> RunAsync(string[] args)
    {
        var crises = Arg(args, 0, 10_000);
        var outage = TimeSpan.FromSeconds(Arg(args, 1, 60));
        var latency = TimeSpan.FromMilliseconds(Arg(args, 2, 0));
        if (BotProcess.FindDll() is not { } dll)
            return 1;

        await using var slack = await EmulatedSlack.StartAsync();
        var data = Directory.CreateTempSubdirectory("warroom-outage-");
        Console.WriteLine($"outage: {crises} crises pending, Slack down for {outage.TotalSeconds:F0} s then back with {latency.TotalMilliseconds:F0} ms " +
            $"latency; cores {Environment.ProcessorCount}");

        await MeasureIdleAsync(dll, slack, Path.Combine(data.FullName, "idle", "bench.litedb"));

        var database = Path.Combine(data.FullName, "bench.litedb");
        var seeding = Stopwatch.StartNew();
        await SeedAsync(database, slack, crises);
        Console.WriteLine($"seeded {crises} unpublished crises in {seeding.Elapsed.TotalSeconds:F1} s");

        slack.Faults.ServerError("*", int.MaxValue, status: 503);
        var bot = await BotProcess.StartAsync(dll, slack, database);
        await using (bot)
        {
            Console.WriteLine("Slack down (every call 503): the bot's working set and threads while it keeps trying");
            var down = Stopwatch.StartNew();
            while (down.Elapsed < outage)
            {
                await Task.Delay(Sample);
                Console.WriteLine($"  +{down.Elapsed.TotalSeconds,3:F0} s: {Mib(bot.WorkingSet),4} MiB, {bot.Threads,3} threads, " +
                    $"{slack.Workspace.Calls.Count,6} failed Slack calls so far");
            }

            Console.WriteLine($"peak during the outage {Mib(bot.PeakWorkingSet)} MiB (VmHWM)");

            var calledBefore = slack.Workspace.Calls.Count;
            slack.Faults.Clear();
            slack.Faults.Latency = latency;
            var back = DateTimeOffset.UtcNow;
            var recovery = Stopwatch.StartNew();
            var done = 0;
            while (recovery.Elapsed < GiveUpAfter)
            {
                await Task.Delay(Sample);
                done = slack.Workspace.Channels.Count(c => c.Name.EndsWith("-biz", StringComparison.Ordinal) && c.Pins.Count > 0);
                Console.WriteLine($"  back +{recovery.Elapsed.TotalSeconds,4:F0} s: {done,6} of {crises} published, {Mib(bot.WorkingSet),4} MiB, {bot.Threads,3} threads");
                if (done == crises)
                    break;
            }

            Console.WriteLine($"Slack back: {done} of {crises} crises published in {recovery.Elapsed.TotalSeconds:F0} s " +
                $"(sampled every {Sample.TotalSeconds:F0} s); peak {Mib(bot.PeakWorkingSet)} MiB (VmHWM)");
            Report(slack.Workspace, crises, calledBefore, back);
        }

        data.Delete(recursive: true);
        return 0;
    }

    /// <summary>The bot on an empty store, with nothing to do: its working set once start-up has settled.</summary>
    private static async Task MeasureIdleAsync(string dll, EmulatedSlack slack, string database)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        await using var bot = await BotProcess.StartAsync(dll, slack, database);
        await Task.Delay(TimeSpan.FromSeconds(10));
        Console.WriteLine($"idle bot (empty store, 10 s after start): {Mib(bot.WorkingSet)} MiB, {bot.Threads} threads");
        await bot.StopAsync(TimeSpan.FromSeconds(30));
        slack.Workspace.ForgetCalls();
    }

    /// <summary>Crises as the bot leaves them when Slack was down as they were opened: stored, nothing published.</summary>
    private static async Task SeedAsync(string database, EmulatedSlack slack, int crises)
    {
        using var store = new LiteDbCrisisStore(database, TimeProvider.System, () => ClockPolicy.Default);
        var owner = new UserId(slack.Workspace.AddUser("U000001", "owner", phone: "+1 555 000001").Id);
        var now = DateTimeOffset.UtcNow;
        foreach (var batch in Enumerable.Range(0, crises).Chunk(500))
        {
            // No response_url: the opener's links would otherwise all go by direct message to one person, at Slack's pace.
            await Task.WhenAll(batch.Select(_ => store.OpenAsync([new CrisisEvent.Opened("Checkout freezes", Severity.Sev2, "Acme Retail", owner, owner,
                null, null, ValueList<UserId>.Empty, ValueList<UserId>.Empty, true, now.AddHours(1), now)], CancellationToken.None)));
        }
    }

    /// <summary>
    /// Order: where each crisis's technical channel came among the creates after Slack returned, against its place by age.
    /// Doubles: a crisis with a second channel (a name with a suffix) or a channel with more than its kickoff.
    /// </summary>
    private static void Report(Workspace workspace, int crises, int calledBefore, DateTimeOffset back)
    {
        var creates = workspace.Calls.Skip(calledBefore)
            .Where(c => c.Method == "conversations.create" && c.Ok && c.At >= back)
            .Select(c => c.Arguments["name"]!.ToString())
            .Where(name => !name.EndsWith("-biz", StringComparison.Ordinal))
            .Select(name => CrisisNumber().Match(name) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0)
            .ToList();
        var displacement = creates.Select((number, position) => (double)Math.Abs(position + 1 - number)).Order().ToArray();
        var inversions = creates.Zip(creates.Skip(1)).Count(pair => pair.Second < pair.First);
        Console.WriteLine($"order: {creates.Count} technical channels created after Slack returned; first ten for crises {string.Join(", ", creates.Take(10))}; " +
            $"position against age |Δ| p50 {Stats.Percentile(displacement, 0.5):F0}, p99 {Stats.Percentile(displacement, 0.99):F0}, max {displacement.DefaultIfEmpty().Max():F0}; " +
            $"{inversions} adjacent pairs out of order");

        var channels = workspace.Channels.Where(c => CrisisNumber().IsMatch(c.Name)).ToList();
        var extraChannels = channels.Count - 2 * crises;
        var doubledPosts = channels.Sum(c => Math.Max(0, c.Messages.Count - 1));
        var doubledPins = channels.Sum(c => Math.Max(0, c.Pins.Count - 1));
        Console.WriteLine($"doubles: {extraChannels} channels beyond two per crisis, {doubledPosts} messages beyond one kickoff per channel, " +
            $"{doubledPins} extra pins; failed Slack calls during the outage {calledBefore}");
    }

    [GeneratedRegex(@"^crisis-(\d+)-")]
    private static partial Regex CrisisNumber();

    private static long Mib(long bytes) => bytes / (1024 * 1024);

    private static int Arg(string[] args, int index, int otherwise) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : otherwise;
}
