using System.Globalization;
using Microsoft.Extensions.Options;

namespace WarRoomBot;

public sealed partial class WarRoomOptions
{
    public sealed partial class WatchOptions
    {
        /// <summary>
        /// The channel id (e.g. <c>C0123WATCH</c>) the watch list is posted to once a day; none by default, and then there
        /// is no daily post (<c>/crisis watch</c> still answers). The bot must be a member of it.
        /// </summary>
        public string? Channel { get; set; }

        /// <summary>
        /// The time of day the watch list is posted, in <see cref="TimeZone"/>: <c>09:00</c>. Kept as written, so a time that
        /// does not read stops start-up naming the setting rather than with the configuration binder's exception.
        /// </summary>
        public string PostAt { get; set; } = "09:00";

        /// <summary><see cref="PostAt"/> as a time of day, or null when it does not read as one.</summary>
        public TimeOnly? PostTime() => TimeOnly.TryParse(PostAt, CultureInfo.InvariantCulture, out var at) ? at : null;

        /// <summary>The time zone <see cref="PostAt"/> and the day of each post are read in: an IANA id such as <c>Europe/Paris</c>.</summary>
        public string TimeZone { get; set; } = "UTC";

        /// <summary><see cref="TimeZone"/> as the system knows it, or null when it knows no such zone.</summary>
        public TimeZoneInfo? Zone() => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : null;

        /// <summary>
        /// The day whose post is due at <paramref name="now"/>: today in <see cref="TimeZone"/> once its <see cref="PostAt"/>
        /// has come, else none. A day missed entirely while the bot was down is not posted the next day: that day's own post,
        /// hours later, says the same more freshly.
        /// </summary>
        public DateOnly? DueDay(DateTimeOffset now)
        {
            var local = TimeZoneInfo.ConvertTime(now, Zone() ?? TimeZoneInfo.Utc);
            return PostTime() is { } at && TimeOnly.FromTimeSpan(local.TimeOfDay) >= at ? DateOnly.FromDateTime(local.DateTime) : null;
        }

        /// <summary>How the post names its day, in the readers' words: "Monday 30 November".</summary>
        public static string Name(DateOnly day) => day.ToString("dddd d MMMM", CultureInfo.InvariantCulture);
    }
}

/// <summary>Start-up checks of the daily watch post's settings: a post that could never be made stops the bot with the setting's name.</summary>
public static class WatchPostOptionsValidation
{
    public static OptionsBuilder<WarRoomOptions> ValidateWatchPost(this OptionsBuilder<WarRoomOptions> options) => options
        .Validate(o => string.IsNullOrEmpty(o.Watch.Channel) || HeadlineOptionsValidation.IsChannelId(o.Watch.Channel),
            "WarRoom:Watch:Channel must be a channel id (e.g. C0123WATCH, from the channel's details in Slack), not a name; leave it empty for no daily watch post.")
        .Validate(o => o.Watch.PostTime() is not null, "WarRoom:Watch:PostAt must be a time of day such as 09:00 or 17:30.")
        .Validate(o => o.Watch.Zone() is not null, "WarRoom:Watch:TimeZone must be a time zone id such as UTC or Europe/Paris.");
}
