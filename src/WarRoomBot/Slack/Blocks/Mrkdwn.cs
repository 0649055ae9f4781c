using System.Globalization;
using System.Text.RegularExpressions;
using Humanizer;
using WarRoomBot.Crises;

namespace WarRoomBot.Slack.Blocks;

/// <summary>Slack mrkdwn pieces: escaping, mentions, links and date tokens that each reader sees in their own time zone.</summary>
public static partial class Mrkdwn
{
    /// <summary>
    /// A reply written in mrkdwn as a form error: Slack shows those under the field as plain text, so code and bold marks
    /// are dropped and entities shown as the characters they stand for.
    /// </summary>
    public static string AsPlainText(string mrkdwn) => mrkdwn
        .Replace("`", "", StringComparison.Ordinal)
        .Replace("*", "", StringComparison.Ordinal)
        .Replace("&lt;", "<", StringComparison.Ordinal)
        .Replace("&gt;", ">", StringComparison.Ordinal)
        .Replace("&amp;", "&", StringComparison.Ordinal);

    /// <summary>
    /// The one way people's text (and Slack profile text) is written into anything the bot sends: mrkdwn and block text,
    /// plain_text fields (headers, modal titles, labels, placeholders, buttons), channel topics and purposes, and a
    /// message's notification text. Slack reads <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> as control characters in all of
    /// them and decodes exactly these three entities for display, so <c>R&amp;D &lt;beta&gt;</c> reads as typed while
    /// <c>&lt;!channel&gt;</c>, <c>&lt;@U…&gt;</c> or <c>&lt;https://…|…&gt;</c> can never notify or link. Nothing else is
    /// entity-encoded: Slack would show any other entity literally. mrkdwn's <c>*</c>, <c>_</c>, <c>~</c> and <c>`</c> stay as
    /// typed: Slack has no escape for them, and they format a person's own messages the same way. The one exception is
    /// a plain_text_input's <c>initial_value</c>, which is the person's own text to edit, not text Slack renders.
    /// </summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// Shortens escaped text to at most <paramref name="max"/> characters, ending in "…", without cutting an entity
    /// (half an <c>&amp;amp;</c> shows as stray characters), Slack markup such as a mention or a date token, or an
    /// emoji's surrogate pair.
    /// </summary>
    public static string Truncate(string escaped, int max)
    {
        if (escaped.Length <= max)
            return escaped;
        var cut = Math.Max(max - 1, 0);
        foreach (var (open, close) in (ReadOnlySpan<(char, char)>)[('&', ';'), ('<', '>')])
        {
            var start = cut == 0 ? -1 : escaped.LastIndexOf(open, cut - 1);
            if (start >= 0 && escaped.IndexOf(close, start) is var end && (end < 0 || end >= cut))
                cut = start;
        }

        if (cut > 0 && char.IsHighSurrogate(escaped[cut - 1]))
            cut--;
        return string.Concat(escaped.AsSpan(0, cut), "…");
    }

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

    /// <summary>
    /// A time token with a UTC fallback for clients that cannot render it. Slack writes the day as "today", "tomorrow" or
    /// "yesterday" when it can and as "Dec 3, 2026" otherwise, so the time comes first and no word joins them: "14:05 today",
    /// "14:05 Dec 3, 2026" ("on" read "14:05 on today").
    /// </summary>
    public static string Time(DateTimeOffset at) =>
        $"<!date^{at.ToUnixTimeSeconds()}^{{time}} {{date_short_pretty}}|{at.UtcDateTime.ToString("HH:mm 'UTC on' d MMM yyyy", CultureInfo.InvariantCulture)}>";

    /// <summary>"in 30 minutes", "in 1 hour 30 minutes": the words next to a date token; "now" once that time has come.</summary>
    public static string In(TimeSpan span) => ToMinute(span) is var minutes && minutes > TimeSpan.Zero ? "in " + Words(minutes) : "now";

    /// <summary>"15 minutes", "1 hour 30 minutes"; under a minute is "less than a minute".</summary>
    public static string Duration(TimeSpan span) => ToMinute(span) is var minutes && minutes > TimeSpan.Zero ? Words(minutes) : "less than a minute";

    /// <summary>"every 30 minutes", "every hour", "every 4 hours".</summary>
    public static string Every(TimeSpan span) => Duration(span) is var words && words.Split(' ') is ["1", var unit] ? "every " + unit : "every " + words;

    /// <summary>The rooms are written in English whatever the server's culture, so durations are too.</summary>
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>
    /// Whole minutes, as a person says a deadline: a span counted from the time of posting is a few seconds short of
    /// the minute the deadline was set for, so it is rounded, not cut.
    /// </summary>
    private static TimeSpan ToMinute(TimeSpan span) => TimeSpan.FromMinutes(Math.Round(span.TotalMinutes));

    /// <summary>
    /// Days, hours and minutes, each only when not zero. Days are the largest unit: deadlines are at most a week out,
    /// and "7 days" reads at a glance where "1 week" makes the reader count.
    /// </summary>
    private static string Words(TimeSpan minutes) =>
        minutes.Humanize(precision: 3, English, maxUnit: TimeUnit.Day, minUnit: TimeUnit.Minute, collectionSeparator: " ");
}
