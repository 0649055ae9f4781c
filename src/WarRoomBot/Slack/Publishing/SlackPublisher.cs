using System.Collections.Concurrent;
using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Features;
using WarRoomBot.Slack.Api;
using WarRoomBot.Storage;

namespace WarRoomBot.Slack.Publishing;

/// <summary>Handlers call this after appending to a crisis, so the publisher starts at once instead of at its next poll.</summary>
public interface IPublisherSignal
{
    void Notify(CrisisId crisis);
}

/// <summary>
/// Carries the timeline to Slack (DESIGN "Flow of one command", step 4). What to do next is derived from the
/// folded crisis (<see cref="PublishingPlan"/>), done by <see cref="SlackSteps"/>, and every Slack answer that matters
/// is appended back, so a restart resumes exactly where the last run stopped.
/// A fixed number of workers take crises from two bounded queues, oldest first: one for the technical and business rooms,
/// one for the headline channel every crisis shares. An append queues its crisis; a scan of the store, a page at a time,
/// brings what no append announced (another replica's work, a crash, a crisis turned away by a full queue, a retry). So
/// neither memory nor the cost of an append grows with the number of crises Slack is behind on.
/// </summary>
public sealed partial class SlackPublisher(
    ICrisisStore store,
    CrisisTurns turns,
    SlackSteps steps,
    IChannelTurns channels,
    IOptions<PublisherLimits> limits,
    [FromKeyedServices(SlackApiState.ClockKey)] TimeProvider slackClock,
    ILogger<SlackPublisher> log) : BackgroundService, IPublisherSignal
{
    /// <summary>
    /// How long publishing pauses when Slack is down, and how often the store is scanned for crises no append announced
    /// (outages, rate limits, another replica's changes).
    /// </summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    private const int MaxRecordAttempts = 5;

    /// <summary>Unpublished crises read from the store at once.</summary>
    private const int Page = 256;

    /// <summary>
    /// Runs in a row that found Slack unavailable, with none reaching it between, before publishing pauses: one crisis
    /// whose call keeps failing must not hold up every other, but a Slack that is down answers no one.
    /// </summary>
    private const int OutageAfter = 3;

    private static readonly HashSet<string> None = new(StringComparer.Ordinal);

    /// <summary>The rooms' lane first: a scan goes at the pace its queue is worked through.</summary>
    private readonly Lane[] lanes =
    [
        new([ChannelKind.Technical, ChannelKind.Business], limits.Value.Workers, SharesChannel: false, new PublishingQueue(limits.Value.Queued)),
        new([ChannelKind.Headline], limits.Value.HeadlineWorkers, SharesChannel: true, new PublishingQueue(limits.Value.Queued)),
    ];

    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private readonly Lock slackHealth = new();
    private int failuresInARow;

    /// <summary>While Slack is down: completed when publishing resumes, oldest crisis first.</summary>
    private TaskCompletionSource? outage;

    private DateTimeOffset outageUntil;

    /// <summary>Whether a scan stopped because the rooms' queue was full, and waits for the workers to make room.</summary>
    private volatile bool scanWaits;

    /// <summary>The most runs under way at once since the process started, over both lanes.</summary>
    internal int MostRunsAtOnce => lanes.Sum(lane => lane.Queue.MostRunning);

    /// <summary>The most crises held in memory at once since the process started, over both lanes.</summary>
    internal int MostQueuedAtOnce => lanes.Sum(lane => lane.Queue.MostQueued);

    private PublishingQueue RoomsQueue => lanes[0].Queue;

    /// <summary>Queues the crisis in each lane: a few operations on bounded sets, whatever else is pending.</summary>
    public void Notify(CrisisId crisis)
    {
        foreach (var lane in lanes)
            lane.Queue.Offer(crisis, changed: true);
    }

    private void Wake() => wake.Writer.TryWrite(true);

    /// <summary>Publishes until nothing is left that Slack can be asked for now; returns how many crises are still unpublished.</summary>
    public async Task<int> DrainAsync(CancellationToken ct)
    {
        // A room's run can make work for the other room's (a pointer to a business update just posted), so a few passes.
        var remaining = await PublishPendingAsync(ct);
        for (var pass = 0; remaining > 0 && pass < 4; pass++)
            remaining = await PublishPendingAsync(ct);
        return remaining;
    }

    /// <summary>
    /// Publishes every crisis with unpublished events, oldest first, ignoring a pause for an outage and waiting for each
    /// channel's turn, and waits; returns how many are still unpublished.
    /// </summary>
    public async Task<int> PublishPendingAsync(CancellationToken ct)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = limits.Value.Workers, CancellationToken = ct };
        CrisisId? after = null;
        while (await store.UnpublishedAsync(after, Page, ct) is { Count: > 0 } page)
        {
            await Parallel.ForEachAsync(page, parallel, async (id, token) =>
            {
                foreach (var lane in lanes)
                    await PublishNowAsync(lane, id, token);
            });
            after = page[^1];
        }

        var remaining = 0;
        after = null;
        while (await store.UnpublishedAsync(after, Page, ct) is { Count: > 0 } page)
        {
            remaining += page.Count;
            after = page[^1];
        }

        return remaining;
    }

    /// <summary>
    /// Starts the workers, then keeps their queues fed: crises whose channel's turn has come, and every
    /// <see cref="RetryInterval"/> a scan of the store from the oldest unpublished crisis on.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var workers = lanes.SelectMany(lane => Enumerable.Range(0, lane.Workers).Select(_ => WorkAsync(lane, stopping))).ToList();
        CrisisId? scanned = null;
        var scanning = true;
        var nextScan = slackClock.GetUtcNow();
        while (!stopping.IsCancellationRequested)
        {
            var now = slackClock.GetUtcNow();
            var wakeAt = now + RetryInterval;
            try
            {
                foreach (var lane in lanes)
                {
                    if (lane.Queue.ReleaseDue(now) is { } turn && turn < wakeAt)
                        wakeAt = turn;
                }

                var down = Volatile.Read(ref outage);
                if (down is not null && now < outageUntil)
                {
                    wakeAt = outageUntil < wakeAt ? outageUntil : wakeAt;
                }
                else
                {
                    if (down is not null)
                    {
                        // Slack may be back: start again from the oldest crisis, so what waited longest goes first.
                        foreach (var lane in lanes)
                            lane.Queue.Clear();
                        scanning = true;
                        scanned = null;
                    }
                    else if (!scanning && now >= nextScan)
                    {
                        scanning = true;
                        scanned = null;
                    }

                    while (scanning && RoomsQueue.Ready < RoomsQueue.Capacity / 2)
                    {
                        var page = await store.UnpublishedAsync(scanned, Page, stopping);
                        foreach (var id in page)
                        {
                            foreach (var lane in lanes)
                                lane.Queue.Offer(id, changed: false);
                        }

                        if (page.Count < Page)
                        {
                            scanning = false;
                            nextScan = now + RetryInterval;
                        }
                        else
                        {
                            scanned = page[^1];
                        }
                    }

                    scanWaits = scanning;
                    if (down is not null)
                    {
                        lock (slackHealth)
                            outage = null;
                        down.TrySetResult();
                    }

                    if (!scanning && nextScan < wakeAt)
                        wakeAt = nextScan;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogPassFailed(e);
            }

            using var nap = new CancellationTokenSource(wakeAt - now > TimeSpan.Zero ? wakeAt - now : TimeSpan.Zero, slackClock);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, nap.Token);
            try
            {
                await wake.Reader.ReadAsync(either.Token);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                // Time for a turn, a scan, or the end of a pause.
            }
        }

        // Shutting down: the runs under way stop at their next Slack call; what they did is recorded.
        await Task.WhenAll(workers);
    }

    /// <summary>
    /// One worker: takes the oldest ready crisis of its lane and publishes it. Waits first while Slack is down and, in the
    /// headline lane, for the shared channel's turn, so that no crisis holds a slot while it waits.
    /// </summary>
    private async Task WorkAsync(Lane lane, CancellationToken stopping)
    {
        await Task.Yield();
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (Volatile.Read(ref outage) is { } down)
                    await down.Task.WaitAsync(stopping);
                if (lane.SharesChannel && lane.Turn - slackClock.GetUtcNow() is var wait && wait > TimeSpan.Zero)
                    await Task.Delay(wait, slackClock, stopping);

                var (id, done) = await lane.Queue.TakeAsync(stopping);
                if (scanWaits && lane.Queue.Ready < lane.Queue.Capacity / 2)
                    Wake();
                Outcome outcome;
                try
                {
                    outcome = await PublishAsync(lane, id, waitForTurns: false, stopping);
                }
                finally
                {
                    if (lane.Queue.End(id, done))
                        lane.Queue.Offer(id, changed: true);
                }

                Follow(lane, id, outcome);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The crisis stays unpublished in the store; the next scan brings it back.
                LogPassFailed(e);
            }
        }
    }

    /// <summary>Publishes one lane of a crisis now, or waits for the run of it already under way.</summary>
    private async Task PublishNowAsync(Lane lane, CrisisId id, CancellationToken ct)
    {
        if (lane.Queue.TryBegin(id, out var done) is { } under)
        {
            await under;
            return;
        }

        try
        {
            Follow(lane, id, await PublishAsync(lane, id, waitForTurns: true, ct));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogPassFailed(e);
        }
        finally
        {
            if (lane.Queue.End(id, done!))
                lane.Queue.Offer(id, changed: true);
        }
    }

    /// <summary>What a run's end means for what comes next.</summary>
    private void Follow(Lane lane, CrisisId id, Outcome outcome)
    {
        if (outcome.Worked)
        {
            lock (slackHealth)
                failuresInARow = 0;

            // What a room did may be work for another lane (the headline shows the crisis as it now stands).
            foreach (var other in lanes.Where(other => other != lane))
                other.Queue.Offer(id, changed: true);
        }
        else if (outcome.SlackDown)
        {
            SlackFailed();
        }

        if (outcome.Turn is not { } turn)
            return;
        if (lane.SharesChannel)
        {
            // Every crisis waits for the same channel: the lane's workers wait for its turn, the crisis keeps its place.
            lane.Turn = turn;
            lane.Queue.Offer(id, changed: true);
        }
        else if (lane.Queue.Defer(id, turn))
        {
            Wake();
        }
    }

    /// <summary>
    /// Pauses publishing for a <see cref="RetryInterval"/> once several runs in a row found Slack unavailable: calls
    /// that cannot succeed would only cycle through every pending crisis. When the pause ends, the oldest goes first.
    /// </summary>
    private void SlackFailed()
    {
        lock (slackHealth)
        {
            if (++failuresInARow < OutageAfter || outage is not null)
                return;
            outageUntil = slackClock.GetUtcNow() + RetryInterval;
            outage = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        LogPaused(RetryInterval);
        Wake();
    }

    /// <summary>
    /// One lane of a crisis: the technical room's run first builds both rooms and their kickoffs, in order; the other rooms
    /// wait for that. Each room then goes at its own pace: a digest for the business channel never waits while the
    /// technical channel waits for its turn. The crisis counts as published once nothing is left in any room.
    /// </summary>
    private async Task<Outcome> PublishAsync(Lane lane, CrisisId id, bool waitForTurns, CancellationToken ct)
    {
        using var scope = log.BeginScope(new Dictionary<string, object> { ["CrisisId"] = id.Number });
        var outcome = new Outcome();

        // Replicas sharing one store take turns: a room is read, and worked, only by whoever holds its lease, so no two
        // post the same message. Another replica at work on it now means leaving it to the next scan.
        var leased = new List<(ChannelKind Room, IAsyncDisposable Lease)>(lane.Rooms.Length);
        try
        {
            foreach (var room in lane.Rooms)
            {
                if (await store.TryLeaseAsync(id, room, ct) is { } lease)
                    leased.Add((room, lease));
            }

            if (leased.Count == 0 || await store.LoadAsync(id, ct) is not { } history)
                return outcome;

            var version = history.Version;
            var crisis = history.Fold();
            var owners = new ConcurrentDictionary<UserId, Task<SlackUser?>>();

            // Nothing in a room makes sense before the rooms and their kickoffs exist.
            while (PublishingPlan.Next(crisis, None) is { IsIndependent: false } step)
            {
                if (leased[0].Room != ChannelKind.Technical)
                    return outcome;
                if (!waitForTurns && TurnOf(step, crisis) is { } turn)
                {
                    outcome.WaitFor(turn);
                    return outcome;
                }

                if (await RunAsync(step, crisis, owners, ct) is not { } happened)
                {
                    outcome.SlackDown = true;
                    return outcome;
                }

                (version, crisis) = await RecordAsync(id, version, crisis, happened, ct);
                outcome.Worked = true;
            }

            // What one room did may be work for another (a pointer to a business update just posted): the rooms are
            // gone through again until a pass does nothing more.
            var waiting = leased.ToDictionary(l => l.Room, _ => new HashSet<string>(StringComparer.Ordinal));
            var waitsForTurn = new HashSet<ChannelKind>();
            for (var progress = true; progress;)
            {
                progress = false;
                foreach (var (room, _) in leased)
                {
                    while (!waitsForTurn.Contains(room) && PublishingPlan.NextIn(crisis, waiting[room], room) is { } step)
                    {
                        // The room's later posts keep their order behind this one, and its place goes to another crisis.
                        if (!waitForTurns && TurnOf(step, crisis) is { } turn)
                        {
                            outcome.WaitFor(turn);
                            waitsForTurn.Add(room);
                            break;
                        }

                        if (await RunAsync(step, crisis, owners, ct) is not { } happened)
                        {
                            outcome.SlackDown = true;
                            waiting[room].Add(step.Name);
                            continue;
                        }

                        (version, crisis) = await RecordAsync(id, version, crisis, happened, ct);
                        outcome.Worked = progress = true;
                    }
                }
            }

            if (PublishingPlan.Next(crisis, None) is null)
                await store.MarkPublishedAsync(id, version, ct);
            return outcome;
        }
        finally
        {
            foreach (var (_, lease) in leased)
                await lease.DisposeAsync();
        }
    }

    /// <summary>When the channel <paramref name="step"/> posts to gets its turn, if that is later than now.</summary>
    private DateTimeOffset? TurnOf(Step step, Crisis crisis) =>
        step.PostsTo(crisis) is { } channel && channels.ReadyAt(channel) is var at && at > slackClock.GetUtcNow() ? at : null;

    /// <summary>Runs one step; null when Slack is unavailable for now and the step should wait for the next pass.</summary>
    private async Task<IReadOnlyList<CrisisEvent>?> RunAsync(Step step, Crisis crisis, ConcurrentDictionary<UserId, Task<SlackUser?>> owners, CancellationToken ct)
    {
        try
        {
            var owner = step.Kind is StepKind.Prepare or StepKind.Kickoff || step.Post is { NeedsOwner: true } ? await OwnerAsync(crisis.Owner, owners, ct) : null;
            return await steps.RunAsync(step, crisis, owner, ct);
        }
        catch (SlackApiException e) when (e.IsTransient)
        {
            LogSlackUnavailable(e.Method, e.Error);
            return null;
        }
        catch (Exception e) when (IsBugInStep(e, ct))
        {
            return steps.Crashed(step, e);
        }
    }

    /// <summary>
    /// The owner's profile, read once per run for all the steps that need it; a read Slack could not answer is not kept,
    /// so the next step asks again instead of failing on the same answer.
    /// </summary>
    private async Task<SlackUser?> OwnerAsync(UserId owner, ConcurrentDictionary<UserId, Task<SlackUser?>> owners, CancellationToken ct)
    {
        var read = owners.GetOrAdd(owner, u => steps.OwnerProfileAsync(u, ct));
        try
        {
            return await read;
        }
        catch
        {
            owners.TryRemove(KeyValuePair.Create(owner, read));
            throw;
        }
    }

    /// <summary>
    /// A failure of the step itself, not of the pass: the store being unavailable or a concurrent writer ends the pass
    /// as before, and so does shutting down.
    /// </summary>
    private static bool IsBugInStep(Exception e, CancellationToken ct) =>
        e is not (DbException or ConcurrencyConflictException) && !(e is OperationCanceledException && ct.IsCancellationRequested);

    /// <summary>
    /// Appends what Slack did. These are facts, not decisions, so when someone else appended meanwhile (the clock, an
    /// outcome) they are appended after that instead of being lost, and the Slack call is never repeated.
    /// </summary>
    private async Task<(int Version, Crisis Crisis)> RecordAsync(CrisisId id, int version, Crisis crisis, IReadOnlyList<CrisisEvent> happened, CancellationToken ct)
    {
        using var turn = await turns.TakeAsync(id, ct);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var after = happened.Aggregate(crisis, Crisis.Evolve);
                return (await store.AppendAsync(id, version, happened, after, ct), after);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxRecordAttempts)
            {
                var current = await store.LoadAsync(id, ct) ?? throw new InvalidOperationException($"Crisis {id} disappeared from the store.");
                version = current.Version;
                crisis = current.Fold();
            }
        }
    }

    /// <summary>The rooms a lane publishes, how many workers it has, whether all its crises post to one channel, and its queue.</summary>
    private sealed record Lane(ChannelKind[] Rooms, int Workers, bool SharesChannel, PublishingQueue Queue)
    {
        private long turn;

        /// <summary>For a lane whose crises share a channel: when that channel's next post may go.</summary>
        public DateTimeOffset Turn
        {
            get => new(Interlocked.Read(ref turn), TimeSpan.Zero);
            set => Interlocked.Exchange(ref turn, value.UtcTicks);
        }
    }

    /// <summary>How a run ended: it did Slack work; Slack was unavailable; a channel's turn comes later.</summary>
    private sealed class Outcome
    {
        public bool Worked { get; set; }

        public bool SlackDown { get; set; }

        public DateTimeOffset? Turn { get; private set; }

        public void WaitFor(DateTimeOffset turn) => Turn = Turn is { } earlier && earlier < turn ? earlier : turn;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A publishing pass failed; it will be retried")]
    private partial void LogPassFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack is unavailable to several crises in a row; publishing pauses for {Pause} and then resumes with the oldest")]
    private partial void LogPaused(TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack is unavailable ({Method}: {Error}); the crisis stays pending and will be retried")]
    private partial void LogSlackUnavailable(string method, string error);
}
