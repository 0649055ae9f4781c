using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Storage;

/// <summary>
/// Storage size: crises opened through the real bot on its default LiteDB store, each as a person opens one:
/// <c>/crisis open</c> in #general, then, once the technical channel has its kickoff, a theory with a diagnostic deadline
/// there, whose "set" post the bot publishes. Reports the data file and its log once every crisis's deadline is posted,
/// and again after the bot was stopped as a service manager stops it, which closes the store (LiteDB checkpoints its log
/// into the file when it closes).
/// </summary>
internal static partial class SizeRun
{
    private const string Opener = "U0ALICE";

    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);

    // The bot's answer to a command it could not store (SlackEndpoints): the person is asked to send it again.
    private const string NothingRecorded = "Nothing was recorded; please try again.";
    private const int MaxTheoryAttempts = 5;

    // How often the channels the bot created are looked up by name: a scan of all of them on every change to the
    // workspace would cost more than the bot's own work once there are thousands.
    private static readonly TimeSpan ChannelScan = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(string[] args)
    {
        var crises = Arg(args, 0, 10_000);
        var concurrency = Arg(args, 1, 32);
        if (BotProcess.FindDll() is not { } dll)
            return 1;

        await using var slack = await EmulatedSlack.StartAsync();
        slack.Workspace.AddUser(Opener, "alice", "Alice Moreau");
        var general = slack.Workspace.AddChannel("general", creator: Opener);
        var data = Directory.CreateTempSubdirectory("warroom-sizes-");
        var database = Path.Combine(data.FullName, "bench.litedb");
        var log = LiteDbCrisisStore.LogFile(database);
        Console.WriteLine($"sizes: {crises} crises opened through the bot on LiteDB, each with a theory and a deadline, {concurrency} at a time; " +
            $"cores {Environment.ProcessorCount}");

        Files open, closed;
        TimeSpan wall, cpu, stopped;
        var theoriesSentAgain = 0;
        int exitCode;
        var bot = await BotProcess.StartAsync(dll, slack, database);
        await using (bot)
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{bot.Port}/") };
            var sender = slack.SenderTo(http, TimeProvider.System);
            using var stop = new CancellationTokenSource();
            var rooms = new Rooms(slack.Workspace);
            var scanning = rooms.ScanAsync(stop.Token);

            var cpuBefore = bot.CpuTime;
            var clock = Stopwatch.StartNew();
            var deadlinesPosted = new ConcurrentBag<Task>();
            var next = 0;
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) is var i && i <= crises)
                {
                    var (posted, again) = await OpenWithTheoryAsync(sender, slack.Workspace, rooms, general.Id, i);
                    deadlinesPosted.Add(posted);
                    Interlocked.Add(ref theoriesSentAgain, again);
                    if (i % 1_000 == 0)
                        Console.WriteLine($"  {i} crises opened with a theory, {clock.Elapsed.TotalSeconds:F0} s");
                }
            }));
            await Task.WhenAll(deadlinesPosted);
            wall = clock.Elapsed;
            cpu = bot.CpuTime - cpuBefore;
            open = Files.Of(database, log);

            await stop.CancelAsync();
            await scanning;
            var stopping = Stopwatch.StartNew();
            exitCode = await bot.StopAsync(TimeSpan.FromMinutes(1));
            stopped = stopping.Elapsed;
            closed = Files.Of(database, log);
        }

        Console.WriteLine($"opened {crises} crises with a theory and a deadline each, every deadline posted: {wall.TotalSeconds:F1} s wall " +
            $"({crises / wall.TotalSeconds:F0} crises/s), bot CPU {cpu.TotalSeconds:F1} s");
        Console.WriteLine($"theories the bot answered \"{NothingRecorded}\", sent again: {theoriesSentAgain}");
        Console.WriteLine($"right after, the bot running: {open.Describe(crises)}");
        Console.WriteLine($"  (LiteDB copies its log into the file whenever the log reaches {LiteDbCrisisStore.DefaultCheckpointPages:N0} pages of 8 KiB, " +
            "so the log right after is anywhere from empty to that size, by where the run ended in that cycle)");
        Console.WriteLine($"after the bot stopped (in {stopped.TotalSeconds:F1} s, exit code {exitCode}; the store closed): {closed.Describe(crises)}");
        var reading = Stopwatch.StartNew();
        var cpuBeforeReading = Environment.CpuUsage.TotalTime;
        var held = await ContentsAsync(database);
        var readingCpu = Environment.CpuUsage.TotalTime - cpuBeforeReading;
        Console.WriteLine($"the file holds {held.Crises} crises and {held.Events} events ({(double)held.Events / held.Crises:F1} per crisis); " +
            $"crises without their theory, deadline and posted deadline: {held.Incomplete}; read back in {reading.Elapsed.TotalSeconds:F1} s " +
            $"({readingCpu.TotalSeconds:F1} s CPU)");
        data.Delete(recursive: true);
        return exitCode == 0 && held.Crises == crises && held.Incomplete == 0 ? 0 : 1;
    }

    /// <summary>
    /// What the closed file holds, read with the product's own store after the sizes were taken (opening it writes): the
    /// sizes are those of real crises only if every one has what a person gave it.
    /// </summary>
    private static async Task<Contents> ContentsAsync(string database)
    {
        using var store = new LiteDbCrisisStore(database, TimeProvider.System, () => ClockPolicy.Default);
        var contents = new Contents(0, 0, 0);
        CrisisId? after = null;
        while (await store.CrisesAsync(after, 1_000, CancellationToken.None) is { Count: > 0 } page)
        {
            foreach (var id in page)
            {
                var events = (await store.LoadAsync(id, CancellationToken.None))!.Events;
                var complete = events.OfType<CrisisEvent.TheoryProposed>().Any()
                    && events.OfType<CrisisEvent.DeadlineSet>().Any()
                    && events.OfType<CrisisEvent.MessagePosted>().Any(m => m.Key == $"crisis-{id.Number}-d1-set");
                contents = new Contents(contents.Crises + 1, contents.Events + events.Count, contents.Incomplete + (complete ? 0 : 1));
            }

            after = page[^1];
        }

        return contents;
    }

    /// <summary>
    /// Opens crisis <paramref name="index"/> from #general, waits for its technical channel's kickoff and records a theory
    /// there. Returns a task that completes when the theory's deadline is posted in that channel, and how many times the
    /// theory had to be sent again.
    /// </summary>
    private static async Task<(Task DeadlinePosted, int SentAgain)> OpenWithTheoryAsync(SlackSender sender, Workspace workspace, Rooms rooms, string general, int index)
    {
        using var patience = new CancellationTokenSource(GiveUpAfter);
        var title = $"Checkout freezes at store {index}";
        var opened = await sender.SlashCommandAsync(Opener, general, $"open {title} sev2 customer: Acme Retail", ct: patience.Token);
        if (opened.Status != HttpStatusCode.OK || CrisisNumber().Match(opened.Text) is not { Success: true } match)
            throw new InvalidOperationException($"crisis {index} was not opened: {(int)opened.Status} {opened.Text}");

        var number = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var technical = await rooms.NamedAsync(ChannelNames.For(new CrisisId(number), title).Technical).WaitAsync(patience.Token);

        // The kickoff is posted only after the bot recorded the channel as the crisis's, so a command there finds it.
        await workspace.WaitForMessageAsync(technical, m => KeyOf(m) == $"crisis-{number}-kickoff-technical", patience.Token);

        // Sent again, as the person would, when the bot answers that it recorded nothing: each such answer is counted and
        // reported, since a person should not see it at all.
        for (var attempt = 1; ; attempt++)
        {
            var theory = await sender.SlashCommandAsync(Opener, technical, "theory Lock contention from the price job prove replay the logs on staging by 45m", ct: patience.Token);
            if (theory.Text.Contains("T1", StringComparison.Ordinal))
                return (DeadlinePostedAsync(workspace, technical, number), attempt - 1);
            if (attempt == MaxTheoryAttempts || !theory.Text.Contains(NothingRecorded, StringComparison.Ordinal))
                throw new InvalidOperationException($"crisis {number}: the theory was not recorded: {theory.Text}");
        }
    }

    private static async Task DeadlinePostedAsync(Workspace workspace, string technical, int number)
    {
        using var patience = new CancellationTokenSource(GiveUpAfter);
        await workspace.WaitForMessageAsync(technical, m => KeyOf(m) == $"crisis-{number}-d1-set", patience.Token);
    }

    private static string? KeyOf(MessageRecord message) => message.MetadataPayload?["key"]?.GetValue<string>();

    private static int Arg(string[] args, int index, int otherwise) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : otherwise;

    [GeneratedRegex(@"crisis (\d+)")]
    private static partial Regex CrisisNumber();

    /// <summary>The channels the bot created, by name, found by one scan of the new ones every <see cref="ChannelScan"/>.</summary>
    private sealed class Rooms(Workspace workspace)
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> byName = new();

        /// <summary>The id of the channel named <paramref name="name"/>, once it exists.</summary>
        public Task<string> NamedAsync(string name) => Named(name).Task;

        public async Task ScanAsync(CancellationToken ct)
        {
            // The emulator lists channels in the order they were created, so each scan reads only those it has not seen.
            var seen = 0;
            while (!ct.IsCancellationRequested)
            {
                var channels = workspace.Channels;
                foreach (var channel in channels.Skip(seen))
                    Named(channel.Name).TrySetResult(channel.Id);
                seen = channels.Count;
                try
                {
                    await Task.Delay(ChannelScan, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        private TaskCompletionSource<string> Named(string name) =>
            byName.GetOrAdd(name, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    private sealed record Contents(int Crises, long Events, int Incomplete);

    /// <summary>The data file's and the log's sizes in bytes; a log LiteDB removed counts as empty.</summary>
    private sealed record Files(long Data, long Log)
    {
        public static Files Of(string database, string log) => new(Size(database), Size(log));

        public string Describe(int crises) => string.Create(CultureInfo.InvariantCulture,
            $"data file {Data / 1024.0 / 1024.0:F2} MiB ({Data:N0} bytes), log {Log / 1024.0 / 1024.0:F2} MiB ({Log:N0} bytes), " +
            $"together {(Data + Log) / 1024.0 / crises:F1} KiB per crisis");

        private static long Size(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
    }
}
