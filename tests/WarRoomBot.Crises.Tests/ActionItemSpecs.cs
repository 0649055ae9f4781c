using WarRoomBot.Crises;
using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

/// <summary>
/// Playbook §14, debrief and learn: action items with one owner and a due date, recorded and closed by anyone in the crisis,
/// and reminded to their owner once when they fall due (Bob owns crisis 42; Carol and Dave are engineers).
/// </summary>
public sealed class ActionItemSpecs
{
    private static readonly ActionItemId AI1 = new(1);
    private static readonly ActionItemId AI2 = new(2);

    private const string Text = "Add an alert on price cache misses";

    private static readonly DateTimeOffset InADay = Now.AddDays(1);

    private static Func<Crisis, Decision> Recorded(string text = Text, UserId? owner = null, DateTimeOffset? due = null, UserId? by = null, DateTimeOffset? at = null) =>
        c => ActionRules.Record(c, new RecordAction(text, owner ?? Dave, due ?? InADay, by ?? Carol), at ?? Now);

    private static Func<Crisis, Decision> Done(ActionItemId id, string? note = null, UserId? by = null, DateTimeOffset? at = null) =>
        c => ActionRules.Done(c, new CloseAction(id, note, by ?? Carol), at ?? Now);

    [Fact]
    public void An_action_item_is_recorded_as_AI1_with_its_owner_due_date_and_who_recorded_it()
    {
        var timeline = Given();

        Assert.Equal<CrisisEvent>([new CrisisEvent.ActionItemRecorded(AI1, Text, Dave, InADay, Carol, Now)], timeline.When(Recorded(" " + Text + " ")).Events.ToArray());
        var item = Assert.Single(timeline.Then(Recorded()).State.Actions.Open);
        Assert.Equal(new ActionItem(AI1, Text, Dave, InADay, Carol, Now), item);
        Assert.Equal(AI2, timeline.State.Actions.Next);
    }

    [Fact]
    public void An_action_item_without_its_text_is_refused_with_an_example()
    {
        Assert.StartsWith("The action item is missing", AssertRefused(Given().When(Recorded(" "))));
    }

    [Fact]
    public void An_owner_who_is_not_a_Slack_user_is_refused()
    {
        Assert.StartsWith("An action item needs one owner who is a Slack user", AssertRefused(Given().When(Recorded(owner: new UserId("<!channel>")))));
    }

    [Fact]
    public void A_due_date_in_the_past_or_now_is_refused()
    {
        Assert.StartsWith("An action item cannot be due in the past", AssertRefused(Given().When(Recorded(due: Now.AddMinutes(-1)))));
        Assert.StartsWith("An action item cannot be due in the past", AssertRefused(Given().When(Recorded(due: Now))));
    }

    [Fact]
    public void A_due_date_more_than_a_year_out_is_refused_but_weeks_out_is_fine()
    {
        Assert.StartsWith("That is more than a year away", AssertRefused(Given().When(Recorded(due: Now.AddDays(367)))));
        Assert.True(Given().When(Recorded(due: Now.AddDays(60))).IsAccepted);
    }

    [Fact]
    public void A_text_too_long_is_refused()
    {
        Assert.StartsWith("The action item is 501 characters", AssertRefused(Given().When(Recorded(new string('x', 501)))));
    }

    [Fact]
    public void Nothing_is_recorded_on_a_crisis_that_was_never_opened()
    {
        var never = Crisis.NotOpened(Id);

        Assert.Equal("That crisis has not been opened.", AssertRefused(Recorded()(never)));
        Assert.Equal("That crisis has not been opened.", AssertRefused(Done(AI1)(never)));
    }

    [Fact]
    public void Anyone_marks_an_item_done_with_a_note_and_it_leaves_the_open_list_but_stays_on_the_record()
    {
        var timeline = Given().Then(Recorded());

        Assert.Equal<CrisisEvent>([new CrisisEvent.ActionItemDone(AI1, "PR 4711", Alice, InAnHour)], timeline.When(Done(AI1, " PR 4711 ", Alice, InAnHour)).Events.ToArray());
        var state = timeline.Then(Done(AI1, "PR 4711", Alice, InAnHour)).State.Actions;
        Assert.Empty(state.Open);
        Assert.Equal(new ActionClosure("PR 4711", Alice, InAnHour), state.Item(AI1)!.Done);
    }

    [Fact]
    public void An_unknown_item_is_refused_naming_the_ones_there_are()
    {
        Assert.StartsWith("There is no AI1: this crisis has no action items yet.", AssertRefused(Given().When(Done(AI1))));
        Assert.Equal("There is no AI2: this crisis has only AI1.", AssertRefused(Given().Then(Recorded()).When(Done(AI2))));
        Assert.Equal("There is no AI3: this crisis has AI1 to AI2.", AssertRefused(Given().Then(Recorded()).Then(Recorded()).When(Done(new(3)))));
    }

    [Fact]
    public void An_item_already_done_is_refused_naming_who_closed_it()
    {
        var timeline = Given().Then(Recorded()).Then(Done(AI1, by: Alice));

        var because = AssertRefused(timeline.When(Done(AI1, at: Now.AddMinutes(20))));

        Assert.Equal($"AI1 was already marked done by {Alice.InSentence} 20 minutes ago; it stays on the record as done.", because);
    }

    [Fact]
    public void An_open_item_falls_due_once_at_its_due_time_and_not_again()
    {
        var timeline = Given().Then(Recorded());

        Assert.Equal(InADay, ActionClock.NextWake(timeline.State));
        Assert.Empty(ActionClock.Tick(timeline.State, InADay.AddSeconds(-1)));
        Assert.Equal<CrisisEvent>([new CrisisEvent.ActionItemFellDue(AI1, InADay)], ActionClock.Tick(timeline.State, InADay).ToArray());

        timeline.Then([.. ActionClock.Tick(timeline.State, InADay)]);

        Assert.Equal(InADay, timeline.State.Actions.Item(AI1)!.FellDueAt);
        Assert.Empty(ActionClock.Tick(timeline.State, InADay.AddHours(5)));
        Assert.Null(ActionClock.NextWake(timeline.State));
    }

    [Fact]
    public void The_crisis_clock_wakes_for_an_open_item_and_records_its_falling_due()
    {
        var timeline = Given().Then(Recorded(due: Now.AddDays(3)));

        Assert.Equal(Now.AddDays(3), ActionClock.NextWake(timeline.State));
        Assert.Contains(new CrisisEvent.ActionItemFellDue(AI1, Now.AddDays(3)), CrisisClock.Tick(timeline.State, ClockPolicy.Default, Now.AddDays(3)));
    }

    [Fact]
    public void An_item_done_before_it_is_due_never_falls_due()
    {
        var timeline = Given().Then(Recorded()).Then(Done(AI1));

        Assert.Null(ActionClock.NextWake(timeline.State));
        Assert.Empty(ActionClock.Tick(timeline.State, InADay.AddDays(1)));
        Assert.DoesNotContain(CrisisClock.Tick(timeline.State, ClockPolicy.Default, InADay.AddDays(1)), e => e is CrisisEvent.ActionItemFellDue);
    }

    [Fact]
    public void Open_items_list_soonest_due_first_and_an_overdue_one_says_so()
    {
        var timeline = Given().Then(Recorded("later", due: Now.AddDays(5))).Then(Recorded("sooner", due: Now.AddDays(1)));

        Assert.Equal(["sooner", "later"], timeline.State.Actions.Open.Select(i => i.Text));
        Assert.True(timeline.State.Actions.Item(new(2))!.IsOverdue(Now.AddDays(2)));
        Assert.False(timeline.State.Actions.Item(AI1)!.IsOverdue(Now.AddDays(2)));
    }
}
