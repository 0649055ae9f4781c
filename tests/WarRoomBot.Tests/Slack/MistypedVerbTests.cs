using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

/// <summary>Issue 7, "Forgiving at 3 a.m.": a verb typed wrong gets the verb it was probably meant to be, not the whole help.</summary>
public sealed class MistypedVerbTests
{
    [Theory]
    [InlineData("theroy the cache is stale prove flush by 45m", "theroy", "theory [anyway] <statement> prove <plan> by <time>")]
    [InlineData("Theroy cache prove flush by 45m", "theroy", "theory [anyway] <statement> prove <plan> by <time>")]
    [InlineData("theories", "theories", "theory [anyway] <statement> prove <plan> by <time>")]
    [InlineData("theo cache prove flush by 45m", "theo", "theory [anyway] <statement> prove <plan> by <time>")]
    [InlineData("stauts", "stauts", "status [<crisis number>]")]
    [InlineData("statsu 42", "statsu", "status [<crisis number>]")]
    [InlineData("confirm D1", "confirm", "confirmed D1 [note]")]
    [InlineData("confrimed D1", "confrimed", "confirmed D1 [note]")]
    [InlineData("disprove D1", "disprove", "disproved D1 [note]")]
    [InlineData("disproven D1 came back", "disproven", "disproved D1 [note]")]
    [InlineData("dedline collect logs by 18:30", "dedline", "deadline [anyway] <next step> by <time> [for T1]")]
    [InlineData("dead collect logs by 18:30", "dead", "deadline [anyway] <next step> by <time> [for T1]")]
    [InlineData("extnd D1 to 19:30 because logs", "extnd", "extend D1 to <time> because <reason>")]
    [InlineData("extension D1 to 19:30 because logs", "extension", "extend D1 to <time> because <reason>")]
    [InlineData("opne Checkout down", "opne", "open <title> [sev1..sev4] [customer: <name>] [owner: @user]")]
    [InlineData("start Checkout down", "start", "open <title> [sev1..sev4] [customer: <name>] [owner: @user]")]
    [InlineData("hlep", "hlep", "help [command]")]
    [InlineData("fcat only firmware 4.2 freeze source inventory", "fcat", "fact <statement> source <how we know>")]
    [InlineData("facts only firmware 4.2 freeze source inventory", "facts", "fact <statement> source <how we know>")]
    [InlineData("questoin since when?", "questoin", "question <text>")]
    [InlineData("anwser Q1 Monday source logs", "anwser", "answer Q1 <answer> source <how we know>")]
    [InlineData("request a capture because we cannot reach it", "request", "ask <what we need from the customer> because <why>")]
    [InlineData("aksed A1 done", "aksed", "asked A1 done [note]")]
    [InlineData("prak the CIO is furious", "prak", "park <complaint or concern>")]
    [InlineData("spnet 3h", "spnet", "spent <duration> [@user] [note]")]
    [InlineData("sponsr vera", "sponsr", "sponsor @user")]
    [InlineData("handover dana because off shift", "handover", "owner @user [phone <number>] because <reason>")]
    public void A_mistyped_verb_gets_did_you_mean_the_command_echoed_and_that_verbs_usage_and_example(string text, string typedVerb, string syntax)
    {
        var meant = syntax.Split(' ')[0];

        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Equal($"`{typedVerb}` is not a /crisis command. Did you mean `{meant}`?\nYou typed `/crisis {text}`", invalid.Problem);
        var lines = invalid.Usage.Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal($"*Usage:* `/crisis {syntax}`", lines[0]);
        Assert.StartsWith($"*Example:* `/crisis {meant} ", lines[1]);
    }

    [Fact]
    public void A_mistyped_debrief_is_pointed_at_the_built_verb()
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse("debreif for Acme"));

        Assert.Equal("`debreif` is not a /crisis command. Did you mean `debrief`?\nYou typed `/crisis debreif for Acme`", invalid.Problem);
        Assert.Equal("*Usage:* `/crisis debrief [#<crisis number>]`\n*Example:* `/crisis debrief`", invalid.Usage);
    }

    [Theory]
    [InlineData("theroy <!channel> is down prove `rm -rf` by 45m", "You typed `/crisis theroy &lt;!channel&gt; is down prove rm -rf by 45m`")]
    [InlineData("theroy <@U123|bob> broke it prove ask by 45m", "You typed `/crisis theroy &lt;@U123|bob&gt; broke it prove ask by 45m`")]
    [InlineData("theroy cache\nis\u202E stale prove flush by 45m", "You typed `/crisis theroy cache is stale prove flush by 45m`")]
    [InlineData(
        "theroy the payment cache is stale at every one of the three hundred stores prove flush one cache by 45m",
        "You typed `/crisis theroy the payment cache is stale at every one of the three hundred stores prove flush one c…`")]
    public void The_echoed_command_can_neither_ping_nor_break_out_of_its_code_span(string text, string echoed)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.EndsWith(echoed, invalid.Problem);
    }

    [Theory]
    [InlineData("frobnicate the widgets", "frobnicate")]
    [InlineData("hello", "hello")]
    [InlineData("by 45m", "by")]
    [InlineData("prove it by 45m", "prove")]
    [InlineData("for T1", "for")]
    [InlineData("because", "because")]
    [InlineData("D1 confirmed", "d1")]
    [InlineData("x", "x")]
    [InlineData("<!channel> help", "&lt;!channel&gt;")]
    public void A_word_close_to_no_verb_is_named_and_answered_with_the_verbs_in_one_line(string text, string shown)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Equal($"`{shown}` is not a /crisis command.", invalid.Problem);
        Assert.Equal(
            "`/crisis <command>`, where the command is one of open, severity, impact, owner, sponsor, theory, deadline, confirmed, disproved, "
            + "extend, withdraw, fact, question, answer, context, ask, asked, update, digest, target, status, list, watch, help, park, spent, mitigated, unmitigated, resolve, accepted, reopen, action, done, debrief. "
            + "`/crisis help` explains them.",
            invalid.Usage);
    }

    [Theory]
    [InlineData("theroy", "theory")]
    [InlineData("stauts", "status")]
    [InlineData("confirm", "confirmed")]
    public void Help_for_a_mistyped_verb_explains_the_verb_it_was_probably_meant_to_be(string typed, string meant)
    {
        var help = Usage.Help(typed);

        Assert.Equal($"`{typed}` is not a `/crisis` command. Did you mean `{meant}`?\n{Usage.Help(meant)}", help);
        Assert.StartsWith($"*`/crisis {meant}`* - ", Usage.Help(meant));
    }

    [Theory]
    [InlineData("theroy", "theory")]
    [InlineData("opne", "open")]
    [InlineData("stauts", "status")]
    [InlineData("confirm", "confirmed")]
    [InlineData("disprove", "disproved")]
    [InlineData("disproven", "disproved")]
    [InlineData("theories", "theory")]
    [InlineData("close", "resolve")]
    [InlineData("dedline", "deadline")]
    [InlineData("deadlien", "deadline")]
    [InlineData("extnd", "extend")]
    [InlineData("lsit", "list")]
    [InlineData("wacth", "watch")]
    [InlineData("stat", "status")]
    [InlineData("dis", "disproved")]
    [InlineData("by", null)]
    [InlineData("de", null)]
    [InlineData("d", null)]
    [InlineData("theory", null)]
    [InlineData("hello", null)]
    [InlineData("because", null)]
    [InlineData("prove", null)]
    [InlineData("for", null)]
    [InlineData("thoery-of-everything", null)]
    public void Suggestions_allow_a_slip_or_two_scaled_to_the_length_of_the_word(string typed, string? meant)
    {
        Assert.Equal(meant, Usage.Suggest(typed));
    }
}
