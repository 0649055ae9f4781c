using WarRoomBot.Crises;
using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

/// <summary>
/// Issue 15, the customer's context: what brought the crisis to the customer's attention and why it hurts them, in their
/// words. Anyone records it; entries are added with who and when, and earlier ones stay. Alice opened crisis 42, Bob owns it.
/// </summary>
public sealed class ContextSpecs
{
    private const string Tills = "The store managers called when the tills froze at opening; every frozen till is a queue walking out";

    private static Func<Crisis, Decision> Added(string text, UserId? by = null, DateTimeOffset? at = null) =>
        c => ContextRules.Add(c, new AddContext(text, by ?? Carol), at ?? Now);

    [Fact]
    public void Anyone_records_the_context_in_the_customers_words_with_who_and_when()
    {
        var timeline = Given().Then(Added("  " + Tills + " "));

        Assert.Equal<CrisisEvent>([new CrisisEvent.ContextAdded(1, Tills, false, Carol, Now)], timeline.History.Skip(1).ToArray());
        Assert.Equal([new ContextEntry(1, Tills, false, Carol, Now)], timeline.State.Context.Entries);
    }

    [Fact]
    public void A_later_entry_is_added_beside_the_earlier_ones_and_counts_as_a_change_to_show()
    {
        var crisis = Given().Then(Added(Tills)).Then(Added("Saturday is their busiest day: a lost hour is $25,000", Dave, Now.AddMinutes(5))).State;

        Assert.Equal([Tills, "Saturday is their busiest day: a lost hour is $25,000"], crisis.Context.Entries.Select(e => e.Text));
        Assert.Equal([Carol, Dave], crisis.Context.Entries.Select(e => e.By));
        Assert.Equal(2, crisis.Context.Revision);
    }

    [Fact]
    public void Context_given_at_the_opening_is_the_first_entry_and_needs_no_refresh()
    {
        var opening = ContextRules.AtOpening(OpenedEvent, Tills);

        Assert.Equal<CrisisEvent>([new CrisisEvent.ContextAdded(1, Tills, true, Alice, Opened)], opening!.Events.ToArray());
        var crisis = Given().Then([.. opening.Events]).Then(Added("It is their busiest week")).State;
        Assert.Equal([1, 2], crisis.Context.Entries.Select(e => e.Number));
        Assert.Equal(1, crisis.Context.Revision);
    }

    [Fact]
    public void No_context_at_the_opening_records_nothing()
    {
        Assert.Null(ContextRules.AtOpening(OpenedEvent, null));
        Assert.Null(ContextRules.AtOpening(OpenedEvent, "   "));
    }

    [Fact]
    public void Empty_context_is_refused_with_an_example()
    {
        Assert.Equal(
            $"Say what brought it to the customer's attention and why it hurts them, in their words, e.g. {ContextRules.Example}.",
            AssertRefused(Given().When(Added("   "))));
    }

    [Fact]
    public void Over_long_context_is_refused_with_its_length_here_and_at_the_opening()
    {
        var tooLong = new string('x', ContextRules.MaxTextLength + 1);

        var refused = AssertRefused(Given().When(Added(tooLong)));
        Assert.StartsWith($"The customer's context is {ContextRules.MaxTextLength + 1} characters; keep it under {ContextRules.MaxTextLength}", refused);
        Assert.Equal(refused, ContextRules.AtOpening(OpenedEvent, tooLong)!.RejectedBecause);
        Assert.True(Given().When(Added(new string('x', ContextRules.MaxTextLength))).IsAccepted);
    }

    [Fact]
    public void A_closed_crisis_takes_no_more_context()
    {
        var closed = Given()
            .Then(c => LifecycleRules.Resolve(c, new Resolve("rolled back", false, Bob), UpdatePolicy.Default, Now))
            .Then(c => LifecycleRules.Accept(c, new AcceptFix(null, Bob), new LifecyclePolicy(TimeSpan.FromDays(14)), Now.AddHours(1)))
            .Then(c => LifecycleRules.Close(c, new CloseCrisis(1, 4, null, false, Bob), Now.AddDays(15)));

        Assert.StartsWith("Crisis 42 is closed since", AssertRefused(closed.When(Added(Tills, at: Now.AddDays(16)))));
    }

    [Fact]
    public void A_resolved_crisis_still_takes_context_for_the_record()
    {
        var resolved = Given().Then(c => LifecycleRules.Resolve(c, new Resolve("rolled back", false, Bob), UpdatePolicy.Default, Now));

        Assert.True(resolved.When(Added(Tills, at: Now.AddHours(1))).IsAccepted);
    }
}
