using System.Net;
using Microsoft.Data.Sqlite;

namespace WarRoomBot.Tests.Features;

public sealed class StoreHealthTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("warroom-health-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Health_is_unavailable_while_every_write_fails_and_recovers_with_the_store()
    {
        var database = Path.Combine(folder, "warroom.db");
        await using var app = await WarRoomApp.StartAsync(new() { ["Storage:Provider"] = "Sqlite", ["Storage:ConnectionString"] = $"Data Source={database}" });
        Assert.Equal(HttpStatusCode.OK, (await app.Bot.GetAsync("/healthz")).StatusCode);

        // A full disk, played by the database itself: every write to any table is refused, every read still answers.
        var tables = await TablesAsync(database);
        await ExecuteAsync(database, string.Concat(tables.Select(table =>
            $"CREATE TRIGGER full_{table} BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;" +
            $"CREATE TRIGGER full_update_{table} BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;")));
        var refused = await app.CrisisAsync("open Checkout freezes");
        var whileFull = await app.Bot.GetAsync("/healthz");

        await ExecuteAsync(database, string.Concat(tables.Select(table => $"DROP TRIGGER full_{table}; DROP TRIGGER full_update_{table};")));
        var afterwards = await app.Bot.GetAsync("/healthz");

        Assert.Contains("Nothing was recorded", refused.Text);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileFull.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    private static async Task<IReadOnlyList<string>> TablesAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            tables.Add(reader.GetString(0));
        return tables;
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
