using System.Collections.Concurrent;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Api;

namespace WarRoomBot.Slack;

/// <summary>
/// Each person's time zone from <c>users.info</c>, cached, so "18:30" means 18:30 where they are. This is the one Slack
/// call an acknowledgement may wait for, and only for a clock time from someone not seen for a while; the wait is
/// bounded well inside Slack's 3 seconds, and durations ("45m") never need it.
/// </summary>
public sealed partial class UserTimeZones(
    ISlackApi slack,
    [FromKeyedServices(SlackApiState.ClockKey)] TimeProvider clock,
    ILogger<UserTimeZones> log)
{
    /// <summary>People travel; an hour-old zone is recent enough for a deadline.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromHours(1);

    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<UserId, (TimeZoneInfo Zone, DateTimeOffset Until)> cache = new();

    /// <summary>The person's zone, or null when Slack could not say within the budget.</summary>
    public async Task<TimeZoneInfo?> ForAsync(UserId user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(user, out var known) && known.Until > now)
            return known.Zone;

        using var budget = new CancellationTokenSource(Budget, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, budget.Token);
        try
        {
            var profile = await slack.GetUserAsync(user, linked.Token);
            var zone = ZoneOf(profile);
            cache[user] = (zone, now + CacheFor);
            return zone;
        }
        catch (Exception e) when (e is SlackApiException || (e is OperationCanceledException && budget.IsCancellationRequested))
        {
            LogUnknown(user.Value, e.Message);

            // A stale zone beats none: it was right an hour ago.
            return known.Zone;
        }
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
