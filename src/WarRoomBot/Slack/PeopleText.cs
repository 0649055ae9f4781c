using System.Globalization;
using System.Text;

namespace WarRoomBot.Slack;

/// <summary>
/// What people type, cleaned once where it enters: the slash command's text and every form field. Everything the bot
/// later shows of it (posts, topics, purposes, forms, replies) is then escaped by <see cref="Blocks.Mrkdwn.Escape"/>.
/// </summary>
public static class PeopleText
{
    private const char Escape = '\u001B';
    private const char ControlSequenceIntroducer = '\u009B';
    private const char Bell = '\u0007';

    /// <summary>
    /// Line breaks and tabs become spaces and runs of spaces one space; terminal escape sequences (<c>ESC[31m</c>, which
    /// would colour a log line or leave <c>[31m</c> in a title) are removed whole; other control characters and
    /// invisible format characters (zero-width spaces, bidi overrides that make a title read backwards) are dropped.
    /// A zero-width joiner between emoji is kept: it is part of the emoji (👩‍💻). The result has no leading or trailing space.
    /// </summary>
    public static string Clean(string text)
    {
        var result = new StringBuilder(text.Length);
        var pendingSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is Escape or ControlSequenceIntroducer)
            {
                i = EndOfEscapeSequence(text, i);
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = result.Length > 0;
                continue;
            }

            if (IsInvisible(c) && !(c == '\u200D' && JoinsEmoji(result, text, i)))
                continue;
            if (pendingSpace)
            {
                result.Append(' ');
                pendingSpace = false;
            }

            result.Append(c);
        }

        return result.ToString();
    }

    /// <summary>
    /// The index of the last character of the escape sequence starting at <paramref name="start"/> (ECMA-48): a control
    /// sequence (<c>ESC [</c> or CSI, then parameters, intermediates and one final character), a command string
    /// (<c>ESC ]</c>, <c>ESC P</c>, <c>ESC X</c>, <c>ESC ^</c>, <c>ESC _</c>, up to BEL or <c>ESC \</c>), or ESC with
    /// intermediates and one final character. An unfinished control sequence or string runs to the end of the text;
    /// a lone ESC is only itself, so the text after it is kept.
    /// </summary>
    private static int EndOfEscapeSequence(string text, int start)
    {
        var i = start + 1;
        if (text[start] == Escape)
        {
            if (i >= text.Length)
                return start;
            switch (text[i])
            {
                case '[':
                    i++;
                    break;
                case ']' or 'P' or 'X' or '^' or '_':
                    for (i++; i < text.Length; i++)
                    {
                        if (text[i] == Bell)
                            return i;
                        if (text[i] == Escape && i + 1 < text.Length && text[i + 1] == '\\')
                            return i + 1;
                    }

                    return text.Length - 1;
                default:
                    while (i < text.Length && text[i] is >= '\u0020' and <= '\u002F')
                        i++;
                    return i < text.Length && text[i] is >= '\u0030' and <= '\u007E' ? i : start;
            }
        }

        while (i < text.Length && text[i] is >= '\u0020' and <= '\u003F')
            i++;
        return i < text.Length && text[i] is >= '\u0040' and <= '\u007E' ? i : i - 1;
    }

    private static bool IsInvisible(char c) =>
        char.GetUnicodeCategory(c) == UnicodeCategory.Control
        || c is >= '\u200B' and <= '\u200F'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2060' and <= '\u2069'
        || c is '\uFEFF' or '\u00AD' or '\u061C' or '\u180E';

    private static bool JoinsEmoji(StringBuilder before, string text, int at)
    {
        if (before.Length == 0 || at + 1 >= text.Length)
            return false;
        var previous = before[^1];
        var next = text[at + 1];
        return (char.IsLowSurrogate(previous) || previous == '\uFE0F')
            && (char.IsHighSurrogate(next) || next is >= '\u2600' and <= '\u27BF');
    }
}
