using System.Collections.Concurrent;
using System.Data.Common;
using System.Threading.Channels;
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
/// </summary>
public sealed partial class SlackPublisher(
    ICrisisStore store,
    CrisisTurns turns,
    SlackSteps steps,
    [FromKeyedServices(SlackApiState.ClockKey)] TimeProvider slackClock,
    ILogger<SlackPublisher> log) : BackgroundService, IPublisherSignal
{
    /// <summary>How long a crisis that Slack could not serve waits before it is tried again (outages, rate limits).</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    private const int MaxRecordAttempts = 5;

    private static readonly TimeSpan RestAtMost = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Another replica's change to a crisis is not counted here, so with a shared store a room rests no longer than a
    /// retry: a crisis that a dead replica left unpublished is taken up within seconds.
    /// </summary>
    private readonly TimeSpan restAtMost = store.IsShared ? RetryInterval : RestAtMost;

    /// <summary>
    /// Rooms published at once. Posts to one channel wait for Slack's one-per-second pace, so a room can hold its slot
    /// for a second; with enough slots that never delays another crisis's due post.
    /// </summary>
    private const int Parallelism = 64;

    /// <summary>
    /// Headline runs at once. Every crisis's headline goes to the one shared channel at Slack's one post per second, so
    /// more would only wait there, holding slots the rooms' kickoffs and due posts need.
    /// </summary>
    private const int HeadlineParallelism = 4;

    private static readonly ChannelKind[] Rooms = [ChannelKind.Technical, ChannelKind.Business, ChannelKind.Headline];

    private readonly SemaphoreSlim slots = new(Parallelism, Parallelism);
    private readonly SemaphoreSlim headlineSlots = new(HeadlineParallelism, HeadlineParallelism);
    private readonly Lock gate = new();
    private readonly Dictionary<(CrisisId, ChannelKind), Task<bool>> inFlight = [];
    private readonly ConcurrentDictionary<(CrisisId, ChannelKind), DateTimeOffset> backOffUntil = new();
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>
    /// When each crisis last changed (appended to by a command, the clock, or a room's run), as a count that only grows
    /// across all crises, so a value once forgotten never comes back to match an old mark.
    /// </summary>
    private readonly ConcurrentDictionary<CrisisId, long> changes = new();

    private long changeCount;

    /// <summary>
    /// Rooms whose last run found nothing to do, with the crisis's change count when that run began. While the other
    /// room of the same crisis has posts waiting for their turn, the crisis stays unpublished; without this, every
    /// wake-up would load it again for the idle room. A room rests only until its crisis changes after that count, so a
    /// change that lands while the idle run is still finishing is never missed, and at most <see cref="restAtMost"/>, in
    /// case a change reached the store some other way.
    /// </summary>
    private readonly ConcurrentDictionary<(CrisisId, ChannelKind), (long Changes, DateTimeOffset At)> idleSince = new();

    public void Notify(CrisisId crisis)
    {
        Changed(crisis);
        Notify();
    }

    private void Changed(CrisisId crisis) => changes[crisis] = Interlocked.Increment(ref changeCount);

    /// <summary>A crisis with nothing left to publish needs no memory here until it changes again.</summary>
    private void Forget(CrisisId crisis)
    {
        changes.TryRemove(crisis, out _);
        foreach (var room in Rooms)
        {
            idleSince.TryRemove((crisis, room), out _);
            backOffUntil.TryRemove((crisis, room), out _);
        }
    }

    private void Notify() => wake.Writer.TryWrite(true);

    /// <summary>Publishes until nothing is left that Slack can be asked for now; returns how many crises are still unpublished.</summary>
    public async Task<int> DrainAsync(CancellationToken ct)
    {
        // A room's run can make work for the other room's (a pointer to a business update just posted), so a few passes.
        var remaining = await PublishPendingAsync(ct);
        for (var pass = 0; remaining > 0 && pass < 4; pass++)
            remaining = await PublishPendingAsync(ct);
        return remaining;
    }

    /// <summary>Publishes every crisis with unpublished events, ignoring back-off and rest, and waits; returns how many are still unpublished.</summary>
    public async Task<int> PublishPendingAsync(CancellationToken ct)
    {
        await Task.WhenAll(Dispatch(await store.UnpublishedAsync(ct), ignoreBackOff: true, ct));
        return (await store.UnpublishedAsync(ct)).Count;
    }

    /// <summary>
    /// Keeps every slot busy: each wake-up starts the rooms of the crises that are pending and not already being
    /// published, without waiting for the others, so a due post never queues behind a slow crisis.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                Dispatch(await store.UnpublishedAsync(stopping), ignoreBackOff: false, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Shutting down: the runs already started still finish and record what Slack did.
                break;
            }
            catch (Exception e)
            {
                LogPassFailed(e);
            }

            using var nap = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            nap.CancelAfter(RetryInterval);
            try
            {
                await wake.Reader.ReadAsync(nap.Token);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                // Nothing new arrived; look again in case Slack has recovered.
            }
        }

        Task[] running;
        lock (gate)
            running = [.. inFlight.Values];
        await Task.WhenAll(running).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>
    /// Starts a run for each room of each crisis not already running (or joins the running one). Each room goes at its own
    /// pace: a digest for the business channel never waits while the technical channel waits for its turn.
    /// </summary>
    private List<Task<bool>> Dispatch(IReadOnlyList<CrisisId> pending, bool ignoreBackOff, CancellationToken ct)
    {
        var now = slackClock.GetUtcNow();
        var owners = new ConcurrentDictionary<UserId, Task<SlackUser?>>();
        var runs = new List<Task<bool>>(pending.Count * Rooms.Length);
        lock (gate)
        {
            foreach (var id in pending)
            {
                foreach (var room in Rooms)
                {
                    if (inFlight.TryGetValue((id, room), out var running))
                    {
                        runs.Add(running);
                        continue;
                    }

                    var resting = idleSince.TryGetValue((id, room), out var since) && since.Changes == changes.GetValueOrDefault(id) && now - since.At < restAtMost;
                    if (!ignoreBackOff && (resting || (backOffUntil.TryGetValue((id, room), out var until) && until > now)))
                        continue;
                    var run = RunOneAsync(id, room, owners, ct);
                    inFlight[(id, room)] = run;
                    runs.Add(run);
                }
            }
        }

        return runs;
    }

    private async Task<bool> RunOneAsync(CrisisId id, ChannelKind room, ConcurrentDictionary<UserId, Task<SlackUser?>> owners, CancellationToken ct)
    {
        // Yield first, so the dispatcher's lock is not held while this runs.
        await Task.Yield();
        var published = false;
        try
        {
            var slot = room == ChannelKind.Headline ? headlineSlots : slots;
            await slot.WaitAsync(ct);
            try
            {
                var seen = changes.GetValueOrDefault(id);
                var run = await PublishAsync(id, room, owners, ct);
                published = run != Run.Waiting;

                // A room that found nothing rests until the crisis changes.
                if (run == Run.Idle)
                    idleSince[(id, room)] = (seen, slackClock.GetUtcNow());
            }
            finally
            {
                slot.Release();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogPassFailed(e);
        }
        finally
        {
            lock (gate)
                inFlight.Remove((id, room));
        }

        if (published)
            backOffUntil.TryRemove((id, room), out _);
        else
            backOffUntil[(id, room)] = slackClock.GetUtcNow() + RetryInterval;

        // Something may have been appended while this ran (the clock, a click, the other room): look again at once.
        Notify();
        return published;
    }

    /// <summary>
    /// One room's work for a crisis. The technical room's run first builds both rooms and their kickoffs, in order; the
    /// business room's and the headline's runs wait for that. The crisis counts as published once a run finds nothing left
    /// in any of them.
    /// </summary>
    private async Task<Run> PublishAsync(CrisisId id, ChannelKind room, ConcurrentDictionary<UserId, Task<SlackUser?>> owners, CancellationToken ct)
    {
        using var scope = log.BeginScope(new Dictionary<string, object> { ["CrisisId"] = id.Number });

        // Replicas sharing one store take turns: the room is read, and worked, only by whoever holds its lease, so no
        // two post the same message. Another replica at work on it now means waiting and looking again.
        await using var lease = await store.TryLeaseAsync(id, room, ct);
        if (lease is null)
            return Run.Waiting;
        if (await store.LoadAsync(id, ct) is not { } history)
            return Run.Idle;

        var version = history.Version;
        var crisis = history.Fold();
        var none = new HashSet<string>(StringComparer.Ordinal);
        var worked = false;

        // Nothing in a room makes sense before the rooms and their kickoffs exist.
        while (PublishingPlan.Next(crisis, none) is { IsIndependent: false } step)
        {
            if (room != ChannelKind.Technical)
                return Run.Idle;
            if (await RunAsync(step, crisis, owners, ct) is not { } happened)
            {
                if (worked)
                    Changed(id);
                return Run.Waiting;
            }

            (version, crisis) = await RecordAsync(id, version, crisis, happened, ct);
            worked = true;
        }

        // The rooms and kickoffs are built: the business room's run can start on its own now.
        if (worked)
        {
            Changed(id);
            Notify();
        }

        var waiting = new HashSet<string>(StringComparer.Ordinal);
        while (PublishingPlan.NextIn(crisis, waiting, room) is { } step)
        {
            if (await RunAsync(step, crisis, owners, ct) is not { } happened)
            {
                waiting.Add(step.Name);
                continue;
            }

            (version, crisis) = await RecordAsync(id, version, crisis, happened, ct);
            worked = true;

            // What one room did may be work for the other (a pointer to a business update just posted).
            Changed(id);
        }

        if (waiting.Count > 0)
            return Run.Waiting;

        // Another room may still have work; its own run marks the crisis when it is done.
        if (PublishingPlan.Next(crisis, none) is null)
        {
            await store.MarkPublishedAsync(id, version, ct);
            Forget(id);
        }

        return worked ? Run.Worked : Run.Idle;
    }

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
    /// The owner's profile, read once per wake-up for all the runs that need it; a read Slack could not answer is not
    /// kept, so the next run asks again instead of failing on the same answer.
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

    /// <summary>How one room's run ended: it did Slack work, it found none, or Slack made it wait.</summary>
    private enum Run
    {
        Worked,
        Idle,
        Waiting,
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A publishing pass failed; it will be retried")]
    private partial void LogPassFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack is unavailable ({Method}: {Error}); the crisis stays pending and will be retried")]
    private partial void LogSlackUnavailable(string method, string error);
}
