using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using WarRoomBot.Crises;
using WarRoomBot.Features;
using WarRoomBot.Features.Record;
using WarRoomBot.Scheduling;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Publishing;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// The record's handler against a store that another writer beats to one precise append: numbers are handed out from the
/// record as it is when the append lands, so two people typing at once never get the same F1, Q1 or A1.
/// </summary>
public sealed class RecordHandlerTests
{
    private static readonly CrisisId Id = new(7);
    private static readonly ChannelId Tech = new("C0TECH");
    private static readonly UserId Alice = new("U0ALICE");
    private static readonly UserId Carol = new("U0CAROL");
    private static readonly UserId Dave = new("U0DAVE");
    private static readonly DateTimeOffset Opened = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);

    private static readonly CrisisEvent[] Opening =
    [
        new CrisisEvent.Opened("Checkout freezes", Severity.Sev1, "Acme Retail", Alice, Alice, null, null, ValueList<UserId>.Empty,
            ValueList<UserId>.Empty, BusinessChannelIsPrivate: true, FirstUpdateDue: Opened.AddMinutes(30), At: Opened),
        new CrisisEvent.ChannelCreated(ChannelKind.Technical, Tech, "crisis-7-checkout-freezes", Opened),
    ];

    [Fact]
    public async Task A_fact_that_loses_the_race_to_another_is_decided_again_and_recorded_as_F2()
    {
        var davesFact = new CrisisEvent.FactRecorded(new FactId(1), "Store 12 froze at 02:14", "the till log", Dave, Opened.AddMinutes(1));
        var (store, appended) = StoreWhereAnotherWriterWinsFirst(davesFact);

        var reply = await Handler(store).HandleAsync(new CrisisCommand.Fact("Only firmware 4.2 freezes", "the POS export"), Carol, Tech, CancellationToken.None);

        Assert.StartsWith(":pushpin: Recorded *F2*: Only firmware 4.2 freezes", reply.Text);
        var recorded = Assert.IsType<CrisisEvent.FactRecorded>(Assert.Single(appended));
        Assert.Equal((new FactId(2), "Only firmware 4.2 freezes", "the POS export", Carol), (recorded.Fact, recorded.Statement, recorded.Source, recorded.By));
    }

    [Fact]
    public async Task A_request_that_loses_the_race_is_A2_and_counts_the_other_request_as_open()
    {
        var davesAsk = new CrisisEvent.CustomerAsked(new AskId(1), "The router config", "only their admin has it", false, Dave, Opened.AddMinutes(1));
        var (store, appended) = StoreWhereAnotherWriterWinsFirst(davesAsk);

        var reply = await Handler(store).HandleAsync(new CrisisCommand.Ask("A capture from store 12", "we cannot reach their LAN", false), Carol, Tech, CancellationToken.None);

        Assert.StartsWith(":raised_hand: Recorded *A2*", reply.Text);
        Assert.Equal(new AskId(2), Assert.IsType<CrisisEvent.CustomerAsked>(Assert.Single(appended)).Ask);
    }

    /// <summary>
    /// A store holding the opened crisis, whose first append fails because <paramref name="first"/> got in before it; the
    /// events of the append that then succeeds are collected.
    /// </summary>
    private static (ICrisisStore Store, List<CrisisEvent> Appended) StoreWhereAnotherWriterWinsFirst(CrisisEvent first)
    {
        var appended = new List<CrisisEvent>();
        var store = Substitute.For<ICrisisStore>();
        store.CrisisForChannelAsync(Tech, Arg.Any<CancellationToken>()).Returns(Id);
        store.LoadAsync(Id, Arg.Any<CancellationToken>()).Returns(
            new CrisisHistory(Id, Opening.Length, Opening),
            new CrisisHistory(Id, Opening.Length + 1, [.. Opening, first]));
        store.AppendAsync(Id, Opening.Length, Arg.Any<IReadOnlyList<CrisisEvent>>(), Arg.Any<Crisis>(), Arg.Any<CancellationToken>())
            .Returns<int>(_ => throw new ConcurrencyConflictException(Id, Opening.Length));
        store.AppendAsync(Id, Opening.Length + 1, Arg.Do<IReadOnlyList<CrisisEvent>>(appended.AddRange), Arg.Any<Crisis>(), Arg.Any<CancellationToken>())
            .Returns(Opening.Length + 2);
        return (store, appended);
    }

    private static RecordHandler Handler(ICrisisStore store) => new(new CrisisTimeline(
        store, new CrisisTurns(), new FakeTimeProvider(Opened.AddMinutes(2)), Substitute.For<IPublisherSignal>(), Substitute.For<ICrisisClockSchedule>(),
        NullLogger<CrisisTimeline>.Instance));
}
