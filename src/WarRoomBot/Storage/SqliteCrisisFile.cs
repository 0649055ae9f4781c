using System.Globalization;
using Microsoft.Data.Sqlite;
using WarRoomBot.Crises;

namespace WarRoomBot.Storage;

/// <summary>
/// The SQLite file of an earlier release, read only, for <c>store copy --from sqlite:&lt;path&gt;</c>. SQLite is no longer
/// a store of the bot (issue 10: one embedded store, one server store), but the crises such a file holds must still move
/// into one. It reads the tables every release wrote: the timeline, how far it was published, and the Slack calls noted
/// as attempted. The rooms and wakes the file also holds are left: the target folds its own from the timeline.
/// </summary>
public sealed class SqliteCrisisFile : ICrisisSource, IDisposable
{
    private readonly EmbeddedStoreLock? guard;
    private readonly SqliteConnection? connection;
    private readonly SqliteCommand? crises;
    private readonly SqliteCommand? events;
    private readonly SqliteCommand? published;
    private readonly SqliteCommand? attempts;

    /// <summary>
    /// Opens <paramref name="connection"/> (the file's path, bare or as <c>Data Source=&lt;path&gt;</c>, as
    /// <c>Storage:ConnectionString</c> gave it) and prepares every query, so a path that is wrong or a file that is not the
    /// bot's stops the copy before anything is written, with one line naming the file and <paramref name="setting"/>.
    /// </summary>
    public SqliteCrisisFile(string connection, string setting)
    {
        var file = PathOf(connection) is { Length: > 0 } path ? Path.GetFullPath(path) : null;
        if (file is null || !File.Exists(file))
        {
            throw new StoreUnavailableException(
                $"there is no SQLite file at '{connection}' ({setting}): give the path of the file an earlier release kept its crises in, "
                + "bare or as Data Source=<path> (by default data/warroom.db under the bot's folder).",
                new FileNotFoundException("No such SQLite file.", file));
        }

        // The lock the bot of an earlier release held too: a file still being written would be copied incomplete.
        guard = EmbeddedStoreLock.Acquire(file, setting);
        try
        {
            this.connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            this.connection.Open();
            crises = Prepare("SELECT id FROM crises WHERE id > $after ORDER BY id LIMIT $limit", "$after", "$limit");
            events = Prepare("SELECT version, type, body FROM crisis_events WHERE crisis_id = $id ORDER BY version", "$id");
            published = Prepare("SELECT published_version FROM crises WHERE id = $id", "$id");
            attempts = Prepare("SELECT step, attempted_at FROM slack_attempts WHERE crisis_id = $id ORDER BY step", "$id");
        }
        catch (SqliteException e)
        {
            Dispose();
            throw new StoreUnavailableException($"the SQLite file {file} ({setting}) cannot be read as a WarRoomBot store: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    /// <summary>The path in a bare path or an ADO.NET connection string; null when the text is neither.</summary>
    public static string? PathOf(string connection)
    {
        var value = connection.Trim();
        var equals = value.IndexOf('=', StringComparison.Ordinal);

        // An '=' after a folder is part of a path; before any, it ends a key.
        if (equals < 0 || value[..equals].IndexOfAny(['/', '\\']) >= 0)
            return value;
        try
        {
            return new SqliteConnectionStringBuilder(value).DataSource;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var command in (SqliteCommand?[])[crises, events, published, attempts])
            command?.Dispose();
        connection?.Dispose();
        guard?.Dispose();
    }

    public async Task<IReadOnlyList<CrisisId>> CrisesAsync(CrisisId? after, int limit, CancellationToken ct)
    {
        crises!.Parameters["$after"].Value = after?.Number ?? 0;
        crises.Parameters["$limit"].Value = limit;
        var ids = new List<CrisisId>();
        await using var reader = await crises.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            ids.Add(new CrisisId(reader.GetInt32(0)));
        return ids;
    }

    /// <summary>Read in one transaction, so the timeline, its published version and its attempts belong together.</summary>
    public async Task<CrisisRecord?> ExportAsync(CrisisId crisis, CancellationToken ct)
    {
        await using var tx = connection!.BeginTransaction(deferred: true);
        foreach (var command in (SqliteCommand[])[events!, published!, attempts!])
        {
            command.Transaction = tx;
            command.Parameters["$id"].Value = crisis.Number;
        }

        CrisisHistory? history;
        await using (var reader = await events!.ExecuteReaderAsync(ct))
            history = await EventJson.ReadTimelineAsync(reader, crisis, ct);
        if (history is null)
            return null;

        var publishedVersion = Convert.ToInt32(await published!.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        var noted = new List<(string, DateTimeOffset)>();
        await using (var reader = await attempts!.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                noted.Add((reader.GetString(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
        }

        return new CrisisRecord(history, publishedVersion, noted);
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = connection!.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
            command.Parameters.Add(name, SqliteType.Integer);
        command.Prepare();
        return command;
    }
}
