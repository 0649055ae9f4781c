using System.Collections.Concurrent;
using LiteDB;
using WarRoomBot.Crises;

namespace WarRoomBot.Storage;

/// <summary>
/// The embedded store in one LiteDB file, safe against a killed process and a power cut as issue 10 measured it:
/// <list type="bullet">
/// <item>Every write goes through one writer thread. Two threads committing at once lost acknowledged writes and
/// corrupted the file when killed: a checkpoint on one reset the transaction ids another still held.</item>
/// <item>The writer takes every write waiting in its queue, applies them in order in one transaction (group commit),
/// commits, flushes the data file and its log to disk, and only then answers them all. LiteDB 5 never flushes a commit
/// to disk itself, so it runs on file streams this store owns; those also flush to disk whenever LiteDB flushes them,
/// so a checkpoint's pages are on disk before it empties the log.</item>
/// <item>The writer checkpoints itself, after answering the group, rather than LiteDB at the end of the commit: a
/// checkpoint that fails (a full disk) must not turn appends already safe in the log into refusals, which a retry would
/// record twice.</item>
/// <item>Nothing awaits between BeginTrans and Commit: LiteDB transactions belong to a thread.</item>
/// <item>No auto-rebuild (it moves unreadable records aside silently) and no password (encrypted files are never
/// flushed).</item>
/// <item>A group that fails to reach the disk (a full disk) leaves LiteDB's memory unlike its files, so the writer opens
/// the files again, as a restart after a crash would: the crash trial proves that what the files hold then is every
/// acknowledged write and nothing of the failed group.</item>
/// </list>
/// Reads run on the callers' threads, beside the writer.
/// </summary>
public sealed partial class LiteDbCrisisStore : ICrisisStore, IDisposable
{
    /// <summary>LiteDB's own default: it copies its log into the data file once the log holds this many 8 KB pages.</summary>
    public const int DefaultCheckpointPages = 1000;

    private const string Crises = "crises";
    private const string Events = "events";
    private const string Channels = "channels";
    private const string Attempts = "attempts";
    private const string Probes = "probe";

    private readonly string database;
    private readonly string setting;
    private readonly TimeProvider time;

    /// <summary>The crisis clock's policy, read at each write as the clock reads it at each decision, so both agree on every wake.</summary>
    private readonly Func<ClockPolicy> clock;

    /// <summary>The priority score's weights, read at each write as the triage reads them, so the list ranks by the score people see.</summary>
    private readonly Func<PriorityPolicy> priority;
    private readonly long checkpointBytes;
    private readonly EmbeddedStoreLock guard;
    private readonly DurableFileStream? data;
    private readonly DurableFileStream? log;
    private readonly BlockingCollection<Write> queue = [];

    /// <summary>Each crisis's state as last folded here, so a load at the same version does not fold or read its timeline again.</summary>
    private readonly FoldCache folds;

    /// <summary>
    /// Who keeps this store's folds (<see cref="FoldCache.Latest"/>). Replaced, on the writer thread, when the files are
    /// read again after a failed group: what was kept before may be a write that never reached the disk.
    /// </summary>
    private volatile object keeper = new();

    /// <summary>The crisis of each war room asked about, so a command in a room does not look its channel up again.</summary>
    private readonly ChannelCache channels;
    private readonly Thread? writer;
    private readonly Lock closing = new();
    private bool closed;

    /// <summary>Replaced only by the writer thread, when it opens the files again after a failed group.</summary>
    private volatile LiteDatabase? db;

    /// <summary>The highest crisis number stored; read and written only by the writer thread.</summary>
    private int lastNumber;

    /// <summary>
    /// What the writer wrote for each crisis it is working, as the transaction has it, so a write does not first read back
    /// what it wrote a moment before: the crisis document, with the latest events in it (<see cref="AddEvents"/>; its read
    /// parsed a query and read pages for every append, click and publication), and the listing it holds. Writer thread only;
    /// emptied when a group fails, as it rolls back what they hold. A crisis let go by the bound has its document read again.
    /// </summary>
    private readonly RecencyMap<int, Written> written = new(FoldCache.DefaultCapacity);

    /// <summary>Whether the files could not be opened again after a failed group, so must be before the next; writer thread only.</summary>
    private bool reopen;

    /// <summary>
    /// Opens <paramref name="database"/> (a file path; its log is <c>&lt;name&gt;-log&lt;extension&gt;</c> beside it, as LiteDB
    /// names it) for this process alone and proves it can be written, so that a store that cannot record stops start-up
    /// instead of failing the first command. <paramref name="setting"/> names where the path came from in the
    /// <see cref="StoreUnavailableException"/> thrown when it cannot. <paramref name="checkpointPages"/> is how many 8 KB
    /// pages the log may hold before LiteDB copies them into the data file; a crash trial passes a few pages so that
    /// checkpoints happen while it kills the process. <paramref name="priority"/> weighs the impact for the list's order
    /// (<see cref="PriorityPolicy.Default"/> when null). <paramref name="folds"/> keeps the folded crises
    /// (a <see cref="FoldCache"/> of its default size when null); <paramref name="channels"/> the crisis of each room
    /// (a <see cref="ChannelCache"/> of its default size when null).
    /// </summary>
    public LiteDbCrisisStore(
        string database, TimeProvider time, Func<ClockPolicy> clock, string setting = "Storage:ConnectionString", int checkpointPages = DefaultCheckpointPages,
        Func<PriorityPolicy>? priority = null, FoldCache? folds = null, ChannelCache? channels = null)
        : this(database, time, clock, setting, checkpointPages, DurableFileStream.Open, priority, folds, channels)
    {
    }

    /// <summary><paramref name="openFile"/> opens the data file and the log, each read and written through the stream it returns alone.</summary>
    internal LiteDbCrisisStore(
        string database, TimeProvider time, Func<ClockPolicy> clock, string setting, int checkpointPages, Func<string, FileStream> openFile,
        Func<PriorityPolicy>? priority = null, FoldCache? folds = null, ChannelCache? channels = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(checkpointPages);
        ArgumentNullException.ThrowIfNull(openFile);
        this.database = Path.GetFullPath(database);
        this.setting = setting;
        this.time = time;
        this.clock = clock;
        this.priority = priority ?? (() => PriorityPolicy.Default);
        this.folds = folds ?? new FoldCache();
        this.channels = channels ?? new ChannelCache();
        checkpointBytes = checkpointPages * 8192L;
        guard = EmbeddedStoreLock.Acquire(this.database, setting);
        try
        {
            data = new DurableFileStream(openFile(this.database));
            log = new DurableFileStream(openFile(LogFile(this.database)));
            db = new LiteDatabase(data, new BsonMapper(), log);

            // No checkpoint by LiteDB: the writer runs them (CheckpointWhenFull). LiteDB refuses to set a pragma inside a
            // transaction, so this one write happens here, before the writer thread starts: still one writer at a time.
            // The first group the writer commits flushes it to disk. It is kept in the file, so reading the files again
            // after a failed group needs no write.
            db.CheckpointSize = 0;
            writer = new Thread(Run) { IsBackground = true, Name = "LiteDB crisis store writer" };
            var ready = Enqueue(Prepare);
            writer.Start();
            ready.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            // Whatever stops the file opening stops start-up with one line: a damaged file fails deep inside LiteDB with
            // exceptions of many kinds.
            Dispose();
            throw StoreUnavailableException.CannotWrite(this.database, setting, e is LiteDbStoreException { InnerException: { } cause } ? cause : e);
        }
    }

    /// <summary>LiteDB's own name for the log of a file, so its tools find it.</summary>
    public static string LogFile(string database) =>
        Path.Combine(Path.GetDirectoryName(database)!, $"{Path.GetFileNameWithoutExtension(database)}-log{Path.GetExtension(database)}");

    /// <summary>Runs on the writer thread, as the first write: the indexes and the last crisis number.</summary>
    private bool Prepare()
    {
        db!.GetCollection(Crises).EnsureIndex("wake_at", "$.wake_at");
        // Keyed by number and holding only the unpublished crises, so the publisher reads them a page at a time, oldest
        // first, without loading the others; it replaces the index on the flag alone, which files from before still have.
        db.GetCollection(Crises).DropIndex("unpublished");
        db.GetCollection(Crises).EnsureIndex(Unpublished, UnpublishedNumber);
        db.GetCollection(Crises).EnsureIndex("listed", "$.listed");
        lastNumber = ReadLastNumber();
        Probe();
        return true;
    }

    /// <summary>
    /// Waits for the writes already queued, then closes the file and lets the next process take it. A second call returns
    /// only once the first has let go of the file: a host whose services are disposed from two threads (the generic
    /// host's own disposal and its owner's) lets the second return at once, and whoever starts next must find the file free.
    /// </summary>
    public void Dispose()
    {
        lock (closing)
        {
            if (closed)
                return;
            Close();
            closed = true;
        }
    }

    private void Close()
    {
        queue.CompleteAdding();
        if (writer is { IsAlive: true })
            writer.Join();

        // As LiteDB does on closing when it checkpoints itself: the next process opens a file with an empty log.
        if (db is not null && !reopen)
            Checkpoint();
        db?.Dispose();
        log?.Dispose();
        data?.Dispose();
        queue.Dispose();
        guard.Dispose();
    }

    public async Task<CrisisHistory> OpenAsync(IReadOnlyList<CrisisEvent> opening, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var title = opening.OfType<CrisisEvent.Opened>().Single().Title;
        var (policy, weights) = (clock(), priority());
        return await Enqueue(() =>
        {
            var id = new CrisisId(lastNumber + 1);
            var opened = Crisis.Fold(id, opening);
            var index = CrisisIndex.Of(opened, policy, weights);
            var crisis = new BsonDocument
            {
                ["_id"] = id.Number,
                ["version"] = opening.Count,
                ["published_version"] = 0,
                ["title"] = title,
                ["opened_at"] = opening[0].At.UtcDateTime,
            };
            AddEvents(crisis, id, 0, opening);
            SaveCrisis(crisis, index, insert: true);
            IndexRooms(id, index);
            lastNumber = id.Number;
            return new CrisisHistory(id, opening.Count, opening) { Folded = opened };
        }, history => folds.Keep(history.Id, history.Version, history.Folded!, keeper));
    }

    /// <summary>
    /// When the crisis is kept folded at its stored version, nothing is read: the timeline is read when a caller asks for
    /// its events, up to that version, which no later append changes (appended, never edited). The version is the one this
    /// store kept last: it holds the file alone (<see cref="EmbeddedStoreLock"/>) and its writer keeps each crisis it
    /// writes as soon as the write is committed, before anyone is answered, so what it kept last is what the file holds
    /// (or, for a moment after a commit, the version before, which the append's version check refuses and the command
    /// decides again). A crisis it did not keep last (let go by the bound, or kept by an earlier store on the file) has its
    /// version read.
    /// </summary>
    public Task<CrisisHistory?> LoadAsync(CrisisId crisis, CancellationToken ct)
    {
        // Taken before reading: a read of a write that the files lose is kept for a keeper no longer asked.
        var own = keeper;
        if (folds.Latest(crisis, own) is var (latest, kept))
            return Task.FromResult<CrisisHistory?>(Timeline(crisis, latest, kept));

        return Read<CrisisHistory?>(() =>
        {
            if (db!.GetCollection(Crises).FindById(crisis.Number) is not { } stored)
                return null;

            var version = stored["version"].AsInt32;
            if (folds.At(crisis, version, own) is { } folded)
            {
                folds.Keep(crisis, version, folded, own);
                return Timeline(crisis, version, folded);
            }

            var events = ReadEvents(crisis, version, stored);
            folded = Crisis.Fold(crisis, events);
            folds.Keep(crisis, version, folded, own);
            return new CrisisHistory(crisis, version, events) { Folded = folded };
        });
    }

    /// <summary>The crisis at <paramref name="version"/> as <paramref name="folded"/>, its events read only when asked for.</summary>
    private CrisisHistory Timeline(CrisisId crisis, int version, Crisis folded) =>
        new(crisis, version, new StoredTimeline(() => ReadNow(() => ReadEvents(crisis, version)))) { Folded = folded };

    /// <summary>
    /// The timeline up to <paramref name="version"/>, in order, and none after it: a history's events are read when first
    /// asked for, perhaps long after its load, and its crisis's latest events may have had more added since. The crisis
    /// document (<paramref name="stored"/> when the caller read it just now) is read before the events collection: latest
    /// events that a write moved from one to the other in between are then found in the second, and read once.
    /// </summary>
    private List<CrisisEvent> ReadEvents(CrisisId crisis, int version, BsonDocument? stored = null)
    {
        var latest = (stored ?? db!.GetCollection(Crises).FindById(crisis.Number))?["latest"] as BsonDocument;
        return [.. db!.GetCollection(Events)
            .Find(Where("_id BETWEEN @0 AND @1", EventKey(crisis, 1), EventKey(crisis, version)))
            .Concat(latest is null ? [] : [latest])
            .SelectMany(Unbatch)
            .Where(e => e.Version <= version)
            .DistinctBy(e => e.Version)
            .OrderBy(e => e.Version)
            .Select(e => Event(e.Stored))];
    }

    /// <summary>A stored event: its body in UTF-8, or, in a file of an earlier release, a string.</summary>
    private static CrisisEvent Event(BsonDocument stored) => stored["body"] is { IsBinary: true } utf8
        ? EventJson.Deserialize(stored["type"].AsString, utf8.AsBinary)
        : EventJson.Deserialize(stored["type"].AsString, stored["body"].AsString);

    /// <summary>The size of a stored event's body: bytes of UTF-8, or characters in a file of an earlier release.</summary>
    private static int BodyLength(BsonValue stored) => stored["body"] is { IsBinary: true } utf8 ? utf8.AsBinary.Length : stored["body"].AsString.Length;

    /// <summary>
    /// Each event of a stored document with its version: those of <c>events</c> from the document's first version on, or,
    /// in a file written before the events of a write were kept together, the document itself, which is one event.
    /// </summary>
    private static IEnumerable<(int Version, BsonDocument Stored)> Unbatch(BsonDocument write)
    {
        var first = write["version"].AsInt32;
        return write["events"] is BsonArray events
            ? events.Select((e, i) => (first + i, e.AsDocument))
            : [(first, write)];
    }

    public async Task<int> AppendAsync(CrisisId crisis, int expectedVersion, IReadOnlyList<CrisisEvent> events, Crisis after, CancellationToken ct)
    {
        if (events.Count == 0)
            return expectedVersion;

        ct.ThrowIfCancellationRequested();
        var index = IndexOf(after);
        return await Enqueue(() =>
        {
            // Checked before anything is written: a conflicting append fails alone and the others in its group commit.
            var stored = StoredCrisis(crisis.Number);
            if (stored is null || stored["version"].AsInt32 != expectedVersion)
                throw new ConcurrencyConflictException(crisis, expectedVersion);

            stored["version"] = expectedVersion + events.Count;
            AddEvents(stored, crisis, expectedVersion, events);
            SaveCrisis(stored, index, insert: false);

            // A room comes only from its ChannelCreated: an append without one has no room to index, and looking costs a
            // read per room on every append.
            if (events.Any(e => e is CrisisEvent.ChannelCreated))
                IndexRooms(crisis, index);
            return expectedVersion + events.Count;
        }, version => folds.Keep(crisis, version, after, keeper));
    }

    /// <summary>
    /// The wake and the listing can be stale here (the listing missing in a file from before listings, or its score
    /// weighed by other weights); the channels change only by appends, which write them. Nothing unchanged is written.
    /// </summary>
    public async Task IndexAsync(Crisis crisis, int version, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var index = IndexOf(crisis);
        await Enqueue(() =>
        {
            var stored = StoredCrisis(crisis.Id.Number);
            if (stored is null || stored["version"].AsInt32 != version)
                return true;
            // A listing without its stage reads as open, which may equal the crisis's: it is written all the same, so that
            // the backfill does not find it again.
            if (stored["wake_at"] != Wake(index.WakeAt) || ListingOf(stored) != index.Listing || stored["listing"]["stage"].IsNull)
                SaveCrisis(stored, index, insert: false, rewriteListing: true);

            return true;
        });
    }

    /// <summary>Sorted here rather than by an index: LiteDB orders by one field, and the open crises are few.</summary>
    public Task<CrisisList> ListOpenAsync(int limit, CancellationToken ct) => Read(() =>
    {
        var open = db!.GetCollection(Crises)
            .Find(Query.EQ("listed", true))
            .Select(c => ListingOf(c)!)
            .Order(CrisisListing.Priority)
            .ToList();
        return new CrisisList([.. open.Take(limit)], open.Count);
    });

    public Task<IReadOnlyList<CrisisId>> UnlistedAsync(CrisisId? after, int limit, CancellationToken ct) => Read<IReadOnlyList<CrisisId>>(() =>
        [.. db!.GetCollection(Crises)
            .Query()
            .Where(Query.And(
                Query.GT("_id", after?.Number ?? 0),
                Query.Or(Query.EQ("listed", BsonValue.Null), Query.And(Query.EQ("listed", true), Query.EQ("listing.stage", BsonValue.Null)))))
            .OrderBy("_id")
            .Limit(limit)
            .ToEnumerable()
            .Select(c => new CrisisId(c["_id"].AsInt32))]);

    public Task<CrisisId?> CrisisForChannelAsync(ChannelId channel, CancellationToken ct) => channels.CrisisForAsync(channel, () => Read<CrisisId?>(() =>
        db!.GetCollection(Channels).FindById(channel.Value) is { } room ? new CrisisId(room["crisis"].AsInt32) : (CrisisId?)null));

    /// <summary>Ordered here rather than by the index: the index gives the wakes in order but not the crises sharing one.</summary>
    public Task<IReadOnlyList<CrisisId>> DueByAsync(DateTimeOffset until, CancellationToken ct) => Read<IReadOnlyList<CrisisId>>(() =>
        [.. db!.GetCollection(Crises)
            .Find(Where("wake_at BETWEEN @0 AND @1", 0L, until.UtcTicks))
            .OrderBy(c => c["wake_at"].AsInt64)
            .ThenBy(c => c["_id"].AsInt32)
            .Select(c => new CrisisId(c["_id"].AsInt32))]);

    /// <summary>The index of the unpublished crises: each one's number, and nothing for a published crisis.</summary>
    private const string Unpublished = "pending";

    private const string UnpublishedNumber = "IIF($.unpublished, $._id, null)";

    public Task<IReadOnlyList<CrisisId>> UnpublishedAsync(CrisisId? after, int limit, CancellationToken ct) => Read<IReadOnlyList<CrisisId>>(() =>
        [.. db!.GetCollection(Crises)
            .Query()
            .Where($"{UnpublishedNumber} > @0", after?.Number ?? 0)
            .OrderBy(UnpublishedNumber)
            .Limit(limit)
            .ToEnumerable()
            .Select(c => new CrisisId(c["_id"].AsInt32))]);

    public async Task MarkPublishedAsync(CrisisId crisis, int version, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        await Enqueue(() =>
        {
            var stored = StoredCrisis(crisis.Number);
            if (stored is not null && stored["published_version"].AsInt32 < version)
            {
                stored["published_version"] = version;
                SaveCrisis(stored, null, insert: false);
            }

            return true;
        });
    }

    public async Task<bool> NoteAttemptAsync(CrisisId crisis, string step, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var at = time.GetUtcNow().UtcDateTime;
        return await Enqueue(() =>
        {
            var attempts = db!.GetCollection(Attempts);
            var key = $"{crisis.Number}/{step}";
            if (attempts.FindById(key) is not null)
                return false;

            attempts.Insert(new BsonDocument { ["_id"] = key, ["crisis"] = crisis.Number, ["step"] = step, ["at"] = at });
            return true;
        });
    }

    public Task<IReadOnlyList<CrisisId>> CrisesAsync(CrisisId? after, int limit, CancellationToken ct) => Read<IReadOnlyList<CrisisId>>(() =>
        [.. db!.GetCollection(Crises)
            .Query()
            .Where(Where("_id > @0", after?.Number ?? 0))
            .OrderBy("_id")
            .Limit(limit)
            .ToEnumerable()
            .Select(c => new CrisisId(c["_id"].AsInt32))]);

    /// <summary>The timeline is read here, not when first asked for: the record outlives the copy's use of this store.</summary>
    public async Task<CrisisRecord?> ExportAsync(CrisisId crisis, CancellationToken ct)
    {
        if (await LoadAsync(crisis, ct) is not { } loaded)
            return null;

        var history = loaded with { Events = [.. loaded.Events] };

        return await Read<CrisisRecord?>(() => new CrisisRecord(
            history,
            db!.GetCollection(Crises).FindById(crisis.Number)["published_version"].AsInt32,
            [.. db.GetCollection(Attempts)
                // By the key's prefix, which the primary index serves; the crisis field has no index of its own. The prefix is
                // a parameter: written into the text, it made LiteDB compile and keep a query for every crisis exported.
                .Find(Where("_id LIKE @0", $"{crisis.Number}/%"))
                .Select(a => (a["step"].AsString, new DateTimeOffset(a["at"].AsDateTime.ToUniversalTime(), TimeSpan.Zero)))
                .OrderBy(a => a.Item1, StringComparer.Ordinal)]));
    }

    /// <summary>Through the one writer like every write; the next crisis opened takes the number after the highest imported.</summary>
    public async Task ImportAsync(CrisisRecord record, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var (history, publishedVersion, attempts) = record;
        var title = history.Events.OfType<CrisisEvent.Opened>().Single().Title;
        var index = IndexOf(history.Fold());
        await Enqueue(() =>
        {
            // Checked before anything is written: a refused import leaves nothing of itself in its group's transaction.
            if (db!.GetCollection(Crises).FindById(history.Id.Number) is not null)
                throw new ConcurrencyConflictException(history.Id, 0);

            var crisis = new BsonDocument
            {
                ["_id"] = history.Id.Number,
                ["version"] = history.Version,
                ["published_version"] = publishedVersion,
                ["title"] = title,
                ["opened_at"] = history.Events[0].At.UtcDateTime,
            };
            AddEvents(crisis, history.Id, 0, history.Events);
            SaveCrisis(crisis, index, insert: true);
            IndexRooms(history.Id, index);
            db.GetCollection(Attempts).InsertBulk(attempts.Select(a => new BsonDocument
            {
                ["_id"] = $"{history.Id.Number}/{a.Step}",
                ["crisis"] = history.Id.Number,
                ["step"] = a.Step,
                ["at"] = a.At.UtcDateTime,
            }));
            lastNumber = Math.Max(lastNumber, history.Id.Number);
            return true;
        });
    }

    /// <summary>
    /// Reads, then commits a probe through the writer and flushes it to disk, as every append does: a quiet store that
    /// lost its disk must turn unhealthy before the next command is lost, and turn healthy again once the disk is back.
    /// </summary>
    public async Task<bool> IsReachableAsync(CancellationToken ct)
    {
        try
        {
            await Read(() => db!.GetCollection(Crises).Count());
            await Enqueue(Probe);
            return true;
        }
        catch (Exception e) when (e is LiteDbStoreException or InvalidOperationException)
        {
            return false;
        }
    }

    private bool Probe()
    {
        db!.GetCollection(Probes).Upsert(new BsonDocument { ["_id"] = 1, ["at"] = time.GetUtcNow().UtcDateTime });
        return true;
    }

    /// <summary>
    /// Writes the crisis document with its <paramref name="index"/> (the wake and listing it holds stay as they are when
    /// null), and keeps <c>unpublished</c> beside the versions it is computed from, so the publisher's question is an index
    /// lookup. The listing is built again only when it changed (or <paramref name="rewriteListing"/>, for a listing stored
    /// in an older shape): most commands leave it as it was, and the writer keeps what it built until the crisis's next write.
    /// </summary>
    private void SaveCrisis(BsonDocument crisis, CrisisIndex? index, bool insert, bool rewriteListing = false)
    {
        var number = crisis["_id"].AsInt32;
        if (written.TryPeek(number, out var kept))
            written.Touch(number);
        else
            written.Set(number, kept = new Written(crisis));
        kept.Crisis = crisis;
        if (index is not null)
        {
            crisis["wake_at"] = Wake(index.WakeAt);
            if (rewriteListing || kept.Listing != index.Listing)
            {
                SetListing(crisis, index.Listing);
                kept.Listing = index.Listing;
            }
        }

        crisis["unpublished"] = crisis["version"].AsInt32 > crisis["published_version"].AsInt32;
        var crises = db!.GetCollection(Crises);
        if (insert)
            crises.Insert(crisis);
        else
            crises.Update(crisis);
    }

    /// <summary>The crisis's document as the writer's transaction has it; writer thread only.</summary>
    private BsonDocument? StoredCrisis(int number) =>
        written.TryPeek(number, out var kept) ? kept.Crisis : db!.GetCollection(Crises).FindById(number);

    /// <summary>
    /// A crisis's document as the writer last wrote it, and the listing it holds; <see cref="Listing"/> is null until the
    /// writer wrote one (a document read from the file holds one written by another run, perhaps under other weights).
    /// </summary>
    private sealed class Written(BsonDocument crisis)
    {
        public BsonDocument Crisis { get; set; } = crisis;

        public CrisisListing? Listing { get; set; }
    }

    private CrisisIndex IndexOf(Crisis crisis) => CrisisIndex.Of(crisis, clock(), priority());

    /// <summary>
    /// The listing as fields of the crisis document, times in UTC ticks as the wake is, so a listing read back equals the
    /// one it was written from. <c>listed</c> is missing only on a crisis stored before listings were kept; <c>stage</c>
    /// only on one listed before listings kept it, read as open until <see cref="UnlistedAsync"/> has it refreshed.
    /// </summary>
    private static void SetListing(BsonDocument crisis, CrisisListing listing)
    {
        crisis["listed"] = listing.IsOpen;
        crisis["listing"] = new BsonDocument
        {
            ["customer"] = listing.Customer is { } customer ? new BsonValue(customer) : BsonValue.Null,
            ["title"] = listing.Title,
            ["severity"] = (int)listing.Severity,
            ["owner"] = listing.Owner.Value,
            ["opened_at"] = listing.OpenedAt.UtcTicks,
            ["next_deadline"] = Wake(listing.NextDeadline),
            ["next_update"] = Wake(listing.NextUpdate),
            ["technical"] = listing.Technical is { } channel ? new BsonValue(channel.Value) : BsonValue.Null,
            ["score"] = listing.Score is { } score ? new BsonValue(score) : BsonValue.Null,
            ["stage"] = (int)listing.Stage,
            ["resolved_at"] = Wake(listing.ResolvedAt),
        };
    }

    private static CrisisListing? ListingOf(BsonDocument crisis)
    {
        if (!crisis["listed"].IsBoolean || crisis["listing"] is not BsonDocument listing)
            return null;
        return new CrisisListing(
            new CrisisId(crisis["_id"].AsInt32),
            listing["customer"].IsNull ? null : listing["customer"].AsString,
            listing["title"].AsString,
            (Severity)listing["severity"].AsInt32,
            new UserId(listing["owner"].AsString),
            new DateTimeOffset(listing["opened_at"].AsInt64, TimeSpan.Zero),
            Ticks(listing["next_deadline"]),
            Ticks(listing["next_update"]),
            listing["technical"].IsNull ? null : new ChannelId(listing["technical"].AsString),
            listing["score"].IsNull ? null : listing["score"].AsInt32,
            crisis["listed"].AsBoolean,
            listing["stage"].IsNull ? Stage.Open : (Stage)listing["stage"].AsInt32,
            Ticks(listing["resolved_at"]));
    }

    private static DateTimeOffset? Ticks(BsonValue value) => value.IsNull ? null : new DateTimeOffset(value.AsInt64, TimeSpan.Zero);

    /// <summary>
    /// Puts a write's events in its crisis's document, under <c>latest</c>, while those hold fewer than
    /// <see cref="TailBytes"/> bytes of bodies; a write that would pass that moves them first into a document of
    /// their own in the events collection, keyed by the version of their first event. An append so writes one document,
    /// the crisis's, which it writes anyway for its version: with the latest events in a document of the events
    /// collection, each append updated two documents, and the second's lookup in that collection's key index (LiteDB's skip
    /// list, tens of pages visited) and rewrite took a fifth of the writer's CPU under load (perf, <c>theory</c>). Kept
    /// small, as a document that grew is spread over more blocks, each on its own page, and every update rewrites them.
    /// Only events that follow on from the latest are added to them: whatever a file holds, no event lands after a gap.
    /// Files of earlier releases hold every event in the events collection, as a document per event, per write, or per
    /// run of writes, each read as it is (<see cref="Unbatch"/>); a crisis appended to after the upgrade begins its latest
    /// events here. A write whose bodies pass <see cref="DocumentBytes"/> (only an import of a long crisis does) takes a
    /// document per that many bytes, as LiteDB refuses a document over 16 MB. Bodies are kept as the UTF-8 the serializer
    /// writes (files of earlier releases hold strings, read as they are): a string was encoded twice on the way in and
    /// twice on the way out, and took twice the memory in the writer's documents, which outlive the collector's youngest
    /// generation.
    /// </summary>
    private void AddEvents(BsonDocument crisis, CrisisId id, int after, IReadOnlyList<CrisisEvent> events)
    {
        var stored = events.Select(e => (Event: e, Body: EventJson.SerializeToUtf8(e))).ToList();
        var added = stored.Sum(e => e.Body.Length);
        if (crisis["latest"] is BsonDocument latest)
        {
            var held = latest["events"].AsArray;
            if (latest["version"].AsInt32 + held.Count == after + 1 && held.Sum(BodyLength) + added <= TailBytes)
            {
                foreach (var (e, body) in stored)
                    held.Add(Stored(e, body));
                return;
            }

            db!.GetCollection(Events).Insert(EventsDocument(id, latest["version"].AsInt32, held));
            crisis.Remove("latest");
        }

        if (added <= TailBytes)
        {
            crisis["latest"] = new BsonDocument { ["version"] = after + 1, ["events"] = new BsonArray(stored.Select(e => Stored(e.Event, e.Body))) };
            return;
        }

        List<BsonDocument> documents = [];
        var bytes = 0;
        for (var i = 0; i < stored.Count; i++)
        {
            var (e, body) = stored[i];
            if (documents.Count == 0 || bytes + body.Length > DocumentBytes)
            {
                documents.Add(EventsDocument(id, after + i + 1, []));
                bytes = 0;
            }

            documents[^1]["events"].AsArray.Add(Stored(e, body));
            bytes += body.Length;
        }

        db!.GetCollection(Events).InsertBulk(documents);
    }

    /// <summary>A document of the events collection: <paramref name="events"/> of a crisis, from version <paramref name="first"/> on.</summary>
    private static BsonDocument EventsDocument(CrisisId crisis, int first, BsonArray events) => new()
    {
        ["_id"] = EventKey(crisis, first),
        ["crisis"] = crisis.Number,
        ["version"] = first,
        ["events"] = events,
    };

    private static BsonDocument Stored(CrisisEvent e, byte[] body) =>
        new() { ["type"] = EventJson.Name(e), ["at"] = e.At.UtcDateTime, ["body"] = body };

    /// <summary>
    /// The bytes of event bodies a crisis's latest events hold before an append moves them out: two to four commands.
    /// Measured by the load run on <c>theory</c> at 500 a second when these were the last document of the events collection,
    /// the bot sent 47 KiB to the disk per command when each write was a document of its own, 28 KiB with documents of 1,000
    /// characters, and 32 and 36 KiB with 1,500 and 3,000, whose updates rewrite more blocks.
    /// </summary>
    private const int TailBytes = 1000;

    /// <summary>
    /// The bytes of event bodies one document holds before a write takes another: far below LiteDB's 16 MB, and a
    /// command's write, a few kilobytes, is always one document.
    /// </summary>
    private const int DocumentBytes = 1 << 20;

    /// <summary>A channel, once a crisis's room, stays that crisis's room: a room already indexed costs no write.</summary>
    private void IndexRooms(CrisisId crisis, CrisisIndex index)
    {
        var channels = db!.GetCollection(Channels);
        foreach (var (channel, kind) in index.Channels)
        {
            if (channels.FindById(channel.Value) is null)
                channels.Insert(new BsonDocument { ["_id"] = channel.Value, ["crisis"] = crisis.Number, ["kind"] = kind.ToString() });
        }
    }

    /// <summary>
    /// A query whose values are parameters. LiteDB compiles each distinct query text into code, which is slow, and keeps
    /// that code for the life of the process: a value written into the text, as <c>Query.Between</c> and <c>Query.GT</c>
    /// write it, compiled anew for every crisis loaded and every clock wake, and was never let go.
    /// </summary>
    private static BsonExpression Where(string predicate, params BsonValue[] values) => BsonExpression.Create(predicate, values);

    /// <summary>
    /// A write's key is its crisis and the version of its first event in one number: the primary key is then the unique
    /// key on crisis and version, and a crisis's timeline is one range of it.
    /// </summary>
    private static long EventKey(CrisisId crisis, int version) => ((long)crisis.Number << 32) | (uint)version;

    /// <summary>
    /// UTC ticks, not a BSON date: LiteDB keeps dates to the millisecond, which would move a wake across the instant the
    /// clock asks about.
    /// </summary>
    private static BsonValue Wake(DateTimeOffset? at) => at is { } wake ? new BsonValue(wake.UtcTicks) : BsonValue.Null;

    private int ReadLastNumber()
    {
        var crises = db!.GetCollection(Crises);
        return crises.Count() == 0 ? 0 : crises.Max().AsInt32;
    }

    /// <summary>
    /// Queues a write for the writer thread. Once queued it is made whatever the caller does, so it is not cancelled.
    /// <paramref name="committed"/> runs on the writer thread once the write's group is committed and before its caller is
    /// answered: the state it keeps is one the file holds, and kept before anyone can load the crisis again.
    /// </summary>
    private Task<T> Enqueue<T>(Func<T> apply, Action<T>? committed = null)
    {
        var write = new Write<T>(apply, committed);
        queue.Add(write);
        return write.Done;
    }

    private void Run()
    {
        foreach (var first in queue.GetConsumingEnumerable())
        {
            List<Write> group = [first];
            while (queue.TryTake(out var next))
                group.Add(next);
            Commit(group);
        }
    }

    /// <summary>One transaction for the group; nothing is answered until it is on disk.</summary>
    private void Commit(List<Write> group)
    {
        var began = false;
        try
        {
            if (reopen)
                Reopen();
            began = db!.BeginTrans();
            foreach (var write in group)
                write.Apply();
            db.Commit();
            began = false;
            log!.Flush();
            data!.Flush();
        }
        catch (Exception e)
        {
            // A failure of the file is the store's; anything else is a bug and keeps its own type. After a failure of the
            // file, LiteDB may believe written what never reached the disk: readers must not see it, so the files are
            // read again before anyone is answered.
            var stored = e is LiteException or IOException or UnauthorizedAccessException;
            var failure = stored ? new LiteDbStoreException(database, setting, e) : e;
            written.Clear();
            try
            {
                if (began)
                    db!.Rollback();
                if (stored)
                    Reopen();
                else
                    lastNumber = ReadLastNumber();
            }
            catch
            {
                // Tried again before the next group; until then, the failure each write gets says why.
                reopen = true;
            }

            foreach (var write in group)
                write.Fail(failure);
            return;
        }

        foreach (var write in group)
            write.Complete();
        if (log!.Length > checkpointBytes)
            Checkpoint();
    }

    /// <summary>
    /// Copies the log into the data file and empties it. One that fails leaves the log whole (the files refuse every change
    /// after a failed write), and the files are read again before the next group, as after any failure of the disk.
    /// </summary>
    private void Checkpoint()
    {
        try
        {
            db!.Checkpoint();
        }
        catch (Exception e) when (e is LiteException or IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // ObjectDisposedException: LiteDB closes itself when a read meets a failing disk, and then checkpoints on
            // what it has let go of.
            reopen = true;
        }
    }

    /// <summary>
    /// LiteDB on the files as they are on disk, as after a restart. The LiteDatabase it replaces is let go, not disposed:
    /// a read may still be running in it, and it holds no thread and no file of its own (the streams are the store's).
    /// </summary>
    private void Reopen()
    {
        data!.Resume();
        log!.Resume();
        db = new LiteDatabase(data, new BsonMapper(), log);
        keeper = new object();
        written.Clear();
        lastNumber = ReadLastNumber();
        reopen = false;
    }

    private Task<T> Read<T>(Func<T> read)
    {
        try
        {
            return Task.FromResult(ReadNow(read));
        }
        catch (LiteDbStoreException e)
        {
            return Task.FromException<T>(e);
        }
    }

    private T ReadNow<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is LiteException or IOException)
        {
            throw new LiteDbStoreException(database, setting, e);
        }
    }

    /// <summary>A timeline read from the file when first asked for, then kept; a failure of the file is the store's.</summary>
    private sealed class StoredTimeline(Func<List<CrisisEvent>> read) : IReadOnlyList<CrisisEvent>
    {
        private readonly Lazy<List<CrisisEvent>> events = new(read);

        public CrisisEvent this[int index] => events.Value[index];

        public int Count => events.Value.Count;

        public IEnumerator<CrisisEvent> GetEnumerator() => events.Value.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private abstract class Write
    {
        /// <summary>Applies the write inside the group's transaction; a version conflict is kept for this write alone.</summary>
        public abstract void Apply();

        public abstract void Complete();

        public abstract void Fail(Exception failure);
    }

    private sealed class Write<T>(Func<T> apply, Action<T>? committed) : Write
    {
        private readonly TaskCompletionSource<T> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;
        private ConcurrencyConflictException? conflict;

        public Task<T> Done => done.Task;

        public override void Apply()
        {
            try
            {
                result = apply();
            }
            catch (ConcurrencyConflictException e)
            {
                conflict = e;
            }
        }

        public override void Complete()
        {
            if (conflict is not null)
            {
                done.SetException(conflict);
                return;
            }

            committed?.Invoke(result!);
            done.SetResult(result!);
        }

        public override void Fail(Exception failure) => done.SetException(failure);
    }
}
