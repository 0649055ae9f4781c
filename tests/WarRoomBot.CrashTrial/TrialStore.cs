using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WarRoomBot.Storage;

namespace WarRoomBot.CrashTrial;

/// <summary>
/// The crisis store as the bot builds it: <see cref="StorageServiceCollectionExtensions.AddCrisisStore"/> over a
/// configuration carrying <c>Storage:Provider</c> and <c>Storage:ConnectionString</c>. The trial names a provider, never
/// a class, so a new embedded engine is tried by changing its name.
/// </summary>
public static class TrialStore
{
    /// <summary><paramref name="settings"/> are further configuration entries, such as an engine's checkpoint size.</summary>
    public static ServiceProvider Build(string provider, string connectionString, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{StorageOptions.Section}:{nameof(StorageOptions.Provider)}"] = provider,
                [$"{StorageOptions.Section}:{nameof(StorageOptions.ConnectionString)}"] = connectionString,
            })
            .AddInMemoryCollection(settings)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<WarRoomOptions>().Bind(configuration.GetSection(WarRoomOptions.Section));
        services.AddCrisisStore(configuration, AppContext.BaseDirectory);
        return services.BuildServiceProvider();
    }

    /// <summary>Settings given as <c>Key=Value</c>, as the trial's command line and its test carry them.</summary>
    public static KeyValuePair<string, string?> Setting(string keyIsValue) =>
        keyIsValue.Split('=', 2) is [var key, var value] && key.Length > 0
            ? new(key, value)
            : throw new ArgumentException($"'{keyIsValue}' is not a setting: write Key=Value, e.g. Storage:CheckpointSize=8.");
}
