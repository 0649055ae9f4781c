using System.Text.Json.Nodes;

namespace WarRoomBot.Slack.Api;

internal enum AttemptKind
{
    Ok,
    RateLimited,
    Transient,
    Failed,
}

/// <summary>
/// What one HTTP exchange with Slack came to. Failures are values rather than exceptions so the retry
/// pipeline decides on them, and only the caller's cancellation travels as an exception.
/// <paramref name="MayHaveApplied"/> is set when the request may have reached Slack and been carried out
/// although no answer says so (a timeout, a cut connection, a 5xx): repeating it may do it twice.
/// </summary>
internal sealed record Attempt(AttemptKind Kind, string? Error, JsonObject? Body, TimeSpan RetryAfter, bool MayHaveApplied = false)
{
    public static Attempt Ok(JsonObject? body) => new(AttemptKind.Ok, null, body, TimeSpan.Zero);

    public static Attempt RateLimited(TimeSpan retryAfter) => new(AttemptKind.RateLimited, "ratelimited", null, retryAfter);

    public static Attempt Transient(string error, bool mayHaveApplied) => new(AttemptKind.Transient, error, null, TimeSpan.Zero, mayHaveApplied);

    public static Attempt Failed(string error) => new(AttemptKind.Failed, error, null, TimeSpan.Zero);
}
