using WarRoomBot.Crises;
using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

public sealed class DiagnosisFoldSpecs
{
    private static readonly DateTimeOffset Due = InAnHour;


    private static Func<Crisis, Decision> Proposed(string statement = Statement, string plan = Plan, DateTimeOffset? at = null) =>
        c => DiagnosisRules.Propose(c, new ProposeTheory(statement, plan, Due, Alice), at ?? Now);

    private static Func<Crisis, Decision> Recorded(DeadlineId deadline, Outcome outcome, DateTimeOffset at, string? note = null) =>
        c => DiagnosisRules.Record(c, new RecordOutcome(deadline, outcome, note, Bob), at);

    private static Func<Crisis, Decision> Extended(DeadlineId deadline, DateTimeOffset due, DateTimeOffset at, string reason = "Staging was down") =>
        c => DiagnosisRules.Extend(c, new ExtendDeadline(deadline, due, reason, Alice), at);

    // ---- Theories ----

    [Fact]
    public void A_proposed_theory_is_open_and_its_plan_is_an_open_deadline()
    {
        var crisis = Given().Then(Proposed()).State;

        Assert.Equal(ValueList.Of(new Theory(T1, Statement, Plan, Alice, Now, TheoryStatus.Open, null)), crisis.Theories);
        var d1 = Assert.Single(crisis.Deadlines);
        Assert.Equal(new Deadline(D1, Plan, T1, Due, Alice, Now, null, null), d1);
        Assert.True(d1.IsOpen);
        Assert.Equal(DeadlineRecord.Open, d1.Record);
        Assert.Null(d1.Outcome);
        Assert.Null(d1.ExtendedBy);
        Assert.False(d1.Reminded || d1.FellDue || d1.Escalated);
        Assert.Null(crisis.WorkingExplanation);
        Assert.Same(crisis.Theories[0], crisis.Theory(T1));
        Assert.Null(crisis.Theory(T2));
        Assert.Null(crisis.Deadline(D2));
    }

    [Fact]
    public void A_crisis_with_no_theories_has_no_working_explanation_and_numbers_from_one()
    {
        var crisis = Given().State;

        Assert.Empty(crisis.Theories);
        Assert.Empty(crisis.Deadlines);
        Assert.Null(crisis.WorkingExplanation);
        Assert.Equal(T1, crisis.NextTheory);
        Assert.Equal(D1, crisis.NextDeadline);
    }

    [Fact]
    public void A_confirmed_theory_becomes_the_working_explanation()
    {
        var confirmedAt = Now.AddMinutes(40);
        var crisis = Given().Then(Proposed()).Then(Recorded(D1, Outcome.Confirmed, confirmedAt, "Stampede at 02:10")).State;

        var confirmed = new Theory(T1, Statement, Plan, Alice, Now, TheoryStatus.Confirmed, confirmedAt);
        Assert.Equal(ValueList.Of(confirmed), crisis.Theories);
        Assert.Equal(confirmed, crisis.WorkingExplanation);
        Assert.Equal(new DeadlineOutcome(Outcome.Confirmed, "Stampede at 02:10", Bob, confirmedAt), crisis.Deadline(D1)!.Outcome);
    }

    [Fact]
    public void A_theory_confirmed_later_replaces_the_working_explanation()
    {
        var crisis = Given()
            .Then(Proposed())
            .Then(Proposed("The POS firmware retries without backoff", "Read the retry logs"))
            .Then(Recorded(D1, Outcome.Confirmed, Now.AddMinutes(20)))
            .Then(Recorded(D2, Outcome.Confirmed, Now.AddMinutes(30)))
            .State;

        Assert.Equal(T2, crisis.WorkingExplanation?.Id);
        Assert.Equal(TheoryStatus.Confirmed, crisis.Theory(T1)!.Status);
    }

    [Fact]
    public void The_working_explanation_is_the_theory_confirmed_last_not_the_theory_written_last()
    {
        var crisis = Given()
            .Then(Proposed())
            .Then(Proposed("The POS firmware retries without backoff", "Read the retry logs"))
            .Then(Recorded(D2, Outcome.Confirmed, Now.AddMinutes(20)))
            .Then(Recorded(D1, Outcome.Confirmed, Now.AddMinutes(30)))
            .State;

        Assert.Equal(T1, crisis.WorkingExplanation?.Id);
    }

    [Fact]
    public void A_disproved_theory_stays_on_the_record_as_disproved_and_explains_nothing()
    {
        var disprovedAt = Now.AddMinutes(40);
        var crisis = Given().Then(Proposed()).Then(Recorded(D1, Outcome.Disproved, disprovedAt)).State;

        Assert.Equal(ValueList.Of(new Theory(T1, Statement, Plan, Alice, Now, TheoryStatus.Disproved, disprovedAt)), crisis.Theories);
        Assert.Null(crisis.WorkingExplanation);
        Assert.Equal(T2, crisis.NextTheory);
    }

    [Fact]
    public void Disproving_another_theory_leaves_the_working_explanation_in_place()
    {
        var crisis = Given()
            .Then(Proposed())
            .Then(Proposed("The POS firmware retries without backoff", "Read the retry logs"))
            .Then(Recorded(D1, Outcome.Confirmed, Now.AddMinutes(20)))
            .Then(Recorded(D2, Outcome.Disproved, Now.AddMinutes(30)))
            .State;

        Assert.Equal(T1, crisis.WorkingExplanation?.Id);
        Assert.Equal([TheoryStatus.Confirmed, TheoryStatus.Disproved], crisis.Theories.Select(t => t.Status).ToArray());
    }

    [Fact]
    public void An_outcome_on_a_deadline_without_a_theory_settles_no_theory()
    {
        var crisis = Given()
            .Then(Proposed())
            .Then(c => DiagnosisRules.Set(c, new SetDeadline("Collect the store logs", Due, null, Bob), Now))
            .Then(Recorded(D2, Outcome.Confirmed, Now.AddMinutes(5)))
            .State;

        Assert.Equal(TheoryStatus.Open, crisis.Theory(T1)!.Status);
        Assert.Null(crisis.WorkingExplanation);
        Assert.Equal(DeadlineRecord.Kept, crisis.Deadline(D2)!.Record);
    }

    // ---- Deadline records ----

    [Theory]
    [InlineData(Outcome.Confirmed)]
    [InlineData(Outcome.Disproved)]
    public void A_deadline_answered_before_escalation_is_kept(Outcome outcome)
    {
        var crisis = Given().Then(Proposed()).Then(Recorded(D1, outcome, Due.AddMinutes(-30))).State;

        Assert.Equal(DeadlineRecord.Kept, crisis.Deadline(D1)!.Record);
        Assert.False(crisis.Deadline(D1)!.IsOpen);
    }

    [Fact]
    public void A_deadline_answered_after_falling_due_but_within_the_grace_period_is_kept()
    {
        var crisis = Given()
            .Then(Proposed())
            .Ticked(Due.AddMinutes(-10))
            .Ticked(Due)
            .Then(Recorded(D1, Outcome.Confirmed, Due.AddMinutes(14)))
            .State;

        var d1 = crisis.Deadline(D1)!;
        Assert.True(d1.Reminded);
        Assert.True(d1.FellDue);
        Assert.False(d1.Escalated);
        Assert.Equal(DeadlineRecord.Kept, d1.Record);
    }

    [Fact]
    public void A_deadline_escalated_with_no_outcome_is_missed()
    {
        var crisis = Given().Then(Proposed()).Ticked(Due.AddMinutes(-10)).Ticked(Due).Ticked(Due.AddMinutes(15)).State;

        var d1 = crisis.Deadline(D1)!;
        Assert.Equal((true, true, true), (d1.Reminded, d1.FellDue, d1.Escalated));
        Assert.True(d1.IsOpen);
        Assert.Equal(DeadlineRecord.Missed, d1.Record);
    }

    [Fact]
    public void A_deadline_escalated_stays_missed_even_when_its_outcome_comes_afterwards()
    {
        var answeredAt = Due.AddMinutes(40);
        var crisis = Given().Then(Proposed()).Ticked(Due.AddMinutes(20)).Then(Recorded(D1, Outcome.Confirmed, answeredAt)).State;

        var d1 = crisis.Deadline(D1)!;
        Assert.Equal(new DeadlineOutcome(Outcome.Confirmed, null, Bob, answeredAt), d1.Outcome);
        Assert.Equal(DeadlineRecord.Missed, d1.Record);
        Assert.Equal(T1, crisis.WorkingExplanation?.Id);
    }

    [Fact]
    public void A_deadline_with_only_a_reminder_or_a_due_post_is_still_open()
    {
        var reminded = Given().Then(Proposed()).Ticked(Due.AddMinutes(-10)).State.Deadline(D1)!;
        var fallenDue = Given().Then(Proposed()).Ticked(Due).State.Deadline(D1)!;

        Assert.Equal((true, false, false, DeadlineRecord.Open), (reminded.Reminded, reminded.FellDue, reminded.Escalated, reminded.Record));
        Assert.Equal((false, true, false, DeadlineRecord.Open), (fallenDue.Reminded, fallenDue.FellDue, fallenDue.Escalated, fallenDue.Record));
    }

    [Fact]
    public void An_extended_deadline_is_missed_and_points_to_the_deadline_that_replaced_it()
    {
        var extendedAt = Now.AddMinutes(45);
        var newDue = Due.AddHours(1);
        var crisis = Given().Then(Proposed()).Then(Extended(D1, newDue, extendedAt)).State;

        var d1 = crisis.Deadline(D1)!;
        Assert.Equal(new DeadlineOutcome(Outcome.Extended, "Staging was down", Alice, extendedAt), d1.Outcome);
        Assert.Equal(D2, d1.ExtendedBy);
        Assert.Equal(DeadlineRecord.Missed, d1.Record);
        Assert.False(d1.Escalated);

        Assert.Equal(new Deadline(D2, Plan, T1, newDue, Alice, extendedAt, D1, "Staging was down"), crisis.Deadline(D2));
        Assert.Equal(DeadlineRecord.Open, crisis.Deadline(D2)!.Record);
        Assert.Null(crisis.Deadline(D2)!.ExtendedBy);
    }

    [Fact]
    public void An_extension_leaves_the_theory_open()
    {
        var crisis = Given().Then(Proposed()).Then(Extended(D1, Due.AddHours(1), Now.AddMinutes(45))).State;

        Assert.Equal(new Theory(T1, Statement, Plan, Alice, Now, TheoryStatus.Open, null), crisis.Theory(T1));
        Assert.Null(crisis.WorkingExplanation);
    }

    [Fact]
    public void A_chain_of_extensions_links_each_deadline_to_the_next_and_the_answer_settles_the_theory()
    {
        var answeredAt = Due.AddHours(1).AddMinutes(30);
        var crisis = Given()
            .Then(Proposed())
            .Then(Extended(D1, Due.AddHours(1), Now.AddMinutes(45)))
            .Then(Extended(D2, Due.AddHours(2), Due.AddMinutes(45), "Vendor replied late"))
            .Then(Recorded(D3, Outcome.Disproved, answeredAt))
            .State;

        Assert.Equal([(null, D2), (D1, D3), (D2, null)], crisis.Deadlines.Select(d => (d.Extends, d.ExtendedBy)).ToArray());
        Assert.Equal([DeadlineRecord.Missed, DeadlineRecord.Missed, DeadlineRecord.Kept], crisis.Deadlines.Select(d => d.Record).ToArray());
        Assert.Equal([T1, T1, T1], crisis.Deadlines.Select(d => d.Theory).ToArray());
        Assert.Equal(new Theory(T1, Statement, Plan, Alice, Now, TheoryStatus.Disproved, answeredAt), crisis.Theory(T1));
    }

    [Fact]
    public void Clock_events_mark_only_their_own_deadline()
    {
        var crisis = Given()
            .Then(Proposed())
            .Then(Proposed("Second theory", "Second plan"))
            .Then(new CrisisEvent.DeadlineMissed(D2, Due.AddMinutes(15)))
            .State;

        var (d1, d2) = (crisis.Deadline(D1)!, crisis.Deadline(D2)!);
        Assert.Equal((false, false, false, DeadlineRecord.Open), (d1.Reminded, d1.FellDue, d1.Escalated, d1.Record));
        Assert.Equal((false, false, true, DeadlineRecord.Missed), (d2.Reminded, d2.FellDue, d2.Escalated, d2.Record));
    }

    // ---- Posts ----

    [Fact]
    public void Posted_messages_are_kept_in_order_by_their_key()
    {
        var crisis = Given()
            .Then(Proposed())
            .Then(
                new CrisisEvent.MessagePosted("theory:T1", ChannelKind.Technical, "1773505800.000100", Now.AddSeconds(1)),
                new CrisisEvent.MessagePosted("due:D1", ChannelKind.Technical, "1773509400.000200", Due))
            .State;

        Assert.Equal(
            ValueList.Of(
                new Post("theory:T1", ChannelKind.Technical, "1773505800.000100", false),
                new Post("due:D1", ChannelKind.Technical, "1773509400.000200", false)),
            crisis.Posts);
        Assert.Equal(new Post("due:D1", ChannelKind.Technical, "1773509400.000200", false), crisis.PostFor("due:D1"));
        Assert.Null(crisis.PostFor("missed:D1"));
    }

    [Fact]
    public void An_updated_message_is_marked_updated_and_the_others_are_not()
    {
        var crisis = Given()
            .Then(
                new CrisisEvent.MessagePosted("due:D1", ChannelKind.Technical, "1773509400.000200", Due),
                new CrisisEvent.MessagePosted("missed:D1", ChannelKind.Business, "1773510300.000300", Due.AddMinutes(15)),
                new CrisisEvent.MessageUpdated("due:D1", Due.AddMinutes(20)))
            .State;

        Assert.Equal(new Post("due:D1", ChannelKind.Technical, "1773509400.000200", true), crisis.PostFor("due:D1"));
        Assert.Equal(new Post("missed:D1", ChannelKind.Business, "1773510300.000300", false), crisis.PostFor("missed:D1"));
    }

    [Fact]
    public void An_update_for_a_message_never_posted_changes_nothing()
    {
        var given = Given().Then(new CrisisEvent.MessagePosted("due:D1", ChannelKind.Technical, "1773509400.000200", Due));
        var before = given.State;

        var after = given.Then(new CrisisEvent.MessageUpdated("due:D7", Due.AddMinutes(1))).State;

        Assert.Equal(before.Posts, after.Posts);
    }

    // ---- Evolve and Fold ----

    [Fact]
    public void Evolving_event_by_event_gives_the_same_crisis_as_folding_the_whole_history()
    {
        var given = Given()
            .Then(Proposed())
            .Ticked(Due.AddMinutes(-10))
            .Then(Extended(D1, Due.AddHours(1), Due.AddMinutes(-5)))
            .Then(new CrisisEvent.MessagePosted("due:D2", ChannelKind.Technical, "1.2", Due.AddHours(1)))
            .Then(Recorded(D2, Outcome.Confirmed, Due.AddHours(1).AddMinutes(3)))
            .Then(new CrisisEvent.MessageUpdated("due:D2", Due.AddHours(1).AddMinutes(3)));

        var stepByStep = Crisis.NotOpened(Id);
        foreach (var happened in given.History)
            stepByStep = Crisis.Evolve(stepByStep, happened);

        Assert.Equal(given.State, stepByStep);
        Assert.Equal(stepByStep.Theories, given.State.Theories);
        Assert.Equal(stepByStep.Deadlines, given.State.Deadlines);
        Assert.Equal(stepByStep.Posts, given.State.Posts);
    }
}
