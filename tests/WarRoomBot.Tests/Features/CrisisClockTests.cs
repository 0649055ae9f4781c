using Microsoft.Extensions.DependencyInjection;
using Quartz;
using WarRoomBot.Crises;
using WarRoomBot.Scheduling;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Playbook §9 and §11: one crisis clock wakes for deadlines and business updates alike. These specs read the clock's
/// decisions on the stored timeline, each once and on time; BusinessUpdateTests shows what people then see in Slack.
/// </summary>
public sealed class CrisisClockTests
{
    private static readonly DateTimeOffset T = WarRoomApp.Start;
    private static readonly CrisisId First = new(1);

    [Fact]
    public async Task A_sev1_crisis_reminds_its_owner_at_20_minutes_and_sends_its_first_digest_at_30()
    {
        await using var app = await WarRoomApp.StartAsync();
        await app.CrisisAsync("open Checkout freezes sev1 customer: Acme Retail");
        await app.SettleAsync();

        await app.AdvanceAsync(TimeSpan.FromMinutes(19));
        Assert.Empty(Of<CrisisEvent.UpdateApproaching>(await TimelineAsync(app)));

        await app.AdvanceAsync(TimeSpan.FromMinutes(1));
        var reminder = Assert.Single(Of<CrisisEvent.UpdateApproaching>(await TimelineAsync(app)));
        Assert.Equal((T.AddMinutes(30), T.AddMinutes(20)), (reminder.Due, reminder.At));

        await app.AdvanceAsync(TimeSpan.FromMinutes(9));
        Assert.Empty(Of<CrisisEvent.BusinessUpdateGiven>(await TimelineAsync(app)));

        await app.AdvanceAsync(TimeSpan.FromMinutes(1));
        var timeline = await TimelineAsync(app);
        var digest = Assert.Single(Of<CrisisEvent.BusinessUpdateGiven>(timeline));
        Assert.Equal((UpdateKind.Digest, T.AddMinutes(30), T.AddMinutes(30)), (digest.Kind, digest.WasDue, digest.At));
        Assert.Single(Of<CrisisEvent.UpdateApproaching>(timeline));
    }

    [Fact]
    public async Task A_first_update_reminder_beyond_the_sweeps_reach_gets_its_clock_from_the_sweep_that_comes_within_it()
    {
        await using var app = await WarRoomApp.StartAsync();
        await app.CrisisAsync("open Checkout freezes sev1 customer: Acme Retail");
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var key = new TriggerKey("crisis-1", CrisisClockScheduler.Job.Group);

        // The reminder is 20 minutes away; sweeps set what is due within ten, every five.
        Assert.Null(await scheduler.GetTrigger(key));
        app.Time.Advance(CrisisClockScheduler.SweepInterval);
        await app.Services.GetRequiredService<CrisisClockScheduler>().SweepAsync(CancellationToken.None);
        Assert.Null(await scheduler.GetTrigger(key));
        app.Time.Advance(CrisisClockScheduler.SweepInterval);
        await app.Services.GetRequiredService<CrisisClockScheduler>().SweepAsync(CancellationToken.None);

        Assert.Equal(T.AddMinutes(20), (await scheduler.GetTrigger(key))?.StartTimeUtc);
    }

    [Fact]
    public async Task A_command_that_brings_the_next_wake_within_the_sweeps_reach_sets_the_clock_at_once()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        var scheduler = await room.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var key = new TriggerKey("crisis-1", CrisisClockScheduler.Job.Group);
        Assert.Null(await scheduler.GetTrigger(key));

        await room.CrisisAsync("deadline Get heap dump from store 114 by 8m");

        var crisis = (await room.App.Services.GetRequiredService<ICrisisStore>().LoadAsync(new CrisisId(1), CancellationToken.None))!.Fold();
        var wake = CrisisClock.NextWake(crisis, room.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WarRoomOptions>>().Value.ToClockPolicy());
        Assert.InRange(wake!.Value, room.App.Time.GetUtcNow(), room.App.Time.GetUtcNow().AddMinutes(8));
        Assert.Equal(wake, (await scheduler.GetTrigger(key))?.StartTimeUtc);
    }

    [Fact]
    public async Task A_deadline_and_the_business_update_falling_due_together_are_both_recorded_at_that_time()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync("deadline Get heap dump from store 114 by 30m");
        await room.App.SettleAsync();

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(20));
        var reminded = await TimelineAsync(room.App);
        Assert.Equal(T.AddMinutes(20), Assert.Single(Of<CrisisEvent.DeadlineApproaching>(reminded)).At);
        Assert.Equal(T.AddMinutes(20), Assert.Single(Of<CrisisEvent.UpdateApproaching>(reminded)).At);

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(10));
        var due = await TimelineAsync(room.App);
        Assert.Equal(T.AddMinutes(30), Assert.Single(Of<CrisisEvent.DeadlineFellDue>(due)).At);
        Assert.Equal(T.AddMinutes(30), Assert.Single(Of<CrisisEvent.BusinessUpdateGiven>(due)).At);
        Assert.Single(room.InTech("D1 is due"));
    }

    [Fact]
    public async Task The_trigger_and_the_sweep_running_at_once_record_the_digest_once()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.StopTheClockAsync();
        room.App.Time.Advance(TimeSpan.FromMinutes(30));

        var clock = room.App.Services.GetRequiredService<CrisisClockScheduler>();
        var recorded = await Task.WhenAll(
            clock.RunDueAsync(First, CancellationToken.None),
            clock.SweepAsync(CancellationToken.None),
            clock.RunDueAsync(First, CancellationToken.None),
            clock.RunAllDueAsync(CancellationToken.None));

        var digest = Assert.Single(Of<CrisisEvent.BusinessUpdateGiven>(await TimelineAsync(room.App)));
        Assert.Equal(T.AddMinutes(30), digest.WasDue);
        Assert.Equal(1, recorded.Sum());
    }

    [Fact]
    public async Task Stopped_before_the_first_update_and_started_after_it_the_digest_is_sent_once_late()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(10));

        await room.StopTheClockAsync();
        room.App.Time.Advance(TimeSpan.FromMinutes(40));
        await room.App.RestartAsync();
        await room.App.SettleAsync();
        await room.App.RestartAsync();
        await room.App.SettleAsync();

        var timeline = await TimelineAsync(room.App);
        var digest = Assert.Single(Of<CrisisEvent.BusinessUpdateGiven>(timeline));
        Assert.Equal((T.AddMinutes(30), T.AddMinutes(50)), (digest.WasDue, digest.At));

        // The reminder's time passed while the bot was down: the digest itself is what is owed now, not a reminder of it.
        Assert.Empty(Of<CrisisEvent.UpdateApproaching>(timeline));
    }

    [Fact]
    public async Task After_a_restart_the_sweep_sets_the_clock_of_crises_due_within_two_sweeps_and_of_no_others()
    {
        await using var app = await WarRoomApp.StartAsync();
        await app.CrisisAsync("open Checkout freezes sev1");
        await app.CrisisAsync("open Invoices are late sev4");
        await app.SettleAsync();
        app.Time.Advance(TimeSpan.FromMinutes(11));

        await app.RestartAsync();
        await app.Services.GetRequiredService<CrisisClockScheduler>().SweepAsync(CancellationToken.None);

        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.Equal(T.AddMinutes(20), (await scheduler.GetTrigger(new TriggerKey("crisis-1", CrisisClockScheduler.Job.Group)))?.StartTimeUtc);
        Assert.Null(await scheduler.GetTrigger(new TriggerKey("crisis-2", CrisisClockScheduler.Job.Group)));
    }

    private static async Task<IReadOnlyList<CrisisEvent>> TimelineAsync(WarRoomApp app) =>
        (await app.Services.GetRequiredService<ICrisisStore>().LoadAsync(First, CancellationToken.None))!.Events;

    private static List<TEvent> Of<TEvent>(IEnumerable<CrisisEvent> timeline) => [.. timeline.OfType<TEvent>()];
}
