using System.Buffers.Binary;
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
    /// <summary>
    /// The most expired keys one call forgets. A call adds at most one key, so memory still falls to what is live; a sweep
    /// of every key at once held a request for 18 ms with 160,000 keys remembered, and more with more traffic.
    /// </summary>
    public const int ForgetPerCall = 16;

    private readonly Dictionary<UInt128, DateTimeOffset> forgetAt = [];

    /// <summary>
    /// Every remembered key by the time it may be forgotten, earliest first. Keys live five or fifteen minutes, so a
    /// queue in arrival order would keep a signature behind an event id ten minutes longer than needed. A key remembered
    /// again is queued again: the older entry is passed over when its time comes.
    /// </summary>
    private readonly PriorityQueue<UInt128, DateTimeOffset> expiring = new();

    private readonly Lock keys = new();

    /// <summary>How many keys are remembered now, expired ones not yet forgotten included.</summary>
    public int Count
    {
        get
        {
            lock (keys)
                return forgetAt.Count;
        }
    }

    public ValueTask<bool> FirstTimeAsync(string key, DateTimeOffset until, CancellationToken ct) => ValueTask.FromResult(FirstTime(key, until));

    /// <inheritdoc cref="ISeenKeys.FirstTimeAsync"/>
    public bool FirstTime(string key, DateTimeOffset until)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        var compact = BinaryPrimitives.ReadUInt128LittleEndian(hash);
        var now = time.GetUtcNow();
        lock (keys)
        {
            ForgetExpired(now);

            // A key still remembered, though expired, no longer counts.
            if (forgetAt.TryGetValue(compact, out var remembered) && remembered > now)
                return false;
            forgetAt[compact] = until;
            expiring.Enqueue(compact, until);
            return true;
        }
    }

    private void ForgetExpired(DateTimeOffset now)
    {
        for (var i = 0; i < ForgetPerCall && expiring.TryPeek(out var key, out var at) && at <= now; i++)
        {
            expiring.Dequeue();
            if (forgetAt.TryGetValue(key, out var remembered) && remembered == at)
                forgetAt.Remove(key);
        }
    }
}
