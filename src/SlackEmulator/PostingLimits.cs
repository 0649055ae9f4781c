namespace SlackEmulator;

/// <summary>
/// Slack's limits on <c>chat.postMessage</c>: per channel one message a second after a short burst, and a limit across
/// the workspace. A post over either is answered HTTP 429 with Retry-After and <c>{"ok":false,"error":"ratelimited"}</c>,
/// and nothing is applied.
/// </summary>
/// <remarks>
/// Slack documents "one message per second per channel", "short bursts >1 allowed", and "a workspace-wide limit"
/// (api.slack.com/apis/rate-limits) without numbers for the burst or the workspace; these defaults are the bot's own
/// (Slack:Pacing), so a bot that keeps to its settings is never refused, and one that does not is.
/// </remarks>
public sealed record PostingLimits
{
    /// <summary>Posts one channel may take at once before one per <see cref="ChannelInterval"/> applies.</summary>
    public int ChannelBurst { get; init; } = 3;

    public TimeSpan ChannelInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Posts per second across all channels, in the long run.</summary>
    public int WorkspacePerSecond { get; init; } = 200;

    /// <summary>Posts the workspace may take at once, across channels.</summary>
    public int WorkspaceBurst { get; init; } = 200;
}

/// <summary>
/// Keeps the count for <see cref="PostingLimits"/>: one token bucket per channel and one for the workspace, each held as
/// the time it is full again (GCRA). Only admitted posts count, when they are handled: on Slack's clock (the sandbox
/// moves it on), and in the order they are handled, so time never runs backwards between two of them.
/// </summary>
internal sealed class PostingLimiter(PostingLimits limits, TimeProvider clock)
{
    // Channels whose bucket is full again are dropped this often, so a load run with thousands of channels stays small.
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _channels = new(StringComparer.Ordinal);
    private readonly TimeSpan _workspaceInterval = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / limits.WorkspacePerSecond);
    private DateTimeOffset _workspaceFullAt = DateTimeOffset.MinValue;
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    /// <summary>Counts the post and returns null, or returns how long to wait when it is over a limit.</summary>
    public TimeSpan? Admit(string channel)
    {
        lock (_gate)
        {
            var at = clock.GetUtcNow();
            if (at >= _nextSweep)
            {
                foreach (var (id, fullAt) in _channels)
                {
                    if (fullAt <= at) _channels.Remove(id);
                }
                _nextSweep = at + SweepEvery;
            }

            var channelFullAt = _channels.GetValueOrDefault(channel, DateTimeOffset.MinValue);
            var channelWait = Wait(channelFullAt, at, limits.ChannelInterval, limits.ChannelBurst);
            var workspaceWait = Wait(_workspaceFullAt, at, _workspaceInterval, limits.WorkspaceBurst);
            if (channelWait > TimeSpan.Zero || workspaceWait > TimeSpan.Zero)
                return channelWait > workspaceWait ? channelWait : workspaceWait;

            _channels[channel] = Later(channelFullAt, at) + limits.ChannelInterval;
            _workspaceFullAt = Later(_workspaceFullAt, at) + _workspaceInterval;
            return null;
        }
    }

    /// <summary>How long until a bucket full at <paramref name="fullAt"/> has room for one more post.</summary>
    private static TimeSpan Wait(DateTimeOffset fullAt, DateTimeOffset at, TimeSpan interval, int burst)
    {
        var wait = Later(fullAt, at) + interval - (interval * burst) - at;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
