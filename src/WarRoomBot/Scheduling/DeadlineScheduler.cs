using Microsoft.Extensions.Options;
using Quartz;
using WarRoomBot.Crises;
using WarRoomBot.Features;
using WarRoomBot.Storage;

namespace WarRoomBot.Scheduling;

/// <summary>Told about every change to a crisis's deadlines, so the clock wakes when the next one needs it.</summary>
public interface IDeadlineSchedule
{
    Task TrackAsync(Crisis crisis, CancellationToken ct);
}

/// <summary>One Quartz trigger per crisis with an open deadline, set to <see cref="DeadlineClock.NextWake"/>.</summary>
public sealed class DeadlineTriggers(ISchedulerFactory quartz, TimeProvider time, IOptions<WarRoomOptions> options) : IDeadlineSchedule
{
    public async Task TrackAsync(Crisis crisis, CancellationToken ct)
    {
        var scheduler = await quartz.GetScheduler(ct);
        var key = new TriggerKey($"crisis-{crisis.Id}", DeadlineScheduler.Job.Group);
        if (DeadlineClock.NextWake(crisis, options.Value.Deadlines.ToPolicy()) is not { } wake)
        {
            await scheduler.UnscheduleJob(key, ct);
            return;
        }

        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(key)
            .ForJob(DeadlineScheduler.Job)
            .UsingJobData(DeadlineJob.CrisisKey, crisis.Id.Number)
            .StartAt(wake)

            // Late is better than never: a trigger that could not fire on time (a busy pool, a time already passed) fires at once.
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(trigger, new ScheduleJobOptions { Replace = true }, ct);
    }
}

/// <summary>
/// DESIGN "Scheduling": Quartz does the timing, the store says what is due. When a crisis's trigger fires, the crisis
/// is loaded and <see cref="DeadlineClock.Tick"/> decides with the current time what happened, through the same
/// version-checked <see cref="CrisisTimeline"/> as every command. Triggers live in memory and are rebuilt from the
/// store at start, so a restart loses nothing: a time that passed while the bot was down fires at once, late, and is
/// recorded once however often it fires.
/// </summary>
public sealed class DeadlineScheduler(CrisisTimeline timeline, ICrisisStore store, IDeadlineSchedule triggers, IOptions<WarRoomOptions> options)
{
    public static readonly JobKey Job = new("deadline-clock", "deadlines");

    public static readonly JobKey Sweep = new("deadline-sweep", "deadlines");

    /// <summary>
    /// The sweep runs at start (rebuilding every trigger from the store) and then this often, as a safety net:
    /// a trigger lost to a failed reschedule is caught up from the store within minutes.
    /// </summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(5);

    /// <summary>Records whatever the passing of time did to one crisis's deadlines; returns how many events that was.</summary>
    public async Task<int> RunDueAsync(CrisisId id, CancellationToken ct)
    {
        var policy = options.Value.Deadlines.ToPolicy();
        var decided = await timeline.DecideAsync(id, (crisis, now) => Decision.Accept([.. DeadlineClock.Tick(crisis, policy, now)]), ct);
        if (decided is null)
            return 0;

        // Nothing was due: the timeline appended nothing and left the trigger alone, so set it to the next wake-up here.
        if (decided.Decision.Events.IsEmpty)
            await triggers.TrackAsync(decided.Crisis, ct);
        return decided.Decision.Events.Length;
    }

    /// <summary>Runs every crisis the clock still has work for: the sweep, and what tests call to settle.</summary>
    public async Task<int> RunAllDueAsync(CancellationToken ct)
    {
        var recorded = 0;
        foreach (var id in await store.AwaitingDeadlineClockAsync(ct))
            recorded += await RunDueAsync(id, ct);
        return recorded;
    }
}

/// <summary>The Quartz job behind every crisis's trigger.</summary>
public sealed class DeadlineJob(DeadlineScheduler scheduler) : IJob
{
    public const string CrisisKey = "crisis";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) =>
        await scheduler.RunDueAsync(new CrisisId(context.MergedJobDataMap.GetInt(CrisisKey)), ct);
}

/// <summary>The Quartz job that rebuilds the schedule from the store: at start, and every <see cref="DeadlineScheduler.SweepInterval"/>.</summary>
public sealed partial class DeadlineSweepJob(DeadlineScheduler scheduler, ILogger<DeadlineSweepJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        try
        {
            await scheduler.RunAllDueAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next sweep tries again; until then the triggers already scheduled keep firing.
            LogSweepFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The deadline sweep could not read the store; it runs again at the next interval")]
    private partial void LogSweepFailed(Exception e);
}
