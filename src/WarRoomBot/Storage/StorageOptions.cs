using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Slack;

namespace WarRoomBot.Storage;

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>
    /// <c>LiteDb</c> (the default: one LiteDB file, no server) or <c>Postgres</c> (a PostgreSQL server, which several
    /// replicas may share), in any case. LiteDB became the default once it passed the crash trial, and SQLite, the store of
    /// earlier releases, retired with it (issue 10: one embedded store, one server store); <c>store copy</c> moves its files.
    /// </summary>
    public string Provider { get; set; } = LiteDb;

    /// <summary>
    /// LiteDb: the path of the file, bare or as <c>Filename=&lt;path&gt;</c>, and nothing else: the store sets every other
    /// LiteDB option itself (no password, no shared connection, no auto-rebuild); empty means
    /// <c>&lt;content root&gt;/data/warroom.litedb</c>.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// LiteDb only: how large the log may grow, in 8 KB pages, before it is written into the file. Smaller means more
    /// frequent checkpoints (the crash trial runs with a handful, to crash inside them often).
    /// </summary>
    public int CheckpointPages { get; set; } = LiteDbCrisisStore.DefaultCheckpointPages;

    /// <summary>
    /// Whether the configured store is one that several replicas share (<see cref="ICrisisStore.IsShared"/>), read from
    /// the configuration for what is set up before any store opens (the crisis clock's schedule).
    /// </summary>
    public static bool IsSharedIn(IConfiguration configuration) =>
        string.Equals(configuration[$"{Section}:{nameof(Provider)}"]?.Trim(), Postgres, StringComparison.OrdinalIgnoreCase);

    public const string Sqlite = "Sqlite";

    public const string LiteDb = "LiteDb";

    public const string Postgres = "Postgres";
}

public static class StorageServiceCollectionExtensions
{
    private const string DefaultFolderSetting = "the default data folder under the content root; Storage:ConnectionString moves it";

    private const string FilenameKey = "Filename";

    public static IServiceCollection AddCrisisStore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var configured = !string.IsNullOrWhiteSpace(options.ConnectionString);

        // The setting is named in every start-up failure, so the operator knows what to change. A server has no default.
        var setting = configured || Is(options.Provider, StorageOptions.Postgres)
            ? $"{StorageOptions.Section}:{nameof(StorageOptions.ConnectionString)}"
            : DefaultFolderSetting;

        // The store indexes each crisis by when the crisis clock next needs it, so it reads the same policy as the clock.
        // Read when writing, not here: the store opens before the settings are validated, and wrong ones must stop
        // start-up with their own line, not fail the store. Wrong storage settings fail when the store is first
        // resolved, too: that is where start-up turns a StoreUnavailableException into its one line.
        services.AddSingleton(sp => OpenCrisisStore(
            options.Provider, options.ConnectionString, contentRoot, sp.GetRequiredService<TimeProvider>(), PolicyOf(sp), setting, options.CheckpointPages,
            PriorityOf(sp)));

        // The support cases live in the same store, so the same instance: an embedded file has one writer and one lock.
        services.AddSingleton(sp => (ISupportCaseStore)sp.GetRequiredService<ICrisisStore>());

        // A store several replicas share remembers the Slack edge's keys itself, so a repeat reaching another replica is
        // still known; an embedded store has one process, which remembers them in memory.
        services.AddSingleton<ISeenKeys>(sp => sp.GetRequiredService<ICrisisStore>() as ISeenKeys ?? new RecentlySeen(sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// Opens the store <paramref name="provider"/> names on <paramref name="connectionString"/> (empty: the embedded
    /// file's default place under <paramref name="contentRoot"/>), as the bot does at start-up and <c>store copy</c> does
    /// for each side. <paramref name="setting"/> names where the connection string came from in every failure.
    /// </summary>
    public static ICrisisStore OpenCrisisStore(
        string provider, string connectionString, string contentRoot, TimeProvider time, Func<ClockPolicy> clock, string setting,
        int checkpointPages = LiteDbCrisisStore.DefaultCheckpointPages, Func<PriorityPolicy>? priority = null)
    {
        var configured = !string.IsNullOrWhiteSpace(connectionString);
        return provider switch
        {
            _ when Is(provider, StorageOptions.Sqlite) => throw Refused(
                $"Storage:Provider '{provider}': SQLite is no longer a store of the bot; keep the record in LiteDb (the default) or Postgres. "
                + $"Move the old file with `{StoreCopy.MoveCommand(OldFile(configured ? SqliteCrisisFile.PathOf(connectionString) : null, contentRoot), DefaultFile(contentRoot))}`, "
                + "then remove Storage:Provider and Storage:ConnectionString."),
            _ when Is(provider, StorageOptions.LiteDb) && checkpointPages < 1 => throw Refused(
                $"Storage:CheckpointPages must be at least 1 (LiteDB's default is {LiteDbCrisisStore.DefaultCheckpointPages})."),

            // An upgraded bot on its default file would otherwise start on an empty record beside the old one.
            _ when Is(provider, StorageOptions.LiteDb) && !configured && !File.Exists(DefaultFile(contentRoot)) && File.Exists(OldFile(null, contentRoot)) => throw Refused(
                $"the crisis store {DefaultFile(contentRoot)} ({setting}) does not exist yet, but {OldFile(null, contentRoot)}, the SQLite file of an earlier release, does: "
                + "SQLite is no longer a store of the bot, so it would start with an empty record. "
                + $"Move the old file first with `{StoreCopy.MoveCommand(OldFile(null, contentRoot), DefaultFile(contentRoot))}`."),
            _ when Is(provider, StorageOptions.LiteDb) => new LiteDbCrisisStore(
                configured ? LiteDbFile(connectionString, setting) : DefaultFile(contentRoot), time, clock, setting, checkpointPages, priority),

            // No default for a server: the store refuses an empty connection string, naming the setting.
            _ when Is(provider, StorageOptions.Postgres) => new PostgresCrisisStore(connectionString, time, clock, setting, priority),
            _ => throw Refused(
                $"Storage:Provider '{provider}' is not a crisis store: use {StorageOptions.LiteDb} or {StorageOptions.Postgres} (default {StorageOptions.LiteDb})."),
        };
    }

    /// <summary>Whether <paramref name="provider"/> names a crisis store, in any case.</summary>
    public static bool IsProvider(string provider) => Is(provider, StorageOptions.LiteDb) || Is(provider, StorageOptions.Postgres);

    private static string DefaultFile(string contentRoot) => Path.Combine(contentRoot, "data", "warroom.litedb");

    /// <summary>The SQLite file an earlier release kept its record in: the configured one, or its default place.</summary>
    private static string OldFile(string? configured, string contentRoot) =>
        Path.GetFullPath(configured is { Length: > 0 } ? configured : Path.Combine(contentRoot, "data", "warroom.db"));

    private static bool Is(string provider, string name) => string.Equals(provider.Trim(), name, StringComparison.OrdinalIgnoreCase);

    private static Func<ClockPolicy> PolicyOf(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<WarRoomOptions>>();
        return () => options.Value.ToClockPolicy();
    }

    /// <summary>The list ranks crises by the priority score the triage shows, weighed by the same settings.</summary>
    private static Func<PriorityPolicy> PriorityOf(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<WarRoomOptions>>();
        return () => options.Value.Priority.ToPolicy();
    }

    /// <summary>
    /// A bare path, or <c>Filename=&lt;path&gt;</c> as LiteDB writes it. Any other key is refused rather than dropped: a
    /// password or a shared connection would undo what keeps the file safe (issue 10).
    /// </summary>
    private static string LiteDbFile(string connectionString, string setting)
    {
        var value = connectionString.Trim();
        var equals = value.IndexOf('=', StringComparison.Ordinal);

        // An '=' after a folder is part of a path; before any, it ends a key. A key other than Filename is most often
        // the SQLite "Data Source=" left behind when the provider changed, which would otherwise make a file of that name.
        if (equals < 0 || value[..equals].IndexOfAny(['/', '\\']) >= 0)
            return value;

        var path = value[(equals + 1)..].Trim();
        return string.Equals(value[..equals].Trim(), FilenameKey, StringComparison.OrdinalIgnoreCase) && path.Length > 0 && !path.Contains(';')
            ? path
            : throw Refused(
                $"{setting} '{connectionString}' is not a LiteDB file: give the file's path, bare or as Filename=<path>, and no other option " +
                "(the store sets them itself).");
    }

    private static StoreUnavailableException Refused(string message) => new(message, new InvalidOperationException(message));
}
