using System.Globalization;
using CsCheck;
using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

/// <summary>
/// Cleaning what people type, where it enters: control characters, terminal escapes and invisible format characters
/// go; words, emoji (joined ones included) and Slack's own characters stay for escaping to deal with.
/// </summary>
public sealed class PeopleTextTests
{
    /// <summary>Terminal escape sequences as pasted from a coloured log or a shell prompt.</summary>
    internal static readonly string[] TerminalEscapes =
    [
        "\u001b[31m", "\u001b[0m", "\u001b[1;33;41m", "\u001b[2J", "\u001b[?25l", "\u001b[38;5;208m", "\u001b[K",
        "\u001b]0;pwned\u0007", "\u001b]8;;https://evil.example\u001b\\", "\u001bP1$r\u001b\\", "\u001b(B", "\u001bc", "\u009b31m",
    ];

    /// <summary>Hostile pieces: Slack markup, entities, mrkdwn characters, controls, escapes, bidi and zero-width characters.</summary>
    internal static readonly Gen<string> Hostile = Gen.Frequency<string>(
        (4, Gen.OneOf(
            "<", ">", "&", "<!channel>", "<!here|here>", "<!everyone>", "<!subteam^S0TEAM|@oncall>", "<@U123>", "<@U123|eve>",
            "<#C123|general>", "<https://x|y>", "<mailto:a@b.c|mail>", "&amp;", "&lt;", "&gt;", "&#60;", "R&D", "<beta>",
            "`", "```", "*", "_", "~", "> ", "@channel", ":fire:", " ", "\t", "\n", "\r\n", "\0", "\u0007", "\u007f", "\u0085",
            "\u202E", "\u202D", "\u2066", "\u2069", "\u200B", "\u200E", "\uFEFF", "\u00AD", "\u200D", "👩‍💻", "🔥", "é", "決済", "a", "b c")),
        (2, Gen.OneOf(TerminalEscapes)),
        (1, Gen.Char.Select(c => c.ToString())))
        .Array[0, 12].Select(string.Concat);

    [Fact]
    public void Cleaning_removes_every_control_character_terminal_escape_and_invisible_format_character_except_a_joiner_inside_an_emoji()
    {
        Hostile.Sample(typed =>
        {
            var clean = PeopleText.Clean(typed);

            for (var i = 0; i < clean.Length; i++)
            {
                var c = clean[i];
                Assert.False(char.GetUnicodeCategory(c) == UnicodeCategory.Control, $"control U+{(int)c:X4} kept from {Show(typed)}");
                Assert.False(c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200B' or '\u200E' or '\u200F' or '\uFEFF' or '\u00AD',
                    $"invisible U+{(int)c:X4} kept from {Show(typed)}");
                if (c == '\u200D')
                    Assert.True(i > 0 && i + 1 < clean.Length && (char.IsLowSurrogate(clean[i - 1]) || clean[i - 1] == '\uFE0F'), $"a stray joiner kept from {Show(typed)}");
            }

            Assert.Equal(clean.Trim(), clean);
            Assert.DoesNotContain("  ", clean, StringComparison.Ordinal);
            Assert.Equal(clean, PeopleText.Clean(clean));
        }, iter: 400);

        // A terminal escape goes whole, wherever it sits between words: no "[31m" is left behind.
        var words = Gen.OneOf("Checkout", "freezes", "at", "300", "stores", "m", "R&D", "<beta>", "[31m", "🔥", " ").Array[1, 8];
        var escapes = Gen.OneOf(TerminalEscapes).Array[1, 8];

        Gen.Select(words, escapes).Sample((w, e) =>
        {
            var plain = string.Concat(w);
            var coloured = string.Concat(w.Select((word, i) => e[i % e.Length] + word)) + e[^1];

            Assert.Equal(PeopleText.Clean(plain), PeopleText.Clean(coloured));
        }, iter: 300);
    }

    [Theory]
    [InlineData("\u001b[31mCheckout down\u001b[0m", "Checkout down")]
    [InlineData("Checkout \u001b[1;33;41mdown\u001b[K now", "Checkout down now")]
    [InlineData("\u001b]0;pwned\u0007Payments rejected", "Payments rejected")]
    [InlineData("\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\ here", "click here")]
    [InlineData("\u009b31mred", "red")]
    [InlineData("lone escape at the end \u001b", "lone escape at the end")]
    [InlineData("Dev 👩‍💻 team\r\n\tdown", "Dev 👩‍💻 team down")]
    [InlineData("\u202Enwod tuokcehc\u202C", "nwod tuokcehc")]
    public void Cleaning_keeps_what_a_person_reads(string typed, string kept) =>
        Assert.Equal(kept, PeopleText.Clean(typed));

    [Fact]
    public void A_coloured_title_typed_in_the_slash_command_is_stored_without_the_colour_codes()
    {
        var open = Assert.IsType<CrisisCommand.Open>(SlashCommandParser.Parse("open \u001b[31mCheckout down\u001b[0m customer: \u001b[1mAcme\u001b[0m"));

        Assert.Equal("Checkout down", open.Title);
        Assert.Equal("Acme", open.Customer);
    }

    internal static string Show(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format ? $"\\u{(int)c:X4}" : c.ToString()));
}
