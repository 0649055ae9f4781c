using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using WarRoomBot.Crises;
using WarRoomBot.Features;
using WarRoomBot.Scheduling;
using WarRoomBot.Slack.Publishing;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// This process's writers to one crisis take turns, so a command never loses its append to the publisher recording
/// Slack's answers (it once could, five times running, and was answered "nothing was recorded").
/// </summary>
public sealed class CrisisTurnsTests
{
    private static readonly CrisisId Crisis = new(1);
    private static readonly DateTimeOffset T = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);
    private static readonly UserId Alice = new("U0ALICE");

    [Fact]
    public async Task A_second_writer_waits_for_the_first_to_finish_and_writers_to_other_crises_do_not()
    {
        var turns = new CrisisTurns();
        var first = await turns.TakeAsync(Crisis, CancellationToken.None);

        var second = turns.TakeAsync(Crisis, CancellationToken.None);
        var other = turns.TakeAsync(new CrisisId(2), CancellationToken.None);

        Assert.False(second.IsCompleted);
        Assert.True(other.IsCompleted);
        first.Dispose();
        (await second).Dispose();
        (await other).Dispose();
    }

    [Fact]
    public async Task A_writer_that_gives_up_waiting_leaves_the_queue_and_the_next_one_still_gets_its_turn()
    {
        var turns = new CrisisTurns();
        var first = await turns.TakeAsync(Crisis, CancellationToken.None);
        using var impatient = new CancellationTokenSource();
        var cancelled = turns.TakeAsync(Crisis, impatient.Token);
        var patient = turns.TakeAsync(Crisis, CancellationToken.None);

        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        first.Dispose();

        (await patient).Dispose();
        (await turns.TakeAsync(Crisis, CancellationToken.None)).Dispose();
    }

    [Fact]
    public async Task A_command_loads_the_crisis_only_once_the_writer_before_it_has_appended_so_its_append_cannot_lose()
    {
        var store = Substitute.For<ICrisisStore>();
        CrisisEvent[] opening = [new CrisisEvent.Opened("Checkout freezes", Severity.Sev1, "Acme Retail", Alice, Alice, null, null,
            ValueList<UserId>.Empty, ValueList<UserId>.Empty, true, T.AddMinutes(30), T)];
        store.LoadAsync(Crisis, Arg.Any<CancellationToken>()).Returns(new CrisisHistory(Crisis, 1, opening));
        store.AppendAsync(Crisis, 1, Arg.Any<IReadOnlyList<CrisisEvent>>(), Arg.Any<Crisis>(), Arg.Any<CancellationToken>()).Returns(2);
        var turns = new CrisisTurns();
        var timeline = new CrisisTimeline(
            store, turns, new FakeTimeProvider(T), Substitute.For<IPublisherSignal>(), Substitute.For<ICrisisClockSchedule>(), NullLogger<CrisisTimeline>.Instance);

        // The publisher is recording what Slack did for this crisis.
        var publisher = await turns.TakeAsync(Crisis, CancellationToken.None);
        var command = timeline.DecideAsync(Crisis, (_, now) => Decision.Accept(new CrisisEvent.OpenerNotified(now)), CancellationToken.None);
        await store.DidNotReceive().LoadAsync(Crisis, Arg.Any<CancellationToken>());

        publisher.Dispose();
        var decided = await command;

        Assert.NotNull(decided);
        Assert.Equal(2, decided.Version);
        await store.Received(1).LoadAsync(Crisis, Arg.Any<CancellationToken>());
    }
}
