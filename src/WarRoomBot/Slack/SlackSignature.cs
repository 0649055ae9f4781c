using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace WarRoomBot.Slack;

/// <summary>Why a request is or is not from Slack.</summary>
public enum SignatureCheck
{
    Valid,
    MissingHeaders,
    MalformedTimestamp,

    /// <summary>Signed more than five minutes ago.</summary>
    Stale,

    /// <summary>Signed more than five minutes ahead of our clock: a forgery, or a clock that is badly off.</summary>
    FutureDated,
    BadSignature,
}

/// <summary>
/// Verifies <c>X-Slack-Signature</c> on the raw request body, before anything parses it:
/// <c>v0=</c> + lowercase hex HMAC-SHA256 of <c>v0:{timestamp}:{body}</c> keyed with the signing secret.
/// Runs on every request inside Slack's 3-second ack, so it does not allocate per call.
/// </summary>
public sealed class SlackSignature(string signingSecret, TimeProvider time)
{
    /// <summary>Slack's replay window: a request signed more than five minutes away from now is refused.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private const string Version = "v0";
    private const int HashHexLength = 64;
    private const int StackBufferLimit = 4096;

    // An empty secret would make every forged request verify; refuse it at start-up.
    private readonly byte[] key = Encoding.UTF8.GetBytes(
        string.IsNullOrWhiteSpace(signingSecret)
            ? throw new ArgumentException("The Slack signing secret is empty; set Slack:SigningSecret.", nameof(signingSecret))
            : signingSecret);

    private readonly TimeProvider time = time ?? throw new ArgumentNullException(nameof(time));

    public SignatureCheck Verify(string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> rawBody)
    {
        if (string.IsNullOrEmpty(timestampHeader) || string.IsNullOrEmpty(signatureHeader))
            return SignatureCheck.MissingHeaders;

        // Digits only: the header is signed exactly as sent, so it must be plain ASCII.
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var signedAt))
            return SignatureCheck.MalformedTimestamp;

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (now - signedAt > (long)MaxAge.TotalSeconds)
            return SignatureCheck.Stale;
        if (signedAt - now > (long)MaxAge.TotalSeconds)
            return SignatureCheck.FutureDated;

        var signature = signatureHeader.AsSpan();
        if (signature.Length != Version.Length + 1 + HashHexLength
            || !signature.StartsWith(Version, StringComparison.Ordinal)
            || signature[Version.Length] != '=')
            return SignatureCheck.BadSignature;

        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        ComputeHash(timestampHeader, rawBody, hash);

        Span<char> expected = stackalloc char[HashHexLength];
        Convert.TryToHexStringLower(hash, expected, out _);

        return CryptographicOperations.FixedTimeEquals(
            MemoryMarshal.AsBytes(expected), MemoryMarshal.AsBytes(signature[(Version.Length + 1)..]))
            ? SignatureCheck.Valid
            : SignatureCheck.BadSignature;
    }

    /// <summary>
    /// The first moment a request that verified no longer does: from then on a repeat of it is refused as stale, so nothing
    /// needs to remember it longer. The age is compared in whole seconds, so it still verifies until a full second past
    /// <see cref="MaxAge"/>.
    /// </summary>
    public static DateTimeOffset StaleAfter(string verifiedTimestampHeader) =>
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(verifiedTimestampHeader, NumberStyles.None, CultureInfo.InvariantCulture)) + MaxAge + TimeSpan.FromSeconds(1);

    private void ComputeHash(string timestamp, ReadOnlySpan<byte> rawBody, Span<byte> hash)
    {
        // "v0:" + timestamp + ":" + body, built once in a buffer from the stack or the pool.
        var length = Version.Length + 1 + timestamp.Length + 1 + rawBody.Length;
        byte[]? rented = null;
        var message = length <= StackBufferLimit
            ? stackalloc byte[StackBufferLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var at = Encoding.ASCII.GetBytes(Version, message);
            message[at++] = (byte)':';
            at += Encoding.ASCII.GetBytes(timestamp, message[at..]);
            message[at++] = (byte)':';
            rawBody.CopyTo(message[at..]);
            HMACSHA256.HashData(key, message[..length], hash);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
