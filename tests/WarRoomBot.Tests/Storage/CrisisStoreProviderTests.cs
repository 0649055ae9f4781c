using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Storage;

/// <summary><c>Storage:Provider</c> and <c>Storage:ConnectionString</c> choose the store start-up opens.</summary>
public sealed class CrisisStoreProviderTests : IDisposable
{
    private readonly string contentRoot = Directory.CreateTempSubdirectory("warroom-provider-").FullName;
    private readonly List<ServiceProvider> providers = [];

    public void Dispose()
    {
        foreach (var provider in providers)
            provider.Dispose();
        Directory.Delete(contentRoot, recursive: true);
    }

    [Fact]
    public void With_no_provider_the_store_is_the_litedb_file_in_the_data_folder()
    {
        Assert.IsType<LiteDbCrisisStore>(Resolve([]));

        Assert.True(File.Exists(Path.Combine(contentRoot, "data", "warroom.litedb")));
    }

    [Fact]
    public void The_support_cases_are_kept_by_the_crisis_store_itself()
    {
        var store = Resolve([]);

        Assert.Same(store, providers[^1].GetRequiredService<ISupportCaseStore>());
    }

    [Theory]
    [InlineData("Sqlite", null, "data/warroom.db")]
    [InlineData("sqlite", "Data Source=old/crises.db", "old/crises.db")]
    public void Sqlite_is_refused_in_one_line_giving_the_command_that_moves_its_file_into_litedb(string provider, string? connectionString, string file)
    {
        var refused = Assert.Throws<StoreUnavailableException>(() => Resolve(new() { ["Storage:Provider"] = provider, ["Storage:ConnectionString"] = connectionString }));

        // A configured file is where SQLite opened it: relative to the working folder, not the content root.
        var old = Path.GetFullPath(connectionString is null ? Path.Combine(contentRoot, file) : file);
        Assert.Equal(
            $"Storage:Provider '{provider}': SQLite is no longer a store of the bot; keep the record in LiteDb (the default) or Postgres. "
            + $"Move the old file with `dotnet run --project src/WarRoomBot -- store copy --from sqlite:{old} --to litedb:{Path.Combine(contentRoot, "data", "warroom.litedb")}`, "
            + "then remove Storage:Provider and Storage:ConnectionString.",
            refused.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(contentRoot));
    }

    [Fact]
    public void The_default_litedb_file_missing_beside_the_sqlite_file_of_an_earlier_release_stops_start_up_with_the_command_that_moves_it()
    {
        var data = Directory.CreateDirectory(Path.Combine(contentRoot, "data")).FullName;
        File.WriteAllText(Path.Combine(data, "warroom.db"), "");

        var refused = Assert.Throws<StoreUnavailableException>(() => Resolve([]));

        var (old, lite) = (Path.Combine(data, "warroom.db"), Path.Combine(data, "warroom.litedb"));
        Assert.Equal(
            $"the crisis store {lite} (the default data folder under the content root; Storage:ConnectionString moves it) does not exist yet, "
            + $"but {old}, the SQLite file of an earlier release, does: SQLite is no longer a store of the bot, so it would start with an empty record. "
            + $"Move the old file first with `dotnet run --project src/WarRoomBot -- store copy --from sqlite:{old} --to litedb:{lite}`.",
            refused.Message);
        Assert.Equal([Path.Combine(data, "warroom.db")], Directory.EnumerateFileSystemEntries(data));
    }

    [Fact]
    public void The_default_litedb_file_opens_once_it_exists_beside_the_sqlite_file_it_was_copied_from()
    {
        var data = Directory.CreateDirectory(Path.Combine(contentRoot, "data")).FullName;
        File.WriteAllText(Path.Combine(data, "warroom.db"), "");
        new LiteDbCrisisStore(Path.Combine(data, "warroom.litedb"), TimeProvider.System, () => WarRoomBot.Crises.ClockPolicy.Default).Dispose();

        Assert.IsType<LiteDbCrisisStore>(Resolve([]));
    }

    [Theory]
    [InlineData("LiteDb")]
    [InlineData("litedb")]
    [InlineData("LITEDB")]
    public void LiteDb_in_any_case_keeps_the_record_in_one_litedb_file_in_the_data_folder(string provider)
    {
        Assert.IsType<LiteDbCrisisStore>(Resolve(new() { ["Storage:Provider"] = provider }));

        Assert.True(File.Exists(Path.Combine(contentRoot, "data", "warroom.litedb")));
        Assert.False(File.Exists(Path.Combine(contentRoot, "data", "warroom.db")));
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("Filename={0}")]
    [InlineData("filename = {0}")]
    public void A_litedb_connection_string_is_the_file_bare_or_as_filename(string connectionString)
    {
        var file = Path.Combine(contentRoot, "elsewhere", "crises.litedb");

        Assert.IsType<LiteDbCrisisStore>(Resolve(new() { ["Storage:Provider"] = "LiteDb", ["Storage:ConnectionString"] = string.Format(connectionString, file) }));

        Assert.True(File.Exists(file));
    }

    [Theory]
    [InlineData("Filename={0};Password=secret")]
    [InlineData("Data Source={0}")]
    public void A_litedb_connection_string_with_other_options_is_refused_naming_the_setting_rather_than_dropping_them(string format)
    {
        var file = Path.Combine(contentRoot, "crises.litedb");
        var connectionString = string.Format(format, file);

        var refused = Assert.Throws<StoreUnavailableException>(() => Resolve(new() { ["Storage:Provider"] = "LiteDb", ["Storage:ConnectionString"] = connectionString }));

        Assert.Equal(
            $"Storage:ConnectionString '{connectionString}' is not a LiteDB file: give the file's path, bare or as Filename=<path>, and no other option " +
            "(the store sets them itself).",
            refused.Message);
        Assert.False(File.Exists(file));
        Assert.Empty(Directory.EnumerateFileSystemEntries(contentRoot));
    }

    [Fact]
    public void An_unknown_provider_stops_start_up_with_one_line_naming_the_setting_and_the_providers_there_are()
    {
        var refused = Assert.Throws<StoreUnavailableException>(() => Resolve(new() { ["Storage:Provider"] = "Mongo" }));

        Assert.Equal("Storage:Provider 'Mongo' is not a crisis store: use LiteDb or Postgres (default LiteDb).", refused.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(contentRoot));
    }

    private ICrisisStore Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddOptions();
        var provider = services.AddCrisisStore(configuration, contentRoot).BuildServiceProvider();
        providers.Add(provider);
        return provider.GetRequiredService<ICrisisStore>();
    }
}
