using System.Collections.Concurrent;
using WarRoomBot.Slack.Api;

namespace WarRoomBot.Tests.Slack.Api;

/// <summary>
/// The pace of chat.postMessage on a fake Slack clock: what leaves when, per channel and across the workspace. A post
/// here records the clock's time when it leaves; the clock only moves when a test moves it, once every waiting post
/// has set its timer.
/// </summary>
public sealed class ChannelPacerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly WatchedClock _clock = new(T0);
    private readonly ConcurrentQueue<(string Name, DateTimeOffset At)> _left = new();
    private readonly SemaphoreSlim _leaving = new(0);

    [Fact]
    public async Task A_burst_of_three_goes_at_once_then_one_a_second()
    {
        var pacer = Pacer();

        var posts = Enumerable.Range(1, 5).Select(i => Post(pacer, "C1", $"post {i}")).ToList();
        await Task.WhenAll(posts.Take(3));
        await _clock.TimersSetAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await posts[3];
        await _clock.TimersSetAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await posts[4];

        Assert.Equal(
            [("post 1", T0), ("post 2", T0), ("post 3", T0), ("post 4", T0.AddSeconds(1)), ("post 5", T0.AddSeconds(2))],
            _left);
    }

    [Fact]
    public async Task Channels_are_paced_apart()
    {
        var pacer = Pacer();

        var first = Enumerable.Range(1, 4).Select(i => Post(pacer, "C1", $"C1 {i}")).ToList();
        await Task.WhenAll(Enumerable.Range(1, 3).Select(i => Post(pacer, "C2", $"C2 {i}")));
        await Post(pacer, "C3", "C3 1");

        // C1's fourth post waits for C1 alone; C2 and C3 went meanwhile.
        Assert.False(first[3].IsCompleted);
        await _clock.TimersSetAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await first[3];

        Assert.Equal(T0.AddSeconds(1), _left.Single(p => p.Name == "C1 4").At);
        Assert.All(_left.Where(p => p.Name != "C1 4"), p => Assert.Equal(T0, p.At));
    }

    [Fact]
    public async Task The_workspace_limit_holds_across_many_channels()
    {
        // Ten posts a second across the workspace, ten at once; one post to each of fifteen channels.
        var pacer = Pacer(new PacingOptions { WorkspacePerSecond = 10, WorkspaceBurst = 10 });

        var posts = Enumerable.Range(1, 15).Select(i => Post(pacer, $"C{i}", $"C{i}")).ToList();
        await Task.WhenAll(posts.Take(10));
        for (var waiting = 5; waiting > 0; waiting--)
        {
            await _clock.TimersSetAsync(waiting);
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            await WhenLeftAsync(16 - waiting);
        }

        Assert.Equal(
            [.. Enumerable.Repeat(T0, 10), .. Enumerable.Range(1, 5).Select(i => T0.AddMilliseconds(100 * i))],
            _left.Select(p => p.At).Order());
    }

    [Fact]
    public async Task A_failed_post_counts_against_the_pace()
    {
        var pacer = Pacer();

        var failed = pacer.RunAsync<string>("C1", _ => throw new HttpRequestException("connection reset after sending"), None);
        await Assert.ThrowsAsync<HttpRequestException>(() => failed);
        await Post(pacer, "C1", "post 2");
        await Post(pacer, "C1", "post 3");
        var fourth = Post(pacer, "C1", "post 4");

        await _clock.TimersSetAsync(1);
        Assert.False(fourth.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await fourth;

        Assert.Equal(T0.AddSeconds(1), _left.Single(p => p.Name == "post 4").At);
    }

    [Fact]
    public async Task A_post_given_up_while_waiting_frees_its_place()
    {
        var pacer = Pacer();
        await Task.WhenAll(Enumerable.Range(1, 3).Select(i => Post(pacer, "C1", $"post {i}")));
        using var giveUp = new CancellationTokenSource();
        var abandoned = Post(pacer, "C1", "abandoned", giveUp.Token);
        var next = Post(pacer, "C1", "next");
        await _clock.TimersSetAsync(1);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);

        // The next post takes the abandoned one's place: the first second, not the second.
        await _clock.TimersSetAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await next;
        Assert.DoesNotContain(_left, p => p.Name == "abandoned");
        Assert.Equal(T0.AddSeconds(1), _left.Single(p => p.Name == "next").At);
        Assert.Equal(T0.AddSeconds(2), pacer.ReadyAt("C1"));
    }

    [Fact]
    public async Task Idle_channels_are_forgotten_once_their_burst_is_back()
    {
        var pacer = Pacer(new PacingOptions { WorkspacePerSecond = 10_000, WorkspaceBurst = 10_000 });
        await Task.WhenAll(Enumerable.Range(1, 1_000).Select(i => Post(pacer, $"C{i}", "update")));
        Assert.Equal(1_000, pacer.Gates);

        // Half a minute on, every burst is whole again: the next post finds only its own channel kept.
        _clock.Advance(TimeSpan.FromSeconds(30));
        await Post(pacer, "C-new", "update");

        Assert.Equal(1, pacer.Gates);
    }

    [Fact]
    public async Task A_channel_with_posts_on_the_way_is_not_forgotten()
    {
        var pacer = Pacer();
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var onTheWay = Enumerable.Range(1, 3).Select(i => pacer.RunAsync("C1", async _ =>
        {
            await answer.Task;
            return i;
        }, None)).ToList();

        // The sweep comes due while C1's three posts still wait for Slack's answer.
        _clock.Advance(TimeSpan.FromSeconds(30));
        await Post(pacer, "C2", "other");
        var fourth = Post(pacer, "C1", "post 4");
        await _clock.TimersSetAsync(1);
        Assert.False(fourth.IsCompleted);

        answer.SetResult();
        await Task.WhenAll(onTheWay);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await fourth;
        Assert.Equal(T0.AddSeconds(31), _left.Single(p => p.Name == "post 4").At);
    }

    [Fact]
    public async Task ReadyAt_says_when_a_post_would_leave()
    {
        var pacer = Pacer(new PacingOptions { Burst = 3, WorkspacePerSecond = 1, WorkspaceBurst = 4 });
        Assert.Equal(T0, pacer.ReadyAt("C1"));

        await Task.WhenAll(Enumerable.Range(1, 3).Select(i => Post(pacer, "C1", $"C1 {i}")));
        Assert.Equal(T0.AddSeconds(1), pacer.ReadyAt("C1"));

        // C2's channel is free, but one more post spends the workspace's burst of four.
        Assert.Equal(T0, pacer.ReadyAt("C2"));
        await Post(pacer, "C2", "C2 1");
        Assert.Equal(T0.AddSeconds(1), pacer.ReadyAt("C2"));
        Assert.Equal(T0.AddSeconds(1), pacer.ReadyAt("C1"));

        // A post asked for now leaves exactly then, and the one behind it a second later.
        var fourth = Post(pacer, "C1", "C1 4");
        Assert.Equal(T0.AddSeconds(2), pacer.ReadyAt("C1"));
        await _clock.TimersSetAsync(1);
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(fourth.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await fourth;

        Assert.Equal(T0.AddSeconds(1), _left.Single(p => p.Name == "C1 4").At);
        Assert.Equal(T0.AddSeconds(2), pacer.ReadyAt("C2"));
    }

    private ChannelPacer Pacer(PacingOptions? options = null) => new(_clock, options ?? new PacingOptions());

    private Task<string> Post(ChannelPacer pacer, string channel, string name, CancellationToken ct = default) =>
        pacer.RunAsync(channel, _ =>
        {
            _left.Enqueue((name, _clock.GetUtcNow()));
            _leaving.Release();
            return Task.FromResult(name);
        }, ct);

    private async Task WhenLeftAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (_left.Count < count)
        {
            await _leaving.WaitAsync(timeout.Token);
        }
    }

    /// <summary>A fake clock that also tells how many timers are set and not yet fired or dropped.</summary>
    private sealed class WatchedClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly SemaphoreSlim _changed = new(0);
        private int _set;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _set);
            _changed.Release();
            var fired = 0;
            var inner = base.CreateTimer(
                s =>
                {
                    Drop(ref fired);
                    callback(s);
                },
                state,
                dueTime,
                period);
            return new Watched(inner, () => Drop(ref fired));
        }

        /// <summary>Completes once exactly <paramref name="count"/> timers are set: the waiting posts have all looked at the clock.</summary>
        public async Task TimersSetAsync(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (Volatile.Read(ref _set) != count)
            {
                await _changed.WaitAsync(timeout.Token);
            }
        }

        private void Drop(ref int fired)
        {
            if (Interlocked.Exchange(ref fired, 1) == 0)
            {
                Interlocked.Decrement(ref _set);
                _changed.Release();
            }
        }

        private sealed class Watched(ITimer inner, Action dropped) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

            public void Dispose()
            {
                dropped();
                inner.Dispose();
            }

            public ValueTask DisposeAsync()
            {
                dropped();
                return inner.DisposeAsync();
            }
        }
    }
}
