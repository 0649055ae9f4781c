using System.Globalization;
using Microsoft.Data.Sqlite;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Storage;

/// <summary>A store file as the version before the crisis index wrote it, holding crisis 1 with the given timeline.</summary>
internal static class OldStoreFile
{
    /// <summary>The file as the version before the index wrote it: no wake column, deadlines in their own table.</summary>
    public static void Write(string database, IReadOnlyList<CrisisEvent> timeline)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var schema = connection.CreateCommand();
        schema.CommandText = """
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
            CREATE TABLE deadline_clock (
                crisis_id INTEGER NOT NULL REFERENCES crises (id),
                deadline  INTEGER NOT NULL,
                due_at    TEXT    NOT NULL,
                settled   INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (crisis_id, deadline)
            ) WITHOUT ROWID;
            CREATE INDEX deadline_clock_unsettled ON deadline_clock (crisis_id) WHERE settled = 0;
            INSERT INTO crises (id, version, published_version, title, opened_at) VALUES (1, $version, $version, 'Checkout freezes', '2026-11-22T14:00:00.0000000Z');
            INSERT INTO crisis_channels (channel_id, crisis_id, kind) VALUES ('C0TECH', 1, 'Technical');
            INSERT INTO deadline_clock (crisis_id, deadline, due_at) VALUES (1, 1, '2026-11-22T14:45:00.0000000Z');
            """;
        schema.Parameters.AddWithValue("$version", timeline.Count);
        schema.ExecuteNonQuery();

        for (var i = 0; i < timeline.Count; i++)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO crisis_events (crisis_id, version, type, at, body) VALUES (1, $version, $type, $at, $body)";
            insert.Parameters.AddWithValue("$version", i + 1);
            insert.Parameters.AddWithValue("$type", EventJson.Name(timeline[i]));
            insert.Parameters.AddWithValue("$at", timeline[i].At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$body", EventJson.Serialize(timeline[i]));
            insert.ExecuteNonQuery();
        }
    }
}
