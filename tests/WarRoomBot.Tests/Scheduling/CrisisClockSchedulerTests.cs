using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Features;
using WarRoomBot.Scheduling;
using WarRoomBot.Slack.Publishing;
using WarRoomBot.Storage;
using WarRoomBot.Tests.Storage;

namespace WarRoomBot.Tests.Scheduling;

/// <summary>The crisis clock on a store file across stops and starts, with a fake clock and no Slack.</summary>
public sealed class CrisisClockSchedulerTests : IDisposable
{
    private static readonly DateTimeOffset T = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);
    private static readonly UserId Alice = new("U0ALICE");
    private static readonly CrisisId First = new(1);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string folder = Directory.CreateTempSubdirectory("warroom-clock-").FullName;
    private readonly FakeTimeProvider time = new(T);

    private string Database => Path.Combine(folder, "warroom.litedb");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Stopped_before_the_first_update_and_started_after_it_one_digest_is_recorded_late_however_often_the_clock_runs()
    {
        using (var before = Store())
            await before.OpenAsync([Opened()], None);

        time.Advance(TimeSpan.FromMinutes(50));
        using var store = Store();
        var (clock, _) = Clock(store);
        var recorded = await clock.SweepAsync(None) + await clock.SweepAsync(None) + await clock.RunDueAsync(First, None);

        var timeline = (await store.LoadAsync(First, None))!.Events;
        var digest = Assert.Single(timeline.OfType<CrisisEvent.BusinessUpdateGiven>());
        Assert.Equal((T.AddMinutes(30), T.AddMinutes(50)), (digest.WasDue, digest.At));
        Assert.Empty(timeline.OfType<CrisisEvent.UpdateApproaching>());
        Assert.Equal(1, recorded);
    }

    [Fact]
    public async Task A_crisis_whose_stored_wake_a_changed_policy_made_stale_is_run_by_the_first_sweep_and_then_left_until_its_wake()
    {
        // Stored under a 28-minute update reminder lead: its wake was 2 minutes after opening.
        var earlier = ClockPolicy.Default with { Updates = UpdatePolicy.Default with { ReminderLead = TimeSpan.FromMinutes(28) } };
        using (var before = Store(earlier))
            await before.OpenAsync([Opened()], None);
        time.Advance(TimeSpan.FromMinutes(5));
        using var store = Store();
        var (clock, tracked) = Clock(store);

        Assert.Equal(0, await clock.SweepAsync(None));

        // Nothing was due, and its wake (the reminder at 20 minutes) is stored: the sweep does not reload it at every pass.
        Assert.Empty(await store.DueByAsync(T.AddMinutes(20).AddSeconds(-1), None));
        Assert.Equal([First], await store.DueByAsync(T.AddMinutes(20), None));
        Assert.Equal([First], tracked);
    }

    private LiteDbCrisisStore Store(ClockPolicy? policy = null) => new(Database, time, () => policy ?? ClockPolicy.Default);

    private (CrisisClockScheduler Clock, List<CrisisId> Tracked) Clock(ICrisisStore store)
    {
        var triggers = new RecordedTriggers();
        var timeline = new CrisisTimeline(store, new CrisisTurns(), time, new NoPublisher(), triggers, NullLogger<CrisisTimeline>.Instance);
        return (new CrisisClockScheduler(timeline, store, triggers, Options.Create(new WarRoomOptions())), triggers.Tracked);
    }

    private static CrisisEvent.Opened Opened() =>
        new("Checkout freezes", Severity.Sev1, "Acme Retail", Alice, Alice, null, null,
            ValueList<UserId>.Empty, ValueList<UserId>.Empty, true, T.AddMinutes(30), T);

    private sealed class RecordedTriggers : ICrisisClockSchedule
    {
        public List<CrisisId> Tracked { get; } = [];

        public Task TrackAsync(Crisis crisis, CancellationToken ct)
        {
            Tracked.Add(crisis.Id);
            return Task.CompletedTask;
        }
    }

    private sealed class NoPublisher : IPublisherSignal
    {
        public void Notify(CrisisId crisis)
        {
        }
    }
}
