using WarRoomBot.Crises;
using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

/// <summary>
/// <c>fact</c>, <c>question</c>, <c>answer</c>, <c>ask</c>, <c>asked</c>, <c>park</c> and <c>spent</c>, as typed after
/// <c>/crisis</c> (issue 11, playbook §7, §10, §12 and §15).
/// </summary>
public sealed class RecordCommandParserTests
{
    [Theory]
    [InlineData("fact only stores on firmware 4.2 freeze source POS inventory export", "only stores on firmware 4.2 freeze", "POS inventory export")]
    [InlineData("fact the source of the freeze is the cache source heap dump from store 114", "the source of the freeze is the cache", "heap dump from store 114")]
    [InlineData("Fact \"store 12 froze at 02:14\" SOURCE <@U9|carol>'s till log", "store 12 froze at 02:14", "@carol's till log")]
    [InlineData("fact AT&amp;T lines &lt; 5% loss source <https://status.example.com|the carrier's status page>", "AT&T lines < 5% loss", "the carrier's status page")]
    public void A_fact_reads_the_statement_and_its_source_bound_to_the_last_source(string text, string statement, string source)
    {
        Assert.Equal(new CrisisCommand.Fact(statement, source), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("fact only stores on firmware 4.2 freeze", "only stores on firmware 4.2 freeze")]
    [InlineData("fact only stores on firmware 4.2 freeze source", "only stores on firmware 4.2 freeze source")]
    public void A_fact_without_a_source_is_left_for_the_rules_to_refuse_with_their_example(string text, string statement)
    {
        Assert.Equal(new CrisisCommand.Fact(statement, null), SlashCommandParser.Parse(text));
    }

    [Fact]
    public void A_question_keeps_its_words()
    {
        Assert.Equal(new CrisisCommand.Question("did the freezes start before Tuesday's release?"),
            SlashCommandParser.Parse("question did the freezes start before Tuesday's release?"));
    }

    [Theory]
    [InlineData("answer Q1 no, the first freeze was Monday source store 12 incident log", 1, "no, the first freeze was Monday", "store 12 incident log")]
    [InlineData("answer q12 yes source the release notes", 12, "yes", "the release notes")]
    [InlineData("answer Q2 yes", 2, "yes", null)]
    [InlineData("answer Q3 source the vendor", 3, "", "the vendor")]
    public void An_answer_reads_the_question_the_answer_and_its_source(string text, int question, string answer, string? source)
    {
        Assert.Equal(new CrisisCommand.Answer(new QuestionId(question), answer, source), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("ask a network capture from store 12 because we cannot reach their LAN", "a network capture from store 12", "we cannot reach their LAN", false)]
    [InlineData("ask! the router config because we cannot reach it because of their firewall", "the router config", "we cannot reach it because of their firewall", true)]
    [InlineData("Ask \"a capture\", because <@U9|carol> cannot reach the LAN", "a capture", "@carol cannot reach the LAN", false)]
    [InlineData("ask a capture from store 12", "a capture from store 12", null, false)]
    [InlineData("ask a capture because", "a capture", null, false)]
    [InlineData("ask because we cannot reach their LAN", "", "we cannot reach their LAN", false)]
    public void An_ask_reads_the_request_and_the_reason_from_the_first_because(string text, string request, string? reason, bool anyway)
    {
        Assert.Equal(new CrisisCommand.Ask(request, reason, anyway), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("asked A1 done", 1, null)]
    [InlineData("asked a2 DONE capture received from store 12", 2, "capture received from store 12")]
    public void Asked_reads_the_request_and_the_note(string text, int ask, string? note)
    {
        Assert.Equal(new CrisisCommand.Asked(new AskId(ask), note), SlashCommandParser.Parse(text));
    }

    [Fact]
    public void Park_keeps_the_concern_as_plain_text()
    {
        Assert.Equal(new CrisisCommand.Park("Acme's CIO wants to know why @here was not paged"),
            SlashCommandParser.Parse("park Acme's CIO wants to know why <!here> was not paged"));
    }

    [Theory]
    [InlineData("spent 3h", 180, null, null)]
    [InlineData("spent 90m", 90, null, null)]
    [InlineData("spent 1h30m", 90, null, null)]
    [InlineData("spent 1h 30m", 90, null, null)]
    [InlineData("spent 2 hours", 120, null, null)]
    [InlineData("spent 1 hour 15 minutes on the call", 75, null, "on the call")]
    [InlineData("spent 3h <@U0DAVE|dave>", 180, "U0DAVE", null)]
    [InlineData("spent 3h <@U0DAVE> log review with store 12", 180, "U0DAVE", "log review with store 12")]
    [InlineData("spent <@U0DAVE> 45m log review", 45, "U0DAVE", "log review")]
    [InlineData("spent 0h", 0, null, null)]
    [InlineData("spent -3h", -180, null, null)]
    [InlineData("spent 200h", 12000, null, null)]
    public void Spent_reads_the_duration_the_person_and_the_note(string text, int minutes, string? person, string? note)
    {
        Assert.Equal(
            new CrisisCommand.Spent(TimeSpan.FromMinutes(minutes), person is null ? null : new UserId(person), note),
            SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("ask", "ask", "Say what we need from the customer")]
    [InlineData("ask!", "ask", "Say what we need from the customer")]
    [InlineData("asked", "asked", "Say which request is done, e.g. `A1`")]
    [InlineData("asked Q1 done", "asked", "`Q1` is not a request to the customer.")]
    [InlineData("asked A1", "asked", "Say `done` after A1, e.g. `/crisis asked A1 done capture received`.")]
    [InlineData("asked a1 they sent it", "asked", "Say `done` after A1")]
    [InlineData("park", "park", "Say what to park for the debrief.")]
    [InlineData("spent", "spent", "Say how long, e.g. `/crisis spent 3h`")]
    [InlineData("spent a while", "spent", "`a` is not a duration. Write hours and minutes, e.g. `3h`, `90m` or `1h30m`.")]
    [InlineData("spent 1.5h", "spent", "`1.5h` is not a duration.")]
    [InlineData("spent 3h @dave", "spent", "`@dave` is plain text, not a Slack user.")]
    [InlineData("fact", "fact", "Say what we know and how we know it.")]
    [InlineData("question", "question", "Say what we do not know yet.")]
    [InlineData("answer", "answer", "Say which question it answers, e.g. `Q1`")]
    [InlineData("answer 1 yes source logs", "answer", "`1` is not a question. Questions are written `Q1`, `Q2`…")]
    [InlineData("answer T1 yes source logs", "answer", "`T1` is not a question.")]
    public void A_malformed_command_is_answered_with_what_was_wrong_and_the_usage(string text, string verb, string problem)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.StartsWith(problem, invalid.Problem);
        Assert.Equal(Usage.For(verb), invalid.Usage);
    }

    [Theory]
    [InlineData("fact", "source")]
    [InlineData("question", "source")]
    [InlineData("answer", "source")]
    [InlineData("ask", "ask!")]
    [InlineData("asked", "owner")]
    [InlineData("park", "debrief")]
    [InlineData("spent", "1h30m")]
    public void Help_explains_each_verb_as_built_with_an_example(string verb, string mentioned)
    {
        var help = Usage.Help(verb);

        Assert.Contains($"*Example:* `/crisis {verb} ", help);
        Assert.Contains(mentioned, help);
    }

    [Fact]
    public void Help_for_ask_with_its_mark_explains_ask()
    {
        Assert.Equal(new CrisisCommand.Help("ask"), SlashCommandParser.Parse("help ask!"));
    }
}
