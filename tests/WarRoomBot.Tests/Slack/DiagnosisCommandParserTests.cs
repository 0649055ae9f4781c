using WarRoomBot.Crises;
using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

/// <summary><c>theory</c>, <c>deadline</c>, <c>confirmed</c>/<c>disproved</c>, <c>extend</c> and <c>status</c>, as typed after <c>/crisis</c>.</summary>
public sealed class DiagnosisCommandParserTests
{
    private static TimeExpression Time(string typed) =>
        TimeExpression.Parse(typed).Expression ?? throw new ArgumentException($"{typed} is not a time", nameof(typed));

    private static string TimeProblem(string typed) =>
        TimeExpression.Parse(typed).Problem ?? throw new ArgumentException($"{typed} is a time", nameof(typed));

    // ---------------------------------------------------------------- theory

    [Theory]
    [InlineData("theory the payment cache is stale prove flush one store's cache by 45m", "the payment cache is stale", "flush one store's cache", "45m")]
    [InlineData("theory slow checkout caused by the cache prove flush it by 18:30", "slow checkout caused by the cache", "flush it", "18:30")]
    [InlineData("theory we cannot prove it is the db prove run the query by 45m", "we cannot prove it is the db", "run the query", "45m")]
    [InlineData("theory the proof is by design prove check the design by 2h", "the proof is by design", "check the design", "2h")]
    [InlineData("theory cache prove run it by hand by 1h30m", "cache", "run it by hand", "1h30m")]
    [InlineData("theory cache prove flush by 18:30 by 19:00", "cache", "flush by 18:30", "19:00")]
    [InlineData("theory cache prove flush by tomorrow 09:00", "cache", "flush", "tomorrow 09:00")]
    [InlineData("theory cache prove flush by in 90 minutes", "cache", "flush", "in 90 minutes")]
    [InlineData("THEORY Cache Is Stale PROVE Flush It BY 45m", "Cache Is Stale", "Flush It", "45m")]
    [InlineData("Theory cache prove flush By 45m", "cache", "flush", "45m")]
    [InlineData("theory \"the cache is stale\" prove flush by 45m", "the cache is stale", "flush", "45m")]
    [InlineData("  theory   the cache    is stale   prove   flush   by   45m  ", "the cache is stale", "flush", "45m")]
    [InlineData("theory 🔥 レジが固まる prove 収集 by 45m", "🔥 レジが固まる", "収集", "45m")]
    public void A_theory_reads_statement_plan_and_due_time(string text, string statement, string plan, string due)
    {
        var command = SlashCommandParser.Parse(text);

        Assert.Equal(new CrisisCommand.ProposeTheory(statement, plan, Time(due)), command);
        Assert.Equal(due, ((CrisisCommand.ProposeTheory)command).Due.Typed);
    }

    [Theory]
    [InlineData("theory <@U123|bob> pushed a bad config prove diff the config by 45m", "@bob pushed a bad config", "diff the config")]
    [InlineData("theory <@U123> pushed a bad config prove ask <@U456|carol> by 45m", "@U123 pushed a bad config", "ask @carol")]
    [InlineData("theory <!channel> is stale prove flush by 45m", "@channel is stale", "flush")]
    [InlineData("theory <!here> cache prove flush <!everyone> by 45m", "@here cache", "flush @everyone")]
    [InlineData("theory see <#C0123|payments> prove read <https://logs.example.com|the logs> by 45m", "see #payments", "read the logs")]
    [InlineData("theory fees &lt; 5% &amp; refunds prove compare &gt; 10 by 2h", "fees < 5% & refunds", "compare > 10")]
    [InlineData("theory AT&amp;T drops packets prove trace AT&amp;T by 2h", "AT&T drops packets", "trace AT&T")]
    [InlineData("theory the text &amp;lt; shows prove look by 2h", "the text &lt; shows", "look")]
    public void Markup_and_entities_in_a_theory_become_the_plain_text_people_saw(string text, string statement, string plan)
    {
        var theory = Assert.IsType<CrisisCommand.ProposeTheory>(SlashCommandParser.Parse(text));

        Assert.Equal(statement, theory.Statement);
        Assert.Equal(plan, theory.Plan);
    }

    [Theory]
    [InlineData("theory the cache\nis stale\nprove flush\nby 45m", "the cache is stale", "flush")]
    [InlineData("theory the cache\r\nis stale\tprove flush by 45m", "the cache is stale", "flush")]
    [InlineData("theory the ca\u200Bche is stale pro\u200Bve flush b\u200By 45m", "the cache is stale", "flush")]
    [InlineData("theory \u202Eevil cache\u202C prove fl\u2066ush\u2069 by 45m", "evil cache", "flush")]
    [InlineData("theory \uFEFFcache\u0000 prove\u00A0flush by\u200E 45m", "cache", "flush")]
    public void Invisible_characters_and_line_breaks_neither_hide_keywords_nor_reach_the_text(string text, string statement, string plan)
    {
        var theory = Assert.IsType<CrisisCommand.ProposeTheory>(SlashCommandParser.Parse(text));

        Assert.Equal(statement, theory.Statement);
        Assert.Equal(plan, theory.Plan);
        Assert.Equal("45m", theory.Due.Typed);
    }

    [Theory]
    [InlineData("theory cache prove flush by soonish", "soonish")]
    [InlineData("theory cache prove flush by 45", "45")]
    [InlineData("theory cache prove flush by -5m", "-5m")]
    [InlineData("theory cache prove flush by 25:00", "25:00")]
    [InlineData("theory cache prove flush by 1.5h", "1.5h")]
    public void A_theory_whose_time_cannot_be_read_gets_the_time_parsers_problem(string text, string typedTime)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Equal(TimeProblem(typedTime), invalid.Problem);
        Assert.Equal(Usage.For("theory"), invalid.Usage);
    }

    [Theory]
    [InlineData("theory cache prove flush", "`by <time>`")]
    [InlineData("theory cache prove flush in 45m", "`by <time>`")]
    [InlineData("theory cache prove flush by", "No time was given")]
    [InlineData("theory cache by 45m", "put the plan after `prove`")]
    [InlineData("theory cache prove by 45m", "put the plan after `prove`")]
    [InlineData("theory prove flush by 45m", "The theory is missing")]
    [InlineData("theory \"\" prove flush by 45m", "The theory is missing")]
    [InlineData("theory \u200B\u202E prove flush by 45m", "The theory is missing")]
    [InlineData("theory by 45m", "put the plan after `prove`")]
    [InlineData("theory", "`by <time>`")]
    [InlineData("THEORY", "`by <time>`")]
    public void A_theory_that_cannot_be_recorded_says_what_is_missing(string text, string problem)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Contains(problem, invalid.Problem);
        Assert.Equal(Usage.For("theory"), invalid.Usage);
    }

    // ---------------------------------------------------------------- deadline

    // Expected theory 0 means "not tied to a theory".
    [Theory]
    [InlineData("deadline collect POS logs from store 12 by 18:30 for T1", "collect POS logs from store 12", "18:30", 1)]
    [InlineData("deadline collect POS logs for T2 by 18:30", "collect POS logs", "18:30", 2)]
    [InlineData("deadline collect POS logs by 18:30", "collect POS logs", "18:30", 0)]
    [InlineData("deadline wait for the logs by 18:30", "wait for the logs", "18:30", 0)]
    [InlineData("deadline wait for the logs by 18:30 for t3", "wait for the logs", "18:30", 3)]
    [InlineData("deadline wait for the logs for T12 by 45m", "wait for the logs", "45m", 12)]
    [InlineData("deadline rerun for T0 by 45m", "rerun for T0", "45m", 0)]
    [InlineData("deadline rerun for T-1 by 45m", "rerun for T-1", "45m", 0)]
    [InlineData("deadline rerun for Tx by 45m", "rerun for Tx", "45m", 0)]
    [InlineData("deadline rerun for T01 by 45m", "rerun for T01", "45m", 0)]
    [InlineData("deadline rerun for T by 45m", "rerun for T", "45m", 0)]
    [InlineData("deadline done by friday by 18:00", "done by friday", "18:00", 0)]
    [InlineData("DEADLINE replay logs BY 2h FOR T1", "replay logs", "2h", 1)]
    [InlineData("deadline ask <@U9|carol> for a capture by tomorrow 09:00", "ask @carol for a capture", "tomorrow 09:00", 0)]
    [InlineData("deadline check fees &lt; 5% &amp; refunds by 45m", "check fees < 5% & refunds", "45m", 0)]
    [InlineData("deadline \"collect logs\" by 45m for T1", "collect logs", "45m", 1)]
    [InlineData("deadline collect\nlogs\nby 45m\nfor T1", "collect logs", "45m", 1)]
    [InlineData("deadline collect logs f\u200Bor T1 b\u200By 45m", "collect logs", "45m", 1)]
    public void A_deadline_reads_step_time_and_optional_theory(string text, string step, string due, int theory)
    {
        var command = SlashCommandParser.Parse(text);

        Assert.Equal(new CrisisCommand.SetDeadline(step, Time(due), theory == 0 ? null : new TheoryId(theory)), command);
    }

    [Theory]
    [InlineData("deadline by 18:30", "The step is missing")]
    [InlineData("deadline for T1 by 18:30", "The step is missing")]
    [InlineData("deadline \"\" by 18:30", "The step is missing")]
    [InlineData("deadline collect logs", "A deadline needs its time: end with `by <time>`")]
    [InlineData("deadline collect logs for T1", "A deadline needs its time: end with `by <time>`")]
    [InlineData("deadline collect logs by", "No time was given")]
    [InlineData("deadline", "A deadline needs its time")]
    [InlineData("Deadline", "A deadline needs its time")]
    public void A_deadline_without_a_step_or_a_time_says_which_is_missing(string text, string problem)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Contains(problem, invalid.Problem);
        Assert.Equal(Usage.For("deadline"), invalid.Usage);
    }

    [Theory]
    [InlineData("deadline collect logs by soonish", "soonish")]
    [InlineData("deadline collect logs by 18:75 for T1", "18:75")]
    [InlineData("deadline collect logs by tomorrow", "tomorrow")]
    public void A_deadline_whose_time_cannot_be_read_gets_the_time_parsers_problem(string text, string typedTime)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Equal(TimeProblem(typedTime), invalid.Problem);
        Assert.Equal(Usage.For("deadline"), invalid.Usage);
    }

    // ---------------------------------------------------------------- confirmed / disproved

    [Theory]
    [InlineData("confirmed D1", 1, Outcome.Confirmed, null)]
    [InlineData("confirmed D1 cache flush fixed store 12", 1, Outcome.Confirmed, "cache flush fixed store 12")]
    [InlineData("disproved d2 the freeze came back", 2, Outcome.Disproved, "the freeze came back")]
    [InlineData("DISPROVED D7", 7, Outcome.Disproved, null)]
    [InlineData("Confirmed D3    ", 3, Outcome.Confirmed, null)]
    [InlineData("confirmed D99999 ok", 99999, Outcome.Confirmed, "ok")]
    [InlineData("disproved D12 <!here> it came back", 12, Outcome.Disproved, "@here it came back")]
    [InlineData("confirmed D1 AT&amp;T agrees &lt;finally&gt;", 1, Outcome.Confirmed, "AT&T agrees <finally>")]
    [InlineData("confirmed\nD1\nflush\nworked", 1, Outcome.Confirmed, "flush worked")]
    [InlineData("confirmed D\u200B1 flush\u202E worked", 1, Outcome.Confirmed, "flush worked")]
    public void An_outcome_reads_the_deadline_and_an_optional_note(string text, int deadline, Outcome outcome, string? note)
    {
        Assert.Equal(new CrisisCommand.RecordOutcome(new DeadlineId(deadline), outcome, note), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("confirmed D0", "confirmed")]
    [InlineData("confirmed X1", "confirmed")]
    [InlineData("confirmed 1", "confirmed")]
    [InlineData("confirmed D-1", "confirmed")]
    [InlineData("confirmed D01", "confirmed")]
    [InlineData("confirmed D1, it worked", "confirmed")]
    [InlineData("confirmed D100000", "confirmed")]
    [InlineData("confirmed it worked", "confirmed")]
    [InlineData("disproved T1", "disproved")]
    [InlineData("disproved #1", "disproved")]
    public void An_outcome_for_something_that_is_not_a_deadline_says_how_deadlines_are_written(string text, string verb)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Contains("is not a deadline. Deadlines are written `D1`", invalid.Problem);
        Assert.Equal(Usage.For(verb), invalid.Usage);
    }

    [Theory]
    [InlineData("confirmed", "confirmed")]
    [InlineData("disproved", "disproved")]
    [InlineData("CONFIRMED  ", "confirmed")]
    [InlineData("confirmed \u200B", "confirmed")]
    public void An_outcome_without_a_deadline_asks_which_one(string text, string verb)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Contains("Say which deadline, e.g. `D1`", invalid.Problem);
        Assert.Equal(Usage.For(verb), invalid.Usage);
    }

    // ---------------------------------------------------------------- extend

    [Theory]
    [InlineData("extend D1 to 19:30 because the logs are still uploading", 1, "19:30", "the logs are still uploading")]
    [InlineData("extend D1 to 19:30 because the upload ends at 19:00", 1, "19:30", "the upload ends at 19:00")]
    [InlineData("extend D2 to 19:30 because we moved it to 20:00", 2, "19:30", "we moved it to 20:00")]
    [InlineData("extend d3 to 1h30m because staging is down", 3, "1h30m", "staging is down")]
    [InlineData("extend D1 to tomorrow 09:00 because the vendor sleeps", 1, "tomorrow 09:00", "the vendor sleeps")]
    [InlineData("EXTEND D1 TO 45m BECAUSE logs", 1, "45m", "logs")]
    [InlineData("extend D1 to 19:30 because <@U1|bob> is away &amp; <!channel> knows", 1, "19:30", "@bob is away & @channel knows")]
    [InlineData("extend D1\nto 19:30\nbecause the\nlogs", 1, "19:30", "the logs")]
    [InlineData("extend D1 to 19:30", 1, "19:30", null)]
    [InlineData("extend D1 to 19:30 because", 1, "19:30", null)]
    [InlineData("extend D1 to 19:30 because    ", 1, "19:30", null)]
    [InlineData("extend D1 to 19:30 because \u200B\u202E", 1, "19:30", null)]
    public void An_extension_reads_the_deadline_the_new_time_and_the_reason(string text, int deadline, string due, string? reason)
    {
        Assert.Equal(new CrisisCommand.Extend(new DeadlineId(deadline), Time(due), reason), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("extend D1 19:30 because the logs", "Say the new time after `to`")]
    [InlineData("extend D1", "Say the new time after `to`")]
    [InlineData("extend D1 to", "Say the new time after `to`")]
    [InlineData("extend D1 to because the logs", "No time was given")]
    [InlineData("extend", "Say which deadline, e.g. `D1`")]
    [InlineData("extend to 19:30 because x", "`to` is not a deadline. Deadlines are written `D1`")]
    [InlineData("extend D0 to 19:30 because x", "`D0` is not a deadline. Deadlines are written `D1`")]
    [InlineData("extend T1 to 19:30 because x", "`T1` is not a deadline")]
    public void An_extension_that_cannot_be_read_says_what_is_wrong(string text, string problem)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Contains(problem, invalid.Problem);
        Assert.Equal(Usage.For("extend"), invalid.Usage);
    }

    [Theory]
    [InlineData("extend D1 to soonish because the logs", "soonish")]
    [InlineData("extend D1 to soonish", "soonish")]
    [InlineData("extend D1 to 19:30pm because the logs", "19:30pm")]
    [InlineData("extend D1 to 45 because the upload ends at 19:00", "45")]
    public void An_extension_whose_time_cannot_be_read_gets_the_time_parsers_problem(string text, string typedTime)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Equal(TimeProblem(typedTime), invalid.Problem);
        Assert.Equal(Usage.For("extend"), invalid.Usage);
    }

    // ---------------------------------------------------------------- anyway

    [Theory]
    [InlineData("theory anyway the payment cache is stale prove flush it by 45m", "the payment cache is stale", "flush it", true)]
    [InlineData("THEORY Anyway cache prove flush by 45m", "cache", "flush", true)]
    [InlineData("theory cache anyway prove flush by 45m", "cache anyway", "flush", false)]
    [InlineData("theory anyways cache prove flush by 45m", "anyways cache", "flush", false)]
    public void Anyway_right_after_theory_records_a_repeat_on_purpose(string text, string statement, string plan, bool anyway)
    {
        Assert.Equal(new CrisisCommand.ProposeTheory(statement, plan, Time("45m"), anyway), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("deadline anyway collect POS logs by 18:30 for T1", "collect POS logs", 1, true)]
    [InlineData("deadline ANYWAY collect POS logs by 18:30", "collect POS logs", 0, true)]
    [InlineData("deadline collect logs anyway by 18:30", "collect logs anyway", 0, false)]
    public void Anyway_right_after_deadline_records_a_repeat_on_purpose(string text, string step, int theory, bool anyway)
    {
        Assert.Equal(
            new CrisisCommand.SetDeadline(step, Time("18:30"), theory == 0 ? null : new TheoryId(theory), anyway),
            SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("theory anyway", "theory", "A theory needs a deadline for its proof: end with `by <time>`")]
    [InlineData("theory anyway prove flush by 45m", "theory", "The theory is missing: write what you believe is happening before `prove`.")]
    [InlineData("deadline anyway by 18:30", "deadline", "The step is missing: write what will be done before `by`.")]
    public void Anyway_alone_is_not_the_entry(string text, string verb, string problem)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.StartsWith(problem, invalid.Problem);
        Assert.Equal(Usage.For(verb), invalid.Usage);
    }

    [Theory]
    [InlineData("theory")]
    [InlineData("deadline")]
    public void The_usage_of_theory_and_deadline_mentions_anyway(string verb)
    {
        Assert.Equal($"`/crisis {verb} [anyway] ", Usage.For(verb)[..($"`/crisis {verb} [anyway] ".Length)]);
        Assert.Contains($"`{verb} anyway …` records a {verb} the bot would otherwise refuse as a likely duplicate of one typed a moment ago.", Usage.Help(verb));
    }

    // ---------------------------------------------------------------- withdraw

    [Theory]
    [InlineData("withdraw T4 because duplicate of T3", 4, 0, "duplicate of T3")]
    [InlineData("withdraw D2 because typed the wrong time", 0, 2, "typed the wrong time")]
    [InlineData("withdraw t4 BECAUSE duplicate of T3", 4, 0, "duplicate of T3")]
    [InlineData("WITHDRAW d12 because <@U123|bob> already set it", 0, 12, "@bob already set it")]
    [InlineData("withdraw T4 duplicate of T3", 4, 0, "duplicate of T3")]
    [InlineData("withdraw T4 because because I said so", 4, 0, "because I said so")]
    [InlineData("withdraw T4", 4, 0, null)]
    [InlineData("withdraw D2 because", 0, 2, null)]
    [InlineData("withdraw D2   because  \u200B ", 0, 2, null)]
    public void Withdraw_reads_the_entry_and_the_reason(string text, int theory, int deadline, string? reason)
    {
        Assert.Equal(
            new CrisisCommand.Withdraw(theory == 0 ? null : new TheoryId(theory), deadline == 0 ? null : new DeadlineId(deadline), reason),
            SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("withdraw", "Say which entry to withdraw, e.g. `T4` or `D2`; `/crisis status` lists them.")]
    [InlineData("withdraw  ", "Say which entry to withdraw, e.g. `T4` or `D2`; `/crisis status` lists them.")]
    [InlineData("withdraw X9", "`X9` is not a theory or a deadline. Theories are written `T1`, `T2`…, deadlines `D1`, `D2`…; `/crisis status` lists them.")]
    [InlineData("withdraw T0 because oops", "`T0` is not a theory or a deadline. Theories are written `T1`, `T2`…, deadlines `D1`, `D2`…; `/crisis status` lists them.")]
    [InlineData("withdraw because duplicate", "`because` is not a theory or a deadline. Theories are written `T1`, `T2`…, deadlines `D1`, `D2`…; `/crisis status` lists them.")]
    [InlineData("withdraw <!channel>", "`&lt;!channel&gt;` is not a theory or a deadline. Theories are written `T1`, `T2`…, deadlines `D1`, `D2`…; `/crisis status` lists them.")]
    public void Withdraw_without_an_entry_it_can_name_says_how_entries_are_written(string text, string problem)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Equal(problem, invalid.Problem);
        Assert.Equal("`/crisis withdraw T1|D1 because <reason>`", invalid.Usage);
    }

    // ---------------------------------------------------------------- status

    // Expected crisis 0 means "the crisis of the channel".
    [Theory]
    [InlineData("status", 0)]
    [InlineData("STATUS", 0)]
    [InlineData("status   ", 0)]
    [InlineData("status 42", 42)]
    [InlineData("status #42", 42)]
    [InlineData("Status 7", 7)]
    [InlineData("status\n42", 42)]
    [InlineData("status 4\u200B2", 42)]
    public void Status_names_a_crisis_or_the_one_of_the_channel(string text, int crisis)
    {
        Assert.Equal(new CrisisCommand.Status(crisis == 0 ? null : new CrisisId(crisis)), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("status abc")]
    [InlineData("status 0")]
    [InlineData("status -1")]
    [InlineData("status +5")]
    [InlineData("status 4 2")]
    [InlineData("status 42 please")]
    [InlineData("status 1.5")]
    [InlineData("status 99999999999")]
    [InlineData("status #")]
    public void Status_with_something_that_is_not_a_crisis_number_is_refused(string text)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Contains("is not a crisis number", invalid.Problem);
        Assert.Equal(Usage.For("status"), invalid.Usage);
    }

    [Fact]
    public void Status_echoes_markup_without_letting_it_ping()
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse("status <!channel>"));

        Assert.DoesNotContain("<!channel>", invalid.Problem);
    }

    // ---------------------------------------------------------------- hostile input

    [Theory]
    [InlineData("theory")]
    [InlineData("deadline")]
    [InlineData("extend")]
    [InlineData("confirmed")]
    [InlineData("disproved")]
    public void Text_over_the_limit_is_refused_with_the_usage_of_its_verb(string verb)
    {
        var text = $"{verb} {new string('x', SlashCommandParser.MaxTextLength)} prove y by 45m";

        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Contains($"{text.Length} characters", invalid.Problem);
        Assert.Contains($"at most {SlashCommandParser.MaxTextLength}", invalid.Problem);
        Assert.Equal(Usage.For(verb), invalid.Usage);
    }

    [Fact]
    public void A_theory_exactly_at_the_limit_is_read()
    {
        var prefix = "theory ";
        var suffix = " prove flush by 45m";
        var text = prefix + new string('x', SlashCommandParser.MaxTextLength - prefix.Length - suffix.Length) + suffix;

        Assert.Equal(SlashCommandParser.MaxTextLength, text.Length);
        Assert.IsType<CrisisCommand.ProposeTheory>(SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("theory")]
    [InlineData("deadline")]
    [InlineData("extend")]
    [InlineData("confirmed")]
    [InlineData("disproved")]
    [InlineData("theory ")]
    [InlineData("deadline \n")]
    [InlineData("extend \u200B")]
    [InlineData("confirmed \u202E")]
    public void Only_the_verb_is_invalid_with_a_specific_problem_and_its_usage(string text)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.False(string.IsNullOrWhiteSpace(invalid.Problem));
        Assert.Equal(Usage.For(text.Trim('\u200B', '\u202E', ' ', '\n')), invalid.Usage);
    }

    [Theory]
    [InlineData("by 45m")]
    [InlineData("by")]
    [InlineData("prove it by 45m")]
    [InlineData("for T1")]
    [InlineData("because")]
    [InlineData("D1 confirmed")]
    public void A_keyword_at_the_very_start_is_not_a_command(string text)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.EndsWith("is not a /crisis command.", invalid.Problem);
        Assert.StartsWith($"`{text.Split(' ')[0].ToLowerInvariant()}`", invalid.Problem);
    }

    [Fact]
    public void Every_refusal_of_a_diagnosis_command_is_specific()
    {
        string[] hostile =
        [
            "theory cache prove flush", "theory cache by 45m", "theory prove flush by 45m", "theory cache prove flush by soonish",
            "deadline", "deadline by 18:30", "deadline x by 18:75", "confirmed", "confirmed D0", "extend D1", "extend D1 to 25:00",
            "status abc",
        ];

        var problems = hostile.Select(t => Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(t)).Problem).ToList();

        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p)));
        Assert.Equal(problems.Count, problems.Distinct().Count());
    }

    [Fact]
    public void Parsing_diagnosis_commands_never_throws_on_random_text()
    {
        var random = new Random(20260314);
        string[] verbs = ["theory ", "deadline ", "confirmed ", "disproved ", "extend ", "status ", "THEORY ", ""];
        string[] pieces =
        [
            "prove ", "by ", " by", "for ", "T1 ", "T0 ", "D1 ", "D0 ", "to ", "because ", "45m ", "18:30 ", "tomorrow ", "soonish ",
            "<@U1AB|bob> ", "<!channel>", "<", ">", "&amp;", "&lt;", "\"", "\u202E", "\u200B", "\u200D", "🔥", "\n", "\0", " ", "x",
            "\uD800", "-1 ", "#42 ", "99999999999 ", ":",
        ];

        for (var i = 0; i < 3000; i++)
        {
            var text = verbs[random.Next(verbs.Length)]
                + string.Concat(Enumerable.Range(0, random.Next(0, 25)).Select(_ => pieces[random.Next(pieces.Length)]));

            var command = SlashCommandParser.Parse(text);

            switch (command)
            {
                case CrisisCommand.ProposeTheory theory:
                    AssertClean(theory.Statement, text);
                    AssertClean(theory.Plan, text);
                    break;
                case CrisisCommand.SetDeadline deadline:
                    AssertClean(deadline.Step, text);
                    break;
                case CrisisCommand.RecordOutcome outcome:
                    Assert.True(outcome.Deadline.Number > 0, text);
                    if (outcome.Note is { } note)
                        AssertClean(note, text);
                    break;
                case CrisisCommand.Extend extend:
                    Assert.True(extend.Deadline.Number > 0, text);
                    if (extend.Reason is { } reason)
                        AssertClean(reason, text);
                    break;
                case CrisisCommand.Status { Crisis: { } crisis }:
                    Assert.True(crisis.Number > 0, text);
                    break;
                case CrisisCommand.Invalid invalid:
                    Assert.False(string.IsNullOrWhiteSpace(invalid.Problem), text);
                    Assert.False(string.IsNullOrWhiteSpace(invalid.Usage), text);
                    break;
            }
        }
    }

    private static void AssertClean(string value, string text)
    {
        Assert.False(string.IsNullOrWhiteSpace(value), text);
        Assert.DoesNotContain(value, c => char.IsControl(c) || c is '\u202E' or '\u200B');
        Assert.Equal(value.Trim(), value);
    }
}
