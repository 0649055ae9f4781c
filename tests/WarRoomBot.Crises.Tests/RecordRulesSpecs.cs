using WarRoomBot.Crises;
using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

/// <summary>Playbook §7: facts are recorded with how we know them, and questions stay open until answered with a source.</summary>
public sealed class RecordRulesSpecs
{
    private static readonly QuestionId Q1 = new(1);
    private static readonly QuestionId Q2 = new(2);

    private const string Fact = "Only stores on firmware 4.2 freeze";
    private const string Source = "POS inventory export";
    private const string Question = "Did the freezes start before Tuesday's release?";

    private static Func<Crisis, Decision> Recorded(string statement = Fact, string? source = Source, UserId? by = null, DateTimeOffset? at = null) =>
        c => RecordRules.Fact(c, new RecordFact(statement, source, by ?? Carol), at ?? Now);

    private static Func<Crisis, Decision> Asked(string text = Question, UserId? by = null, DateTimeOffset? at = null) =>
        c => RecordRules.Question(c, new AskQuestion(text, by ?? Carol), at ?? Now);

    private static Func<Crisis, Decision> Answered(QuestionId id, string answer = "No, the first freeze was Monday", string? source = "store 12 incident log", UserId? by = null, DateTimeOffset? at = null) =>
        c => RecordRules.Answer(c, new AnswerQuestion(id, answer, source, by ?? Dave), at ?? Now);

    // ---- Facts ----

    [Fact]
    public void A_fact_with_its_source_is_recorded_as_F1_by_whoever_typed_it()
    {
        var decision = Given().When(Recorded(" " + Fact + " ", " " + Source + " "));

        Assert.Equal<CrisisEvent>([new CrisisEvent.FactRecorded(new FactId(1), Fact, Source, Carol, Now)], decision.Events.ToArray());
    }

    [Fact]
    public void Facts_are_numbered_in_order_and_kept_with_their_sources()
    {
        var crisis = Given().Then(Recorded()).Then(Recorded("Store 12 froze at 02:14", "the store's till log", Dave, Now.AddMinutes(5))).State;

        Assert.Equal(
            [new Fact(new FactId(1), Fact, Source, Carol, Now), new Fact(new FactId(2), "Store 12 froze at 02:14", "the store's till log", Dave, Now.AddMinutes(5))],
            crisis.Record.Facts);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_fact_without_a_source_is_refused_with_an_example(string? source)
    {
        var because = AssertRefused(Given().When(Recorded(source: source)));

        Assert.Contains("needs its source", because);
        Assert.Contains("`/crisis fact only stores on firmware 4.2 freeze source POS inventory export`", because);
    }

    [Fact]
    public void A_source_without_a_fact_is_refused()
    {
        Assert.Contains("The fact is missing", AssertRefused(Given().When(Recorded(" "))));
    }

    [Theory]
    [InlineData(501, 10)]
    [InlineData(10, 501)]
    public void A_fact_or_source_too_long_to_read_is_refused_with_the_limit(int statement, int source)
    {
        var because = AssertRefused(Given().When(Recorded(new string('f', statement), new string('s', source))));

        Assert.Contains("501 characters", because);
        Assert.Contains("under 500", because);
    }

    [Fact]
    public void Nothing_is_recorded_on_a_crisis_that_was_never_opened()
    {
        var never = Crisis.NotOpened(Id);

        Assert.Equal("That crisis has not been opened.", AssertRefused(Recorded()(never)));
        Assert.Equal("That crisis has not been opened.", AssertRefused(Asked()(never)));
        Assert.Equal("That crisis has not been opened.", AssertRefused(Answered(Q1)(never)));
    }

    // ---- Questions ----

    [Fact]
    public void A_question_is_opened_as_Q1_and_stays_open()
    {
        var timeline = Given();

        Assert.Equal<CrisisEvent>([new CrisisEvent.QuestionAsked(Q1, Question, Carol, Now)], timeline.When(Asked()).Events.ToArray());
        var question = Assert.Single(timeline.Then(Asked()).State.Record.OpenQuestions);
        Assert.Equal(Q1, question.Id);
        Assert.True(question.IsOpen);
    }

    [Fact]
    public void An_empty_question_is_refused_with_an_example()
    {
        Assert.Contains("`/crisis question did the freezes start before Tuesday's release?`", AssertRefused(Given().When(Asked(" "))));
    }

    [Fact]
    public void An_answer_with_its_source_closes_the_question_and_leaves_the_others_open()
    {
        var timeline = Given().Then(Asked()).Then(Asked("Which stores restarted overnight?"));

        var decision = timeline.When(Answered(Q1, at: Now.AddMinutes(20)));

        Assert.Equal<CrisisEvent>([new CrisisEvent.QuestionAnswered(Q1, "No, the first freeze was Monday", "store 12 incident log", Dave, Now.AddMinutes(20))], decision.Events.ToArray());
        var record = timeline.Then(decision.Events.ToArray()).State.Record;
        Assert.Equal(new Answer("No, the first freeze was Monday", "store 12 incident log", Dave, Now.AddMinutes(20)), record.Question(Q1)!.Answer);
        Assert.Equal([Q2], record.OpenQuestions.Select(q => q.Id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void An_answer_without_a_source_is_refused_and_the_question_stays_open(string? source)
    {
        var timeline = Given().Then(Asked());

        var because = AssertRefused(timeline.When(Answered(Q1, source: source)));

        Assert.Contains("needs its source", because);
        Assert.Contains("`/crisis answer Q1 ", because);
        Assert.True(timeline.State.Record.Question(Q1)!.IsOpen);
    }

    [Fact]
    public void An_answer_with_no_words_is_refused()
    {
        Assert.Contains("The answer is missing", AssertRefused(Given().Then(Asked()).When(Answered(Q1, answer: " "))));
    }

    [Fact]
    public void A_question_already_answered_is_refused_naming_who_answered_it_and_when()
    {
        var timeline = Given().Then(Asked()).Then(Answered(Q1, by: Dave, at: Now.AddMinutes(5)));

        var because = AssertRefused(timeline.When(Answered(Q1, "Yes", "a guess", Carol, Now.AddMinutes(30))));

        Assert.Contains($"Q1 was already answered by {Dave.InSentence} 25 minutes ago", because);
        Assert.Contains("record what you learnt since as a fact", because);
    }

    [Theory]
    [InlineData(0, "There is no Q1: this crisis has no questions yet. Ask one with `/crisis question <text>`.")]
    [InlineData(1, "There is no Q3: this crisis has only Q1.")]
    [InlineData(2, "There is no Q3: this crisis has Q1 to Q2.")]
    public void An_unknown_question_is_refused_naming_the_ones_there_are(int asked, string expected)
    {
        var timeline = Given();
        for (var i = 0; i < asked; i++)
            timeline.Then(Asked($"Question {i}"));

        Assert.Equal(expected, AssertRefused(timeline.When(Answered(asked == 0 ? Q1 : new QuestionId(3)))));
    }
}
