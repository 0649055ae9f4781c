using System.Globalization;

namespace WarRoomBot.Slack;

public abstract partial record TimeExpression
{
    /// <summary>
    /// A calendar date and a clock time in the invoker's zone (<c>2026-12-14 17:00</c>): how people give a due date weeks
    /// out, where "friday" would be ambiguous. Resolved as that many days from today, as <see cref="At"/> is.
    /// </summary>
    public sealed record OnDate(DateOnly Date, TimeOnly Time, string Typed) : TimeExpression(Typed)
    {
        public override bool NeedsTimeZone => true;

        public override TimeResolution Resolve(DateTimeOffset now, TimeZoneInfo zone)
        {
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
            var days = Date.DayNumber - today.DayNumber;
            return days < 0
                ? new(null, $"{Date.ToString("d MMM yyyy", CultureInfo.InvariantCulture)} has already passed where you are ({zone.Id}). Give a date still ahead.")
                : new At(days, null, Time, Typed).Resolve(now, zone);
        }
    }
}
