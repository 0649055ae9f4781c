using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using SlackEmulator;

/// <summary>
/// Lost answers: Slack carries out every call, but the answer to one create and one post in three never comes back
/// (the connection is cut after the call took effect). Crises are opened through the real bot, each gets a theory, and
/// then every crisis's channels and posts are counted in the emulated workspace: nothing may be doubled or missing.
/// </summary>
internal static partial class LostAnswerRun
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);

    // Once every post is in, a repeat of one would follow within a few seconds; wait for it before counting.
    private static readonly TimeSpan SettleForDuplicates = TimeSpan.FromSeconds(5);

    private const string Opener = "U0ALICE";

    public static async Task<int> RunAsync(string[] args)
    {
        var crises = Arg(args, 0, 20);
        var every = Arg(args, 1, 3);
        if (BotProcess.FindDll() is not { } dll)
            return 1;

        await using var slack = await EmulatedSlack.StartAsync();
        slack.Workspace.AddUser(Opener, "alice", "Alice Moreau");
        var general = slack.Workspace.AddChannel("general", creator: Opener);
        var data = Directory.CreateTempSubdirectory("warroom-lost-answers-");

        Console.WriteLine($"lost answers: {crises} crises with a theory each; every {Ordinal(every)} answer to conversations.create and " +
            $"chat.postMessage is lost after Slack carried the call out");

        var clock = Stopwatch.StartNew();
        Dictionary<int, Counted> counted;
        var bot = await BotProcess.StartAsync(dll, slack, Path.Combine(data.FullName, "bench.litedb"));
        await using (bot)
        {
            slack.Faults.DropEveryAnswer("conversations.create", every);
            slack.Faults.DropEveryAnswer("chat.postMessage", every);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{bot.Port}/") };
            var sender = slack.SenderTo(http, TimeProvider.System);

            var numbers = await Task.WhenAll(Enumerable.Range(1, crises).Select(i => OpenWithTheoryAsync(sender, slack.Workspace, general.Id, i)));
            await WaitForEverythingAsync(slack.Workspace, numbers);
            await Task.Delay(SettleForDuplicates);
            counted = numbers.ToDictionary(n => n, n => Count(slack.Workspace, n));
        }

        Report(slack.Workspace, counted, clock.Elapsed);
        data.Delete(recursive: true);
        return 0;
    }

    /// <summary>Opens crisis <paramref name="index"/> from #general, waits for its technical channel and records a theory there.</summary>
    private static async Task<int> OpenWithTheoryAsync(SlackSender sender, Workspace workspace, string general, int index)
    {
        var reply = await sender.SlashCommandAsync(Opener, general, $"open Checkout freezes at store {index} sev2");
        var number = int.Parse(CrisisNumber().Match(reply.Text).Groups[1].Value, CultureInfo.InvariantCulture);

        // The kickoff is posted only after the bot recorded the channel as the crisis's, so a command there finds it.
        var kickoff = $"crisis-{number}-kickoff-technical";
        var giveUp = DateTimeOffset.UtcNow + GiveUpAfter;
        while (DateTimeOffset.UtcNow < giveUp)
        {
            if (Technical(workspace, number) is { } technical && technical.Messages.Any(m => KeyOf(m) == kickoff))
            {
                var theory = await sender.SlashCommandAsync(Opener, technical.Id, "theory Lock contention from the price job prove replay the logs on staging by 45m");
                if (!theory.Text.Contains("T1", StringComparison.Ordinal))
                    Console.WriteLine($"  crisis {number}: the theory was not recorded: {theory.Text}");
                return number;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        Console.WriteLine($"  crisis {number}: no technical channel with a kickoff after {GiveUpAfter.TotalMinutes:F0} minutes");
        return number;
    }

    private static async Task WaitForEverythingAsync(Workspace workspace, int[] numbers)
    {
        var giveUp = DateTimeOffset.UtcNow + GiveUpAfter;
        while (DateTimeOffset.UtcNow < giveUp && numbers.Any(n => Count(workspace, n).Missing > 0))
            await Task.Delay(TimeSpan.FromMilliseconds(250));
    }

    /// <summary>One crisis's rooms and the three posts it is owed (two kickoffs and the theory's deadline), by what Slack holds.</summary>
    private static Counted Count(Workspace workspace, int number)
    {
        var channels = workspace.Channels.Where(c => c.Name.StartsWith($"crisis-{number}-", StringComparison.Ordinal)).ToList();
        string[] owed = [$"crisis-{number}-kickoff-technical", $"crisis-{number}-kickoff-business", $"crisis-{number}-d1-set"];
        var posts = channels.SelectMany(c => c.Messages)
            .Select(KeyOf)
            .Where(key => key is not null && owed.Contains(key))
            .GroupBy(key => key!)
            .ToDictionary(g => g.Key, g => g.Count());

        var extraChannels = Math.Max(0, channels.Count - 2);
        var missingChannels = Math.Max(0, 2 - channels.Count);
        var doubledPosts = posts.Values.Sum(n => n - 1);
        var missingPosts = owed.Count(key => !posts.ContainsKey(key));
        return new Counted(channels.Count, posts.Values.Sum(), extraChannels + doubledPosts, missingChannels + missingPosts);
    }

    private static void Report(Workspace workspace, Dictionary<int, Counted> counted, TimeSpan elapsed)
    {
        var dropped = workspace.Calls.Where(c => c.AnswerDropped).GroupBy(c => c.Method).ToDictionary(g => g.Key, g => g.Count());
        Console.WriteLine($"answers lost: conversations.create {dropped.GetValueOrDefault("conversations.create")} of " +
            $"{workspace.CallsTo("conversations.create").Count}, chat.postMessage {dropped.GetValueOrDefault("chat.postMessage")} of " +
            $"{workspace.CallsTo("chat.postMessage").Count}; lookups: conversations.list {workspace.CallsTo("conversations.list").Count}, " +
            $"conversations.history {workspace.CallsTo("conversations.history").Count}");
        foreach (var (number, c) in counted.OrderBy(p => p.Key).Where(p => p.Value.Doubled > 0 || p.Value.Missing > 0))
            Console.WriteLine($"  crisis {number}: {c.Channels} channels, {c.Posts} posts, {c.Doubled} doubled, {c.Missing} missing");

        var doubled = counted.Values.Sum(c => c.Doubled);
        var missing = counted.Values.Sum(c => c.Missing);
        Console.WriteLine($"crises {counted.Count}: channels {counted.Values.Sum(c => c.Channels)} (expected {2 * counted.Count}), " +
            $"posts {counted.Values.Sum(c => c.Posts)} (expected {3 * counted.Count}); in {elapsed.TotalSeconds:F0} s");
        Console.WriteLine($"target: duplicates 0 {Verdict(doubled == 0)} ({doubled}), losses 0 {Verdict(missing == 0)} ({missing})");
    }

    private static string? KeyOf(MessageRecord message) => message.MetadataPayload?["key"]?.GetValue<string>();

    private static ChannelRecord? Technical(Workspace workspace, int number) =>
        workspace.Channels.FirstOrDefault(c => c.Name.StartsWith($"crisis-{number}-", StringComparison.Ordinal) && !c.Name.EndsWith("-biz", StringComparison.Ordinal));

    private static string Ordinal(int n) => n switch { 1 => "1st", 2 => "2nd", 3 => "3rd", _ => $"{n}th" };

    private static string Verdict(bool met) => met ? "MET" : "NOT MET";

    private static int Arg(string[] args, int index, int otherwise) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : otherwise;

    [GeneratedRegex(@"crisis (\d+)")]
    private static partial Regex CrisisNumber();

    private sealed record Counted(int Channels, int Posts, int Doubled, int Missing);
}
