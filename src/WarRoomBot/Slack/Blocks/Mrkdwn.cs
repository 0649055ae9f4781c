using System.Globalization;
using System.Text.RegularExpressions;
using WarRoomBot.Crises;

namespace WarRoomBot.Slack.Blocks;

/// <summary>Slack mrkdwn pieces: escaping, mentions, links and date tokens that each reader sees in their own time zone.</summary>
public static partial class Mrkdwn
{
    /// <summary>Slack asks for exactly these three to be escaped, nothing else.</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// Our replies show placeholders such as <c>&lt;time&gt;</c>; Slack reads any raw <c>&lt;…&gt;</c> as markup, so those
    /// are escaped. Slack's own markup (<c>&lt;@U…&gt;</c>, <c>&lt;#C…&gt;</c>, <c>&lt;!date…&gt;</c>, links) is kept.
    /// </summary>
    public static string EscapePlaceholders(string text) =>
        text.Contains('<', StringComparison.Ordinal) ? Placeholder().Replace(text, m => "&lt;" + m.Groups["inner"].Value + "&gt;") : text;

    [GeneratedRegex(@"<(?![@#!]|[a-zA-Z][a-zA-Z0-9+.\-]*:)(?<inner>[^<>\n]*)>", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    public static string Mention(UserId user) => $"<@{user.Value}>";

    public static string Link(ChannelId channel) => $"<#{channel.Value}>";

    /// <summary>A time token with a UTC fallback for clients that cannot render it.</summary>
    public static string Time(DateTimeOffset at) =>
        $"<!date^{at.ToUnixTimeSeconds()}^{{time}} on {{date_short_pretty}}|{at.UtcDateTime.ToString("HH:mm 'UTC on' d MMM yyyy", CultureInfo.InvariantCulture)}>";

    /// <summary>"in 30 minutes", "in 1 hour 30 minutes": the words next to a date token.</summary>
    public static string In(TimeSpan span)
    {
        var minutes = (int)Math.Round(span.TotalMinutes);
        if (minutes <= 0)
            return "now";
        var parts = new List<string>();
        if (minutes / (24 * 60) is var days and > 0)
            parts.Add(Plural(days, "day"));
        if (minutes / 60 % 24 is var hours and > 0)
            parts.Add(Plural(hours, "hour"));
        if (minutes % 60 is var mins and > 0)
            parts.Add(Plural(mins, "minute"));
        return "in " + string.Join(" ", parts);
    }

    /// <summary>"15 minutes", "1 hour 30 minutes"; under a minute is "less than a minute".</summary>
    public static string Duration(TimeSpan span) => In(span) is var words && words == "now" ? "less than a minute" : words["in ".Length..];

    /// <summary>"every 30 minutes", "every hour", "every 4 hours".</summary>
    public static string Every(TimeSpan span) => In(span) switch
    {
        "in 1 hour" => "every hour",
        "in 1 day" => "every day",
        var words => "every " + words["in ".Length..],
    };

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
