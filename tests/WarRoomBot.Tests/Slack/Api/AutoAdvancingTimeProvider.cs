namespace WarRoomBot.Tests.Slack.Api;

/// <summary>
/// A clock on which every wait finishes at once: each timer moves the clock forward by its due time, fires,
/// and is recorded, so a test can assert "waited exactly 3 s" without sleeping.
/// </summary>
internal sealed class AutoAdvancingTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _waits = [];
    private DateTimeOffset _now = new(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_gate)
            {
                return [.. _waits];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Elapse(TimeSpan wait)
    {
        lock (_gate)
        {
            _waits.Add(wait);
            _now += wait;
        }
    }

    private sealed class Timer(AutoAdvancingTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private volatile bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed || dueTime == Timeout.InfiniteTimeSpan)
            {
                return !_disposed;
            }

            clock.Elapse(dueTime);
            // Fired from the pool, never inline: the code creating the timer may not have finished wiring it up.
            ThreadPool.QueueUserWorkItem(_ =>
            {
                if (!_disposed)
                {
                    callback(state);
                }
            });
            return true;
        }

        public void Dispose() => _disposed = true;

        public ValueTask DisposeAsync()
        {
            _disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
