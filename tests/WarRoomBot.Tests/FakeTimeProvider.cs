namespace WarRoomBot.Tests;

/// <summary>
/// A clock that moves only when a test moves it. Timers made through <see cref="CreateTimer"/> fire,
/// on the thread that advances the clock, once time passes their due time; no test sleeps.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<FakeTimer> timers = [];
    private DateTimeOffset now;

    public FakeTimeProvider()
        : this(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero))
    {
    }

    public FakeTimeProvider(DateTimeOffset start) => now = start.ToUniversalTime();

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
            return now;
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (gate)
            target = now + by;
        MoveTo(target);
    }

    /// <summary>Sets the clock; moving it forward fires what falls due on the way, moving it back fires nothing.</summary>
    public void SetUtcNow(DateTimeOffset value) => MoveTo(value.ToUniversalTime());

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void MoveTo(DateTimeOffset target)
    {
        // Fire due timers in due order, with the clock showing each one's due time while it runs.
        while (true)
        {
            FakeTimer? next;
            lock (gate)
            {
                next = timers.Where(t => t.Due is { } due && due <= target).MinBy(t => t.Due);
                if (next is null)
                {
                    now = target;
                    return;
                }

                if (next.Due > now)
                    now = next.Due!.Value;
                next.Due = next.Period is { } period ? now + period : null;
                if (next.Due is null)
                    timers.Remove(next);
            }

            next.Fire();
        }
    }

    private sealed class FakeTimer(FakeTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public TimeSpan? Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock.gate)
            {
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    Due = null;
                    clock.timers.Remove(this);
                    return true;
                }

                ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
                Due = clock.now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
                if (!clock.timers.Contains(this))
                    clock.timers.Add(this);
            }

            // A timer due now fires at once, as a real one would.
            if (dueTime == TimeSpan.Zero)
                clock.MoveTo(clock.GetUtcNow());
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock.gate)
            {
                Due = null;
                clock.timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
