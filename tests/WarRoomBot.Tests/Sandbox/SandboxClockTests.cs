using WarRoomBot.Sandbox;

namespace WarRoomBot.Tests.Sandbox;

/// <summary>The sandbox's clock: real time plus an offset that only grows and outlives a restart.</summary>
public sealed class SandboxClockTests : IDisposable
{
    private static readonly DateTimeOffset T = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);

    private readonly string folder = Directory.CreateTempSubdirectory("sandbox-clock-").FullName;
    private readonly FakeTimeProvider real = new(T);

    private string ClockFile => Path.Combine(folder, "data", "clock");

    [Fact]
    public void A_jump_moves_now_forward_and_real_time_goes_on_from_there()
    {
        var clock = SandboxClock.Open(ClockFile, real);
        Assert.Equal(T, clock.GetUtcNow());

        clock.JumpTo(T.AddHours(1));
        Assert.Equal(T.AddHours(1), clock.GetUtcNow());

        real.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(T.AddMinutes(65), clock.GetUtcNow());
    }

    [Theory]
    [InlineData(-30)]
    [InlineData(0)]
    public void A_jump_to_now_or_before_changes_nothing(int minutes)
    {
        var clock = SandboxClock.Open(ClockFile, real);
        clock.JumpTo(T.AddHours(1));

        clock.JumpTo(T.AddHours(1).AddMinutes(minutes));

        Assert.Equal(T.AddHours(1), clock.GetUtcNow());
        Assert.Equal(T.AddHours(1), SandboxClock.Open(ClockFile, real).GetUtcNow());
    }

    [Fact]
    public void The_offset_survives_reopening_the_file_and_real_time_passed_meanwhile_counts()
    {
        SandboxClock.Open(ClockFile, real).JumpTo(T.AddDays(1));

        real.Advance(TimeSpan.FromMinutes(3));
        var reopened = SandboxClock.Open(ClockFile, real);

        Assert.Equal(T.AddDays(1).AddMinutes(3), reopened.GetUtcNow());
        Assert.Equal(TimeSpan.FromDays(1), reopened.Offset);
    }

    [Fact]
    public void With_no_file_yet_the_sandbox_runs_at_real_time()
    {
        var clock = SandboxClock.Open(ClockFile, real);

        Assert.Equal(T, clock.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, clock.Offset);
    }

    [Theory]
    [InlineData("two hours")]
    [InlineData("-01:00:00")]
    [InlineData("")]
    public void A_file_that_holds_no_offset_is_refused_with_its_name(string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ClockFile)!);
        File.WriteAllText(ClockFile, text);

        var refused = Assert.Throws<InvalidDataException>(() => SandboxClock.Open(ClockFile, real));

        Assert.Contains(ClockFile, refused.Message, StringComparison.Ordinal);
        Assert.Contains("Delete it", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timers_wait_real_durations_so_a_jump_fires_none_early()
    {
        var clock = SandboxClock.Open(ClockFile, real);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromMinutes(10), Timeout.InfiniteTimeSpan);

        clock.JumpTo(T.AddHours(1));
        Assert.Equal(0, fired);

        real.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void Jumps_from_many_threads_leave_the_latest_time_in_memory_and_on_disk()
    {
        var clock = SandboxClock.Open(ClockFile, real);

        Parallel.For(1, 200, minutes => clock.JumpTo(T.AddMinutes(minutes)));

        Assert.Equal(T.AddMinutes(199), clock.GetUtcNow());
        Assert.Equal(T.AddMinutes(199), SandboxClock.Open(ClockFile, real).GetUtcNow());
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
