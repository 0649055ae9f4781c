using WarRoomBot.Crises;
using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

/// <summary>
/// Playbook §10, take the heavy lifting: what we ask of the customer is recorded with why, checked like any business-channel
/// text, counted, and closed by whoever asked or the owner (Bob owns crisis 42; Carol and Dave are engineers).
/// </summary>
public sealed class CustomerAskSpecs
{
    private static readonly AskId A1 = new(1);
    private static readonly AskId A2 = new(2);

    private const string Request = "A network capture from store 12";
    private const string Reason = "we cannot reach their LAN";

    private static Func<Crisis, Decision> Asked(string request = Request, string? reason = Reason, bool anyway = false, UserId? by = null, DateTimeOffset? at = null) =>
        c => RecordRules.Ask(c, new AskCustomer(request, reason, anyway, by ?? Carol), at ?? Now);

    private static Func<Crisis, Decision> Done(AskId id, string? note = null, UserId? by = null, DateTimeOffset? at = null) =>
        c => RecordRules.Close(c, new CloseAsk(id, note, by ?? Carol), at ?? Now);

    [Fact]
    public void A_request_with_its_reason_is_recorded_as_A1_and_is_open()
    {
        var timeline = Given();

        Assert.Equal<CrisisEvent>([new CrisisEvent.CustomerAsked(A1, Request, Reason, false, Carol, Now)], timeline.When(Asked(" " + Request + " ", " " + Reason)).Events.ToArray());
        var ask = Assert.Single(timeline.Then(Asked()).State.Record.OpenAsks);
        Assert.Equal(new CustomerAsk(A1, Request, Reason, false, Carol, Now), ask);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void A_request_without_a_reason_is_refused_with_an_example(string? reason)
    {
        var because = AssertRefused(Given().When(Asked(reason: reason)));

        Assert.StartsWith("Say why only the customer can give it: end with `because <why>`", because);
        Assert.Contains("`/crisis ask a network capture from store 12 because we cannot reach their LAN`", because);
    }

    [Fact]
    public void A_reason_without_a_request_is_refused()
    {
        Assert.StartsWith("Say what we need from the customer", AssertRefused(Given().When(Asked(" "))));
    }

    [Theory]
    [InlineData("Maybe a capture from store 12", Reason, "maybe")]
    [InlineData(Request, "it was probably user error on their side", "In the reason: ")]
    public void Hedged_or_blaming_wording_is_refused_as_for_a_business_update_with_the_way_to_send_it_anyway(string request, string reason, string expected)
    {
        var because = AssertRefused(Given().When(Asked(request, reason)));

        Assert.StartsWith("The business channel reads this as uncertainty or blame, so the request was not made:", because);
        Assert.Contains(expected, because, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("`/crisis ask! …`", because);
    }

    [Fact]
    public void Ask_with_an_exclamation_mark_passes_the_wording_check_and_the_record_keeps_who_chose_to()
    {
        var decision = Given().When(Asked("Maybe a capture from store 12", anyway: true, by: Dave));

        Assert.Equal<CrisisEvent>([new CrisisEvent.CustomerAsked(A1, "Maybe a capture from store 12", Reason, true, Dave, Now)], decision.Events.ToArray());
    }

    [Fact]
    public void A_request_or_reason_too_long_to_read_is_refused()
    {
        Assert.Contains("under 500", AssertRefused(Given().When(Asked(new string('r', 501)))));
        Assert.Contains("under 500", AssertRefused(Given().When(Asked(reason: new string('r', 501)))));
    }

    [Fact]
    public void Whoever_asked_marks_it_done_with_a_note_and_it_is_no_longer_open()
    {
        var timeline = Given().Then(Asked()).Then(Asked("The store 12 router config", by: Dave));

        var decision = timeline.When(Done(A1, " capture received ", Carol, Now.AddMinutes(30)));

        Assert.Equal<CrisisEvent>([new CrisisEvent.CustomerAskDone(A1, "capture received", Carol, Now.AddMinutes(30))], decision.Events.ToArray());
        var record = timeline.Then(decision.Events.ToArray()).State.Record;
        Assert.Equal(new AskClosure("capture received", Carol, Now.AddMinutes(30)), record.Ask(A1)!.Done);
        Assert.Equal([A2], record.OpenAsks.Select(a => a.Id));
    }

    [Fact]
    public void The_owner_may_mark_anyones_request_done_and_a_blank_note_is_no_note()
    {
        var decision = Given().Then(Asked(by: Carol)).When(Done(A1, " ", Bob));

        Assert.Equal<CrisisEvent>([new CrisisEvent.CustomerAskDone(A1, null, Bob, Now)], decision.Events.ToArray());
    }

    [Fact]
    public void Anyone_else_is_told_who_can_mark_it_done()
    {
        var because = AssertRefused(Given().Then(Asked(by: Carol)).When(Done(A1, by: Dave)));

        Assert.Equal($"Only {Carol.InSentence}, who asked A1, or the crisis owner {Bob.InSentence} can mark it done; ask one of them.", because);
        Assert.Equal($"Only the crisis owner {Bob.InSentence}, who asked A1, can mark it done; ask them.",
            AssertRefused(Given().Then(Asked(by: Bob)).When(Done(A1, by: Dave))));
    }

    [Fact]
    public void A_request_already_done_is_refused_naming_who_and_when()
    {
        var timeline = Given().Then(Asked()).Then(Done(A1, by: Bob, at: Now.AddMinutes(5)));

        Assert.Equal($"A1 was already marked done by {Bob.InSentence} 15 minutes ago; it stays on the record as done.",
            AssertRefused(timeline.When(Done(A1, at: Now.AddMinutes(20)))));
    }

    [Theory]
    [InlineData(0, "There is no A1: nothing has been asked of the customer in this crisis.")]
    [InlineData(1, "There is no A4: this crisis has only A1.")]
    [InlineData(3, "There is no A4: this crisis has A1 to A3.")]
    public void An_unknown_request_is_refused_naming_the_ones_there_are(int asked, string expected)
    {
        var timeline = Given();
        for (var i = 0; i < asked; i++)
            timeline.Then(Asked($"Request {i}"));

        Assert.StartsWith(expected, AssertRefused(timeline.When(Done(asked == 0 ? A1 : new AskId(4)))));
    }

    [Fact]
    public void The_fourth_open_request_warns_the_owner_that_we_are_asking_too_much_and_the_third_does_not()
    {
        var timeline = Given().Then(Asked("one")).Then(Asked("two")).Then(Asked("three"));
        Assert.Null(RecordRules.AskingTooMuch(timeline.State, timeline.State.Record.Ask(new AskId(3))!));

        var crisis = timeline.Then(Asked("four")).State;

        var warning = RecordRules.AskingTooMuch(crisis, crisis.Record.Ask(new AskId(4))!);
        Assert.StartsWith($"{Bob.InSentence}, 4 requests to the customer are open with A4: we are asking too much of them.", warning);
        Assert.Contains("take the heavy lifting", warning);
    }

    [Fact]
    public void Requests_done_before_a_new_one_do_not_count_against_it()
    {
        var crisis = Given().Then(Asked("one")).Then(Asked("two")).Then(Asked("three")).Then(Done(A1, at: Now)).Then(Asked("four", at: Now.AddMinutes(1))).State;

        Assert.Null(RecordRules.AskingTooMuch(crisis, crisis.Record.Ask(new AskId(4))!));
        Assert.Equal(3, crisis.Record.OpenAsks.Count());
    }
}
