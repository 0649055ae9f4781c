using WarRoomBot.Crises;
using static WarRoomBot.Crises.Tests.Spec;

namespace WarRoomBot.Crises.Tests;

/// <summary>Playbook §12 and §15: complaints are parked for the debrief, and the time people spend is recorded and summed.</summary>
public sealed class ParkingLotAndTimeSpecs
{
    private const string Concern = "Acme's CIO wants to know why monitoring missed this";

    private static Func<Crisis, Decision> Parked(string concern = Concern, UserId? by = null) =>
        c => RecordRules.Park(c, new ParkConcern(concern, by ?? Carol), Now);

    private static Func<Crisis, Decision> Spent(TimeSpan spent, UserId? person = null, string? note = null, UserId? by = null) =>
        c => RecordRules.Spend(c, new SpendTime(spent, person, note, by ?? Carol), Now);

    // ---- Parking lot ----

    [Fact]
    public void A_concern_is_parked_for_the_debrief_and_kept_in_order()
    {
        var timeline = Given();

        Assert.Equal<CrisisEvent>([new CrisisEvent.ConcernParked(Concern, Carol, Now)], timeline.When(Parked(" " + Concern + " ")).Events.ToArray());
        var parked = timeline.Then(Parked()).Then(Parked("Their ops lead says we never call back", Dave)).State.Record.Parked;
        Assert.Equal([new ParkedConcern(Concern, Carol, Now), new ParkedConcern("Their ops lead says we never call back", Dave, Now)], parked);
    }

    [Fact]
    public void An_empty_concern_is_refused_with_an_example_and_a_long_one_with_the_limit()
    {
        Assert.Contains("`/crisis park Acme's CIO wants to know why monitoring missed this`", AssertRefused(Given().When(Parked(" "))));
        Assert.Contains("under 500", AssertRefused(Given().When(Parked(new string('c', 501)))));
    }

    // ---- Time spent ----

    [Fact]
    public void Time_is_recorded_for_whoever_typed_it_unless_someone_is_named()
    {
        Assert.Equal<CrisisEvent>([new CrisisEvent.TimeSpent(Carol, TimeSpan.FromHours(3), null, Carol, Now)], Given().When(Spent(TimeSpan.FromHours(3))).Events.ToArray());
        Assert.Equal<CrisisEvent>(
            [new CrisisEvent.TimeSpent(Dave, TimeSpan.FromMinutes(90), "log review", Carol, Now)],
            Given().When(Spent(TimeSpan.FromMinutes(90), Dave, " log review ")).Events.ToArray());
    }

    [Fact]
    public void Time_is_summed_per_person_most_first_and_in_all()
    {
        var record = Given()
            .Then(Spent(TimeSpan.FromHours(1)))
            .Then(Spent(TimeSpan.FromHours(2), Dave))
            .Then(Spent(TimeSpan.FromMinutes(90), by: Carol))
            .Then(Spent(TimeSpan.FromMinutes(30), Bob, by: Bob))
            .State.Record;

        Assert.Equal([(Carol, TimeSpan.FromMinutes(150)), (Dave, TimeSpan.FromHours(2)), (Bob, TimeSpan.FromMinutes(30))], record.TimeByPerson);
        Assert.Equal(TimeSpan.FromHours(5), record.TotalTimeSpent);
    }

    [Theory]
    [InlineData(0, "That is no time at all")]
    [InlineData(-180, "Time spent cannot be negative")]
    [InlineData(24 * 60 + 1, "That is more than 24 hours in one entry. Record each day's time on its own")]
    public void A_zero_negative_or_absurd_amount_is_refused(int minutes, string expected)
    {
        Assert.StartsWith(expected, AssertRefused(Given().When(Spent(TimeSpan.FromMinutes(minutes)))));
    }

    [Fact]
    public void A_whole_day_is_accepted()
    {
        Assert.True(Given().When(Spent(TimeSpan.FromHours(24))).IsAccepted);
    }

    [Fact]
    public void Nothing_is_parked_or_spent_on_a_crisis_that_was_never_opened()
    {
        var never = Crisis.NotOpened(Id);

        Assert.Equal("That crisis has not been opened.", AssertRefused(Parked()(never)));
        Assert.Equal("That crisis has not been opened.", AssertRefused(Spent(TimeSpan.FromHours(1))(never)));
    }
}
