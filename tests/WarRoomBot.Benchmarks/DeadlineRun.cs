using System.Diagnostics;
using System.Globalization;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

/// <summary>
/// Deadline burst: many open deadlines across many crises fall due within one minute. The real bot is started on a
/// database seeded with them by the product's own store and must post every due notice, once and promptly. Lateness
/// runs from a post's due time to the moment its chat.postMessage reached the emulator. With digests, every crisis's
/// first business update also falls due within that minute: the digest goes to the business channel and its pointer
/// to the technical one, where it queues with the due notices.
/// </summary>
internal static class DeadlineRun
{
    private static readonly TimeSpan Spread = TimeSpan.FromMinutes(1);

    // Slack's limit per channel as the bot's pacer and the emulator keep it (Slack:Pacing:Burst and PostingLimits): a
    // burst of three, then about one message per second. More due times than that in one channel cannot all be posted
    // on time, whatever the bot does.
    private static readonly TimeSpan PostInterval = TimeSpan.FromSeconds(1);
    private static readonly int Burst = new PostingLimits().ChannelBurst;

    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);

    // Once every due post is in, a repeat of one of them would follow within a few seconds; wait for it before counting.
    private static readonly TimeSpan SettleForDuplicates = TimeSpan.FromSeconds(3);

    // Progress is printed, and lateness broken down by due time, in steps of this.
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string[] args, bool digests)
    {
        var crises = Arg(args, 0, 1_000);
        var perCrisis = Arg(args, 1, 10);
        var warmup = TimeSpan.FromSeconds(Arg(args, 2, 30));
        var latency = TimeSpan.FromMilliseconds(Arg(args, 3, 0));

        // A digest's due time is written when its crisis opens, so the minute has to be fixed before seeding starts.
        // The whole wait stays under the 10-minute reminder lead, so no update reminder is owed (UpdateClock.WantsReminder).
        var seedingAllowance = TimeSpan.FromSeconds(Arg(args, 4, 30));
        if (BotProcess.FindDll() is not { } dll)
            return 1;

        await using var slack = await EmulatedSlack.StartAsync();
        slack.Faults.Latency = latency;
        var data = Directory.CreateTempSubdirectory("warroom-deadlines-");
        var database = Path.Combine(data.FullName, "bench.litedb");

        var seeding = Stopwatch.StartNew();
        var seed = await SeedAsync(database, slack, crises, perCrisis, digests ? DateTimeOffset.UtcNow + seedingAllowance + warmup : null, warmup);
        seeding.Stop();

        var posts = seed.Posts.CountBy(p => p.Kind).ToDictionary();
        Console.WriteLine($"{(digests ? "digests" : "deadlines")}: {crises} crises × {perCrisis} = {posts.GetValueOrDefault(PostKind.Due)} deadlines" +
            (digests ? $" and {posts.GetValueOrDefault(PostKind.Digest)} first digests" : "") + $" due within {Spread.TotalSeconds:F0} s; " +
            $"Slack latency {latency.TotalMilliseconds:F0} ms; cores {Environment.ProcessorCount}; seeded in {seeding.Elapsed.TotalSeconds:F1} s");
        if (digests && seed.T0 - warmup < DateTimeOffset.UtcNow)
        {
            Console.Error.WriteLine($"Seeding took {seeding.Elapsed.TotalSeconds:F0} s, more than the {seedingAllowance.TotalSeconds:F0} s allowed " +
                $"for it, so the bot would get less than the {warmup.TotalSeconds:F0} s warm-up; run again with a larger allowance (5th argument).");
            data.Delete(recursive: true);
            return 2;
        }

        Measurement measured;
        var bot = await BotProcess.StartAsync(dll, slack, database);
        await using (bot)
        {
            measured = await MeasureAsync(bot, slack.Workspace, seed);
        }

        Report(seed, measured, slack.Workspace, digests);
        data.Delete(recursive: true);
        return 0;
    }

    /// <param name="digestsFrom">With digests, the start of the minute, fixed before the crises open; otherwise null.</param>
    private static async Task<Seed> SeedAsync(string database, EmulatedSlack slack, int crises, int perCrisis, DateTimeOffset? digestsFrom, TimeSpan warmup)
    {
        using var store = new LiteDbCrisisStore(database, TimeProvider.System, () => ClockPolicy.Default);
        var planned = new List<PlannedPost>();

        // Fixed seeds, so every run faces the same due times and the same same-channel collisions; the deadlines' own
        // seed is kept apart so they fall due exactly as in a run without digests.
        var digestRandom = new Random(20_000);
        var opened = new List<SeededCrisis>();
        for (var i = 0; i < crises; i++)
        {
            // Without digests the first update is due long after the run, and its reminder too.
            var firstUpdate = digestsFrom is { } from ? from + Spread * digestRandom.NextDouble() : DateTimeOffset.UtcNow.AddMinutes(15);
            var crisis = await OpenPublishedAsync(store, slack, i, firstUpdate);
            opened.Add(crisis);
            if (digestsFrom is not null)
            {
                var digest = $"crisis-{crisis.Id.Number}-u1";
                planned.Add(new PlannedPost(digest, crisis.Business, firstUpdate, PostKind.Digest, null));

                // The pointer links to the digest, so it can leave only after it; its lateness counts from the digest's due time.
                planned.Add(new PlannedPost($"{digest}-pointer", crisis.Technical, firstUpdate, PostKind.Pointer, digest));
            }
        }

        // Without digests T0 is fixed only once the slow part of seeding is over, so the warm-up is what the bot actually gets.
        var t0 = digestsFrom ?? DateTimeOffset.UtcNow + warmup;
        var random = new Random(10_000);
        foreach (var crisis in opened)
        {
            var dues = Enumerable.Range(0, perCrisis).Select(_ => t0 + Spread * random.NextDouble()).ToArray();
            planned.AddRange(await SetDeadlinesAsync(store, slack, crisis, dues));
        }

        return new Seed([.. planned], t0);
    }

    /// <summary>A crisis whose rooms, kickoffs, pins and opener message are all done, as the publisher leaves it.</summary>
    private static async Task<SeededCrisis> OpenPublishedAsync(LiteDbCrisisStore store, EmulatedSlack slack, int index, DateTimeOffset firstUpdate)
    {
        var now = DateTimeOffset.UtcNow;
        var workspace = slack.Workspace;
        var bot = slack.Settings.BotUserId;

        // One owner per crisis, as in real life, so nothing the bot keeps per user is shared between crises. The digest
        // shows the owner's phone, so the owner has one.
        var owner = new UserId(workspace.AddUser($"U{index:D6}", $"owner{index}", phone: $"+1 555 {index:D6}").Id);
        var history = await store.OpenAsync([new CrisisEvent.Opened("Checkout freezes", Severity.Sev1, "Acme Retail", owner, owner,
            null, $"http://127.0.0.1:9/r/{index}", ValueList<UserId>.Empty, ValueList<UserId>.Empty, true, firstUpdate, now)], CancellationToken.None);
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
        return new SeededCrisis(history.Id, version, state, owner, technical.Id, business.Id);
    }

    private static async Task<PlannedPost[]> SetDeadlinesAsync(LiteDbCrisisStore store, EmulatedSlack slack, SeededCrisis crisis, DateTimeOffset[] dues)
    {
        // Set now for due times under the reminder lead (10 minutes), so no reminder is owed (DeadlineClock.WantsReminder)
        // and the due posts are the only ones the burst asks for.
        var now = DateTimeOffset.UtcNow;
        var events = new List<CrisisEvent>();
        var planned = new PlannedPost[dues.Length];
        for (var i = 0; i < dues.Length; i++)
        {
            var id = new DeadlineId(i + 1);
            events.Add(new CrisisEvent.DeadlineSet(id, $"Get a heap dump from store {i + 1}", null, dues[i], crisis.Owner, null, null, now));

            // The "set" post went out when the deadline was written; recorded so the publisher owes only the due post.
            var setPost = slack.Workspace.PostMessage(crisis.Technical, slack.Settings.BotUserId, $"{id} set");
            events.Add(new CrisisEvent.MessagePosted(Key(crisis.Id, id, "set"), ChannelKind.Technical, setPost.Ts, now));
            planned[i] = new PlannedPost(Key(crisis.Id, id, "due"), crisis.Technical, dues[i], PostKind.Due, null);
        }

        var version = await store.AppendAsync(crisis.Id, crisis.Version, events, events.Aggregate(crisis.State, Crisis.Evolve), CancellationToken.None);
        await store.MarkPublishedAsync(crisis.Id, version, CancellationToken.None);
        return planned;
    }

    private static async Task<Measurement> MeasureAsync(BotProcess bot, Workspace workspace, Seed seed)
    {
        Console.WriteLine($"bot: listening {(bot.Listening - bot.Launched).TotalSeconds:F1} s after launch; " +
            $"the minute starts {(seed.T0 - bot.Launched).TotalSeconds:F1} s after launch");
        if (seed.T0 - DateTimeOffset.UtcNow is { Ticks: > 0 } untilT0)
            await Task.Delay(untilT0);
        var idle = bot.WorkingSet;
        var cpuAtT0 = bot.CpuTime;

        var expected = seed.Posts.Select(d => d.Key).ToHashSet();
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
                Console.WriteLine($"  T0+{(nextProgress - seed.T0).TotalSeconds:F0} s: {posted} of {expected.Count} posts");
                nextProgress += Window;
            }
        }

        if (posted == expected.Count)
            await Task.Delay(SettleForDuplicates);
        return new Measurement(idle, bot.PeakWorkingSet, bot.WorkingSet, bot.CpuTime - cpuAtT0);
    }

    private static void Report(Seed seed, Measurement measured, Workspace workspace, bool digests)
    {
        var expected = seed.Posts.ToDictionary(d => d.Key);
        var firstArrival = new Dictionary<string, DateTimeOffset>();
        var arrivals = new Dictionary<PostKind, int>();
        var otherPosts = 0;
        foreach (var call in workspace.CallsTo("chat.postMessage").Where(c => c.Ok))
        {
            if (KeyOf(call) is { } key && expected.TryGetValue(key, out var post))
            {
                arrivals[post.Kind] = arrivals.GetValueOrDefault(post.Kind) + 1;
                if (!firstArrival.TryGetValue(key, out var first) || call.At < first)
                    firstArrival[key] = call.At;
            }
            else
            {
                otherPosts++;
            }
        }

        // No start-up probe: the sweep runs due crises earliest wake first, so a crisis already due is handled before the
        // others are scheduled and cannot date the end of scheduling. A sweep that overran the warm-up shows instead as
        // lateness in the first 10 s of the minute (the "by due time" line).
        Console.WriteLine($"other posts {otherPosts}; failed Slack calls {workspace.Calls.Count(c => !c.Ok)}, of which refused by Slack's " +
            $"posting limits (429) {workspace.CallsTo("chat.postMessage").Count(c => c.HttpStatus == 429)}; " +
            $"chat.getPermalink calls {workspace.CallsTo("chat.getPermalink").Count()}, users.info calls {workspace.CallsTo("users.info").Count()}");

        var (floor, collided) = PacingFloor(seed.Posts);
        var missing = 0;
        var doubled = 0;
        var results = new Dictionary<PostKind, (double[] Late, double[] Beyond)>();
        foreach (var kind in seed.Posts.GroupBy(p => p.Kind).OrderBy(g => g.Key))
        {
            var all = kind.ToArray();
            var arrived = all.Where(p => firstArrival.ContainsKey(p.Key)).ToArray();
            var kindMissing = all.Length - arrived.Length;
            var kindDoubled = arrivals.GetValueOrDefault(kind.Key) - arrived.Length;
            missing += kindMissing;
            doubled += kindDoubled;
            var late = Millis(arrived.Select(p => firstArrival[p.Key] - p.Due));
            var beyond = Millis(arrived.Select(p => firstArrival[p.Key] - floor[p.Key]));
            results[kind.Key] = (late, beyond);

            Console.WriteLine($"{Name(kind.Key)}: {arrived.Length} of {all.Length}, missing {kindMissing}, doubled {kindDoubled}");
            if (late.Length == 0)
                continue;
            var collidedHere = arrived.Where(p => collided.Contains(p.Key)).ToArray();
            Console.WriteLine($"  lateness, due → Slack request: {Summary(late)}");
            Console.WriteLine($"  by due time, p99 per {Window.TotalSeconds:F0} s: {string.Join(" | ", ByWindow(arrived, seed.T0, firstArrival))}");
            Console.WriteLine($"  pacing floor (no bot could post sooner at a burst of {Burst}, then 1 post/s/channel): " +
                $"{Summary(Millis(arrived.Select(p => floor[p.Key] - p.Due)))}");
            Console.WriteLine($"  {collidedHere.Length} ({100.0 * collidedHere.Length / all.Length:F1}%) had to wait for their channel's pace; " +
                $"their lateness: {Summary(Millis(collidedHere.Select(p => firstArrival[p.Key] - p.Due)))}");
            Console.WriteLine($"  beyond the pacing floor (the bot's own delay): {Summary(beyond)}");
            if (kind.Key == PostKind.Digest)
                ExplainDigests(arrived, seed.Posts, firstArrival);
        }

        Console.WriteLine($"bot memory: {Mib(measured.IdleWorkingSet)} MiB idle at T0, peak {Mib(measured.PeakWorkingSet)} MiB (VmHWM), " +
            $"{Mib(measured.EndWorkingSet)} MiB at the end; bot CPU from T0 to the end {measured.Cpu.TotalSeconds:F1} s");

        var (target, limit) = digests ? (PostKind.Digest, 2000) : (PostKind.Due, 1000);
        var (measuredLate, measuredBeyond) = results[target];
        if (measuredLate.Length == 0)
            return;
        var p99 = Stats.Percentile(measuredLate, 0.99);
        var beyondP99 = Stats.Percentile(measuredBeyond, 0.99);
        var ownDelay = digests ? $", beyond the pacing floor p99 < 100 ms {Verdict(beyondP99 < 100)}" : "";
        Console.WriteLine($"target: {Name(target)} p99 < {limit} ms {Verdict(p99 < limit)} ({p99:F0} ms; {beyondP99:F0} ms beyond the pacing floor){ownDelay}, " +
            $"nothing missed {Verdict(missing == 0)}, nothing doubled {Verdict(doubled == 0)}");
    }

    /// <summary>
    /// A crisis's posts go out one after another, so a digest falling due while a post of its crisis waits for the
    /// technical channel's pace waits too, though its own channel is free: the floor, which paces channels apart, does
    /// not count that wait. Splits the digests into those that did and those that did not follow such a post.
    /// </summary>
    private static void ExplainDigests(PlannedPost[] digests, PlannedPost[] posts, Dictionary<string, DateTimeOffset> arrival)
    {
        var technical = posts.Where(p => p.Kind != PostKind.Digest && arrival.ContainsKey(p.Key)).ToLookup(p => CrisisOf(p.Key), p => arrival[p.Key]);
        var behind = digests.ToLookup(d => technical[CrisisOf(d.Key)].Any(at => at > d.Due && at < arrival[d.Key]));
        Console.WriteLine($"  {behind[true].Count()} left after a technical post of their crisis still waiting at their due time: " +
            $"{Summary(Millis(behind[true].Select(d => arrival[d.Key] - d.Due)))}");
        Console.WriteLine($"  the other {behind[false].Count()}: {Summary(Millis(behind[false].Select(d => arrival[d.Key] - d.Due)))}");
    }

    private static string CrisisOf(string key) => key[..key.IndexOf('-', "crisis-".Length)];

    /// <summary>
    /// The earliest each post could leave if the bot did nothing but wait for Slack's per-channel limit: in order of
    /// readiness, no sooner than it is ready (its due time, or for a pointer the earliest its digest could leave) nor than
    /// the channel's token bucket allows (a burst of <see cref="Burst"/>, then one each <see cref="PostInterval"/>). Also
    /// the posts that bucket held back. The workspace-wide limit (200 a second) is above the run's rate and left out.
    /// </summary>
    private static (Dictionary<string, DateTimeOffset> Floor, HashSet<string> Collided) PacingFloor(IEnumerable<PlannedPost> posts)
    {
        var floor = new Dictionary<string, DateTimeOffset>();
        var collided = new HashSet<string>();

        // Channels without pointers (business channels) first, so every digest's floor is known before its pointer queues.
        foreach (var channel in posts.GroupBy(p => p.Channel).OrderBy(c => c.Any(p => p.After is not null)))
        {
            // The time the channel's bucket is full again; a post may leave once it is within a burst of that.
            var fullAt = DateTimeOffset.MinValue;
            foreach (var (post, ready) in channel.Select(p => (p, Ready: p.After is { } after ? floor[after] : p.Due)).OrderBy(x => x.Ready))
            {
                var earliest = ready;
                if (fullAt != DateTimeOffset.MinValue && fullAt - (PostInterval * (Burst - 1)) > earliest)
                {
                    earliest = fullAt - (PostInterval * (Burst - 1));
                    collided.Add(post.Key);
                }

                floor[post.Key] = earliest;
                fullAt = (fullAt > earliest ? fullAt : earliest) + PostInterval;
            }
        }

        return (floor, collided);
    }

    /// <summary>The p99 lateness of the posts due in each successive 10 s of the minute: does a backlog build up?</summary>
    private static IEnumerable<string> ByWindow(PlannedPost[] posts, DateTimeOffset t0, Dictionary<string, DateTimeOffset> arrival) =>
        posts
            .GroupBy(p => (int)((p.Due - t0) / Window))
            .OrderBy(g => g.Key)
            .Select(g => $"{Stats.Percentile(Millis(g.Select(p => arrival[p.Key] - p.Due)), 0.99):F0}");

    private static string? KeyOf(ApiCall call) => call.Arguments["metadata"]?["event_payload"]?["key"]?.GetValue<string>();

    private static string Key(CrisisId crisis, DeadlineId deadline, string notice) =>
        string.Create(CultureInfo.InvariantCulture, $"crisis-{crisis.Number}-d{deadline.Number}-{notice}");

    private static string Name(PostKind kind) => kind switch
    {
        PostKind.Due => "due posts",
        PostKind.Digest => "digests",
        _ => "pointers (lateness from their digest's due time)",
    };

    private static double[] Millis(IEnumerable<TimeSpan> spans) => [.. spans.Select(s => s.TotalMilliseconds).Order()];

    private static string Summary(double[] sorted) => sorted.Length == 0
        ? "none"
        : $"p50 {Stats.Percentile(sorted, 0.50):F0} ms, p90 {Stats.Percentile(sorted, 0.90):F0} ms, p99 {Stats.Percentile(sorted, 0.99):F0} ms, max {sorted[^1]:F0} ms";

    private static long Mib(long bytes) => bytes / (1024 * 1024);

    private static string Verdict(bool met) => met ? "MET" : "NOT MET";

    private static int Arg(string[] args, int index, int otherwise) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : otherwise;

    private enum PostKind { Due, Digest, Pointer }

    private sealed record SeededCrisis(CrisisId Id, int Version, Crisis State, UserId Owner, string Technical, string Business);

    /// <param name="After">The post that must leave first (a pointer's digest), or null.</param>
    private sealed record PlannedPost(string Key, string Channel, DateTimeOffset Due, PostKind Kind, string? After);

    private sealed record Seed(PlannedPost[] Posts, DateTimeOffset T0);

    private sealed record Measurement(long IdleWorkingSet, long PeakWorkingSet, long EndWorkingSet, TimeSpan Cpu);
}
