using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Scheduling;
using WarRoomBot.Slack.Publishing;
using WarRoomBot.Storage;
using WarRoomBot.Tests.Storage;
using Xunit.Abstractions;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Issue 10: any number of replicas share one PostgreSQL database; a command can reach any of them, every Slack message
/// is still posted exactly once, every deadline and digest fires exactly once, and when one replica dies the others carry
/// on with its crises. Replica B drives the clock after A's death through the same call the bot's own poll makes.
/// </summary>
public sealed partial class ReplicaTests(ITestOutputHelper output)
{
    private const int OpenedBeforeTheCrash = 40;
    private const int Crises = 50;

    private static readonly DateTimeOffset T = WarRoomApp.Start;

    [PostgresFact]
    public async Task Two_replicas_post_every_channel_kickoff_due_post_and_digest_once_when_one_dies_in_the_middle_of_publishing()
    {
        await using var replicas = await Replicas.StartAsync();
        var (a, b) = (replicas.A, replicas.B);
        var slack = replicas.Slack.Workspace;
        var store = replicas.Store;

        // Both replicas take commands: the opens alternate, and each theory goes to the replica that did not open its crisis.
        for (var n = 1; n <= OpenedBeforeTheCrash; n++)
            await OpenAsync(n % 2 == 1 ? a : b, n, slack);
        await replicas.SettleAsync(a, b);
        for (var n = 1; n <= OpenedBeforeTheCrash; n++)
            await TheoryAsync(n % 2 == 1 ? b : a, n, minutes: 20 + (10 * (n % 3)), store);
        await replicas.SettleAsync(a, b);
        Assert.All([a, b], replica => Assert.Equal(OpenedBeforeTheCrash, replica.Answered.Count));

        // Reminders at T+10, the first deadlines at T+20: both replicas run the clock and publish at once.
        for (var step = 0; step < 2; step++)
        {
            replicas.Time.Advance(TimeSpan.FromMinutes(10));
            await replicas.SettleAsync(a, b);
        }

        // T+30, first digests and more deadlines due, ten more crises opened: Slack carries out A's creates and posts, and
        // A never hears back, so A is caught inside them, holding their rooms' leases, when it dies.
        replicas.SlackOfA.WithholdAnswersTo("POST /api/conversations.create ", "POST /api/chat.postMessage ");
        replicas.Time.Advance(TimeSpan.FromMinutes(10));
        for (var n = OpenedBeforeTheCrash + 1; n <= Crises; n++)
            await OpenAsync(n % 2 == 1 ? a : b, n, slack);
        await a.Services.GetRequiredService<CrisisClockScheduler>().RunAllDueAsync(CancellationToken.None);
        await WaitUntilSlackHasAsync(replicas, () => AllDoneAtThirtyMinutesAsync(slack, store));

        var leases = await replicas.LeasesOfAAsync();
        var unrecorded = await UnrecordedAsync(slack, store);
        var caught = unrecorded.Intersect(leases.Select(l => l.Crisis)).ToList();
        output.WriteLine($"At the kill: {replicas.SlackOfA.Withheld} answers withheld from A, {leases.Count} room leases held by A, "
            + $"{unrecorded.Count} crises with Slack changes not on their timeline ({caught.Count} of them under A's leases).");
        Assert.True(replicas.SlackOfA.Withheld > 0, "A was not inside any Slack call when it was killed.");
        Assert.NotEmpty(caught);

        await replicas.KillAAsync(leases);

        // Only B from here: it takes over A's rooms at T+30, then runs to T+70, through every crisis's deadline falling due
        // and being escalated, and the digests due at T+60.
        await replicas.SettleAsync(b);
        for (var n = OpenedBeforeTheCrash + 1; n <= Crises; n++)
            await TheoryAsync(b, n, minutes: 15, store);
        for (var step = 0; step < 4; step++)
        {
            await replicas.SettleAsync(b);
            replicas.Time.Advance(TimeSpan.FromMinutes(10));
        }

        await replicas.SettleAsync(b);
        Assert.Equal(0, await b.Services.GetRequiredService<CrisisClockScheduler>().RunAllDueAsync(CancellationToken.None));
        Assert.Empty(await store.UnpublishedAsync(null, 100, CancellationToken.None));

        Assert.Equal(2 * Crises, slack.Channels.Count(c => CrisisChannel().IsMatch(c.Name)));
        for (var n = 1; n <= Crises; n++)
            await AssertPublishedOnceAsync(n, slack, store, replicas.Time.GetUtcNow());
    }

    [PostgresFact]
    public async Task A_signed_open_accepted_by_one_replica_and_replayed_to_the_other_is_refused_and_opens_nothing()
    {
        await using var replicas = await Replicas.StartAsync();
        var slack = replicas.Slack.Workspace;
        await OpenAsync(replicas.A, 1, slack);

        var replay = await replicas.B.Sender.ReplayAsync(replicas.A.Sender.LastSent!);
        await replicas.SettleAsync(replicas.A, replicas.B);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal(["crisis-1-registers-freeze-at-store-1", "crisis-1-registers-freeze-at-store-1-biz"],
            slack.Channels.Where(c => c.Name.StartsWith("crisis-", StringComparison.Ordinal)).Select(c => c.Name).Order());
    }

    private static async Task OpenAsync(Replica replica, int n, Workspace slack)
    {
        var reply = await replica.CrisisAsync($"open Registers freeze at store {n} sev1 customer: Acme Retail", slack.ChannelNamed("general")!.Id);
        Assert.Contains($"Opening crisis {n}:", reply.Text, StringComparison.Ordinal);
    }

    private static async Task TheoryAsync(Replica replica, int n, int minutes, ICrisisStore store)
    {
        var crisis = await LoadAsync(store, n);
        var reply = await replica.CrisisAsync(
            $"theory Lock contention at store {n} prove replay the logs of store {n} by {minutes}m", crisis.Technical.Channel!.Value.Value);
        Assert.Contains("Recorded *T1* with deadline *D1*", reply.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// At T+30 Slack has every crisis's first digest, the due posts of the deadlines due by then, and the technical channels
    /// of the crises just opened, whether A made them (and never heard back) or B did.
    /// </summary>
    private static async Task<bool> AllDoneAtThirtyMinutesAsync(Workspace slack, ICrisisStore store)
    {
        for (var n = 1; n <= OpenedBeforeTheCrash; n++)
        {
            var crisis = await LoadAsync(store, n);
            if (!HasPost(slack, crisis.Business, $"crisis-{n}-u1"))
                return false;
            if (crisis.Deadlines[0].Due <= T.AddMinutes(30) && !HasPost(slack, crisis.Technical, $"crisis-{n}-d1-due"))
                return false;
        }

        for (var n = OpenedBeforeTheCrash + 1; n <= Crises; n++)
        {
            if (!slack.Channels.Any(c => c.Name.StartsWith($"crisis-{n}-", StringComparison.Ordinal) && !c.Name.EndsWith("-biz", StringComparison.Ordinal)))
                return false;
        }

        return true;
    }

    private static bool HasPost(Workspace slack, Room room, string key) => slack.Channel(room.Channel!.Value.Value).Messages.Any(m => KeyOf(m) == key);

    /// <summary>
    /// Waits for Slack to show what <paramref name="done"/> asks, once A has been caught inside a call: B publishes what A
    /// does not hold meanwhile, as its own poll would, and each look waits for Slack to change.
    /// </summary>
    private static async Task WaitUntilSlackHasAsync(Replicas replicas, Func<Task<bool>> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await replicas.SlackOfA.WaitForWithheldAsync(1, timeout.Token);
        var publisher = replicas.B.Services.GetRequiredService<SlackPublisher>();
        while (true)
        {
            var seen = replicas.Slack.Workspace.Version;
            await publisher.PublishPendingAsync(timeout.Token);
            if (await done())
                return;
            await replicas.Slack.Workspace.WaitForChangeAsync(seen, timeout.Token);
        }
    }

    /// <summary>The crises that Slack shows a channel or a message of that their stored timeline does not know.</summary>
    private static async Task<SortedSet<int>> UnrecordedAsync(Workspace slack, ICrisisStore store)
    {
        var unrecorded = new SortedSet<int>();
        foreach (var channel in slack.Channels)
        {
            if (CrisisChannel().Match(channel.Name) is not { Success: true } match)
                continue;
            var n = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var crisis = await LoadAsync(store, n);
            var room = RoomOf(crisis, channel.Id);
            if (room is null || channel.Messages.Any(m => RecordedTs(crisis, room, KeyOf(m)) != m.Ts))
                unrecorded.Add(n);
        }

        return unrecorded;
    }

    private static async Task AssertPublishedOnceAsync(int n, Workspace slack, ICrisisStore store, DateTimeOffset now)
    {
        var crisis = await LoadAsync(store, n);
        Assert.Empty(crisis.Failures);
        Assert.True(crisis.OpenerNotified && !crisis.OpenerReplyUnusable, $"The links of crisis {n} did not reach whoever opened it through the command's response_url.");

        // One technical and one business channel, the ones the timeline names.
        var channels = slack.Channels.Where(c => c.Name.StartsWith($"crisis-{n}-", StringComparison.Ordinal)).Select(c => c.Id).Order();
        Assert.Equal(new[] { crisis.Technical.Channel!.Value.Value, crisis.Business.Channel!.Value.Value }.Order(), channels);

        foreach (var room in new[] { crisis.Technical, crisis.Business })
        {
            var messages = slack.Channel(room.Channel!.Value.Value).Messages;

            // No duplicates anywhere, nothing unrecorded: every message is one the timeline recorded, under its own key, once.
            Assert.Empty(messages.GroupBy(KeyOf).Where(posts => posts.Count() > 1).Select(posts => posts.Key ?? "(no key)"));
            Assert.All(messages, m => Assert.Equal(RecordedTs(crisis, room, KeyOf(m)), m.Ts));

            var kickoff = Assert.Single(messages, m => KeyOf(m) == KickoffKey(n, room));
            Assert.Equal([kickoff.Ts], slack.Channel(room.Channel!.Value.Value).Pins);
        }

        var tech = slack.Channel(crisis.Technical.Channel!.Value.Value).Messages;
        var deadline = Assert.Single(crisis.Deadlines);
        Assert.True(deadline.FellDue, $"D1 of crisis {n} did not fall due.");
        Assert.Single(tech, m => KeyOf(m) == $"crisis-{n}-d1-due");

        // Every digest once, each at the time the one before promised, from the first the kickoff promised to one still to come.
        var biz = slack.Channel(crisis.Business.Channel!.Value.Value).Messages;
        var digests = crisis.Updates.Given.Where(u => u.Kind == UpdateKind.Digest).ToList();
        Assert.Equal(crisis.Updates.Given.Count, digests.Count);
        Assert.True(digests.Count >= (n <= OpenedBeforeTheCrash ? 2 : 1), $"Crisis {n} had {digests.Count} digests.");
        Assert.Equal(crisis.FirstUpdateDue, digests[0].WasDue);
        for (var i = 1; i < digests.Count; i++)
            Assert.Equal(digests[i - 1].Next.Due, digests[i].WasDue);
        Assert.True(digests[^1].Next.Due > now, $"Crisis {n} owes a digest that was not given.");
        Assert.All(digests, d => Assert.Single(biz, m => KeyOf(m) == $"crisis-{n}-u{d.Number}"));
    }

    private static string KickoffKey(int n, Room room) => $"crisis-{n}-kickoff-{room.Kind.ToString().ToLowerInvariant()}";

    /// <summary>The ts the timeline recorded for the post under <paramref name="key"/> in <paramref name="room"/>, or null.</summary>
    private static string? RecordedTs(Crisis crisis, Room room, string? key) => key switch
    {
        null => null,
        _ when key == KickoffKey(crisis.Id.Number, room) => room.KickoffTs,
        _ => crisis.PostFor(key) is { } post && post.Kind == room.Kind ? post.Ts : null,
    };

    private static Room? RoomOf(Crisis crisis, string channel) =>
        crisis.Technical.Channel?.Value == channel ? crisis.Technical : crisis.Business.Channel?.Value == channel ? crisis.Business : null;

    private static string? KeyOf(MessageRecord message) => message.MetadataPayload?["key"]?.GetValue<string>();

    private static async Task<Crisis> LoadAsync(ICrisisStore store, int n) => (await store.LoadAsync(new CrisisId(n), CancellationToken.None))!.Fold();

    [GeneratedRegex(@"^crisis-(\d+)-", RegexOptions.CultureInvariant)]
    private static partial Regex CrisisChannel();
}
