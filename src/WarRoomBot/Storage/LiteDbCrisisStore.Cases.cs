using System.Globalization;
using LiteDB;
using WarRoomBot.Crises;

namespace WarRoomBot.Storage;

/// <summary>
/// The support cases of the watch list (issue 15) and the days its post was claimed, in the same file and through the same
/// writer as the crises. No index: a support desk's open and recent cases are a few thousand at most, and "opened since or
/// still open" is two conditions no single index serves.
/// </summary>
public sealed partial class LiteDbCrisisStore : ISupportCaseStore
{
    private const string Cases = "support_cases";
    private const string WatchPosts = "watch_posts";

    /// <summary>One write, so the whole batch commits in one transaction or not at all.</summary>
    public async Task<CaseImport> UpsertAsync(IReadOnlyList<SupportCase> cases, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var batch = SupportCaseBatch.LastOfEach(cases);
        return await Enqueue(() =>
        {
            var stored = db!.GetCollection(Cases);
            var added = 0;
            foreach (var c in batch)
            {
                if (stored.Upsert(CaseDocument(c)))
                    added++;
            }

            return new CaseImport(added, batch.Count - added);
        });
    }

    public Task<IReadOnlyList<SupportCase>> RecentOrOpenAsync(DateTimeOffset since, CancellationToken ct) => Read<IReadOnlyList<SupportCase>>(() =>
        [.. db!.GetCollection(Cases)
            .Find(Query.Or(Query.GTE("opened", since.UtcTicks), Query.EQ("closed", BsonValue.Null)))
            .Select(CaseOf)]);

    public async Task<bool> TryClaimWatchPostAsync(DateOnly day, DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return await Enqueue(() =>
        {
            var posts = db!.GetCollection(WatchPosts);
            var claim = posts.FindById(DayKey(day));
            if (claim is not null && (claim["posted"].AsBoolean || claim["claimed_at"].AsInt64 > (now - lease).UtcTicks))
                return false;

            posts.Upsert(new BsonDocument { ["_id"] = DayKey(day), ["claimed_at"] = now.UtcTicks, ["posted"] = false });
            return true;
        });
    }

    public async Task MarkWatchPostedAsync(DateOnly day, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var at = time.GetUtcNow().UtcTicks;
        await Enqueue(() =>
        {
            var posts = db!.GetCollection(WatchPosts);
            var claim = posts.FindById(DayKey(day)) ?? new BsonDocument { ["_id"] = DayKey(day), ["claimed_at"] = at };
            claim["posted"] = true;
            posts.Upsert(claim);
            return true;
        });
    }

    public Task<IReadOnlyList<DateOnly>> WatchPostedDaysAsync(CancellationToken ct) => Read<IReadOnlyList<DateOnly>>(() =>
        [.. db!.GetCollection(WatchPosts)
            .Find(Query.EQ("posted", true))
            .Select(p => DateOnly.ParseExact(p["_id"].AsString, DayFormat, CultureInfo.InvariantCulture))
            .Order()]);

    private const string DayFormat = "yyyy-MM-dd";

    private static string DayKey(DateOnly day) => day.ToString(DayFormat, CultureInfo.InvariantCulture);

    /// <summary>Times as UTC ticks, as the wakes are: LiteDB keeps dates to the millisecond only.</summary>
    private static BsonDocument CaseDocument(SupportCase c) => new()
    {
        ["_id"] = SupportCaseBatch.Key(c.Id),
        ["id"] = c.Id,
        ["customer"] = c.Customer,
        ["priority"] = (int)c.Priority,
        ["opened"] = c.Opened.UtcTicks,
        ["closed"] = c.Closed is { } closed ? new BsonValue(closed.UtcTicks) : BsonValue.Null,
    };

    private static SupportCase CaseOf(BsonDocument c) => new(
        c["id"].AsString,
        c["customer"].AsString,
        (CasePriority)c["priority"].AsInt32,
        new DateTimeOffset(c["opened"].AsInt64, TimeSpan.Zero),
        Ticks(c["closed"]));
}
