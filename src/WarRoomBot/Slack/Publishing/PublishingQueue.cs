using WarRoomBot.Crises;

namespace WarRoomBot.Slack.Publishing;

/// <summary>
/// One lane's work, bounded whatever the number of crises Slack is behind on: the crises ready now, in the order they
/// became ready (a scan offers them oldest first), those whose channel's turn has come ahead of them; the crises waiting
/// for a channel's turn, until a moment; and the ones being published. A crisis turned away because the
/// queue is full is not lost: it stays unpublished in the store, and the publisher's next scan brings it back. Nothing is
/// kept for a crisis once its run ends with nothing left to wait for.
/// </summary>
internal sealed class PublishingQueue(int capacity)
{
    private readonly Lock gate = new();
    private readonly LinkedList<int> ready = [];
    private readonly HashSet<int> isReady = [];
    private readonly SemaphoreSlim available = new(0);
    private readonly Dictionary<int, Task> running = [];
    private readonly HashSet<int> changedWhileRunning = [];
    private readonly PriorityQueue<int, DateTimeOffset> deferred = new();
    private readonly Dictionary<int, DateTimeOffset> deferredUntil = [];

    public int Capacity => capacity;

    public int Ready
    {
        get
        {
            lock (gate)
                return ready.Count;
        }
    }

    /// <summary>The most runs of this lane under way at once since the process started.</summary>
    public int MostRunning { get; private set; }

    /// <summary>The most crises this lane held at once, ready or waiting for a channel's turn.</summary>
    public int MostQueued { get; private set; }

    /// <summary>
    /// Queues <paramref name="crisis"/>: it <paramref name="changed"/> (an append), or a scan found it unpublished. A scan
    /// leaves alone a crisis that is being published or waits for its channel's turn; a change to one being published
    /// runs it again once that run ends. Returns false when it was turned away for want of room.
    /// </summary>
    public bool Offer(CrisisId crisis, bool changed) => Add(crisis, changed, first: false);

    private bool Add(CrisisId crisis, bool changed, bool first)
    {
        var n = crisis.Number;
        lock (gate)
        {
            if (running.ContainsKey(n))
            {
                if (changed)
                    changedWhileRunning.Add(n);
                return true;
            }

            if ((!changed && deferredUntil.ContainsKey(n)) || isReady.Contains(n))
                return true;
            if (ready.Count >= capacity)
                return false;
            isReady.Add(n);
            if (first)
                ready.AddFirst(n);
            else
                ready.AddLast(n);
            Counted();
        }

        available.Release();
        return true;
    }

    /// <summary>Waits for the next ready crisis and marks it as being published; end the run with <see cref="End"/>.</summary>
    public async Task<(CrisisId Crisis, TaskCompletionSource Done)> TakeAsync(CancellationToken ct)
    {
        while (true)
        {
            await available.WaitAsync(ct);
            lock (gate)
            {
                // Empty when the queue was cleared after this wait was granted.
                if (ready.Count == 0)
                    continue;
                var n = ready.First!.Value;
                ready.RemoveFirst();
                isReady.Remove(n);

                // Being published by a drain: it runs again once that run ends.
                if (running.ContainsKey(n))
                {
                    changedWhileRunning.Add(n);
                    continue;
                }

                return (new CrisisId(n), Begin(n));
            }
        }
    }

    /// <summary>
    /// Marks <paramref name="crisis"/> as being published, unless it already is: then returns that run, to wait for.
    /// </summary>
    public Task? TryBegin(CrisisId crisis, out TaskCompletionSource? done)
    {
        lock (gate)
        {
            if (running.TryGetValue(crisis.Number, out var under))
            {
                done = null;
                return under;
            }

            done = Begin(crisis.Number);
            return null;
        }
    }

    /// <summary>Ends a run; true when the crisis changed meanwhile, so it must be published again.</summary>
    public bool End(CrisisId crisis, TaskCompletionSource done)
    {
        bool again;
        lock (gate)
        {
            running.Remove(crisis.Number);
            again = changedWhileRunning.Remove(crisis.Number);
        }

        done.TrySetResult();
        return again;
    }

    /// <summary>Holds <paramref name="crisis"/> back until its channel's turn; false when there is no room to remember it.</summary>
    public bool Defer(CrisisId crisis, DateTimeOffset until)
    {
        var n = crisis.Number;
        lock (gate)
        {
            if (deferredUntil.TryGetValue(n, out var already) && already <= until)
                return true;
            if (deferredUntil.Count >= capacity && !deferredUntil.ContainsKey(n))
                return false;
            deferredUntil[n] = until;
            deferred.Enqueue(n, until);
            Counted();
            return true;
        }
    }

    /// <summary>Makes ready the crises whose turn has come by <paramref name="now"/>; returns when the next one's comes.</summary>
    public DateTimeOffset? ReleaseDue(DateTimeOffset now)
    {
        List<int> due = [];
        DateTimeOffset? next;
        lock (gate)
        {
            while (deferred.TryPeek(out var n, out var at) && at <= now)
            {
                deferred.Dequeue();

                // An entry superseded by an earlier turn is stale.
                if (deferredUntil.TryGetValue(n, out var until) && until == at)
                {
                    deferredUntil.Remove(n);
                    due.Add(n);
                }
            }

            next = deferred.TryPeek(out _, out var nextAt) ? nextAt : null;
        }

        // It waited its turn already: it goes before the crises that became ready meanwhile.
        foreach (var n in due)
            Add(new CrisisId(n), changed: true, first: true);
        return next;
    }

    /// <summary>Forgets the ready crises, so that what goes next is decided afresh from the store.</summary>
    public void Clear()
    {
        int dropped;
        lock (gate)
        {
            dropped = ready.Count;
            ready.Clear();
            isReady.Clear();
        }

        // A worker already let through finds the queue empty and waits again.
        while (dropped > 0 && available.Wait(0))
            dropped--;
    }

    private TaskCompletionSource Begin(int n)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        running[n] = done.Task;
        MostRunning = Math.Max(MostRunning, running.Count);
        return done;
    }

    private void Counted() => MostQueued = Math.Max(MostQueued, ready.Count + deferredUntil.Count);
}
