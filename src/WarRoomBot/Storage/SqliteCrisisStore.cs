using System.Globalization;
using Microsoft.Data.Sqlite;
using WarRoomBot.Crises;

namespace WarRoomBot.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. <c>synchronous=NORMAL</c> keeps every committed append
/// across a killed process (the WAL is written before the commit returns); only a power cut can lose the last
/// moments, which is the trade SQLite documents for WAL.
/// All writes go through one long-lived connection behind an async gate: SQLite takes one writer at a time anyway,
/// and queueing in-process avoids SQLITE_BUSY, which the driver answers by sleeping.
/// </summary>
public sealed class SqliteCrisisStore : ICrisisStore, IDisposable
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS crises (
            id                INTEGER PRIMARY KEY AUTOINCREMENT,
            version           INTEGER NOT NULL,
            published_version INTEGER NOT NULL DEFAULT 0,
            title             TEXT    NOT NULL,
            opened_at         TEXT    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS crises_unpublished ON crises (id) WHERE version > published_version;
        CREATE TABLE IF NOT EXISTS crisis_events (
            crisis_id INTEGER NOT NULL REFERENCES crises (id),
            version   INTEGER NOT NULL,
            type      TEXT    NOT NULL,
            at        TEXT    NOT NULL,
            body      TEXT    NOT NULL,
            PRIMARY KEY (crisis_id, version)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS crisis_channels (
            channel_id TEXT    PRIMARY KEY,
            crisis_id  INTEGER NOT NULL REFERENCES crises (id),
            kind       TEXT    NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS slack_attempts (
            crisis_id    INTEGER NOT NULL,
            step         TEXT    NOT NULL,
            attempted_at TEXT    NOT NULL,
            PRIMARY KEY (crisis_id, step)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS store_probe (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            at TEXT    NOT NULL
        );
        """;

    /// <summary>
    /// When the crisis clock next needs the crisis (<see cref="CrisisIndex.WakeAt"/>); NULL when it needs it no more.
    /// Added to files written before it with the default '', which sorts before every time: such a crisis is due at once,
    /// and the clock's first run stores its real wake. The old <c>deadline_clock</c> table such files hold is left as it
    /// was and no longer read.
    /// </summary>
    private const string WakeColumn = "wake_at TEXT DEFAULT ''";

    private const string ProbeSql = "INSERT INTO store_probe (id, at) VALUES (1, $at) ON CONFLICT (id) DO UPDATE SET at = excluded.at";

    private readonly string connectionString;
    private readonly TimeProvider time;

    /// <summary>The crisis clock's policy, read at each write as the clock reads it at each decision, so both agree on every wake.</summary>
    private readonly Func<ClockPolicy> clock;
    private readonly SqliteConnection writer;
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private readonly EmbeddedStoreLock guard;

    // Prepared once and reused under the write gate: preparing SQL costs more than running these small writes.
    private readonly Dictionary<string, SqliteCommand> prepared = [];

    /// <summary>
    /// Opens the file for this process alone and proves it can be written, so that a store that cannot record stops
    /// start-up instead of failing the first command. <paramref name="setting"/> names where the connection string came
    /// from in the <see cref="StoreUnavailableException"/> thrown when it cannot.
    /// </summary>
    public SqliteCrisisStore(string connectionString, TimeProvider time, Func<ClockPolicy> clock, string setting = "Storage:ConnectionString")
    {
        this.connectionString = connectionString;
        this.time = time;
        this.clock = clock;
        var database = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        guard = EmbeddedStoreLock.Acquire(database, setting);
        try
        {
            writer = Connect();
            Execute(writer, null, Schema);
            AddWakeColumn(writer);
            Execute(writer, null, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
            Probe().ExecuteNonQuery();
        }
        catch (SqliteException e)
        {
            Dispose();
            throw StoreUnavailableException.CannotWrite(database, setting, e);
        }
    }

    private static void AddWakeColumn(SqliteConnection connection)
    {
        using var has = Command(connection, null, "SELECT count(*) FROM pragma_table_info('crises') WHERE name = 'wake_at'");
        if (Convert.ToInt32(has.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            Execute(connection, null, $"ALTER TABLE crises ADD COLUMN {WakeColumn}");
        Execute(connection, null, "CREATE INDEX IF NOT EXISTS crises_wake ON crises (wake_at) WHERE wake_at IS NOT NULL");
    }

    public void Dispose()
    {
        foreach (var command in prepared.Values)
            command.Dispose();
        writer?.Dispose();
        writeGate.Dispose();
        guard.Dispose();
    }

    public async Task<CrisisHistory> OpenAsync(IReadOnlyList<CrisisEvent> opening, CancellationToken ct)
    {
        var title = opening.OfType<CrisisEvent.Opened>().Single().Title;
        return await WriteAsync(() => OpenLockedAsync(opening, title, ct), ct);
    }

    private async Task<CrisisHistory> OpenLockedAsync(IReadOnlyList<CrisisEvent> opening, string title, CancellationToken ct)
    {
        await using var tx = writer.BeginTransaction();
        var insert = Prepared(tx, "INSERT INTO crises (version, title, opened_at) VALUES ($version, $title, $at) RETURNING id");
        insert.Parameters.AddWithValue("$version", opening.Count);
        insert.Parameters.AddWithValue("$title", title);
        insert.Parameters.AddWithValue("$at", Stamp(opening[0].At));
        var id = new CrisisId(Convert.ToInt32(await insert.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture));
        await InsertEventsAsync(tx, id, 0, opening, ct);
        var index = CrisisIndex.Of(Crisis.Fold(id, opening), clock());
        var wake = Prepared(tx, "UPDATE crises SET wake_at = $wake WHERE id = $id");
        wake.Parameters.AddWithValue("$id", id.Number);
        wake.Parameters.AddWithValue("$wake", Wake(index));
        await wake.ExecuteNonQueryAsync(ct);
        await IndexRoomsAsync(tx, id, index, ct);
        await tx.CommitAsync(ct);
        return new CrisisHistory(id, opening.Count, opening);
    }

    public async Task<CrisisHistory?> LoadAsync(CrisisId crisis, CancellationToken ct)
    {
        await using var connection = Connect();
        using var select = Command(connection, null, "SELECT version, type, body FROM crisis_events WHERE crisis_id = $id ORDER BY version");
        select.Parameters.AddWithValue("$id", crisis.Number);
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await EventJson.ReadTimelineAsync(reader, crisis, ct);
    }

    public async Task<int> AppendAsync(CrisisId crisis, int expectedVersion, IReadOnlyList<CrisisEvent> events, Crisis after, CancellationToken ct)
    {
        if (events.Count == 0)
            return expectedVersion;

        var index = CrisisIndex.Of(after, clock());
        return await WriteAsync(() => AppendLockedAsync(crisis, expectedVersion, events, index, ct), ct);
    }

    private async Task<int> AppendLockedAsync(CrisisId crisis, int expectedVersion, IReadOnlyList<CrisisEvent> events, CrisisIndex index, CancellationToken ct)
    {
        await using var tx = writer.BeginTransaction();
        var bump = Prepared(tx, "UPDATE crises SET version = $new, wake_at = $wake WHERE id = $id AND version = $expected");
        bump.Parameters.AddWithValue("$id", crisis.Number);
        bump.Parameters.AddWithValue("$expected", expectedVersion);
        bump.Parameters.AddWithValue("$new", expectedVersion + events.Count);
        bump.Parameters.AddWithValue("$wake", Wake(index));
        if (await bump.ExecuteNonQueryAsync(ct) != 1)
            throw new ConcurrencyConflictException(crisis, expectedVersion);

        await InsertEventsAsync(tx, crisis, expectedVersion, events, ct);
        await IndexRoomsAsync(tx, crisis, index, ct);
        await tx.CommitAsync(ct);
        return expectedVersion + events.Count;
    }

    /// <summary>
    /// Only the wake can be stale here: the channels change only by appends, which write them. An unchanged wake is not
    /// written, so the sweep passing over a crisis that is simply not due yet costs no write.
    /// </summary>
    public async Task IndexAsync(Crisis crisis, int version, CancellationToken ct)
    {
        var wakeAt = Wake(CrisisIndex.Of(crisis, clock()));
        await WriteAsync(() =>
        {
            var wake = Prepared(null, "UPDATE crises SET wake_at = $wake WHERE id = $id AND version = $version AND wake_at IS NOT $wake");
            wake.Parameters.AddWithValue("$id", crisis.Id.Number);
            wake.Parameters.AddWithValue("$version", version);
            wake.Parameters.AddWithValue("$wake", wakeAt);
            return wake.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    /// <summary>A channel, once a crisis's room, stays that crisis's room: a room already indexed costs no write.</summary>
    private async Task IndexRoomsAsync(SqliteTransaction tx, CrisisId crisis, CrisisIndex index, CancellationToken ct)
    {
        foreach (var (channel, kind) in index.Channels)
        {
            var room = Prepared(tx, "INSERT OR IGNORE INTO crisis_channels (channel_id, crisis_id, kind) VALUES ($channel, $id, $kind)");
            room.Parameters.AddWithValue("$channel", channel.Value);
            room.Parameters.AddWithValue("$id", crisis.Number);
            room.Parameters.AddWithValue("$kind", kind.ToString());
            await room.ExecuteNonQueryAsync(ct);
        }
    }

    public async Task<CrisisId?> CrisisForChannelAsync(ChannelId channel, CancellationToken ct)
    {
        await using var connection = Connect();
        using var select = Command(connection, null, "SELECT crisis_id FROM crisis_channels WHERE channel_id = $channel");
        select.Parameters.AddWithValue("$channel", channel.Value);
        return await select.ExecuteScalarAsync(ct) is long id ? new CrisisId((int)id) : null;
    }

    public Task<IReadOnlyList<CrisisId>> DueByAsync(DateTimeOffset until, CancellationToken ct) =>
        CrisisIdsAsync("SELECT id FROM crises WHERE wake_at <= $until ORDER BY wake_at, id", ct, ("$until", Stamp(until)));

    public Task<IReadOnlyList<CrisisId>> UnpublishedAsync(CancellationToken ct) =>
        CrisisIdsAsync("SELECT id FROM crises WHERE version > published_version ORDER BY id", ct);

    private async Task<IReadOnlyList<CrisisId>> CrisisIdsAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var connection = Connect();
        using var select = Command(connection, null, sql);
        foreach (var (name, value) in parameters)
            select.Parameters.AddWithValue(name, value);
        var ids = new List<CrisisId>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            ids.Add(new CrisisId(reader.GetInt32(0)));
        return ids;
    }

    public async Task MarkPublishedAsync(CrisisId crisis, int version, CancellationToken ct)
    {
        await WriteAsync(() =>
        {
            var update = Prepared(null, "UPDATE crises SET published_version = max(published_version, $version) WHERE id = $id");
            update.Parameters.AddWithValue("$id", crisis.Number);
            update.Parameters.AddWithValue("$version", version);
            return update.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    public async Task<bool> NoteAttemptAsync(CrisisId crisis, string step, CancellationToken ct)
    {
        var at = Stamp(time.GetUtcNow());
        return await WriteAsync(() =>
        {
            var insert = Prepared(null, "INSERT OR IGNORE INTO slack_attempts (crisis_id, step, attempted_at) VALUES ($id, $step, $at)");
            insert.Parameters.AddWithValue("$id", crisis.Number);
            insert.Parameters.AddWithValue("$step", step);
            insert.Parameters.AddWithValue("$at", at);
            return insert.ExecuteNonQueryAsync(ct);
        }, ct) == 1;
    }

    public Task<IReadOnlyList<CrisisId>> CrisesAsync(CrisisId? after, int limit, CancellationToken ct) =>
        CrisisIdsAsync("SELECT id FROM crises WHERE id > $after ORDER BY id LIMIT $limit", ct, ("$after", after?.Number ?? 0), ("$limit", limit));

    /// <summary>Read in one transaction, so the timeline, its published version and its attempts belong together.</summary>
    public async Task<CrisisRecord?> ExportAsync(CrisisId crisis, CancellationToken ct)
    {
        await using var connection = Connect();
        await using var tx = connection.BeginTransaction(deferred: true);
        using var select = Command(connection, tx, "SELECT version, type, body FROM crisis_events WHERE crisis_id = $id ORDER BY version");
        select.Parameters.AddWithValue("$id", crisis.Number);
        CrisisHistory? history;
        await using (var reader = await select.ExecuteReaderAsync(ct))
            history = await EventJson.ReadTimelineAsync(reader, crisis, ct);

        if (history is null)
            return null;

        using var published = Command(connection, tx, "SELECT published_version FROM crises WHERE id = $id");
        published.Parameters.AddWithValue("$id", crisis.Number);
        var publishedVersion = Convert.ToInt32(await published.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        using var attempts = Command(connection, tx, "SELECT step, attempted_at FROM slack_attempts WHERE crisis_id = $id ORDER BY step");
        attempts.Parameters.AddWithValue("$id", crisis.Number);
        var noted = new List<(string, DateTimeOffset)>();
        await using (var reader = await attempts.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                noted.Add((reader.GetString(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
        }

        return new CrisisRecord(history, publishedVersion, noted);
    }

    /// <summary>
    /// The explicit id raises AUTOINCREMENT's high-water mark (<c>sqlite_sequence</c>), so the next crisis opened takes the
    /// number after the highest imported.
    /// </summary>
    public async Task ImportAsync(CrisisRecord record, CancellationToken ct)
    {
        var (history, publishedVersion, attempts) = record;
        var title = history.Events.OfType<CrisisEvent.Opened>().Single().Title;
        var index = CrisisIndex.Of(history.Fold(), clock());
        await WriteAsync(async () =>
        {
            await using var tx = writer.BeginTransaction();
            var exists = Prepared(tx, "SELECT count(*) FROM crises WHERE id = $id");
            exists.Parameters.AddWithValue("$id", history.Id.Number);
            if (Convert.ToInt32(await exists.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) != 0)
                throw new ConcurrencyConflictException(history.Id, 0);

            var insert = Prepared(tx,
                "INSERT INTO crises (id, version, published_version, title, opened_at, wake_at) VALUES ($id, $version, $published, $title, $at, $wake)");
            insert.Parameters.AddWithValue("$id", history.Id.Number);
            insert.Parameters.AddWithValue("$version", history.Version);
            insert.Parameters.AddWithValue("$published", publishedVersion);
            insert.Parameters.AddWithValue("$title", title);
            insert.Parameters.AddWithValue("$at", Stamp(history.Events[0].At));
            insert.Parameters.AddWithValue("$wake", Wake(index));
            await insert.ExecuteNonQueryAsync(ct);
            await InsertEventsAsync(tx, history.Id, 0, history.Events, ct);
            await IndexRoomsAsync(tx, history.Id, index, ct);
            foreach (var (step, at) in attempts)
            {
                var attempt = Prepared(tx, "INSERT INTO slack_attempts (crisis_id, step, attempted_at) VALUES ($id, $step, $at)");
                attempt.Parameters.AddWithValue("$id", history.Id.Number);
                attempt.Parameters.AddWithValue("$step", step);
                attempt.Parameters.AddWithValue("$at", Stamp(at));
                await attempt.ExecuteNonQueryAsync(ct);
            }

            await tx.CommitAsync(ct);
            return true;
        }, ct);
    }

    /// <summary>
    /// Reads, then commits a probe row through the writer connection and its WAL, as every append does. A probe rather
    /// than remembering whether the last append failed: a quiet store that lost its disk must turn unhealthy before the
    /// next command is lost, and one that recovers (space freed) must turn healthy again without waiting for someone to
    /// type a command. One small commit per health check costs far less than an append.
    /// </summary>
    public async Task<bool> IsReachableAsync(CancellationToken ct)
    {
        try
        {
            await using (var connection = Connect())
            {
                using var select = Command(connection, null, "SELECT count(*) FROM crises");
                await select.ExecuteScalarAsync(ct);
            }

            await WriteAsync(() => Probe().ExecuteNonQueryAsync(ct), ct);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>The probe write, ready to run; call only under the write gate (or before the store is shared).</summary>
    private SqliteCommand Probe()
    {
        var probe = Prepared(null, ProbeSql);
        probe.Parameters.AddWithValue("$at", Stamp(time.GetUtcNow()));
        return probe;
    }

    private async Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken ct)
    {
        await writeGate.WaitAsync(ct);
        try
        {
            return await write();
        }
        finally
        {
            writeGate.Release();
        }
    }

    private async Task InsertEventsAsync(SqliteTransaction tx, CrisisId crisis, int after, IReadOnlyList<CrisisEvent> events, CancellationToken ct)
    {
        var insert = Prepared(tx, "INSERT INTO crisis_events (crisis_id, version, type, at, body) VALUES ($id, $version, $type, $at, $body)");
        var version = insert.Parameters.Add("$version", SqliteType.Integer);
        var type = insert.Parameters.Add("$type", SqliteType.Text);
        var at = insert.Parameters.Add("$at", SqliteType.Text);
        var body = insert.Parameters.Add("$body", SqliteType.Text);
        insert.Parameters.AddWithValue("$id", crisis.Number);
        for (var i = 0; i < events.Count; i++)
        {
            version.Value = after + i + 1;
            type.Value = EventJson.Name(events[i]);
            at.Value = Stamp(events[i].At);
            body.Value = EventJson.Serialize(events[i]);
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>A reusable command on the writer connection; call only under the write gate.</summary>
    private SqliteCommand Prepared(SqliteTransaction? tx, string sql)
    {
        if (!prepared.TryGetValue(sql, out var command))
            prepared[sql] = command = Command(writer, null, sql);
        command.Transaction = tx;
        command.Parameters.Clear();
        return command;
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using var command = Command(connection, tx, sql);
        command.ExecuteNonQuery();
    }

    private static object Wake(CrisisIndex index) => index.WakeAt is { } at ? Stamp(at) : DBNull.Value;

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
