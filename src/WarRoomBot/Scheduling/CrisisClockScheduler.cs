using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Quartz;
using WarRoomBot.Crises;
using WarRoomBot.Features;
using WarRoomBot.Storage;

namespace WarRoomBot.Scheduling;

/// <summary>Told about every change to a crisis, so the crisis clock wakes when it next needs to.</summary>
public interface ICrisisClockSchedule
{
    Task TrackAsync(Crisis crisis, CancellationToken ct);

    /// <summary>The crisis's trigger fired, so it has none until the next <see cref="TrackAsync"/> sets one.</summary>
    void Fired(CrisisId crisis)
    {
    }
}

/// <summary>
/// One Quartz trigger per crisis the clock has work for within <see cref="CrisisClockScheduler.SweepAhead"/>, set to
/// <see cref="CrisisClock.NextWake"/>. A later wake gets its trigger from a sweep, which every five minutes sets those due
/// within ten: a workspace's open crises do not each hold a trigger for a reminder hours away, and opening a crisis, whose
/// first wake is its first update's reminder, asks nothing of Quartz (its schedule took 4% of an opening's CPU).
/// </summary>
public sealed class CrisisClockTriggers(ISchedulerFactory quartz, TimeProvider time, IOptions<WarRoomOptions> options) : ICrisisClockSchedule
{
    /// <summary>
    /// The time each crisis's trigger is set to, as set here; a crisis leaves when its trigger fires or is removed. Most
    /// commands leave the next wake where it was: replacing the trigger anyway re-sorted Quartz's triggers and woke its
    /// scheduling thread on every command, and asking Quartz for the trigger to compare took its lock and a copy of the
    /// trigger, 2% of a command's CPU under load (perf, <c>theory</c>).
    /// </summary>
    private readonly ConcurrentDictionary<CrisisId, DateTimeOffset> set = new();

    public void Fired(CrisisId crisis) => set.TryRemove(crisis, out _);

    public async Task TrackAsync(Crisis crisis, CancellationToken ct)
    {
        var wake = CrisisClock.NextWake(crisis, options.Value.ToClockPolicy());
        if (wake > time.GetUtcNow() + CrisisClockScheduler.SweepAhead)
            wake = null;
        if (wake is { } at ? set.TryGetValue(crisis.Id, out var current) && current == at : !set.ContainsKey(crisis.Id))
            return;

        var scheduler = await quartz.GetScheduler(ct);
        var key = new TriggerKey($"crisis-{crisis.Id}", CrisisClockScheduler.Job.Group);
        if (wake is null)
        {
            // Forgotten first: a removal that fails leaves a trigger whose run finds nothing due and sets the next.
            set.TryRemove(crisis.Id, out _);
            await scheduler.UnscheduleJob(key, ct);
            return;
        }

        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(key)
            .ForJob(CrisisClockScheduler.Job)
            .UsingJobData(CrisisClockJob.CrisisKey, crisis.Id.Number)
            .StartAt(wake.Value)

            // Late is better than never: a trigger that could not fire on time (a busy pool, a time already passed) fires at once.
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(trigger, new ScheduleJobOptions { Replace = true }, ct);
        set[crisis.Id] = wake.Value;
    }
}

/// <summary>
/// DESIGN "Scheduling" and "Clock": Quartz does the timing, the store says what is due. One clock serves every
/// clock-driven rule (deadlines, business updates): when a crisis's trigger fires, the crisis is loaded and
/// <see cref="CrisisClock.Tick"/> decides with the current time what happened, through the same version-checked
/// <see cref="CrisisTimeline"/> as every command. Triggers live in memory and are rebuilt from the store's
/// <see cref="ICrisisStore.DueByAsync"/>, so a restart loses nothing: a time that passed while the bot was down fires
/// at once, late, and is recorded once however often it fires.
/// </summary>
public sealed class CrisisClockScheduler(
    CrisisTimeline timeline, ICrisisStore store, ICrisisClockSchedule triggers, IOptions<WarRoomOptions> options)
{
    public static readonly JobKey Job = new("crisis-clock", "crisis-clock");

    public static readonly JobKey Sweep = new("crisis-clock-sweep", "crisis-clock");

    public static readonly JobKey DuePoll = new("crisis-clock-due-poll", "crisis-clock");

    /// <summary>
    /// With a store several replicas share, how often each replica runs what is due now: a crisis changed by another
    /// replica has no trigger here, and one whose replica died has none anywhere, so this bounds how late either runs.
    /// </summary>
    public static readonly TimeSpan SharedPollInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The sweep runs at start (rebuilding the triggers from the store) and then this often: it sets the trigger of a wake
    /// that was beyond <see cref="SweepAhead"/> when its command ran, and catches up from the store a trigger lost to a failed
    /// reschedule within minutes.
    /// </summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far ahead each sweep sets triggers: two intervals, so a wake just past one sweep's horizon already has its
    /// trigger when the next sweep starts late or takes long over many crises.
    /// </summary>
    public static readonly TimeSpan SweepAhead = 2 * SweepInterval;

    /// <summary>Runs a crisis whose trigger fired: it has no trigger now, whatever the wake it was set to.</summary>
    public Task<int> RunFiredAsync(CrisisId id, CancellationToken ct)
    {
        triggers.Fired(id);
        return RunDueAsync(id, ct);
    }

    /// <summary>Records whatever the passing of time did to one crisis; returns how many events that was.</summary>
    public async Task<int> RunDueAsync(CrisisId id, CancellationToken ct)
    {
        var policy = options.Value.ToClockPolicy();
        var decided = await timeline.DecideAsync(id, (crisis, now) => Decision.Accept([.. CrisisClock.Tick(crisis, policy, now)]), ct);
        if (decided is null)
            return 0;

        // Nothing was due: the timeline appended nothing, so neither the stored wake nor the trigger moved. Both are set
        // here, or a stale wake (a file from before the index, a changed policy) would bring the crisis back every sweep.
        if (decided.Decision.Events.IsEmpty)
        {
            await store.IndexAsync(decided.Crisis, decided.Version, ct);
            await triggers.TrackAsync(decided.Crisis, ct);
        }

        return decided.Decision.Events.Length;
    }

    /// <summary>Runs every crisis due now: the shared store's poll, and what tests call to settle.</summary>
    public async Task<int> RunAllDueAsync(CancellationToken ct)
    {
        var recorded = 0;
        foreach (var id in await store.DueByAsync(timeline.Now, ct))
            recorded += await RunDueAsync(id, ct);
        return recorded;
    }

    /// <summary>
    /// Runs what is due now and sets the trigger of every crisis due within <see cref="SweepAhead"/>; crises due later
    /// are not loaded, however many are open. Those only due soon are tracked, not run: nothing is due there to write,
    /// so after a restart with many crises the writer stays free for what is due (a wake a changed policy made stale is
    /// set right when it comes due).
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = timeline.Now;
        var due = await store.DueByAsync(now, ct);
        var soon = await store.DueByAsync(now + SweepAhead, ct);
        var recorded = 0;
        foreach (var id in due)
            recorded += await RunDueAsync(id, ct);
        foreach (var id in soon.Except(due))
        {
            if (await timeline.LoadAsync(id, ct) is { } crisis)
                await triggers.TrackAsync(crisis, ct);
        }

        return recorded;
    }
}

/// <summary>The Quartz job behind every crisis's trigger.</summary>
public sealed class CrisisClockJob(CrisisClockScheduler scheduler) : IJob
{
    public const string CrisisKey = "crisis";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) =>
        await scheduler.RunFiredAsync(new CrisisId(context.MergedJobDataMap.GetInt(CrisisKey)), ct);
}

/// <summary>The Quartz job that rebuilds the schedule from the store: at start, and every <see cref="CrisisClockScheduler.SweepInterval"/>.</summary>
public sealed partial class CrisisClockSweepJob(CrisisClockScheduler scheduler, ILogger<CrisisClockSweepJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        try
        {
            await scheduler.SweepAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next sweep tries again; until then the triggers already scheduled keep firing.
            LogSweepFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The crisis clock's sweep could not read the store; it runs again at the next interval")]
    private partial void LogSweepFailed(Exception e);
}

/// <summary>
/// With a store several replicas share, the Quartz job that runs what is due now, every
/// <see cref="CrisisClockScheduler.SharedPollInterval"/>. Two replicas running the same crisis record it once: the
/// timeline's version check lets one append win, and the other finds nothing left to do.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class CrisisClockDuePollJob(CrisisClockScheduler scheduler, ILogger<CrisisClockDuePollJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        try
        {
            await scheduler.RunAllDueAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPollFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The crisis clock could not run what is due from the shared store; it looks again in a few seconds")]
    private partial void LogPollFailed(Exception e);
}
