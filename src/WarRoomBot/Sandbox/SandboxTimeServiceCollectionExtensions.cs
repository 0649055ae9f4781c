using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WarRoomBot.Sandbox;

public static class SandboxTimeServiceCollectionExtensions
{
    /// <summary>
    /// Runs the bot on <paramref name="clock"/> (its only <see cref="TimeProvider"/>, which Quartz reads too) and adds the
    /// page's clock control, <see cref="SandboxTime"/>.
    /// </summary>
    public static IServiceCollection AddSandboxTime(this IServiceCollection services, SandboxClock clock)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(clock);
        services.AddSingleton<SandboxTime>();
        return services;
    }
}
