using Microsoft.Extensions.DependencyInjection;
using Quartz;
using WarRoomBot.Scheduling;
using WarRoomBot.Tests.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Replicas on one PostgreSQL database: a crisis can fall due on a replica that never heard of the change that set its
/// time (another replica made it, then died). The replica's poll of the store is what runs it.
/// </summary>
public sealed class SharedStoreClockTests
{
    [PostgresFact]
    public async Task A_deadline_this_replica_holds_no_trigger_for_is_posted_within_seconds_of_falling_due()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var app = await WarRoomApp.StartAsync(new() { ["Storage:Provider"] = "Postgres", ["Storage:ConnectionString"] = database.ConnectionString });
        await app.CrisisAsync("open Checkout freezes sev1 customer: Acme Retail");
        await app.SettleAsync();
        var tech = app.Slack.Workspace.ChannelNamed("crisis-1-checkout-freezes")!;
        await app.CrisisAsync("deadline Get heap dump from store 114 by 18m", channel: tech.Id);
        await app.SettleAsync();

        // Past the last five-minute sweep before the deadline, which would set the trigger again.
        await app.AdvanceAsync(TimeSpan.FromMinutes(16));
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var triggers = await scheduler.GetTriggersOfJob(CrisisClockScheduler.Job);
        Assert.Contains(triggers, t => t.Key.Name == "crisis-1");
        await scheduler.UnscheduleJobs([.. triggers.Select(t => t.Key)]);

        app.Time.Advance(TimeSpan.FromMinutes(2));

        // Nothing here asks the clock or the publisher to run, and this replica holds no trigger for the crisis.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var due = await app.Slack.Workspace.WaitForMessageAsync(tech.Id, m => m.VisibleText.Contains("D1 is due"), patience.Token);
        Assert.Contains("Get heap dump from store 114", due.VisibleText);
    }
}
