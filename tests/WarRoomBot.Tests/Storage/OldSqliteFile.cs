using System.Globalization;
using Microsoft.Data.Sqlite;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Storage;

/// <summary>
/// A SQLite file as a release with the SQLite store left it, holding the given crises, for <c>store copy</c> to move. The
/// schema is written here as those releases wrote it, not read from the bot, which no longer writes SQLite.
/// </summary>
internal static class OldSqliteFile
{
    /// <summary>The tables every release with a SQLite store created, in WAL mode.</summary>
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE crises (
            id                INTEGER PRIMARY KEY AUTOINCREMENT,
            version           INTEGER NOT NULL,
            published_version INTEGER NOT NULL DEFAULT 0,
            title             TEXT    NOT NULL,
            opened_at         TEXT    NOT NULL
        );
        CREATE INDEX crises_unpublished ON crises (id) WHERE version > published_version;
        CREATE TABLE crisis_events (
            crisis_id INTEGER NOT NULL REFERENCES crises (id),
            version   INTEGER NOT NULL,
            type      TEXT    NOT NULL,
            at        TEXT    NOT NULL,
            body      TEXT    NOT NULL,
            PRIMARY KEY (crisis_id, version)
        ) WITHOUT ROWID;
        CREATE TABLE crisis_channels (
            channel_id TEXT    PRIMARY KEY,
            crisis_id  INTEGER NOT NULL REFERENCES crises (id),
            kind       TEXT    NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE slack_attempts (
            crisis_id    INTEGER NOT NULL,
            step         TEXT    NOT NULL,
            attempted_at TEXT    NOT NULL,
            PRIMARY KEY (crisis_id, step)
        ) WITHOUT ROWID;
        """;

    /// <summary>What the last SQLite release added: each crisis's next wake, and the health probe's row.</summary>
    private const string Wakes = """
        ALTER TABLE crises ADD COLUMN wake_at TEXT DEFAULT '';
        CREATE INDEX crises_wake ON crises (wake_at) WHERE wake_at IS NOT NULL;
        CREATE TABLE store_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL);
        INSERT INTO store_probe (id, at) VALUES (1, '2026-11-22T13:00:00.0000000Z');
        """;

    /// <summary>What the releases before the crisis index kept instead of a wake: a table of deadlines.</summary>
    private const string DeadlineClock = """
        CREATE TABLE deadline_clock (
            crisis_id INTEGER NOT NULL REFERENCES crises (id),
            deadline  INTEGER NOT NULL,
            due_at    TEXT    NOT NULL,
            settled   INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (crisis_id, deadline)
        ) WITHOUT ROWID;
        CREATE INDEX deadline_clock_unsettled ON deadline_clock (crisis_id) WHERE settled = 0;
        """;

    /// <summary>
    /// Writes <paramref name="records"/> into a new file at <paramref name="database"/>, as the last SQLite release did, or
    /// with <paramref name="beforeIndex"/> as the releases before the crisis index did. Returns the file's bytes.
    /// </summary>
    public static byte[] Write(string database, IEnumerable<CrisisRecord> records, bool beforeIndex = false)
    {
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString()))
        {
            connection.Open();
            Execute(connection, Schema + (beforeIndex ? DeadlineClock : Wakes));
            foreach (var (history, published, attempts) in records)
            {
                var crisis = history.Fold();
                var index = CrisisIndex.Of(crisis, ClockPolicy.Default, PriorityPolicy.Default);
                Execute(connection, "INSERT INTO crises (id, version, published_version, title, opened_at) VALUES ($id, $version, $published, $title, $at)",
                    ("$id", history.Id.Number), ("$version", history.Version), ("$published", published), ("$title", crisis.Title), ("$at", Stamp(history.Events[0].At)));
                if (!beforeIndex)
                    Execute(connection, "UPDATE crises SET wake_at = $wake WHERE id = $id", ("$id", history.Id.Number), ("$wake", index.WakeAt is { } wake ? Stamp(wake) : DBNull.Value));
                for (var i = 0; i < history.Events.Count; i++)
                {
                    var happened = history.Events[i];
                    Execute(connection, "INSERT INTO crisis_events (crisis_id, version, type, at, body) VALUES ($id, $version, $type, $at, $body)",
                        ("$id", history.Id.Number), ("$version", i + 1), ("$type", EventJson.Name(happened)), ("$at", Stamp(happened.At)), ("$body", EventJson.Serialize(happened)));
                }

                foreach (var (channel, kind) in index.Channels)
                {
                    Execute(connection, "INSERT INTO crisis_channels (channel_id, crisis_id, kind) VALUES ($channel, $id, $kind)",
                        ("$channel", channel.Value), ("$id", history.Id.Number), ("$kind", kind.ToString()));
                }

                foreach (var (step, at) in attempts)
                {
                    Execute(connection, "INSERT INTO slack_attempts (crisis_id, step, attempted_at) VALUES ($id, $step, $at)",
                        ("$id", history.Id.Number), ("$step", step), ("$at", Stamp(at)));
                }
            }
        }

        return File.ReadAllBytes(database);
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
