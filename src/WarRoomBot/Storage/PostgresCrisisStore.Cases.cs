using Npgsql;
using NpgsqlTypes;
using WarRoomBot.Crises;

namespace WarRoomBot.Storage;

/// <summary>
/// The support cases of the watch list (issue 15) and the days its post was claimed, in the database the replicas share,
/// so that every replica reads the same cases and one of them posts each day's list.
/// </summary>
public sealed partial class PostgresCrisisStore : ISupportCaseStore
{
    /// <summary>Created with the rest of the schema, under the same lock.</summary>
    private const string CaseSchema = """

        -- key: the case id in upper case (SupportCaseBatch.Key); id: as last reported.
        CREATE TABLE IF NOT EXISTS support_cases (
            key      text        PRIMARY KEY,
            id       text        NOT NULL,
            customer text        NOT NULL,
            priority smallint    NOT NULL,
            opened   timestamptz NOT NULL,
            closed   timestamptz NULL
        );
        CREATE INDEX IF NOT EXISTS support_cases_opened ON support_cases (opened);
        CREATE INDEX IF NOT EXISTS support_cases_open ON support_cases (opened) WHERE closed IS NULL;
        CREATE TABLE IF NOT EXISTS watch_posts (
            day        date        PRIMARY KEY,
            claimed_at timestamptz NOT NULL,
            posted     boolean     NOT NULL DEFAULT false
        );
        """;

    /// <summary>
    /// One statement in one transaction: the batch is stored whole or not at all. <c>xmax = 0</c> holds on a row this
    /// statement inserted and not on one it updated, which is how PostgreSQL tells the two apart in one upsert.
    /// </summary>
    public async Task<CaseImport> UpsertAsync(IReadOnlyList<SupportCase> cases, CancellationToken ct)
    {
        var batch = SupportCaseBatch.LastOfEach(cases);
        if (batch.Count == 0)
            return new CaseImport(0, 0);

        await using var upsert = source.CreateCommand("""
            INSERT INTO support_cases (key, id, customer, priority, opened, closed)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::smallint[], $5::timestamptz[], $6::timestamptz[])
            ON CONFLICT (key) DO UPDATE
                SET id = excluded.id, customer = excluded.customer, priority = excluded.priority, opened = excluded.opened, closed = excluded.closed
            RETURNING xmax = 0
            """);
        upsert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(c => SupportCaseBatch.Key(c.Id))] });
        upsert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(c => c.Id)] });
        upsert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(c => c.Customer)] });
        upsert.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. batch.Select(c => (short)c.Priority)] });
        upsert.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. batch.Select(c => c.Opened.ToUniversalTime())] });
        upsert.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            Value = batch.Select(c => c.Closed is { } closed ? (object)closed.ToUniversalTime() : DBNull.Value).ToArray(),
        });

        var added = 0;
        await using (var reader = await upsert.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                if (reader.GetBoolean(0))
                    added++;
            }
        }

        return new CaseImport(added, batch.Count - added);
    }

    public async Task<IReadOnlyList<SupportCase>> RecentOrOpenAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var select = source.CreateCommand("SELECT id, customer, priority, opened, closed FROM support_cases WHERE opened >= $1 OR closed IS NULL");
        select.Parameters.Add(Stamp(since));
        await using var reader = await select.ExecuteReaderAsync(ct);
        var cases = new List<SupportCase>();
        while (await reader.ReadAsync(ct))
        {
            cases.Add(new SupportCase(
                reader.GetString(0),
                reader.GetString(1),
                (CasePriority)reader.GetInt16(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                await reader.IsDBNullAsync(4, ct) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return cases;
    }

    /// <summary>One statement: the row's lock decides between replicas claiming at once, and the loser sees no row changed.</summary>
    public async Task<bool> TryClaimWatchPostAsync(DateOnly day, DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        await using var claim = source.CreateCommand("""
            INSERT INTO watch_posts (day, claimed_at) VALUES ($1, $2)
            ON CONFLICT (day) DO UPDATE SET claimed_at = excluded.claimed_at
            WHERE NOT watch_posts.posted AND watch_posts.claimed_at <= $3
            """);
        claim.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
        claim.Parameters.Add(Stamp(now));
        claim.Parameters.Add(Stamp(now - lease));
        return await claim.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task MarkWatchPostedAsync(DateOnly day, CancellationToken ct)
    {
        await using var mark = source.CreateCommand(
            "INSERT INTO watch_posts (day, claimed_at, posted) VALUES ($1, $2, true) ON CONFLICT (day) DO UPDATE SET posted = true");
        mark.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
        mark.Parameters.Add(Stamp(time.GetUtcNow()));
        await mark.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<DateOnly>> WatchPostedDaysAsync(CancellationToken ct)
    {
        await using var select = source.CreateCommand("SELECT day FROM watch_posts WHERE posted ORDER BY day");
        await using var reader = await select.ExecuteReaderAsync(ct);
        List<DateOnly> days = [];
        while (await reader.ReadAsync(ct))
            days.Add(reader.GetFieldValue<DateOnly>(0));
        return days;
    }
}
