using WarRoomBot.Crises;
using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

/// <summary><c>fact</c>, <c>question</c> and <c>answer</c>, as typed after <c>/crisis</c> (issue 11, playbook §7).</summary>
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
    [InlineData("fact")]
    [InlineData("question")]
    [InlineData("answer")]
    public void Help_explains_each_verb_as_built_with_an_example(string verb)
    {
        var help = Usage.Help(verb);

        Assert.True(Usage.IsBuilt(verb));
        Assert.DoesNotContain("coming", help);
        Assert.Contains($"*Example:* `/crisis {verb} ", help);
        Assert.Contains("source", help);
    }
}
