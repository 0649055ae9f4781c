using Npgsql;

/// <summary>A PostgreSQL database of the run's own, on the server <c>WARROOM_TEST_POSTGRES</c> names; dropped after.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string server;
    private readonly string name;

    private BenchDatabase(string server, string name, string connectionString)
    {
        this.server = server;
        this.name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable("WARROOM_TEST_POSTGRES") is { Length: > 0 } set
            ? set
            : throw new InvalidOperationException("Set WARROOM_TEST_POSTGRES to a PostgreSQL connection string that may create databases.");
        var name = $"warroom_bench_{Guid.NewGuid():N}";
        await AdminAsync(server, $"CREATE DATABASE {name}");
        return new BenchDatabase(server, name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    public async ValueTask DisposeAsync() => await AdminAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");

    private static async Task AdminAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
