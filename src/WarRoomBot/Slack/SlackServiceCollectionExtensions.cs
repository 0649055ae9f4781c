using Microsoft.Extensions.Options;
using Quartz;
using WarRoomBot.Crises;
using WarRoomBot.Features;
using WarRoomBot.Features.Diagnosis;
using WarRoomBot.Features.OpenCrisis;
using WarRoomBot.Features.Status;
using WarRoomBot.Features.Watch;
using WarRoomBot.Scheduling;
using WarRoomBot.Slack.Api;
using WarRoomBot.Slack.Publishing;
using WarRoomBot.Slack.SocketMode;
using WarRoomBot.Storage;

namespace WarRoomBot.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>Slack settings and the token (checked at start-up), request verification, the Web API client and the publisher.</summary>
    public static IServiceCollection AddSlack(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlackOptions>()
            .Bind(configuration.GetSection(SlackOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => new SlackSignature(sp.GetRequiredService<IOptions<SlackOptions>>().Value.SigningSecret, sp.GetRequiredService<TimeProvider>()));
        services.AddSlackApi();
        services.AddSingleton<SlackTokenCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackTokenCheck>());

        services.AddSingleton<SlackDispatcher>();
        services.AddSingleton<SlackSteps>();
        services.AddSingleton<IChannelTurns, PacedChannels>();
        services.AddSingleton<SlackPublisher>();
        services.AddSingleton<IPublisherSignal>(sp => sp.GetRequiredService<SlackPublisher>());
        services.AddHostedService(sp => sp.GetRequiredService<SlackPublisher>());
        services.AddSingleton<SlackSideTasks>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackSideTasks>());
        if (!string.IsNullOrWhiteSpace(configuration[$"{SlackOptions.Section}:{nameof(SlackOptions.AppToken)}"]))
            services.AddSocketMode();
        return services;
    }

    /// <summary>The feature handlers, listed explicitly.</summary>
    public static IServiceCollection AddCrisisFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WarRoomOptions>()
            .Bind(configuration.GetSection(WarRoomOptions.Section))
            .Validate(o => o.Deadlines.ReminderLead >= TimeSpan.Zero, "WarRoom:Deadlines:ReminderLead must not be negative (e.g. 00:10:00).")
            .Validate(o => o.Deadlines.EscalateAfter > TimeSpan.Zero, "WarRoom:Deadlines:EscalateAfter must be positive (e.g. 00:15:00).")

            // A cadence of nothing would post a digest on every tick of the clock; a minute is the least a reader can use.
            .Validate(o => new[] { o.Cadence.Sev1, o.Cadence.Sev2, o.Cadence.Sev3, o.Cadence.Sev4 }.All(c => c >= TimeSpan.FromMinutes(1)),
                "WarRoom:Cadence:Sev1 to Sev4 must each be at least one minute (e.g. 00:30:00).")
            .Validate(o => o.Updates.ReminderLead >= TimeSpan.Zero, "WarRoom:Updates:ReminderLead must not be negative (e.g. 00:10:00).")
            .Validate(o => o.Updates.OutcomeMargin >= TimeSpan.Zero, "WarRoom:Updates:OutcomeMargin must not be negative (e.g. 00:05:00).")
            .Validate(o => o.Updates.MaxCadences >= 1, "WarRoom:Updates:MaxCadences must be at least 1 (e.g. 4).")
            .Validate(o => o.Updates.MaxAhead > TimeSpan.Zero, "WarRoom:Updates:MaxAhead must be positive (e.g. 1.00:00:00).")
            .Validate(o => o.Owner.AcceptWithin >= TimeSpan.FromMinutes(1), "WarRoom:Owner:AcceptWithin must be at least a minute (e.g. 00:15:00).")
            .Validate(o => o.Updates.WhileResolved >= TimeSpan.FromMinutes(1), "WarRoom:Updates:WhileResolved must be at least one minute (e.g. 04:00:00).")
            .Validate(o => new[] { o.Updates.WhileMitigated.Sev1, o.Updates.WhileMitigated.Sev2, o.Updates.WhileMitigated.Sev3, o.Updates.WhileMitigated.Sev4 }
                .All(t => t is null || t >= TimeSpan.FromMinutes(1)), "WarRoom:Updates:WhileMitigated:Sev1..Sev4 must each be at least one minute (e.g. 01:00:00).")
            .Validate(o => o.FollowUp.After >= TimeSpan.FromMinutes(1), "WarRoom:FollowUp:After must be at least one minute (e.g. 14.00:00:00).")

            // Invited people become members and are named in posts: a typo must stop start-up, not reach a kickoff.
            .Validate(o => o.DefaultResponders.All(UserId.IsSlackUserId), NotUserIds("WarRoom:DefaultResponders"))
            .Validate(o => o.DefaultExecutives.All(UserId.IsSlackUserId), NotUserIds("WarRoom:DefaultExecutives"))
            .ValidatePriority()
            .ValidateHeadline()
            .ValidateExpectations()
            .ValidateOnStart();
        services.AddSingleton<OpenCrisisHandler>();
        services.AddSingleton<CrisisTurns>();
        services.AddSingleton<CrisisTimeline>();
        services.AddSingleton<UserTimeZones>();
        services.AddSingleton<DiagnosisHandler>();
        services.AddSingleton<Features.Updates.UpdatesHandler>();
        services.AddSingleton<StatusHandler>();
        services.AddSingleton<Features.Record.RecordHandler>();
        services.AddSingleton<Features.Context.ContextHandler>();
        services.AddSingleton<Features.Mitigation.MitigationHandler>();
        services.AddSingleton<Features.Actions.ActionsHandler>();
        services.AddSingleton<Features.Owner.OwnerHandler>();
        services.AddSingleton<Features.Triage.TriageHandler>();
        services.AddSingleton<Features.Lifecycle.LifecycleHandler>();
        services.AddSingleton<Features.List.ListHandler>();
        services.AddSingleton<Features.Debrief.DebriefPoster>();
        services.AddHostedService<Features.List.ListingBackfill>();
        services.AddSingleton<Features.Expectations.ExpectationsHandler>();
        services.AddWatch(configuration);

        // Quartz keeps the triggers in memory; the store is the truth they are rebuilt from at start.
        services.AddQuartz(quartz =>
        {
            quartz.AddJob<CrisisClockJob>(job => job.WithIdentity(CrisisClockScheduler.Job).StoreDurably());
            quartz.ScheduleJob<CrisisClockSweepJob>(
                trigger => trigger.ForJob(CrisisClockScheduler.Sweep).StartNow().WithSimpleSchedule(s => s
                    .WithInterval(CrisisClockScheduler.SweepInterval)
                    .RepeatForever()

                    // A sweep that could not run on time (a slow start) runs at once rather than waiting for the next interval.
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)),
                job => job.WithIdentity(CrisisClockScheduler.Sweep));

            // Another replica may change a crisis, or die holding its triggers: each replica also runs, every few
            // seconds, whatever the store says is due now.
            if (StorageOptions.IsSharedIn(configuration))
            {
                quartz.ScheduleJob<CrisisClockDuePollJob>(
                    trigger => trigger.ForJob(CrisisClockScheduler.DuePoll).StartNow().WithSimpleSchedule(s => s
                        .WithInterval(CrisisClockScheduler.SharedPollInterval)
                        .RepeatForever()

                        // A poll that could not run on time (a paused process) runs at once; polls missed meanwhile are one.
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)),
                    job => job.WithIdentity(CrisisClockScheduler.DuePoll));
            }
        });
        services.AddQuartzHostedService(quartz => quartz.WaitForJobsToComplete = true);
        services.AddSingleton<ICrisisClockSchedule, CrisisClockTriggers>();
        services.AddSingleton<CrisisClockScheduler>();
        return services;
    }

    private static string NotUserIds(string setting) =>
        $"{setting} must list Slack user ids such as U012AB3CD (in Slack: a person's profile, More, Copy member ID), not names or mentions.";
}
