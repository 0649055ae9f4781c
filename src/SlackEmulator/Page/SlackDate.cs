using System.Globalization;
using System.Text.RegularExpressions;

namespace SlackEmulator.Page;

/// <summary>
/// Slack's date tokens (<c>&lt;!date^unix^{tokens}|fallback&gt;</c>) as a Slack client shows them: in the reader's own
/// time zone and clock, with today, yesterday and tomorrow counted from the reader's now.
/// </summary>
internal static partial class SlackDate
{
    /// <summary>Month and day names are Slack's English ones whatever the server's culture.</summary>
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;

    /// <summary>"14:05", or "2:05 PM" for a reader on a 12-hour clock.</summary>
    public static string Time(DateTimeOffset at, BlockKitViewer viewer) =>
        Local(at, viewer).ToString(viewer.Clock24h ? "HH:mm" : "h:mm tt", English);

    /// <summary>The token string with each token filled in; null when a token is not one Slack knows, so the fallback shows.</summary>
    public static string? Format(DateTimeOffset at, string tokens, BlockKitViewer viewer)
    {
        var local = Local(at, viewer);
        var known = true;
        var text = Token().Replace(tokens, m => m.Groups["name"].Value switch
        {
            "date_num" => local.ToString("yyyy-MM-dd", English),
            "date" => LongDate(local),
            "date_short" => local.ToString("MMM d, yyyy", English),
            "date_long" => $"{local.ToString("dddd", English)}, {LongDate(local)}",
            "date_pretty" => Pretty(local, viewer, m.Index == 0) ?? LongDate(local),
            "date_short_pretty" => Pretty(local, viewer, m.Index == 0) ?? local.ToString("MMM d, yyyy", English),
            "date_long_pretty" => Pretty(local, viewer, m.Index == 0) ?? $"{local.ToString("dddd", English)}, {LongDate(local)}",
            "time" => Time(at, viewer),
            "time_secs" => local.ToString(viewer.Clock24h ? "HH:mm:ss" : "h:mm:ss tt", English),
            "ago" => Ago(at - viewer.Now),
            _ => Unknown(),
        });
        return known ? text : null;

        string Unknown()
        {
            known = false;
            return "";
        }
    }

    private static DateTimeOffset Local(DateTimeOffset at, BlockKitViewer viewer) => TimeZoneInfo.ConvertTime(at, viewer.Zone);

    /// <summary>"February 18th, 2014".</summary>
    private static string LongDate(DateTimeOffset local) =>
        $"{local.ToString("MMMM", English)} {Ordinal(local.Day)}, {local.ToString("yyyy", English)}";

    private static string Ordinal(int day) => day + (day % 100 is 11 or 12 or 13 ? "th" : (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    /// <summary>
    /// Today, yesterday or tomorrow by the reader's calendar, else null. Capitalised only when the token opens the text,
    /// as Slack does, so "{time} {date_short_pretty}" reads "14:05 today" and "{date_short_pretty} at {time}" "Today at 14:05".
    /// </summary>
    private static string? Pretty(DateTimeOffset local, BlockKitViewer viewer, bool first)
    {
        var word = (local.Date - Local(viewer.Now, viewer).Date).Days switch { -1 => "yesterday", 0 => "today", 1 => "tomorrow", _ => null };
        return word is not null && first ? char.ToUpperInvariant(word[0]) + word[1..] : word;
    }

    /// <summary>"in 45 minutes", "3 hours ago": the largest whole unit, rounded as people round.</summary>
    private static string Ago(TimeSpan fromNow)
    {
        var span = fromNow.Duration();
        var words = Round(span.TotalMinutes) is var minutes && minutes < 1 ? "a few seconds"
            : minutes < 60 ? Count(minutes, "minute")
            : Round(span.TotalHours) is var hours && hours < 24 ? Count(hours, "hour")
            : Round(span.TotalDays) is var days && days < 30 ? Count(days, "day")
            : Round(span.TotalDays / 30.44) is var months && months < 12 ? Count(months, "month")
            : Count(Math.Max(Round(span.TotalDays / 365.25), 1), "year");
        return fromNow > TimeSpan.Zero ? "in " + words : words + " ago";
    }

    private static long Round(double units) => (long)Math.Round(units, MidpointRounding.AwayFromZero);

    private static string Count(long n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";

    [GeneratedRegex(@"\{(?<name>[a-z_]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
