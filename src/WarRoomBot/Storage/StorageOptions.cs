using Microsoft.Extensions.Options;

namespace WarRoomBot.Storage;

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>Sqlite</c> (the default: one file, no server).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Empty means <c>Data Source=&lt;content root&gt;/data/warroom.db</c>.</summary>
    public string ConnectionString { get; set; } = "";
}

public static class StorageServiceCollectionExtensions
{
    private const string DefaultFolderSetting = "the default data folder under the content root; Storage:ConnectionString moves it";

    public static IServiceCollection AddCrisisStore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (!string.Equals(options.Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Storage:Provider '{options.Provider}' is not supported. Use 'Sqlite'.");

        // The setting is named in every start-up failure, so the operator knows what to change.
        var (connectionString, setting) = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? ($"Data Source={Path.Combine(contentRoot, "data", "warroom.db")}", DefaultFolderSetting)
            : (options.ConnectionString, $"{StorageOptions.Section}:{nameof(StorageOptions.ConnectionString)}");

        // The store indexes each crisis by when the crisis clock next needs it, so it reads the same policy as the clock.
        // Read when writing, not here: the store opens before the settings are validated, and wrong ones must stop
        // start-up with their own line, not fail the store.
        services.AddSingleton<ICrisisStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WarRoomOptions>>();
            return new SqliteCrisisStore(connectionString, sp.GetRequiredService<TimeProvider>(), () => options.Value.ToClockPolicy(), setting);
        });
        return services;
    }
}
