using System.Collections.Concurrent;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Api;

namespace WarRoomBot.Slack;

/// <summary>
/// Each person's profile and time zone from <c>users.info</c>, cached, so "18:30" means 18:30 where they are. This is the one Slack
/// call an acknowledgement may wait for: for a clock time, or for the owner's phone in <c>/crisis status</c>, from someone
/// not seen for an hour. The wait is bounded well inside Slack's 3 seconds, and durations ("45m") never need it.
/// </summary>
public sealed partial class UserTimeZones(
    ISlackApi slack,
    [FromKeyedServices(SlackApiState.ClockKey)] TimeProvider clock,
    ILogger<UserTimeZones> log)
{
    /// <summary>People travel; an hour-old zone is recent enough for a deadline.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromHours(1);

    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<UserId, (SlackUser Profile, TimeZoneInfo Zone, DateTimeOffset Until)> cache = new();

    /// <summary>The person's zone, or null when Slack could not say within the budget.</summary>
    public async Task<TimeZoneInfo?> ForAsync(UserId user, CancellationToken ct) => (await KnownAsync(user, ct))?.Zone;

    /// <summary>The person's Slack profile (name, phone), or null when Slack could not say within the budget.</summary>
    public async Task<SlackUser?> ProfileAsync(UserId user, CancellationToken ct) => (await KnownAsync(user, ct))?.Profile;

    private async Task<(SlackUser Profile, TimeZoneInfo Zone)?> KnownAsync(UserId user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cached = cache.TryGetValue(user, out var known);
        if (cached && known.Until > now)
            return (known.Profile, known.Zone);

        using var budget = new CancellationTokenSource(Budget, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, budget.Token);
        try
        {
            var profile = await slack.GetUserAsync(user, linked.Token);
            var zone = ZoneOf(profile);
            cache[user] = (profile, zone, now + CacheFor);
            return (profile, zone);
        }
        catch (Exception e) when (e is SlackApiException || (e is OperationCanceledException && budget.IsCancellationRequested))
        {
            LogUnknown(user.Value, e.Message);

            // A stale profile beats none: it was right an hour ago.
            return cached ? (known.Profile, known.Zone) : null;
        }
    }

    /// <summary>
    /// The time <paramref name="expression"/> names for <paramref name="user"/> at <paramref name="now"/>: a clock time is
    /// read in their own zone, so Slack is asked only when the expression needs it.
    /// </summary>
    public async Task<TimeResolution> ResolveAsync(TimeExpression expression, UserId user, DateTimeOffset now, CancellationToken ct)
    {
        var zone = TimeZoneInfo.Utc;
        if (expression.NeedsTimeZone)
        {
            if (await ForAsync(user, ct) is not { } known)
                return new TimeResolution(null,
                    $"Slack did not tell me your time zone in time, so I cannot read {Usage.Echo(expression.Typed)}. Use a duration such as `45m`, or try again in a moment.");
            zone = known;
        }

        return expression.Resolve(now, zone);
    }

    /// <summary>Slack gives an IANA name and the current offset; the name knows daylight saving, the offset is the fallback.</summary>
    public static TimeZoneInfo ZoneOf(SlackUser profile)
    {
        if (profile.TimeZone is { } name && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone))
            return zone;
        var offset = TimeSpan.FromSeconds(profile.TimeZoneOffsetSeconds);
        var id = profile.TimeZone ?? $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration():hh\\:mm}";
        return TimeZoneInfo.CreateCustomTimeZone(id, offset, id, id);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the time zone of {User}: {Error}")]
    private partial void LogUnknown(string user, string error);
}
