using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

/// <summary>
/// Deadline burst: many open deadlines across many crises fall due within one minute. The real bot is started on a
/// database seeded with them by the product's own store and must post every due notice, once and promptly. Lateness
/// runs from a deadline's due time to the moment its chat.postMessage reached the emulator.
/// </summary>
internal static class DeadlineRun
{
    private static readonly TimeSpan Spread = TimeSpan.FromMinutes(1);

    // Slack's documented limit of about one message per second per channel, which the bot's pacer keeps to: due times
    // closer than this in one channel cannot all be posted on time, whatever the bot does.
    private static readonly TimeSpan PostInterval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);

    // Once every due post is in, a repeat of one of them would follow within a few seconds; wait for it before counting.
    private static readonly TimeSpan SettleForDuplicates = TimeSpan.FromSeconds(3);

    // Progress is printed, and lateness broken down by due time, in steps of this.
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var crises = Arg(args, 0, 1_000);
        var perCrisis = Arg(args, 1, 10);
        var warmup = TimeSpan.FromSeconds(Arg(args, 2, 30));
        var latency = TimeSpan.FromMilliseconds(Arg(args, 3, 0));
        if (BotProcess.FindDll() is not { } dll)
            return 1;

        await using var slack = await EmulatedSlack.StartAsync();
        slack.Faults.Latency = latency;
        var data = Directory.CreateTempSubdirectory("warroom-deadlines-");
        var database = Path.Combine(data.FullName, "bench.db");

        var seeding = Stopwatch.StartNew();
        var seed = await SeedAsync(database, slack, crises, perCrisis, warmup);
        seeding.Stop();
        // The seeding connection stays pooled otherwise, holding the file the bot is about to open and we delete later.
        SqliteConnection.ClearAllPools();

        Console.WriteLine($"deadlines: {crises} crises × {perCrisis} = {seed.Deadlines.Length} due within {Spread.TotalSeconds:F0} s; " +
            $"Slack latency {latency.TotalMilliseconds:F0} ms; cores {Environment.ProcessorCount}; seeded in {seeding.Elapsed.TotalSeconds:F1} s");

        Measurement measured;
        var bot = await BotProcess.StartAsync(dll, slack, database);
        await using (bot)
        {
            measured = await MeasureAsync(bot, slack.Workspace, seed);
        }

        Report(seed, measured, bot, slack.Workspace);
        data.Delete(recursive: true);
        return 0;
    }

    private static async Task<Seed> SeedAsync(string database, EmulatedSlack slack, int crises, int perCrisis, TimeSpan warmup)
    {
        using var store = new SqliteCrisisStore($"Data Source={database}", TimeProvider.System, () => ClockPolicy.Default);
        // One more than asked for: the last one is the start-up probe.
        var opened = new List<SeededCrisis>();
        for (var i = 0; i <= crises; i++)
            opened.Add(await OpenPublishedAsync(store, slack, i));

        // T0 is fixed only once the slow part of seeding is over, so the warm-up is what the bot actually gets.
        var t0 = DateTimeOffset.UtcNow + warmup;
        // A fixed seed, so every run faces the same due times and the same same-channel collisions.
        var random = new Random(10_000);
        var deadlines = new List<PlannedDeadline>();
        foreach (var crisis in opened[..crises])
        {
            var dues = Enumerable.Range(0, perCrisis).Select(_ => t0 + Spread * random.NextDouble()).ToArray();
            deadlines.AddRange(await SetDeadlinesAsync(store, slack, crisis, dues));
        }

        // The probe is the last crisis in id order and already due, so the scheduler's start-up pass records it only
        // after scheduling every other crisis: its due post dates the end of that pass (plus one publish).
        var probe = await SetDeadlinesAsync(store, slack, opened[^1], [DateTimeOffset.UtcNow]);
        return new Seed([.. deadlines], probe[0].Key, t0);
    }

    /// <summary>A crisis whose rooms, kickoffs, pins and opener message are all done, as the publisher leaves it.</summary>
    private static async Task<SeededCrisis> OpenPublishedAsync(SqliteCrisisStore store, EmulatedSlack slack, int index)
    {
        var now = DateTimeOffset.UtcNow;
        var workspace = slack.Workspace;
        var bot = slack.Settings.BotUserId;

        // One owner per crisis, as in real life, so nothing the bot keeps per user is shared between crises.
        var owner = new UserId(workspace.AddUser($"U{index:D6}", $"owner{index}").Id);
        var history = await store.OpenAsync([new CrisisEvent.Opened("Checkout freezes", Severity.Sev1, "Acme Retail", owner, owner,
            null, $"http://127.0.0.1:9/r/{index}", ValueList<UserId>.Empty, ValueList<UserId>.Empty, true, now.AddMinutes(15), now)], CancellationToken.None);
        var number = history.Id.Number;
        var technical = workspace.AddChannel($"crisis-{number}-checkout-freezes", creator: bot);
        var business = workspace.AddChannel($"crisis-{number}-checkout-freezes-biz", isPrivate: true, creator: bot);
        workspace.AddMember(technical.Id, owner.Value);
        workspace.AddMember(business.Id, owner.Value);
        var technicalKickoff = workspace.PostMessage(technical.Id, bot, "kickoff").Ts;
        var businessKickoff = workspace.PostMessage(business.Id, bot, "kickoff").Ts;

        CrisisEvent[] published =
        [
            new CrisisEvent.ChannelCreated(ChannelKind.Technical, new ChannelId(technical.Id), technical.Name, now),
            new CrisisEvent.ChannelCreated(ChannelKind.Business, new ChannelId(business.Id), business.Name, now),
            new CrisisEvent.ChannelPrepared(ChannelKind.Technical, now),
            new CrisisEvent.ChannelPrepared(ChannelKind.Business, now),
            new CrisisEvent.KickoffPosted(ChannelKind.Technical, technicalKickoff, now),
            new CrisisEvent.KickoffPosted(ChannelKind.Business, businessKickoff, now),
            new CrisisEvent.KickoffPinned(ChannelKind.Technical, now),
            new CrisisEvent.KickoffPinned(ChannelKind.Business, now),
            new CrisisEvent.OpenerNotified(now),
        ];
        var state = published.Aggregate(history.Fold(), Crisis.Evolve);
        var version = await store.AppendAsync(history.Id, history.Version, published, state, CancellationToken.None);
        return new SeededCrisis(history.Id, version, state, owner, technical.Id);
    }

    private static async Task<PlannedDeadline[]> SetDeadlinesAsync(SqliteCrisisStore store, EmulatedSlack slack, SeededCrisis crisis, DateTimeOffset[] dues)
    {
        // Set now for due times under the reminder lead (10 minutes), so no reminder is owed (DeadlineClock.WantsReminder)
        // and the due posts are the only ones the burst asks for.
        var now = DateTimeOffset.UtcNow;
        var events = new List<CrisisEvent>();
        var planned = new PlannedDeadline[dues.Length];
        for (var i = 0; i < dues.Length; i++)
        {
            var id = new DeadlineId(i + 1);
            events.Add(new CrisisEvent.DeadlineSet(id, $"Get a heap dump from store {i + 1}", null, dues[i], crisis.Owner, null, null, now));

            // The "set" post went out when the deadline was written; recorded so the publisher owes only the due post.
            var setPost = slack.Workspace.PostMessage(crisis.Technical, slack.Settings.BotUserId, $"{id} set");
            events.Add(new CrisisEvent.MessagePosted(Key(crisis.Id, id, "set"), ChannelKind.Technical, setPost.Ts, now));
            planned[i] = new PlannedDeadline(Key(crisis.Id, id, "due"), crisis.Technical, dues[i]);
        }

        var version = await store.AppendAsync(crisis.Id, crisis.Version, events, events.Aggregate(crisis.State, Crisis.Evolve), CancellationToken.None);
        await store.MarkPublishedAsync(crisis.Id, version, CancellationToken.None);
        return planned;
    }

    private static async Task<Measurement> MeasureAsync(BotProcess bot, Workspace workspace, Seed seed)
    {
        Console.WriteLine($"bot: listening {(bot.Listening - bot.Launched).TotalSeconds:F1} s after launch; " +
            $"first deadline falls due {(seed.T0 - bot.Launched).TotalSeconds:F1} s after launch");
        if (seed.T0 - DateTimeOffset.UtcNow is { Ticks: > 0 } untilT0)
            await Task.Delay(untilT0);
        var idle = bot.WorkingSet;
        var cpuAtT0 = bot.CpuTime;

        var expected = seed.Deadlines.Select(d => d.Key).ToHashSet();
        var giveUp = seed.T0 + Spread + GiveUpAfter;
        var nextProgress = seed.T0 + Window;
        var posted = 0;
        while (DateTimeOffset.UtcNow < giveUp)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            posted = workspace.CallsTo("chat.postMessage").Select(KeyOf).Where(k => k is not null && expected.Contains(k)).Distinct().Count();
            if (posted == expected.Count)
                break;
            if (DateTimeOffset.UtcNow >= nextProgress)
            {
                Console.WriteLine($"  T0+{(nextProgress - seed.T0).TotalSeconds:F0} s: {posted} of {expected.Count} due posts");
                nextProgress += Window;
            }
        }

        if (posted == expected.Count)
            await Task.Delay(SettleForDuplicates);
        return new Measurement(idle, bot.PeakWorkingSet, bot.WorkingSet, bot.CpuTime - cpuAtT0);
    }

    private static void Report(Seed seed, Measurement measured, BotProcess bot, Workspace workspace)
    {
        var expected = seed.Deadlines.ToDictionary(d => d.Key);
        var firstArrival = new Dictionary<string, DateTimeOffset>();
        var duePosts = 0;
        var otherPosts = 0;
        DateTimeOffset? probe = null;
        foreach (var call in workspace.CallsTo("chat.postMessage").Where(c => c.Ok))
        {
            var key = KeyOf(call);
            if (key == seed.ProbeKey)
            {
                probe = call.At;
            }
            else if (key is not null && expected.ContainsKey(key))
            {
                duePosts++;
                if (!firstArrival.TryGetValue(key, out var first) || call.At < first)
                    firstArrival[key] = call.At;
            }
            else
            {
                otherPosts++;
            }
        }

        var (floor, collided) = PacingFloor(seed.Deadlines);
        var measuredKeys = firstArrival.Keys.ToArray();
        var late = Millis(measuredKeys.Select(k => firstArrival[k] - expected[k].Due));
        var paced = Millis(measuredKeys.Select(k => floor[k] - expected[k].Due));
        var beyondFloor = Millis(measuredKeys.Select(k => firstArrival[k] - floor[k]));
        var collidedLate = Millis(measuredKeys.Where(collided.Contains).Select(k => firstArrival[k] - expected[k].Due));
        var missing = expected.Count - firstArrival.Count;
        var doubled = duePosts - firstArrival.Count;

        if (probe is { } probed)
            Console.WriteLine($"start-up: every crisis scheduled ≤ {(probed - bot.Launched).TotalSeconds:F1} s after launch (probe's due post)");
        Console.WriteLine($"due posts: {firstArrival.Count} of {expected.Count}, missing {missing}, doubled {doubled}; " +
            $"other posts {otherPosts}; failed Slack calls {workspace.Calls.Count(c => !c.Ok)}");
        if (late.Length == 0)
            return;

        Console.WriteLine($"lateness, due → Slack request: {Summary(late)}");
        Console.WriteLine($"  by due time, p99 per {Window.TotalSeconds:F0} s: {string.Join(" | ", ByWindow(measuredKeys, expected, firstArrival))}");
        Console.WriteLine($"  pacing floor (no bot could post sooner at 1 post/s/channel): {Summary(paced)}");
        Console.WriteLine($"  {collided.Count} posts ({100.0 * collided.Count / expected.Count:F1}%) had a due post in the same channel < 1 s earlier; " +
            $"their lateness: {Summary(collidedLate)}");
        Console.WriteLine($"  beyond the pacing floor (the bot's own delay): {Summary(beyondFloor)}");
        Console.WriteLine($"bot memory: {Mib(measured.IdleWorkingSet)} MiB idle at T0, peak {Mib(measured.PeakWorkingSet)} MiB (VmHWM), " +
            $"{Mib(measured.EndWorkingSet)} MiB at the end; bot CPU from T0 to the end {measured.Cpu.TotalSeconds:F1} s");

        var p99 = Stats.Percentile(late, 0.99);
        Console.WriteLine($"target: p99 < 1000 ms {Verdict(p99 < 1000)} ({p99:F0} ms; {Stats.Percentile(beyondFloor, 0.99):F0} ms beyond the pacing floor), " +
            $"nothing missed {Verdict(missing == 0)}, nothing doubled {Verdict(doubled == 0)}");
    }

    /// <summary>
    /// The earliest each post could leave if the bot did nothing but wait for Slack's per-channel limit: in due order,
    /// no sooner than its due time nor than one interval after the channel's previous post. Also the posts that had
    /// another due post in their channel less than one interval before their own due time.
    /// </summary>
    private static (Dictionary<string, DateTimeOffset> Floor, HashSet<string> Collided) PacingFloor(IEnumerable<PlannedDeadline> deadlines)
    {
        var floor = new Dictionary<string, DateTimeOffset>();
        var collided = new HashSet<string>();
        foreach (var channel in deadlines.GroupBy(d => d.Channel))
        {
            PlannedDeadline? previous = null;
            foreach (var deadline in channel.OrderBy(d => d.Due))
            {
                var earliest = deadline.Due;
                if (previous is not null)
                {
                    if (deadline.Due - previous.Due < PostInterval)
                        collided.Add(deadline.Key);
                    var paced = floor[previous.Key] + PostInterval;
                    if (paced > earliest)
                        earliest = paced;
                }

                floor[deadline.Key] = earliest;
                previous = deadline;
            }
        }

        return (floor, collided);
    }

    /// <summary>The p99 lateness of the posts due in each successive 10 s of the minute: does a backlog build up?</summary>
    private static IEnumerable<string> ByWindow(string[] keys, Dictionary<string, PlannedDeadline> expected, Dictionary<string, DateTimeOffset> arrival)
    {
        var t0 = expected.Values.Min(d => d.Due);
        return keys
            .GroupBy(k => (int)((expected[k].Due - t0) / Window))
            .OrderBy(g => g.Key)
            .Select(g => $"{Stats.Percentile(Millis(g.Select(k => arrival[k] - expected[k].Due)), 0.99):F0}");
    }

    private static string? KeyOf(ApiCall call) => call.Arguments["metadata"]?["event_payload"]?["key"]?.GetValue<string>();

    private static string Key(CrisisId crisis, DeadlineId deadline, string notice) =>
        string.Create(CultureInfo.InvariantCulture, $"crisis-{crisis.Number}-d{deadline.Number}-{notice}");

    private static double[] Millis(IEnumerable<TimeSpan> spans) => [.. spans.Select(s => s.TotalMilliseconds).Order()];

    private static string Summary(double[] sorted) => sorted.Length == 0
        ? "none"
        : $"p50 {Stats.Percentile(sorted, 0.50):F0} ms, p90 {Stats.Percentile(sorted, 0.90):F0} ms, p99 {Stats.Percentile(sorted, 0.99):F0} ms, max {sorted[^1]:F0} ms";

    private static long Mib(long bytes) => bytes / (1024 * 1024);

    private static string Verdict(bool met) => met ? "MET" : "NOT MET";

    private static int Arg(string[] args, int index, int otherwise) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : otherwise;

    private sealed record SeededCrisis(CrisisId Id, int Version, Crisis State, UserId Owner, string Technical);

    private sealed record PlannedDeadline(string Key, string Channel, DateTimeOffset Due);

    private sealed record Seed(PlannedDeadline[] Deadlines, string ProbeKey, DateTimeOffset T0);

    private sealed record Measurement(long IdleWorkingSet, long PeakWorkingSet, long EndWorkingSet, TimeSpan Cpu);
}
