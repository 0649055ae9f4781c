using Microsoft.Extensions.DependencyInjection.Extensions;
using WarRoomBot.Slack.Api;

namespace WarRoomBot.Sandbox;

public static class SandboxTimeServiceCollectionExtensions
{
    /// <summary>
    /// Runs the bot on <paramref name="clock"/> and adds the page's clock control, <see cref="SandboxTime"/>. Call it after
    /// <c>AddSlack</c> or before: it replaces whatever clocks are registered.
    /// </summary>
    /// <remarks>
    /// The clock is also Slack's (<see cref="SlackApiState.ClockKey"/>): the emulated Slack runs on it too, so the one
    /// post per second per channel is counted on it, and a jump counts as time that passed since the last post. On real
    /// time alone every stop of a step would wait out that second: moving a sev1 crisis on by a day took 98 seconds
    /// instead of 2. Waits still last as long as they say, because the clock's timers are real ones.
    /// </remarks>
    public static IServiceCollection AddSandboxTime(this IServiceCollection services, SandboxClock clock)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(clock);
        services.RemoveAllKeyed<TimeProvider>(SlackApiState.ClockKey);
        services.AddKeyedSingleton<TimeProvider>(SlackApiState.ClockKey, clock);
        services.AddSingleton(clock);
        services.AddSingleton<SandboxTime>();

        // The watch list's cases are written on the sandbox's clock, hence here.
        services.AddHostedService<SandboxCases>();
        return services;
    }
}
