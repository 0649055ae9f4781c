using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SlackEmulator.Page;

/// <summary>
/// mrkdwn as a Slack client reads it: control sequences first (<c>&lt;@U…&gt;</c>, <c>&lt;#C…&gt;</c>, <c>&lt;!…&gt;</c>,
/// links), then preformatted blocks, quotes and inline formatting, and only then Slack's three entities decoded and
/// every piece of text HTML-encoded.
/// </summary>
public static partial class BlockKitHtml
{
    /// <summary>Stands in for a rendered control sequence while the text around it is formatted; removed from payloads first.</summary>
    private const char Open = '\u0001', Close = '\u0002';

    /// <summary>Slack-escaped mrkdwn (message text, mrkdwn text objects) as the viewer's client shows it.</summary>
    public static string Mrkdwn(string text, BlockKitViewer viewer)
    {
        var controls = new List<string>();
        var marked = ControlSequence().Replace(text.Replace(Open, ' ').Replace(Close, ' '), m =>
        {
            controls.Add(Control(m.Groups["inside"].Value, viewer));
            return $"{Open}{controls.Count - 1}{Close}";
        });

        // Split keeps the captured contents of each ``` block at the odd indices.
        var parts = Preformatted().Split(marked);
        var html = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i % 2 == 1)
            {
                html.Append("<pre class=\"bk-pre\">").Append(Restore(parts[i].Trim('\n'), controls, code: true)).Append("</pre>");
                continue;
            }

            // The line breaks around a ``` block belong to the block, not to the text beside it.
            var part = parts[i];
            if (i > 0 && part.StartsWith('\n'))
                part = part[1..];
            if (i < parts.Length - 1 && part.EndsWith('\n'))
                part = part[..^1];
            if (part.Length > 0)
                html.Append(Lines(part, controls));
        }

        return html.ToString();
    }

    /// <summary>Lines joined by breaks; consecutive lines starting with &gt; form one quote.</summary>
    private static string Lines(string text, List<string> controls)
    {
        var html = new StringBuilder();
        bool? previousWasQuote = null;
        foreach (var line in text.Split('\n'))
        {
            var quote = QuoteLine().Match(line);
            if (quote.Success)
                html.Append(previousWasQuote == true ? "<br/>" : "<blockquote class=\"bk-quote\">").Append(Inline(quote.Groups["rest"].Value, controls));
            else
                html.Append(previousWasQuote switch { true => "</blockquote>", false => "<br/>", null => "" }).Append(Inline(line, controls));
            previousWasQuote = quote.Success;
        }

        return previousWasQuote == true ? html.Append("</blockquote>").ToString() : html.ToString();
    }

    /// <summary>
    /// `code` first, since nothing inside it is formatted; it then stands in the line like a control sequence, so bold,
    /// italic and strike around it still apply, as in Slack's *`/crisis`*.
    /// </summary>
    private static string Inline(string line, List<string> controls)
    {
        var marked = CodeSpan().Replace(line, code =>
        {
            controls.Add($"<code class=\"bk-code\">{Restore(code.Groups["inside"].Value, controls, code: true)}</code>");
            return $"{Open}{controls.Count - 1}{Close}";
        });
        return Styled(marked, controls);
    }

    /// <summary>
    /// The earliest mark wins and its inside is styled in turn (at most three deep, as a mark's inside cannot hold the same
    /// mark). The text after it is walked in a loop, each style searched again only once passed, so a long message with
    /// many marks costs neither stack nor repeated scans.
    /// </summary>
    private static string Styled(string text, List<string> controls)
    {
        var styles = (ReadOnlySpan<(Regex Mark, string Tag)>)[(Bold(), "b"), (Italic(), "i"), (Strike(), "s")];
        var next = new Match?[styles.Length];
        var html = new StringBuilder();
        var at = 0;
        while (true)
        {
            Match? first = null;
            var tag = "";
            for (var i = 0; i < styles.Length; i++)
            {
                if (next[i] is null || (next[i]!.Success && next[i]!.Index < at))
                    next[i] = styles[i].Mark.Match(text, at);
                if (next[i] is { Success: true } found && (first is null || found.Index < first.Index))
                    (first, tag) = (found, styles[i].Tag);
            }

            if (first is null)
                return html.Append(Restore(text[at..], controls)).ToString();
            html.Append(Restore(text[at..first.Index], controls))
                .Append($"<{tag}>").Append(Styled(first.Groups["inside"].Value, controls)).Append($"</{tag}>");
            at = first.Index + first.Length;
        }
    }

    /// <summary>
    /// Text as the reader sees it, encoded, with the rendered control sequences put back in their places. Code shows
    /// emoji names as typed, as Slack does.
    /// </summary>
    private static string Restore(string text, List<string> controls, bool code = false)
    {
        var pieces = Placeholder().Split(text);
        var html = new StringBuilder();
        for (var i = 0; i < pieces.Length; i++)
            html.Append(i % 2 == 1 ? controls[int.Parse(pieces[i], CultureInfo.InvariantCulture)] : code ? Encode(Decode(pieces[i])) : SlackText(pieces[i]));
        return html.ToString();
    }

    private static string Control(string inside, BlockKitViewer viewer)
    {
        var bar = inside.IndexOf('|', StringComparison.Ordinal);
        var target = bar < 0 ? inside : inside[..bar];
        var label = bar < 0 ? null : inside[(bar + 1)..];
        switch (target)
        {
            case ['@', .. var user]:
                return Chip("bk-mention", "@" + (viewer.UserName(user) ?? Decoded(label) ?? user));
            case ['#', .. var channel]:
                return Chip("bk-mention bk-channel", "#" + (viewer.ChannelName(channel) ?? Decoded(label) ?? channel));
            case "!here" or "!channel" or "!everyone":
                return Chip("bk-mention bk-broadcast", "@" + target[1..]);
            case var group when group.StartsWith("!subteam^", StringComparison.Ordinal):
                return Chip("bk-mention bk-group", label is { } name ? Decode(name) : "@" + group["!subteam^".Length..]);
            case var date when date.StartsWith("!date^", StringComparison.Ordinal):
                return Date(date.Split('^'), label, viewer);
            default:
                var url = Decode(target);
                return SafeUrl(url) is { } safe
                    ? Link(safe, label is null ? Encode(safe.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? safe[7..] : safe) : SlackText(label))
                    : SlackText(label ?? target);
        }
    }

    /// <summary><c>!date^unix^tokens^optional_link</c>; the fallback shows when Slack could not read the date either.</summary>
    private static string Date(string[] parts, string? label, BlockKitViewer viewer)
    {
        var fallback = label is null ? "" : Decode(label);
        // A day inside DateTimeOffset's range, so the reader's zone can never push it out.
        if (parts.Length < 3 || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var unix) || unix is <= -62135510400 or >= 253402214400)
            return Encode(fallback);
        var at = DateTimeOffset.FromUnixTimeSeconds(unix);
        var time = $"<time class=\"bk-date\"{Attr("datetime", at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))}{Attr("title", label is null ? null : fallback)}>"
            + $"{Encode(SlackDate.Format(at, Decode(parts[2]), viewer) ?? fallback)}</time>";
        return parts.Length >= 4 && SafeUrl(Decode(parts[3])) is { } link ? Link(link, time) : time;
    }

    private static string Chip(string classes, string text) => $"<span class=\"{classes}\">{Encode(text)}</span>";

    /// <summary>Only web and mail links open: a javascript: or data: link in a payload must stay text.</summary>
    private static string? SafeUrl(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto" ? url : null;

    private static string Link(string url, string innerHtml) =>
        $"<a class=\"bk-link\"{Attr("href", url)} target=\"_blank\" rel=\"noopener\">{innerHtml}</a>";

    /// <summary>A mention's label, when it has one to show.</summary>
    private static string? Decoded(string? escaped) => string.IsNullOrEmpty(escaped) ? null : Decode(escaped);

    /// <summary>Escaped Slack text (mrkdwn or plain_text) as HTML: Slack's entities decoded, emoji names shown, all encoded.</summary>
    private static string SlackText(string escaped) => Encode(Emoji(Decode(escaped)));

    /// <summary>Slack decodes exactly &amp;amp;, &amp;lt; and &amp;gt;, in one pass, so "&amp;amp;lt;" reads "&amp;lt;".</summary>
    private static string Decode(string escaped) =>
        Entity().Replace(escaped, m => m.Groups["name"].Value switch { "lt" => "<", "gt" => ">", _ => "&" });

    /// <summary>The emoji the bot writes; any other name stays as Slack would show it before the picture loads.</summary>
    private static readonly Dictionary<string, string> EmojiByName = new(StringComparer.Ordinal)
    {
        ["alarm_clock"] = "⏰", ["briefcase"] = "💼", ["bulb"] = "💡", ["clipboard"] = "📋", ["construction"] = "🚧",
        ["heavy_multiplication_x"] = "✖️", ["hourglass"] = "⌛", ["hourglass_flowing_sand"] = "⏳",
        ["information_source"] = "ℹ️", ["lock"] = "🔒", ["loudspeaker"] = "📢", ["mag"] = "🔍", ["memo"] = "📝",
        ["newspaper"] = "📰", ["rotating_light"] = "🚨", ["stopwatch"] = "⏱️", ["telephone_receiver"] = "📞",
        ["warning"] = "⚠️", ["white_check_mark"] = "✅", ["x"] = "❌",
    };

    private static string Emoji(string text) =>
        text.Contains(':', StringComparison.Ordinal) ? EmojiName().Replace(text, m => EmojiByName.GetValueOrDefault(m.Groups["name"].Value, m.Value)) : text;

    [GeneratedRegex(@"<(?<inside>[^<>\n]*)>", RegexOptions.CultureInvariant)]
    private static partial Regex ControlSequence();

    [GeneratedRegex("```(.*?)```", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Preformatted();

    [GeneratedRegex(@"^(?:&gt;|>) ?(?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex QuoteLine();

    [GeneratedRegex(@"`(?<inside>[^`]+)`", RegexOptions.CultureInvariant)]
    private static partial Regex CodeSpan();

    // A mark opens after a non-word character and closes before one, hugging its text: snake_case and 2*3*4 stay as typed.
    [GeneratedRegex(@"(?<![\w*])\*(?=\S)(?<inside>[^*]+?)(?<=\S)\*(?![\w*])", RegexOptions.CultureInvariant)]
    private static partial Regex Bold();

    [GeneratedRegex(@"(?<![\w_])_(?=\S)(?<inside>[^_]+?)(?<=\S)_(?![\w_])", RegexOptions.CultureInvariant)]
    private static partial Regex Italic();

    [GeneratedRegex(@"(?<![\w~])~(?=\S)(?<inside>[^~]+?)(?<=\S)~(?![\w~])", RegexOptions.CultureInvariant)]
    private static partial Regex Strike();

    [GeneratedRegex("\u0001([0-9]+)\u0002", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex("&(?<name>amp|lt|gt);", RegexOptions.CultureInvariant)]
    private static partial Regex Entity();

    [GeneratedRegex(@":(?<name>[a-z0-9_+\-]+):", RegexOptions.CultureInvariant)]
    private static partial Regex EmojiName();
}
