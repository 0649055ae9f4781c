using Npgsql;

namespace WarRoomBot.Tests.Storage;

/// <summary>
/// A PostgreSQL fact: runs against the server that <c>WARROOM_TEST_POSTGRES</c> names and is skipped, saying how to run
/// it, where that variable is unset. <c>.ci/run</c> starts a throwaway PostgreSQL 15 and sets it.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestDatabase.Server is null)
            Skip = $"needs a PostgreSQL 15 server: set {PostgresTestDatabase.Variable} to a connection string that may create "
                + "databases (Host=127.0.0.1;Port=5432;Username=...;Password=...;Database=postgres), or run .ci/run, which starts one";
    }
}

/// <summary>
/// A database of its own for one test, created on the test server and dropped afterwards, so the PostgreSQL tests run
/// in parallel without seeing each other's crises.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string Variable = "WARROOM_TEST_POSTGRES";

    public static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server ? server : null;

    private PostgresTestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var name = $"warroom_test_{Guid.NewGuid():N}";
        await RunAsync($"CREATE DATABASE {name}");
        var connectionString = new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;
        return new PostgresTestDatabase(name, connectionString);
    }

    /// <summary>Drops the database even while a store still holds connections to it, as a server losing it would.</summary>
    public Task DropAsync() => RunAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");

    public async ValueTask DisposeAsync() => await DropAsync();

    /// <summary>Runs <paramref name="sql"/> as the server's administrator, as an operator (or a failing machine) would.</summary>
    public Task AdminAsync(string sql) => RunAsync(sql);

    private static async Task RunAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server ?? throw new InvalidOperationException($"{Variable} is not set."));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
