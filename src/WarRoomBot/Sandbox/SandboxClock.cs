using System.Globalization;
using System.Text;

namespace WarRoomBot.Sandbox;

/// <summary>
/// The sandbox's clock: real time plus an offset that only grows, so the page can move the bot into the future
/// (deadlines fall due, digests go out) without anyone waiting. Everything in the sandbox reads this one clock: the bot,
/// its Quartz scheduler and the emulated Slack.
/// </summary>
/// <remarks>
/// Only what time it is moves. Timers and timestamps are the inner clock's, so a wait of ten seconds (a Slack retry, a
/// request's timeout, Quartz's idle wait) still lasts ten seconds, and a jump neither cuts a request short nor fires a
/// timer early. What a jump made due is run by <see cref="SandboxTime"/>, not by timers.
/// </remarks>
public sealed class SandboxClock : TimeProvider
{
    private readonly TimeProvider inner;
    private readonly string file;
    private readonly Lock gate = new();
    private long offsetTicks;

    private SandboxClock(TimeProvider inner, string file, TimeSpan offset)
    {
        this.inner = inner;
        this.file = file;
        offsetTicks = offset.Ticks;
    }

    /// <summary>How far ahead of real time the sandbox is.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    /// <summary>
    /// The clock whose offset is kept in <paramref name="file"/>, so a restarted sandbox is as far ahead as it was: the
    /// crises it stored were recorded on that time. A missing file is no offset yet.
    /// </summary>
    /// <exception cref="InvalidDataException">The file holds something other than an offset this clock wrote.</exception>
    public static SandboxClock Open(string file, TimeProvider inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
            return new SandboxClock(inner, path, TimeSpan.Zero);

        var text = File.ReadAllText(path).Trim();
        if (!TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var offset) || offset < TimeSpan.Zero)
        {
            throw new InvalidDataException(
                $"The sandbox clock file {path} does not hold a time offset (it reads \"{Shorten(text)}\"). "
                + "Delete it to start the sandbox clock again at real time.");
        }

        return new SandboxClock(inner, path, offset);
    }

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);

    /// <summary>
    /// Moves the clock forward to <paramref name="when"/> and saves the new offset before anyone reads it, so what is
    /// recorded at the new time is never ahead of the clock a restart finds. A time that is not after now changes nothing:
    /// time in a crisis never runs backwards.
    /// </summary>
    public void JumpTo(DateTimeOffset when)
    {
        lock (gate)
        {
            var offset = when - inner.GetUtcNow();
            if (offset <= Offset)
                return;

            Save(offset);
            Interlocked.Exchange(ref offsetTicks, offset.Ticks);
        }
    }

    /// <summary>Written aside and renamed over the old file, so a crash mid-write leaves the old offset, never half of one.</summary>
    private void Save(TimeSpan offset)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = file + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(offset.ToString("c", CultureInfo.InvariantCulture)));

            // On disk before the rename: a power cut must not leave an empty file where the offset was.
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, file, overwrite: true);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
