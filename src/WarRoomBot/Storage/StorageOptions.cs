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
    public static IServiceCollection AddCrisisStore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (!string.Equals(options.Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Storage:Provider '{options.Provider}' is not supported. Use 'Sqlite'.");

        var connectionString = options.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var folder = Path.Combine(contentRoot, "data");
            Directory.CreateDirectory(folder);
            connectionString = $"Data Source={Path.Combine(folder, "warroom.db")}";
        }

        services.AddSingleton<ICrisisStore>(sp => new SqliteCrisisStore(connectionString, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
