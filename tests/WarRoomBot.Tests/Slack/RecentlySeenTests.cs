using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

/// <summary>The memory behind replay refusal and event deduplication: atomic, and bounded because keys expire.</summary>
public sealed class RecentlySeenTests
{
    private readonly FakeTimeProvider clock = new();

    private DateTimeOffset InFiveMinutes => clock.GetUtcNow().AddMinutes(5);

    [Fact]
    public void A_key_is_new_once_and_every_repeat_before_it_expires_is_not()
    {
        var seen = new RecentlySeen(clock);
        var until = InFiveMinutes;

        Assert.True(seen.FirstTime("v0=abc", until));
        Assert.False(seen.FirstTime("v0=abc", until));
        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.False(seen.FirstTime("v0=abc", until));
        Assert.True(seen.FirstTime("v0=abd", until));
    }

    [Fact]
    public void A_key_is_forgotten_once_its_time_has_passed()
    {
        var seen = new RecentlySeen(clock);
        seen.FirstTime("Ev01", InFiveMinutes);

        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.True(seen.FirstTime("Ev01", InFiveMinutes));
    }

    [Fact]
    public void Expired_keys_are_forgotten_as_requests_come_so_memory_holds_only_what_a_repeat_could_still_use()
    {
        var seen = new RecentlySeen(clock);
        for (var i = 0; i < 10_000; i++)
            seen.FirstTime($"v0={i}", InFiveMinutes);
        Assert.Equal(10_000, seen.Count);

        clock.Advance(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 1_000; i++)
            seen.FirstTime($"v0=later{i}", InFiveMinutes);

        Assert.Equal(1_000, seen.Count);
    }

    [Fact]
    public void No_request_pays_for_forgetting_every_expired_key_at_once()
    {
        var seen = new RecentlySeen(clock);
        for (var i = 0; i < 10_000; i++)
            seen.FirstTime($"v0={i}", InFiveMinutes);

        clock.Advance(TimeSpan.FromMinutes(5));
        seen.FirstTime("v0=later", InFiveMinutes);

        Assert.Equal(10_000 - RecentlySeen.ForgetPerCall + 1, seen.Count);
    }

    [Fact]
    public void A_key_that_lives_longer_does_not_hold_back_the_keys_remembered_after_it()
    {
        var seen = new RecentlySeen(clock);
        seen.FirstTime("Ev01", clock.GetUtcNow().AddMinutes(15));
        for (var i = 0; i < 100; i++)
            seen.FirstTime($"v0={i}", InFiveMinutes);

        clock.Advance(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 10; i++)
            seen.FirstTime($"v0=later{i}", InFiveMinutes);

        Assert.Equal(1 + 10, seen.Count);
        Assert.False(seen.FirstTime("Ev01", InFiveMinutes));
    }

    [Fact]
    public void A_key_remembered_again_after_it_expired_is_kept_until_its_new_time()
    {
        var seen = new RecentlySeen(clock);
        for (var i = 0; i < 100; i++)
            seen.FirstTime($"v0={i}", InFiveMinutes);
        seen.FirstTime("Ev01", InFiveMinutes.AddSeconds(1));

        // Remembered again while the keys that expired before it are still being forgotten: its first time is still queued.
        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.True(seen.FirstTime("Ev01", InFiveMinutes));
        for (var i = 0; i < 100; i++)
            seen.FirstTime($"v0=later{i}", InFiveMinutes);

        Assert.False(seen.FirstTime("Ev01", InFiveMinutes));
    }

    [Fact]
    public async Task Of_identical_keys_arriving_together_exactly_one_is_the_first()
    {
        var seen = new RecentlySeen(clock);
        var until = InFiveMinutes;
        using var start = new ManualResetEventSlim();

        var attempts = Enumerable.Range(0, 64).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return seen.FirstTime("v0=same", until);
        })).ToList();
        start.Set();

        Assert.Single(await Task.WhenAll(attempts), first => first);
    }
}
