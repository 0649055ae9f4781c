using Microsoft.Extensions.Options;
using Quartz;
using WarRoomBot.Crises;
using WarRoomBot.Features;
using WarRoomBot.Scheduling;
using WarRoomBot.Slack.Api;
using WarRoomBot.Slack.Blocks;
using WarRoomBot.Slack.Publishing;
using WarRoomBot.Storage;

namespace WarRoomBot.Sandbox;

/// <summary>
/// The sandbox page's clock control: moves the bot's time on as if that time had passed. Every deadline reminder, due
/// post, escalation and digest that falls within the step is recorded at its own time, in order, once, and posted
/// before the clock moves past it, so a digest says what it would have said then (not that it is late) and a reminder
/// says "in 10 minutes". Never one late digest standing for many.
/// </summary>
public sealed class SandboxTime(
    SandboxClock clock,
    ICrisisStore store,
    CrisisTimeline timeline,
    CrisisClockScheduler crisisClock,
    SlackPublisher publisher,
    ISchedulerFactory quartz,
    IOptions<WarRoomOptions> options,
    IHostApplicationLifetime lifetime,
    [FromKeyedServices(SlackApiState.ClockKey)] TimeProvider slackClock)
{
    /// <summary>The longest step: a deadline is at most a week out, so a week shows every kind of thing the clock does.</summary>
    public static readonly TimeSpan MaxStep = TimeSpan.FromDays(7);

    /// <summary>
    /// How long one stop on the way waits for Slack to take what it produced. Slack that is down or slow must not hang
    /// the page: once a wait runs out the walk stops waiting for Slack, and what is queued goes out when Slack answers,
    /// as it would after an outage (late, and saying so).
    /// </summary>
    private static readonly TimeSpan SlackWait = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim one = new(1, 1);

    /// <summary>
    /// Moves the clock on by <paramref name="by"/>, stopping at each time a crisis's clock wakes on the way; returns the
    /// new time. Two steps asked for at once are taken one after the other, so two "+1 h" move the clock two hours.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The step is not positive or is longer than <see cref="MaxStep"/>; the message says so in words a page can show.</exception>
    public async Task<DateTimeOffset> AdvanceAsync(TimeSpan by, CancellationToken ct)
    {
        if (by <= TimeSpan.Zero || by > MaxStep)
        {
            // The message alone, without the parameter name and value the other constructors append: the page shows it.
            throw new ArgumentOutOfRangeException(
                by <= TimeSpan.Zero
                    ? "The sandbox clock only moves forward: choose a step such as 10 minutes, 1 hour or 1 day."
                    : $"The sandbox clock moves at most {Mrkdwn.Duration(MaxStep)} at a time, not {Mrkdwn.Duration(by)}: move it in steps.",
                innerException: null);
        }

        await one.WaitAsync(ct);
        try
        {
            var target = clock.GetUtcNow() + by;

            // What is due already is recorded at this time, before the clock leaves it.
            var slackKeepsUp = await RunDueAsync(waitForSlack: true, ct);
            while (await NextWakeAsync(target, ct) is { } wake)
            {
                clock.JumpTo(wake);
                slackKeepsUp = await RunDueAsync(slackKeepsUp, ct);
            }

            clock.JumpTo(target);
            await RunDueAsync(slackKeepsUp, ct);
            await WakeQuartzAsync(ct);
            return clock.GetUtcNow();
        }
        finally
        {
            one.Release();
        }
    }

    /// <summary>
    /// The earliest time after now and not after <paramref name="target"/> at which some crisis's clock wakes. The store
    /// says which crises wake by then; each one's own clock says exactly when, since a stored wake can be stale.
    /// </summary>
    private async Task<DateTimeOffset?> NextWakeAsync(DateTimeOffset target, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var policy = options.Value.ToClockPolicy();
        DateTimeOffset? earliest = null;
        foreach (var id in await store.DueByAsync(target, ct))
        {
            // A wake not after now was run at now; one the clock could not act on must not stop the walk from moving on.
            if (await timeline.LoadAsync(id, ct) is { } crisis
                && CrisisClock.NextWake(crisis, policy) is { } wake && wake > now && wake <= target && (earliest is null || wake < earliest))
                earliest = wake;
        }

        return earliest;
    }

    /// <summary>
    /// Records what is due now through the same scheduler the Quartz jobs call, then lets the publisher post it while
    /// the clock still reads this time; false when Slack did not take all of it within <see cref="SlackWait"/>.
    /// </summary>
    /// <remarks>
    /// Quartz may fire a trigger for the same crisis meanwhile, or late after the jump; the timeline is version-checked,
    /// so whichever runs second finds nothing left to record.
    /// </remarks>
    private async Task<bool> RunDueAsync(bool waitForSlack, CancellationToken ct)
    {
        await crisisClock.RunAllDueAsync(ct);
        if (!waitForSlack)
            return false;

        // The drain is not cancelled by the page going away, nor when the wait runs out: a post cut off mid-call could be
        // made in Slack without being recorded, and be made twice. Only the host stopping ends it, as it ends the publisher.
        var drain = publisher.DrainAsync(lifetime.ApplicationStopping);
        try
        {
            // Posts Slack refused for now are retried by the publisher; later stops do not wait for them again.
            return await drain.WaitAsync(SlackWait, slackClock, ct) == 0;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Quartz 4.7 runs on the container's <see cref="TimeProvider"/> (this clock) and waits between looks on that clock's
    /// timers, which run on real durations here: a jump does not end a wait. A look happens at most its idle wait
    /// (30 seconds) after the last, and takes only triggers due within that of it, so without a nudge a trigger due just
    /// after the jump could fire up to half a minute late; one further ahead fires on time, because triggers hold sandbox
    /// times and every wait is worked out from now. Triggering the sweep stores a trigger due now, which wakes the loop at
    /// once; it looks from the new time, and the sweep sets the triggers of every crisis due soon.
    /// </summary>
    private async Task WakeQuartzAsync(CancellationToken ct)
    {
        var scheduler = await quartz.GetScheduler(ct);
        await scheduler.TriggerJob(CrisisClockScheduler.Sweep, ct);
    }
}
