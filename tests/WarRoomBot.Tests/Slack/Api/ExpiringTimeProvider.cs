namespace WarRoomBot.Tests.Slack.Api;

/// <summary>
/// Drives SlackApi's per-attempt timeout: timers never fire on their own, only when a scripted response
/// calls <see cref="ExpireAll"/> to play "Slack did not answer within 10 s".
/// </summary>
internal sealed class ExpiringTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<Timer> _timers = [];

    public void ExpireAll()
    {
        Timer[] due;
        lock (_gate)
        {
            due = [.. _timers];
            _timers.Clear();
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    private void Remove(Timer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class Timer(ExpiringTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private volatile bool _disposed;

        public void Fire()
        {
            if (!_disposed)
            {
                callback(state);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => !_disposed;

        public void Dispose()
        {
            _disposed = true;
            clock.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
