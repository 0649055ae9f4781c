using System.Text.RegularExpressions;
using WarRoomBot.Crises;
using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

public sealed partial class ChannelNamesTests
{
    private static readonly CrisisId Crisis42 = new(42);

    [Fact]
    public void A_crisis_gets_a_technical_and_a_business_channel_named_after_its_number_and_title()
    {
        var (technical, business) = ChannelNames.For(Crisis42, "Checkout freezes at 300 stores");

        Assert.Equal("crisis-42-checkout-freezes-at-300-stores", technical);
        Assert.Equal("crisis-42-checkout-freezes-at-300-stores-biz", business);
    }

    [Theory]
    [InlineData("Caisse bloquée à Zürich", "crisis-42-caisse-bloquee-a-zurich")]
    [InlineData("Straße gesperrt", "crisis-42-strasse-gesperrt")]
    [InlineData("Søren's kiosk", "crisis-42-sorens-kiosk")]
    [InlineData("Ærø ferry tickets", "crisis-42-aero-ferry-tickets")]
    [InlineData("Łódź warehouse", "crisis-42-lodz-warehouse")]
    [InlineData("São Paulo – Ñandú", "crisis-42-sao-paulo-nandu")]
    [InlineData("Œuvre café", "crisis-42-oeuvre-cafe")]
    [InlineData("İstanbul POS", "crisis-42-istanbul-pos")]
    [InlineData("ＦＵＬＬＷＩＤＴＨ ﬁx", "crisis-42-fullwidth-fix")]
    [InlineData("Checkout: DOWN!!! (again?)", "crisis-42-checkout-down-again")]
    [InlineData("  --Checkout__freezes--  ", "crisis-42-checkout-freezes")]
    [InlineData("v2.3 rollout broke 🔥 payments", "crisis-42-v2-3-rollout-broke-payments")]
    [InlineData("Acme’s checkout", "crisis-42-acmes-checkout")]
    [InlineData("レジ error 500", "crisis-42-error-500")]
    public void Titles_become_lowercase_ascii_words_joined_by_single_hyphens(string title, string technical)
    {
        var names = ChannelNames.For(Crisis42, title);

        Assert.Equal(technical, names.Technical);
        Assert.Equal(technical + "-biz", names.Business);
    }

    [Theory]
    [InlineData("🔥🔥🔥")]
    [InlineData("👩‍💻")]
    [InlineData("レジが固まる")]
    [InlineData("收银台冻结")]
    [InlineData("Касса зависла")]
    [InlineData("مدفوعات متوقفة")]
    [InlineData("!!! ??? ...")]
    [InlineData("---")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u202E\u200B")]
    public void A_title_with_nothing_spellable_leaves_just_the_crisis_number(string title)
    {
        Assert.Equal(("crisis-42", "crisis-42-biz"), ChannelNames.For(Crisis42, title));
    }

    [Fact]
    public void A_200_character_title_is_cut_at_a_word_so_both_names_fit_in_80_characters()
    {
        var title = string.Join(' ', Enumerable.Repeat("checkout freezes", 13));

        var (technical, business) = ChannelNames.For(Crisis42, title);

        Assert.True(business.Length <= ChannelNames.MaxLength, business);
        Assert.Equal(technical + "-biz", business);
        Assert.StartsWith("crisis-42-checkout-freezes-checkout", technical);
        Assert.Matches("-(checkout|freezes)$", technical);
        AssertValid(technical);
        AssertValid(business);
    }

    [Fact]
    public void A_200_character_single_word_title_is_cut_hard_without_a_trailing_hyphen()
    {
        var (technical, business) = ChannelNames.For(Crisis42, new string('a', 200));

        Assert.Equal(ChannelNames.MaxLength, business.Length);
        Assert.Equal("crisis-42-" + new string('a', 80 - "crisis-42-".Length - "-biz".Length), technical);
        AssertValid(business);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    public void Another_attempt_after_name_taken_adds_the_attempt_before_biz(int attempt)
    {
        var (technical, business) = ChannelNames.For(Crisis42, "Checkout", attempt: attempt);

        Assert.Equal($"crisis-42-checkout-{attempt}", technical);
        Assert.Equal($"crisis-42-checkout-{attempt}-biz", business);
    }

    [Fact]
    public void Every_attempt_gives_a_new_name_even_for_a_long_title()
    {
        var title = new string('x', 30) + " " + string.Join(' ', Enumerable.Repeat("stores", 40));

        var names = Enumerable.Range(1, 12).Select(a => ChannelNames.For(Crisis42, title, attempt: a)).ToList();

        Assert.Equal(12, names.Select(n => n.Technical).Distinct().Count());
        Assert.Equal(12, names.Select(n => n.Business).Distinct().Count());
        Assert.All(names, n => { AssertValid(n.Technical); AssertValid(n.Business); });
    }

    [Fact]
    public void An_attempt_with_an_unspellable_title_still_differs()
    {
        Assert.Equal(("crisis-42-2", "crisis-42-2-biz"), ChannelNames.For(Crisis42, "🔥", attempt: 2));
    }

    [Theory]
    [InlineData("incident", "incident-42-checkout")]
    [InlineData("ACME Crisis", "acme-crisis-42-checkout")]
    [InlineData("war_room!", "war-room-42-checkout")]
    [InlineData("Kriză", "kriza-42-checkout")]
    [InlineData("", "crisis-42-checkout")]
    [InlineData("  ", "crisis-42-checkout")]
    [InlineData("🚨", "crisis-42-checkout")]
    [InlineData("-", "crisis-42-checkout")]
    public void The_prefix_is_configurable_and_made_valid_the_same_way(string prefix, string technical)
    {
        var names = ChannelNames.For(Crisis42, "Checkout", prefix);

        Assert.Equal(technical, names.Technical);
        Assert.Equal(technical + "-biz", names.Business);
    }

    [Fact]
    public void A_very_long_prefix_still_leaves_valid_names()
    {
        var names = ChannelNames.For(new CrisisId(int.MaxValue), new string('t', 200), new string('p', 200), attempt: int.MaxValue);

        AssertValid(names.Technical);
        AssertValid(names.Business);
        Assert.Contains($"-{int.MaxValue}-", names.Technical);
    }

    [Fact]
    public void Crisis_numbers_and_attempts_below_their_range_are_bugs()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChannelNames.For(new CrisisId(-1), "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChannelNames.For(Crisis42, "x", attempt: 0));
    }

    [Fact]
    public void Any_title_prefix_and_attempt_give_valid_slack_names()
    {
        var random = new Random(42);
        string[] alphabets =
        [
            "abcdefghijklmnopqrstuvwxyz", "ABCXYZ0123456789", " \t\n-_.,:;!?'\"()[]{}<>@#&*/\\|~`^%$+=",
            "àáâãäåçèéêëìíîïñòóôõöøùúûüýÿßæœłđðþıĳ", "ÀÉÎØÆŒŁĐÐÞİ", "αβγδεжзийкл", "日本語中文한국어", "\u0301\u0308\u200B\u200D\u202E\u2066\uFEFF\0\u001F",
            "🔥🚨👩‍💻", "\uD800\uDC00\uDBFF\uD800", "ＡＢＣ１２３ﬁﬂ①②",
        ];

        for (var i = 0; i < 3000; i++)
        {
            var title = RandomText(random, alphabets, random.Next(0, 250));
            var prefix = i % 3 == 0 ? RandomText(random, alphabets, random.Next(0, 60)) : "crisis";
            var attempt = random.Next(1, 20);

            var (technical, business) = ChannelNames.For(new CrisisId(random.Next(0, 100_000)), title, prefix, attempt);

            AssertValid(technical);
            AssertValid(business);
            Assert.Equal(technical + "-biz", business);
        }
    }

    private static string RandomText(Random random, string[] alphabets, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            var alphabet = alphabets[random.Next(alphabets.Length)];
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static void AssertValid(string name)
    {
        Assert.True(name.Length is > 0 and <= ChannelNames.MaxLength, $"{name} is {name.Length} characters");
        Assert.True(SlackChannelName().IsMatch(name), $"{name} has characters Slack refuses");
        Assert.DoesNotContain("--", name);
        Assert.False(name.EndsWith('-'), $"{name} ends in a hyphen");
        Assert.False(name.StartsWith('-'), $"{name} starts with a hyphen");
    }

    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex SlackChannelName();
}
