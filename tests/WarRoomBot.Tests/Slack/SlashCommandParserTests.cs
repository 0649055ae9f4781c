using WarRoomBot.Crises;
using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

public sealed class SlashCommandParserTests
{
    // Expected severity 0 means "none given".
    [Theory]
    [InlineData("open Checkout freezes at 300 stores sev1 customer: Acme Retail", "Checkout freezes at 300 stores", 1, "Acme Retail", null)]
    [InlineData("open Checkout freezes", "Checkout freezes", 0, null, null)]
    [InlineData("open Checkout freezes sev2", "Checkout freezes", 2, null, null)]
    [InlineData("open sev3 Checkout freezes", "Checkout freezes", 3, null, null)]
    [InlineData("open Checkout freezes SEV4", "Checkout freezes", 4, null, null)]
    [InlineData("open Checkout freezes sev-1", "Checkout freezes", 1, null, null)]
    [InlineData("open Checkout freezes Sev-2", "Checkout freezes", 2, null, null)]
    [InlineData("open sev1 Checkout freezes sev1", "Checkout freezes", 1, null, null)]
    [InlineData("open Checkout freezes customer: Acme Retail", "Checkout freezes", 0, "Acme Retail", null)]
    [InlineData("open Checkout freezes owner: <@U123ABC>", "Checkout freezes", 0, null, "U123ABC")]
    [InlineData("open Checkout freezes owner: <@U123ABC|alice>", "Checkout freezes", 0, null, "U123ABC")]
    [InlineData("open Checkout freezes owner: <@W0ENTERPRISE|alice>", "Checkout freezes", 0, null, "W0ENTERPRISE")]
    [InlineData("open Checkout freezes sev1 customer: Acme Retail owner: <@U123ABC>", "Checkout freezes", 1, "Acme Retail", "U123ABC")]
    [InlineData("open Checkout freezes sev1 owner: <@U123ABC|alice> customer: Acme Retail", "Checkout freezes", 1, "Acme Retail", "U123ABC")]
    [InlineData("open Checkout freezes customer: Acme Retail sev1", "Checkout freezes", 1, "Acme Retail", null)]
    [InlineData("open Checkout freezes owner: <@U123ABC> sev2", "Checkout freezes", 2, null, "U123ABC")]
    [InlineData("open Checkout freezes customer:Acme", "Checkout freezes", 0, "Acme", null)]
    [InlineData("open Checkout freezes CUSTOMER: Acme OWNER: <@U123ABC>", "Checkout freezes", 0, "Acme", "U123ABC")]
    [InlineData("open Checkout freezes customer: Acme customer: Globex", "Checkout freezes", 0, "Globex", null)]
    [InlineData("open Checkout freezes owner: <@U1AAA> owner: <@U2BBB>", "Checkout freezes", 0, null, "U2BBB")]
    [InlineData("open Checkout freezes owner: <@U1AAA> owner: @bob", "Checkout freezes", 0, null, "U1AAA")]
    [InlineData("open Checkout freezes customer: Acme customer:", "Checkout freezes", 0, "Acme", null)]
    [InlineData("open \"Checkout freezes\" sev1", "Checkout freezes", 1, null, null)]
    [InlineData("open \u201CCheckout freezes\u201D", "Checkout freezes", 0, null, null)]
    [InlineData("open 'Checkout freezes'", "Checkout freezes", 0, null, null)]
    [InlineData("open \"Checkout\" freezes \"again\"", "\"Checkout\" freezes \"again\"", 0, null, null)]
    [InlineData("open Checkout freezes customer: \"Acme Retail\"", "Checkout freezes", 0, "Acme Retail", null)]
    [InlineData("OPEN Checkout freezes", "Checkout freezes", 0, null, null)]
    [InlineData("Open checkout FREEZES", "checkout FREEZES", 0, null, null)]
    [InlineData("  open   Checkout    freezes  ", "Checkout freezes", 0, null, null)]
    [InlineData("open Customer portal down", "Customer portal down", 0, null, null)]
    [InlineData("open Wrong owner shown on invoices", "Wrong owner shown on invoices", 0, null, null)]
    [InlineData("open Upgrade to sev5 firmware fails", "Upgrade to sev5 firmware fails", 0, null, null)]
    [InlineData("open Checkout freezes at <@U9XYZ|acme-ops>'s stores", "Checkout freezes at @acme-ops's stores", 0, null, null)]
    public void Open_with_a_title_reads_title_severity_customer_and_owner(string text, string title, int severity, string? customer, string? owner)
    {
        var open = Assert.IsType<CrisisCommand.Open>(SlashCommandParser.Parse(text));

        Assert.Equal(title, open.Title);
        Assert.Equal(severity == 0 ? null : (Severity)severity, open.Severity);
        Assert.Equal(customer, open.Customer);
        Assert.Equal(owner is null ? null : new UserId(owner), open.Owner);
    }

    [Theory]
    [InlineData("open")]
    [InlineData("OPEN")]
    [InlineData("open   ")]
    [InlineData("open\n\t")]
    [InlineData("open \u200B\u200E")]
    public void Open_without_a_title_opens_the_form(string text)
    {
        Assert.IsType<CrisisCommand.OpenModal>(SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\n\t \r\n")]
    [InlineData("\u200B\u2066")]
    [InlineData("help")]
    [InlineData("HELP")]
    [InlineData(" help ")]
    public void Empty_text_and_help_show_the_whole_grammar(string? text)
    {
        Assert.Equal(new CrisisCommand.Help(null), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("help open", "open")]
    [InlineData("help OPEN", "open")]
    [InlineData("help theory", "theory")]
    [InlineData("help nope", "nope")]
    [InlineData("help open please", "open")]
    public void Help_with_a_verb_asks_about_that_verb(string text, string verb)
    {
        Assert.Equal(new CrisisCommand.Help(verb), SlashCommandParser.Parse(text));
    }

    [Fact]
    public void Debrief_takes_nothing_after_it()
    {
        Assert.Equal(new CrisisCommand.Debrief(), SlashCommandParser.Parse("debrief"));
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse("debrief for Acme"));
        Assert.StartsWith("`debrief` takes only the crisis's number (`for Acme` was added)", invalid.Problem);
        Assert.Equal(Usage.For("debrief"), invalid.Usage);
    }

    [Theory]
    [InlineData("open Checkout freezes owner: @alice", "`@alice` is plain text, not a Slack user")]
    [InlineData("open Checkout freezes owner: alice", "`alice` is not a person")]
    [InlineData("open Checkout freezes owner: <!here>", "is not a person")]
    [InlineData("open Checkout freezes owner: <#C123|general>", "is not a person")]
    [InlineData("open Checkout freezes owner:", "`owner:` needs a person")]
    [InlineData("open Checkout freezes owner: <@U1AAA> <@U2BBB>", "Name one owner")]
    [InlineData("open Checkout freezes customer:", "`customer:` needs a name")]
    [InlineData("open Checkout freezes customer:   owner: <@U1AAA>", "`customer:` needs a name")]
    [InlineData("open sev1", "The title is missing: `sev1` alone is not a title")]
    [InlineData("open SEV-2", "The title is missing: `SEV-2` alone is not a title")]
    [InlineData("open customer: Acme", "The title is missing: write what the customer is suffering before `customer:`")]
    [InlineData("open sev1 owner: <@U1AAA>", "before `owner:`")]
    [InlineData("open \"\"", "The title is missing")]
    [InlineData("open Checkout freezes sev5", "`sev5` is not a severity: use sev1 (worst) to sev4")]
    [InlineData("open sev0 Checkout freezes", "`sev0` is not a severity")]
    [InlineData("open sev1 Checkout freezes sev2", "Two severities were given (sev1 and sev2)")]
    public void An_open_that_cannot_be_done_says_what_is_wrong_and_how_to_write_it(string text, string problem)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Contains(problem, invalid.Problem);
        Assert.Equal(Usage.For("open"), invalid.Usage);
    }

    [Theory]
    [InlineData("open Checkout slow sev3 sev2", "Two severities were given (sev3 and sev2); give one.")]
    [InlineData("open sev3 sev2 Checkout slow", "Two severities were given (sev3 and sev2); give one.")]
    [InlineData("open Checkout slow SEV-1 sev4", "Two severities were given (sev1 and sev4); give one.")]
    [InlineData("open sev1 Checkout slow sev2 sev2", "Two severities were given (sev1 and sev2); give one.")]
    [InlineData("open Checkout slow sev1 sev2 sev3", "Several severities were given (sev1, sev2 and sev3); give one.")]
    [InlineData("open Checkout slow customer: Acme sev2 sev1", "Two severities were given (sev2 and sev1); give one.")]
    [InlineData("open Checkout slow sev2 customer: Acme sev1", "Two severities were given (sev2 and sev1); give one.")]
    [InlineData("open Checkout slow sev2 sev9", "`sev9` is not a severity: use sev1 (worst) to sev4.")]
    [InlineData("open Sev2 handling of sev1 tickets broken sev3", "Two severities were given (sev2 and sev3); give one.")]
    [InlineData("open sev2 sev3", "Two severities were given (sev2 and sev3); give one.")]
    [InlineData("open sev2 sev2", "The title is missing: `sev2` alone is not a title. Write what the customer is suffering.")]
    public void Several_severities_at_either_end_of_the_title_are_refused_instead_of_joining_it(string text, string problem)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Equal(problem, invalid.Problem);
        Assert.Equal("`/crisis open <title> [sev1..sev4] [customer: <name>] [owner: @user]`", invalid.Usage);
    }

    [Theory]
    [InlineData("open Checkout slow sev2 sev2", "Checkout slow", 2, null)]
    [InlineData("open sev2 Checkout slow sev-2 SEV2", "Checkout slow", 2, null)]
    [InlineData("open sev1 sev1 Checkout slow customer: Acme", "Checkout slow", 1, "Acme")]
    [InlineData("open Checkout slow customer: Acme sev3 sev3", "Checkout slow", 3, "Acme")]
    [InlineData("open Upgrade to sev5 firmware fails sev2", "Upgrade to sev5 firmware fails", 2, null)]
    public void The_same_severity_repeated_is_read_once_and_a_severity_inside_the_title_stays_in_it(string text, string title, int severity, string? customer)
    {
        Assert.Equal(new CrisisCommand.Open(title, (Severity)severity, customer, null), SlashCommandParser.Parse(text));
    }

    [Fact]
    public void A_title_longer_than_a_channel_header_allows_is_refused_with_its_length()
    {
        var title = new string('x', OpeningRules.MaxTitleLength + 1);

        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse($"open {title} sev1"));

        Assert.Contains($"The title is {OpeningRules.MaxTitleLength + 1} characters", invalid.Problem);
        Assert.Contains($"{OpeningRules.MaxTitleLength}", invalid.Problem);
    }

    [Fact]
    public void A_title_exactly_as_long_as_allowed_is_accepted()
    {
        var title = new string('x', OpeningRules.MaxTitleLength);

        Assert.Equal(title, Assert.IsType<CrisisCommand.Open>(SlashCommandParser.Parse($"open {title}")).Title);
    }

    [Fact]
    public void A_customer_name_longer_than_allowed_is_refused_with_its_length()
    {
        var name = new string('a', OpeningRules.MaxCustomerLength + 1);

        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse($"open Checkout freezes customer: {name}"));

        Assert.Contains($"The customer name is {OpeningRules.MaxCustomerLength + 1} characters", invalid.Problem);
    }

    [Theory]
    [InlineData(4001)]
    [InlineData(10 * 1024)]
    public void Text_over_4000_characters_is_refused_with_its_length_and_the_limit(int length)
    {
        var text = "open " + new string('a', length - 5);

        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Contains($"{length} characters", invalid.Problem);
        Assert.Contains("at most 4000", invalid.Problem);
        Assert.Equal(Usage.For("open"), invalid.Usage);
    }

    [Fact]
    public void Ten_kilobytes_of_garbage_is_refused_without_echoing_it()
    {
        var text = string.Concat(Enumerable.Repeat("<!channel> \u202E\0", 1024));

        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.DoesNotContain("<!channel>", invalid.Problem);
        Assert.True(invalid.Problem.Length < 200);
    }

    [Theory]
    [InlineData("open Checkout\nfreezes\r\nat\tnight", "Checkout freezes at night")]
    [InlineData("open Checkout\u0000 freezes\u0007\u001B", "Checkout freezes")]
    [InlineData("open Check\u200Bout free\u200Czes\u200D", "Checkout freezes")]
    [InlineData("open \u202ECheckout freezes\u202C", "Checkout freezes")]
    [InlineData("open \u2067Checkout\u2069 \u200Ffreezes\u200E", "Checkout freezes")]
    [InlineData("open \uFEFFCheckout freezes", "Checkout freezes")]
    [InlineData("open Checkout\u00A0freezes\u2028now", "Checkout freezes now")]
    public void Control_and_invisible_characters_never_reach_the_title(string text, string title)
    {
        Assert.Equal(title, Assert.IsType<CrisisCommand.Open>(SlashCommandParser.Parse(text)).Title);
    }

    [Fact]
    public void A_zero_width_space_cannot_hide_a_clause_keyword()
    {
        var open = Assert.IsType<CrisisCommand.Open>(SlashCommandParser.Parse("open Checkout freezes cus\u200Btomer: Acme"));

        Assert.Equal("Checkout freezes", open.Title);
        Assert.Equal("Acme", open.Customer);
    }

    [Theory]
    [InlineData("open Checkout freezes 🔥🔥", "Checkout freezes 🔥🔥")]
    [InlineData("open 👩‍💻 devs locked out", "👩‍💻 devs locked out")]
    [InlineData("open レジが固まる 300店舗", "レジが固まる 300店舗")]
    [InlineData("open 收银台冻结", "收银台冻结")]
    [InlineData("open Caisse bloquée à Zürich, São Paulo & Łódź", "Caisse bloquée à Zürich, São Paulo & Łódź")]
    [InlineData("open \"Pay now\" button does nothing", "\"Pay now\" button does nothing")]
    [InlineData("open Acme's checkout `timeout` *again*", "Acme's checkout `timeout` *again*")]
    [InlineData("open مدفوعات متوقفة", "مدفوعات متوقفة")]
    public void Titles_keep_unicode_emoji_and_quotes_as_typed(string text, string title)
    {
        Assert.Equal(title, Assert.IsType<CrisisCommand.Open>(SlashCommandParser.Parse(text)).Title);
    }

    [Theory]
    [InlineData("open Fees &lt; 5% &amp; refunds &gt; $10", "Fees < 5% & refunds > $10")]
    [InlineData("open The text &amp;lt; shows up literally", "The text &lt; shows up literally")]
    [InlineData("open AT&amp;T outage customer: AT&amp;T", "AT&T outage")]
    public void Slack_entities_in_titles_are_unescaped_once(string text, string title)
    {
        Assert.Equal(title, Assert.IsType<CrisisCommand.Open>(SlashCommandParser.Parse(text)).Title);
    }

    [Fact]
    public void Slack_entities_in_the_customer_are_unescaped()
    {
        Assert.Equal("AT&T", Assert.IsType<CrisisCommand.Open>(SlashCommandParser.Parse("open Outage customer: AT&amp;T")).Customer);
    }

    [Theory]
    [InlineData("open <!channel> checkout is down", "@channel checkout is down")]
    [InlineData("open Checkout down <!here>", "Checkout down @here")]
    [InlineData("open <!everyone> look", "@everyone look")]
    [InlineData("open <!subteam^S0123|@oncall> paged", "@oncall paged")]
    [InlineData("open See <#C0123|payments> for logs", "See #payments for logs")]
    [InlineData("open Status page <https://status.example.com|down>", "Status page down")]
    [InlineData("open Status page <https://status.example.com>", "Status page https://status.example.com")]
    public void Slack_markup_in_a_title_is_kept_as_text_so_it_can_never_ping_anyone(string text, string title)
    {
        var open = Assert.IsType<CrisisCommand.Open>(SlashCommandParser.Parse(text));

        Assert.Equal(title, open.Title);
        Assert.DoesNotContain("<", open.Title);
    }

    [Fact]
    public void A_customer_that_is_a_mention_of_a_channel_special_becomes_text()
    {
        Assert.Equal("@here", Assert.IsType<CrisisCommand.Open>(SlashCommandParser.Parse("open Outage customer: <!here>")).Customer);
    }

    [Fact]
    public void Every_problem_echo_is_short_and_cannot_format_or_notify()
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse("<!channel>`boom`" + new string('x', 500)));

        Assert.DoesNotContain("<!channel>", invalid.Problem);
        Assert.Contains("&lt;!channel&gt;", invalid.Problem);
        Assert.True(invalid.Problem.Length < 100, invalid.Problem);
    }

    [Fact]
    public void Every_invalid_result_has_a_specific_problem_and_a_usage()
    {
        string?[] hostile =
        [
            "frobnicate", "open sev1", "open customer:", "open x owner: @a", "open x owner: nobody", "open x sev9",
            "open " + new string('y', 200), new string('z', 5000), "open x customer: " + new string('c', 100),
        ];

        foreach (var text in hostile)
        {
            var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));
            Assert.False(string.IsNullOrWhiteSpace(invalid.Problem), text);
            Assert.False(string.IsNullOrWhiteSpace(invalid.Usage), text);
        }

        var problems = hostile.Select(t => ((CrisisCommand.Invalid)SlashCommandParser.Parse(t)).Problem).ToList();
        Assert.Equal(problems.Count, problems.Distinct().Count());
    }

    [Fact]
    public void Parsing_never_throws_on_random_text()
    {
        var random = new Random(20261122);
        string[] pieces = ["open ", "help ", "sev1 ", "sev-9 ", "customer:", " owner: ", "<@U1AB>", "<@", ">", "&amp;", "&lt;", "\"", "\u202E", "\u200D", "🔥", "é", "\n", "\0", " ", "x", "\uD800"];
        for (var i = 0; i < 2000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 30)).Select(_ => pieces[random.Next(pieces.Length)]));

            var command = SlashCommandParser.Parse(text);

            if (command is CrisisCommand.Open open)
            {
                Assert.False(string.IsNullOrWhiteSpace(open.Title), text);
                Assert.True(open.Title.Length <= OpeningRules.MaxTitleLength, text);
                Assert.DoesNotContain(open.Title, c => char.IsControl(c) || c is '\u202E' or '\u200B');
            }
        }
    }

    [Fact]
    public void Help_text_lists_the_whole_grammar_one_line_each()
    {
        var help = Usage.Help(null);

        foreach (var verb in Usage.Verbs)
            Assert.Single(help.Split('\n'), l => l.StartsWith($"• `{verb.Syntax}` - {verb.Summary}", StringComparison.Ordinal));
        string[] grammar =
        [
            "open", "owner", "sponsor", "severity", "impact", "theory", "deadline", "confirmed", "disproved", "extend", "withdraw", "fact",
            "question", "answer", "ask", "asked", "update", "digest", "target", "status", "list", "watch", "help", "park", "spent", "resolve", "accepted", "reopen", "action", "done", "debrief", "context", "mitigated", "unmitigated",
        ];
        Assert.Equal(grammar.Order(StringComparer.Ordinal), Usage.Verbs.Select(v => v.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Help_for_a_verb_gives_its_usage_and_an_example()
    {
        var help = Usage.Help("open");

        Assert.Contains("*Usage:* `/crisis open <title> [sev1..sev4] [customer: <name>] [owner: @user]`", help);
        Assert.Contains("*Example:* `/crisis open ", help);
    }

    [Fact]
    public void Help_for_an_unknown_verb_says_so_and_lists_the_verbs()
    {
        var help = Usage.Help("nope");

        Assert.StartsWith("`nope` is not a `/crisis` command.", help);
        Assert.Contains("`open`", help);
        Assert.Contains("`debrief`", help);
    }

    [Fact]
    public void The_one_line_usage_of_a_verb_is_its_syntax()
    {
        Assert.Equal("`/crisis open <title> [sev1..sev4] [customer: <name>] [owner: @user]`", Usage.For("open"));
        Assert.DoesNotContain('\n', Usage.For("nope"));
    }
}
