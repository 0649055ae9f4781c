using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace WarRoomBot.Slack;

/// <summary>
/// Keys the Slack edge has already acted on, each remembered until a repeat could no longer get through anyway: a signed
/// request until its signature goes stale, an event id until Slack has stopped redelivering it. Only requests that
/// passed the signature check are ever remembered.
/// </summary>
public interface ISeenKeys
{
    /// <summary>
    /// Remembers <paramref name="key"/> until <paramref name="until"/>. False when it is remembered already: the caller is
    /// looking at a repeat. Atomic, so of two identical requests arriving together exactly one is the first, whichever
    /// replica each reaches.
    /// </summary>
    ValueTask<bool> FirstTimeAsync(string key, DateTimeOffset until, CancellationToken ct);
}

/// <summary>
/// The keys of a bot that runs as one process (an embedded store allows no other), kept in memory. Memory stays
/// bounded: entries are forgotten as they expire. A store that several replicas share keeps the keys itself, so a
/// repeat reaching another replica is still known (<see cref="Storage.PostgresCrisisStore"/>).
/// <para>
/// Each key is kept as 128 bits of its SHA-256, not as its text: every signed request leaves its key for five minutes,
/// which at thousands of requests a second is hundreds of thousands of keys; as text (a signature is 67 characters)
/// each took about 230 bytes, and every one outlived the collector's youngest generations. Two keys alike in 128 bits
/// of SHA-256 do not happen by chance, and a repeat is only ever a request Slack or an attacker sends again.
/// </para>
/// </summary>
public sealed class RecentlySeen(TimeProvider time) : ISeenKeys
{
    /// <summary>Expired keys are swept at most this often, so only an occasional request pays for a sweep.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<UInt128, DateTimeOffset> forgetAt = new();
    private readonly Lock sweeping = new();
    private DateTimeOffset nextSweep = DateTimeOffset.MinValue;

    /// <summary>How many keys are remembered now, expired ones not yet swept included.</summary>
    public int Count => forgetAt.Count;

    public ValueTask<bool> FirstTimeAsync(string key, DateTimeOffset until, CancellationToken ct) => ValueTask.FromResult(FirstTime(key, until));

    /// <inheritdoc cref="ISeenKeys.FirstTimeAsync"/>
    public bool FirstTime(string key, DateTimeOffset until)
    {
        var now = time.GetUtcNow();
        SweepExpired(now);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        var compact = BinaryPrimitives.ReadUInt128LittleEndian(hash);
        while (true)
        {
            if (forgetAt.TryAdd(compact, until))
                return true;
            if (!forgetAt.TryGetValue(compact, out var remembered))
                continue;
            if (remembered > now)
                return false;

            // Expired but not yet swept: it no longer counts.
            if (forgetAt.TryUpdate(compact, until, remembered))
                return true;
        }
    }

    private void SweepExpired(DateTimeOffset now)
    {
        if (!sweeping.TryEnter())
            return;
        try
        {
            if (now < nextSweep)
                return;
            nextSweep = now + SweepInterval;
            foreach (var entry in forgetAt)
            {
                if (entry.Value <= now)
                    forgetAt.TryRemove(entry);
            }
        }
        finally
        {
            sweeping.Exit();
        }
    }
}
