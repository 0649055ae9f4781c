using Microsoft.Extensions.Options;
using Quartz;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Publishing;
using WarRoomBot.Storage;

namespace WarRoomBot.Scheduling;

/// <summary>Told about every change to a crisis's deadlines, so the clock wakes when the next one needs it.</summary>
public interface IDeadlineSchedule
{
    Task TrackAsync(Crisis crisis, CancellationToken ct);
}

/// <summary>
/// DESIGN "Scheduling": Quartz does the timing, the store says what is due. Each crisis with an open deadline has one
/// trigger, set to <see cref="DeadlineClock.NextWake"/>; when it fires, the crisis is loaded and
/// <see cref="DeadlineClock.Tick"/> decides with the current time what happened. Triggers live in memory and are rebuilt
/// from the store at start, so a restart loses nothing: a time that passed while the bot was down fires at once, late,
/// and the version-checked append records it once however often it fires.
/// </summary>
public sealed class DeadlineScheduler(
    ISchedulerFactory quartz,
    ICrisisStore store,
    TimeProvider time,
    IOptions<WarRoomOptions> options,
    IPublisherSignal publisher) : IDeadlineSchedule
{
    public static readonly JobKey Job = new("deadline-clock", "deadlines");

    public static readonly JobKey Sweep = new("deadline-sweep", "deadlines");

    /// <summary>
    /// The sweep runs at start (rebuilding every trigger from the store) and then this often, as a safety net:
    /// a trigger lost to a failed reschedule is caught up from the store within minutes.
    /// </summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(5);

    private const int MaxAttempts = 5;

    private DeadlinePolicy Policy => options.Value.Deadlines.ToPolicy();

    public async Task TrackAsync(Crisis crisis, CancellationToken ct)
    {
        var scheduler = await quartz.GetScheduler(ct);
        var key = new TriggerKey($"crisis-{crisis.Id}", Job.Group);
        if (DeadlineClock.NextWake(crisis, Policy) is not { } wake)
        {
            await scheduler.UnscheduleJob(key, ct);
            return;
        }

        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(key)
            .ForJob(Job)
            .UsingJobData(DeadlineJob.CrisisKey, crisis.Id.Number)
            .StartAt(wake)

            // Late is better than never: a trigger that could not fire on time (a busy pool, a time already passed) fires at once.
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(trigger, new ScheduleJobOptions { Replace = true }, ct);
    }

    /// <summary>Records whatever the passing of time did to one crisis's deadlines; returns how many events that was.</summary>
    public async Task<int> RunDueAsync(CrisisId id, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await store.LoadAsync(id, ct) is not { } history)
                return 0;
            var crisis = history.Fold();
            var happened = DeadlineClock.Tick(crisis, Policy, time.GetUtcNow());
            if (happened.IsEmpty)
            {
                await TrackAsync(crisis, ct);
                return 0;
            }

            try
            {
                await store.AppendAsync(id, history.Version, happened, ct);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Someone recorded an outcome meanwhile; decide again on what is there now.
                continue;
            }

            publisher.Notify();
            await TrackAsync(happened.Aggregate(crisis, Crisis.Evolve), ct);
            return happened.Length;
        }
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
