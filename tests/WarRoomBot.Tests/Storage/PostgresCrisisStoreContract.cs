using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Storage;

/// <summary>The store contract on PostgreSQL, each test on a database of its own.</summary>
public sealed class PostgresCrisisStoreContract : CrisisStoreContract
{
    private PostgresTestDatabase? database;

    /// <summary>Read by <see cref="ContractFactDiscoverer"/>: without a server the contract's facts are skipped, saying how to run them.</summary>
    public static string? SkipReason => PostgresTestDatabase.Server is null
        ? $"needs a PostgreSQL 15 server: set {PostgresTestDatabase.Variable} (see PostgresFactAttribute), or run .ci/run, which starts one"
        : null;

    public override async Task InitializeAsync() => database = await PostgresTestDatabase.CreateAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (database is not null)
            await database.DisposeAsync();
    }

    protected override ICrisisStore Open(ClockPolicy policy) =>
        new PostgresCrisisStore(database!.ConnectionString, TimeProvider.System, () => policy);

    /// <summary>The rows as an earlier release leaves them: the listing's columns, added at start-up, all null.</summary>
    protected override async Task ForgetListingsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(database!.ConnectionString);
        await connection.OpenAsync();
        await using var forget = new Npgsql.NpgsqlCommand(
            "UPDATE crises SET listed = NULL, customer = NULL, severity = NULL, owner_id = NULL, next_deadline = NULL, next_update = NULL, technical_channel = NULL, score = NULL",
            connection);
        await forget.ExecuteNonQueryAsync();
    }

    /// <summary>The rows as the release before the stage leaves them: the stage's columns, added at start-up, null.</summary>
    protected override async Task ForgetStagesAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(database!.ConnectionString);
        await connection.OpenAsync();
        await using var forget = new Npgsql.NpgsqlCommand("UPDATE crises SET stage = NULL, resolved_at = NULL", connection);
        await forget.ExecuteNonQueryAsync();
    }
}
