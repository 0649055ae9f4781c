using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

public sealed class SlackSignatureTests
{
    private static readonly SigningVector Vector = SigningVector.Load();

    private readonly FakeTimeProvider clock = new(DateTimeOffset.FromUnixTimeSeconds(Vector.Timestamp));

    private SlackSignature Signature => new(Vector.Secret, clock);

    /// <summary>A verifier whose clock reads <paramref name="unixSeconds"/>; the fake clock only moves forward, so earlier times get their own.</summary>
    private static SlackSignature SignatureAt(long unixSeconds) => new(Vector.Secret, new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));

    [Fact]
    public void Slacks_official_example_request_is_valid_at_the_time_it_was_signed()
    {
        Assert.Equal(SignatureCheck.Valid, Signature.Verify(Vector.TimestampHeader, Vector.SignatureHeader, Vector.Body));
    }

    [Fact]
    public void A_body_changed_by_one_byte_is_refused()
    {
        var body = Vector.Body.ToArray();
        body[^1] ^= 1;

        Assert.Equal(SignatureCheck.BadSignature, Signature.Verify(Vector.TimestampHeader, Vector.SignatureHeader, body));
    }

    [Fact]
    public void A_body_with_a_trailing_newline_is_refused()
    {
        byte[] body = [.. Vector.Body, (byte)'\n'];

        Assert.Equal(SignatureCheck.BadSignature, Signature.Verify(Vector.TimestampHeader, Vector.SignatureHeader, body));
    }

    [Fact]
    public void A_signature_changed_by_one_hex_digit_is_refused()
    {
        var last = Vector.SignatureHeader[^1];
        var tampered = Vector.SignatureHeader[..^1] + (last == '0' ? '1' : '0');

        Assert.Equal(SignatureCheck.BadSignature, Signature.Verify(Vector.TimestampHeader, tampered, Vector.Body));
    }

    [Fact]
    public void A_signature_made_with_another_secret_is_refused()
    {
        var other = new SlackSignature("another-secret", clock);

        Assert.Equal(SignatureCheck.BadSignature, other.Verify(Vector.TimestampHeader, Vector.SignatureHeader, Vector.Body));
    }

    [Fact]
    public void A_timestamp_changed_after_signing_is_refused()
    {
        var shifted = (Vector.Timestamp + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(SignatureCheck.BadSignature, Signature.Verify(shifted, Vector.SignatureHeader, Vector.Body));
    }

    [Theory]
    [InlineData(300)]
    [InlineData(-300)]
    [InlineData(0)]
    public void A_request_signed_up_to_five_minutes_from_now_is_accepted(int secondsLater)
    {
        var signature = SignatureAt(Vector.Timestamp + secondsLater);

        Assert.Equal(SignatureCheck.Valid, signature.Verify(Vector.TimestampHeader, Vector.SignatureHeader, Vector.Body));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(86_400)]
    public void A_request_signed_more_than_five_minutes_ago_is_stale_even_with_a_good_signature(int secondsLater)
    {
        var signature = SignatureAt(Vector.Timestamp + secondsLater);

        Assert.Equal(SignatureCheck.Stale, signature.Verify(Vector.TimestampHeader, Vector.SignatureHeader, Vector.Body));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(86_400)]
    public void A_request_signed_more_than_five_minutes_ahead_is_future_dated_not_stale(int secondsEarlier)
    {
        var signature = SignatureAt(Vector.Timestamp - secondsEarlier);

        Assert.Equal(SignatureCheck.FutureDated, signature.Verify(Vector.TimestampHeader, Vector.SignatureHeader, Vector.Body));
    }

    [Fact]
    public void A_verified_request_stops_verifying_when_its_signature_goes_stale()
    {
        var staleAfter = SlackSignature.StaleAfter(Vector.TimestampHeader);

        clock.SetUtcNow(staleAfter - TimeSpan.FromMilliseconds(1));
        Assert.Equal(SignatureCheck.Valid, Signature.Verify(Vector.TimestampHeader, Vector.SignatureHeader, Vector.Body));
        clock.SetUtcNow(staleAfter);
        Assert.Equal(SignatureCheck.Stale, Signature.Verify(Vector.TimestampHeader, Vector.SignatureHeader, Vector.Body));
    }

    [Fact]
    public void The_replay_window_closes_as_the_clock_moves_on()
    {
        var signature = Signature;
        clock.Advance(TimeSpan.FromSeconds(300));
        Assert.Equal(SignatureCheck.Valid, signature.Verify(Vector.TimestampHeader, Vector.SignatureHeader, Vector.Body));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SignatureCheck.Stale, signature.Verify(Vector.TimestampHeader, Vector.SignatureHeader, Vector.Body));
    }

    [Theory]
    [InlineData(null, "v0=abc")]
    [InlineData("", "v0=abc")]
    [InlineData("1531420618", null)]
    [InlineData("1531420618", "")]
    [InlineData(null, null)]
    public void A_request_without_both_headers_is_refused_as_missing_headers(string? timestamp, string? signature)
    {
        Assert.Equal(SignatureCheck.MissingHeaders, Signature.Verify(timestamp, signature, Vector.Body));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("1531420618.5")]
    [InlineData("-1531420618")]
    [InlineData("+1531420618")]
    [InlineData(" 1531420618")]
    [InlineData("1531420618 ")]
    [InlineData("0x5B47A0CA")]
    [InlineData("99999999999999999999999")]
    [InlineData("１５３１４２０６１８")]
    public void A_timestamp_that_is_not_plain_seconds_is_malformed(string timestamp)
    {
        Assert.Equal(SignatureCheck.MalformedTimestamp, Signature.Verify(timestamp, Vector.SignatureHeader, Vector.Body));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("v0=")]
    [InlineData("v0=a2114d57")]
    [InlineData("v0=zz114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("V0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("v0:a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("v0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503")]
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b5030")]
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503,v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    public void A_signature_that_is_not_lowercase_v0_hex_is_refused(string signature)
    {
        Assert.Equal(SignatureCheck.BadSignature, Signature.Verify(Vector.TimestampHeader, signature, Vector.Body));
    }

    [Fact]
    public void An_empty_body_verifies_when_it_was_signed_empty()
    {
        var signature = Sign(Vector.Secret, Vector.TimestampHeader, []);

        Assert.Equal(SignatureCheck.Valid, Signature.Verify(Vector.TimestampHeader, signature, ReadOnlySpan<byte>.Empty));
        Assert.Equal(SignatureCheck.BadSignature, Signature.Verify(Vector.TimestampHeader, Vector.SignatureHeader, ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void A_large_body_is_verified_over_every_byte()
    {
        var body = new byte[100_000];
        Random.Shared.NextBytes(body);
        var signature = Sign(Vector.Secret, Vector.TimestampHeader, body);

        Assert.Equal(SignatureCheck.Valid, Signature.Verify(Vector.TimestampHeader, signature, body));
        body[50_000] ^= 0x80;
        Assert.Equal(SignatureCheck.BadSignature, Signature.Verify(Vector.TimestampHeader, signature, body));
    }

    [Fact]
    public void A_body_that_is_not_valid_utf8_is_verified_as_raw_bytes()
    {
        byte[] body = [0xFF, 0xFE, 0x00, 0xC3, 0x28, (byte)'a'];
        var signature = Sign(Vector.Secret, Vector.TimestampHeader, body);

        Assert.Equal(SignatureCheck.Valid, Signature.Verify(Vector.TimestampHeader, signature, body));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_signing_secret_is_refused_at_start_up(string secret)
    {
        Assert.ThrowsAny<ArgumentException>(() => new SlackSignature(secret, clock));
    }

    [Fact]
    public void The_official_vector_agrees_with_its_own_basestring()
    {
        // Guards the fixture itself: the basestring is exactly "v0:" + timestamp + ":" + body.
        Assert.Equal($"v0:{Vector.TimestampHeader}:{Encoding.UTF8.GetString(Vector.Body)}", Vector.BaseString);
        Assert.Equal(Vector.SignatureHeader, Sign(Vector.Secret, Vector.TimestampHeader, Vector.Body));
    }

    private static string Sign(string secret, string timestamp, byte[] body)
    {
        byte[] message = [.. Encoding.ASCII.GetBytes($"v0:{timestamp}:"), .. body];
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    private sealed record SigningVector(string Secret, string TimestampHeader, string SignatureHeader, byte[] Body, string BaseString)
    {
        public long Timestamp => long.Parse(TimestampHeader, System.Globalization.CultureInfo.InvariantCulture);

        public static SigningVector Load()
        {
            var path = Path.Combine(AppContext.BaseDirectory, "TestData", "signing-test-vector.json");
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = json.RootElement;
            var headers = root.GetProperty("headers");
            return new SigningVector(
                root.GetProperty("signing_secret").GetString()!,
                headers.GetProperty("X-Slack-Request-Timestamp").GetString()!,
                headers.GetProperty("X-Slack-Signature").GetString()!,
                Encoding.UTF8.GetBytes(root.GetProperty("body").GetString()!),
                root.GetProperty("basestring").GetString()!);
        }
    }
}
