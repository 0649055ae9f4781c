using System.Collections.Concurrent;

namespace WarRoomBot.Slack.Api;

/// <summary>
/// Keeps chat.postMessage to one message per second per channel (Slack's documented limit), so a burst of
/// updates to one war room queues politely instead of collecting 429s, while other channels post freely.
/// </summary>
internal sealed class ChannelPacer(TimeProvider time, TimeSpan interval)
{
    // One gate per channel ever posted to; a process sees a handful of war rooms, so they are never evicted.
    private readonly ConcurrentDictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    /// <summary>
    /// The earliest moment a post to <paramref name="channel"/> would go without waiting for its turn, so a caller can
    /// wait without holding anything else meanwhile. A post under way counts as made now.
    /// </summary>
    public DateTimeOffset ReadyAt(string channel)
    {
        if (!_gates.TryGetValue(channel, out var gate))
        {
            return DateTimeOffset.MinValue;
        }

        // Clamped as in RunAsync, so a wall clock stepping backwards cannot hold a channel back for longer than one interval.
        var latest = time.GetUtcNow() + interval;
        if (gate.Lock.CurrentCount == 0)
        {
            return latest;
        }

        return gate.LastPost is { } last ? (last + interval < latest ? last + interval : latest) : DateTimeOffset.MinValue;
    }

    public async Task<T> RunAsync<T>(string channel, Func<CancellationToken, Task<T>> post, CancellationToken ct)
    {
        var gate = _gates.GetOrAdd(channel, static _ => new Gate());
        await gate.Lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (gate.LastPost is { } last)
            {
                // Clamped so a wall clock stepping backwards cannot stall a channel for longer than one interval.
                var wait = last + interval - time.GetUtcNow();
                if (wait > interval)
                {
                    wait = interval;
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, ct).ConfigureAwait(false);
                }
            }

            try
            {
                return await post(ct).ConfigureAwait(false);
            }
            finally
            {
                // Stamped after the post (even a failed one) so the spacing is measured between arrivals at Slack.
                gate.LastPost = time.GetUtcNow();
            }
        }
        finally
        {
            gate.Lock.Release();
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public DateTimeOffset? LastPost { get; set; }
    }
}
