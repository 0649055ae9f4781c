using Quartz;

namespace WarRoomBot.Features.Watch;

public static class WatchServiceCollectionExtensions
{
    /// <summary><c>/crisis watch</c>, its button, and, when <c>WarRoom:Watch:Channel</c> is set, the daily post on the crisis clock's scheduler.</summary>
    public static IServiceCollection AddWatch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WarRoomOptions>().ValidateWatchPost();
        services.AddSingleton<WatchHandler>();
        services.AddSingleton<WatchPost>();

        var settings = configuration.GetSection($"{WarRoomOptions.Section}:Watch").Get<WarRoomOptions.WatchOptions>() ?? new();

        // Settings that do not read stop start-up through the options' validation; no schedule is built from them.
        if (string.IsNullOrWhiteSpace(settings.Channel) || settings.Zone() is not { } zone || settings.PostTime() is not { } at)
            return services;

        services.AddQuartz(quartz =>
        {
            quartz.AddJob<WatchPostJob>(job => job.WithIdentity(WatchPost.Job).StoreDurably());

            // At the time of day itself, in the configured zone (so a daylight-saving change keeps it at 09:00 local)…
            quartz.AddTrigger(trigger => trigger.ForJob(WatchPost.Job).WithIdentity("watch-post-daily", WatchPost.Job.Group)
                .WithCronSchedule($"{at.Second} {at.Minute} {at.Hour} * * ?", cron => cron.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));

            // …and at start-up and every few minutes: a day whose time passed while the bot was down is posted as it comes
            // back, and a day whose claimant died is posted once the claim runs out. Each look is one store read at most.
            quartz.AddTrigger(trigger => trigger.ForJob(WatchPost.Job).WithIdentity("watch-post-catch-up", WatchPost.Job.Group).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(WatchPost.CatchUpInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)));
        });
        return services;
    }
}
