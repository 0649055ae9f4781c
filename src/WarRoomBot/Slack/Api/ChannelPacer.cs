namespace WarRoomBot.Slack.Api;

/// <summary>
/// Keeps chat.postMessage inside Slack's limits: per channel, a small burst and then one message per second (Slack's
/// documented rate), and across the workspace a ceiling of its own. A burst of updates to one war room queues politely,
/// in the order it was asked for, instead of collecting 429s, while other channels post freely.
/// </summary>
/// <remarks>
/// Each limit is a token bucket kept as one time, when the bucket is full again (the "theoretical arrival time" of
/// GCRA), plus the posts in flight. A post is counted when its answer comes back, as if it had reached Slack then:
/// Slack counts arrivals, and a post can arrive at any moment between leaving and its answer, so counting at the
/// answer never puts two arrivals closer than Slack allows, however the network delays them. Until then it holds one
/// place, so no more than the burst can be on the way at once.
/// </remarks>
internal sealed class ChannelPacer
{
    /// <summary>Slack's documented rate for one channel: "one message per second per channel".</summary>
    public static readonly TimeSpan ChannelInterval = TimeSpan.FromSeconds(1);

    // Idle gates are dropped this often; with 10,000 crises a gate per channel ever posted to would only grow.
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time;
    private readonly int _burst;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Gate> _gates = new(StringComparer.Ordinal);
    private readonly Bucket _workspace;
    private int _waiting;
    private DateTimeOffset _nextSweep;

    public ChannelPacer(TimeProvider time, PacingOptions options)
    {
        _time = time;
        _burst = options.Burst;
        _workspace = new Bucket(TimeSpan.FromTicks(TimeSpan.TicksPerSecond / options.WorkspacePerSecond), options.WorkspaceBurst);
        _nextSweep = time.GetUtcNow() + SweepEvery;
    }

    /// <summary>Channels the pacer keeps a gate for: those posted to recently, or with posts waiting or on the way.</summary>
    public int Gates
    {
        get
        {
            lock (_lock)
            {
                return _gates.Count;
            }
        }
    }

    /// <summary>
    /// The earliest moment a post to <paramref name="channel"/> would go without waiting on the pace: its channel's
    /// bucket behind the posts already waiting there, and the workspace's behind every post waiting. Now, when it
    /// would go at once. An estimate when posts are on the way: it assumes they are answered now.
    /// </summary>
    public DateTimeOffset ReadyAt(string channel)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var channelReady = _gates.TryGetValue(channel, out var gate) ? gate.Bucket.ReadyAt(now, gate.Queue.Count) : now;
            var workspaceReady = _workspace.ReadyAt(now, _waiting);
            return channelReady > workspaceReady ? channelReady : workspaceReady;
        }
    }

    public async Task<T> RunAsync<T>(string channel, Func<CancellationToken, Task<T>> post, CancellationToken ct)
    {
        var gate = await TakeAsync(channel, ct).ConfigureAwait(false);
        try
        {
            return await post(ct).ConfigureAwait(false);
        }
        finally
        {
            // Even a failed or cancelled post counts: it may well have reached Slack, which counts what arrives.
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                gate.Bucket.Complete(now);
                _workspace.Complete(now);
            }
        }
    }

    private async Task<Gate> TakeAsync(string channel, CancellationToken ct)
    {
        Gate gate;
        LinkedListNode<TaskCompletionSource> place;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            SweepIfDue(now);
            if (!_gates.TryGetValue(channel, out var existing))
            {
                existing = new Gate(new Bucket(ChannelInterval, _burst));
                _gates.Add(channel, existing);
            }

            gate = existing;
            if (gate.Queue.Count == 0 && TryTakeLocked(gate, now))
            {
                return gate;
            }

            place = gate.Queue.AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            _waiting++;
        }

        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (_lock)
                {
                    if (gate.Queue.First != place)
                    {
                        wait = Timeout.InfiniteTimeSpan;
                    }
                    else
                    {
                        var now = _time.GetUtcNow();
                        if (TryTakeLocked(gate, now))
                        {
                            LeaveLocked(gate, place);
                            return gate;
                        }

                        // Nothing makes a bucket ready sooner than it says (an answer frees a place exactly as the time it
                        // adds), so sleeping until then and looking again is enough.
                        var ready = gate.Bucket.ReadyAt(now, 0);
                        var workspaceReady = _workspace.ReadyAt(now, 0);
                        wait = (ready > workspaceReady ? ready : workspaceReady) - now;
                    }
                }

                if (wait == Timeout.InfiniteTimeSpan)
                {
                    // Posts to one channel go in the order they asked: this one waits to be first.
                    await place.Value.Task.WaitAsync(ct).ConfigureAwait(false);
                }
                else
                {
                    await Task.Delay(wait, _time, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // A post given up while waiting gives its place to the next one, and was never counted.
            lock (_lock)
            {
                if (place.List is not null)
                {
                    LeaveLocked(gate, place);
                }
            }

            throw;
        }
    }

    private bool TryTakeLocked(Gate gate, DateTimeOffset now)
    {
        if (gate.Bucket.ReadyAt(now, 0) > now || _workspace.ReadyAt(now, 0) > now)
        {
            return false;
        }

        gate.Bucket.Take();
        _workspace.Take();
        return true;
    }

    private void LeaveLocked(Gate gate, LinkedListNode<TaskCompletionSource> place)
    {
        var wasFirst = gate.Queue.First == place;
        gate.Queue.Remove(place);
        _waiting--;
        if (wasFirst)
        {
            gate.Queue.First?.Value.TrySetResult();
        }
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + SweepEvery;
        var before = _gates.Count;
        foreach (var (channel, gate) in _gates)
        {
            // A full bucket with nothing waiting or on the way is what a new gate would be: forgetting it changes nothing.
            if (gate.Queue.Count == 0 && gate.Bucket.IsFull(now))
            {
                _gates.Remove(channel);
            }
        }

        // The table itself shrinks too once a wave of crises has passed.
        if (_gates.Count < before / 2)
        {
            _gates.TrimExcess();
        }
    }

    private sealed class Gate(Bucket bucket)
    {
        public Bucket Bucket { get; } = bucket;

        public LinkedList<TaskCompletionSource> Queue { get; } = new();
    }

    /// <summary>A token bucket: <see cref="Burst"/> posts at once, then one each <see cref="Interval"/>.</summary>
    private sealed class Bucket(TimeSpan interval, int burst)
    {
        private DateTimeOffset _fullAt = DateTimeOffset.MinValue;
        private int _inFlight;

        public TimeSpan Interval { get; } = interval;

        public int Burst { get; } = burst;

        public bool IsFull(DateTimeOffset now) => _inFlight == 0 && FullAt(now) <= now;

        /// <summary>When a post behind <paramref name="queued"/> others could take a place, if those on the way were answered now.</summary>
        public DateTimeOffset ReadyAt(DateTimeOffset now, int queued)
        {
            var fullAt = FullAt(now);
            var from = fullAt > now ? fullAt : now;
            var ready = from + (Interval * (_inFlight + queued - Burst + 1));
            return ready > now ? ready : now;
        }

        public void Take() => _inFlight++;

        public void Complete(DateTimeOffset now)
        {
            _inFlight--;
            var fullAt = FullAt(now);
            _fullAt = (fullAt > now ? fullAt : now) + Interval;
        }

        // Clamped so a clock stepping backwards cannot stall posting for longer than one burst takes to refill.
        private DateTimeOffset FullAt(DateTimeOffset now)
        {
            var latest = now + (Interval * Burst);
            return _fullAt > latest ? latest : _fullAt;
        }
    }
}
