using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Storage;

/// <summary>The store contract on LiteDB, and what only a LiteDB file has: its files on disk and its start-up refusals.</summary>
public sealed class LiteDbCrisisStoreContract : CrisisStoreContract
{
    private readonly string folder = Directory.CreateTempSubdirectory("warroom-litedb-").FullName;

    private string Database => Path.Combine(folder, "warroom.litedb");

    protected override ICrisisStore Open(ClockPolicy policy) => new LiteDbCrisisStore(Database, TimeProvider.System, () => policy);

    /// <summary>The file as an earlier release leaves it: crisis documents without the listing's fields.</summary>
    protected override async Task ForgetListingsAsync()
    {
        await CloseAllAsync();
        using var file = new LiteDB.LiteDatabase($"Filename={Database}");
        var crises = file.GetCollection("crises");
        foreach (var crisis in crises.FindAll().ToList())
        {
            crisis.Remove("listed");
            crisis.Remove("listing");
            crises.Update(crisis);
        }
    }

    /// <summary>The file as the release before the stage leaves it: listings without the stage's fields.</summary>
    protected override async Task ForgetStagesAsync()
    {
        await CloseAllAsync();
        using var file = new LiteDB.LiteDatabase($"Filename={Database}");
        var crises = file.GetCollection("crises");
        foreach (var crisis in crises.FindAll().ToList())
        {
            var listing = crisis["listing"].AsDocument;
            listing.Remove("stage");
            listing.Remove("resolved_at");
            crises.Update(crisis);
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>
    /// The file as a release before the events of a write were kept together leaves it: each event a document of its own,
    /// keyed by its crisis and version, with its type, time and body (a string) beside them, and none in the crisis's
    /// document.
    /// </summary>
    private async Task SplitWritesAsync()
    {
        await CloseAllAsync();
        using var file = new LiteDB.LiteDatabase($"Filename={Database}");
        var events = file.GetCollection("events");
        var crises = file.GetCollection("crises");
        foreach (var crisis in crises.FindAll().ToList())
        {
            if (crisis["latest"] is LiteDB.BsonDocument latest)
            {
                events.Insert(new LiteDB.BsonDocument
                {
                    ["_id"] = ((long)crisis["_id"].AsInt32 << 32) | (uint)latest["version"].AsInt32,
                    ["crisis"] = crisis["_id"],
                    ["version"] = latest["version"],
                    ["events"] = latest["events"],
                });
                crisis.Remove("latest");
                crises.Update(crisis);
            }
        }

        foreach (var write in events.FindAll().ToList())
        {
            var (crisis, first) = (write["crisis"].AsInt32, write["version"].AsInt32);
            events.Delete(write["_id"]);
            events.InsertBulk(Assert.IsType<LiteDB.BsonArray>(write["events"]).Select((e, i) => new LiteDB.BsonDocument
            {
                ["_id"] = ((long)crisis << 32) | (uint)(first + i),
                ["crisis"] = crisis,
                ["version"] = first + i,
                ["type"] = e["type"],
                ["at"] = e["at"],
                ["body"] = System.Text.Encoding.UTF8.GetString(e["body"].AsBinary),
            }));
        }
    }

    /// <summary>Each document of the events collection as its crisis, the version of its first event and how many it holds.</summary>
    private (int Crisis, int First, int Events)[] StoredWrites()
    {
        using var file = new LiteDB.LiteDatabase($"Filename={Database}");
        return [.. file.GetCollection("events").FindAll().Select(w =>
            (w["crisis"].AsInt32, w["version"].AsInt32, w["events"].IsArray ? w["events"].AsArray.Count : 1))];
    }

    /// <summary>The latest events each crisis document holds, as its crisis, the version of the first and how many.</summary>
    private (int Crisis, int First, int Events)[] LatestEvents()
    {
        using var file = new LiteDB.LiteDatabase($"Filename={Database}");
        return [.. file.GetCollection("crises").FindAll()
            .Where(c => c["latest"].IsDocument)
            .Select(c => (c["_id"].AsInt32, c["latest"]["version"].AsInt32, c["latest"]["events"].AsArray.Count))];
    }

    [Fact]
    public async Task An_append_adds_to_its_crisis_s_latest_events_in_its_document_and_every_write_reads_back_whole_in_order()
    {
        var store = Store();
        CrisisEvent[] opening = [Opened(firstUpdate: T.AddMinutes(30)), new CrisisEvent.OpenerNotified(T), Posted("opened", "1")];
        CrisisEvent[] appended = [Posted("first", "2"), Posted("second", "3")];
        var opened = await store.OpenAsync(opening, None);
        await AppendAsync(store, opened.Version, opened.Fold(), appended);
        await store.ImportAsync(new CrisisRecord(new CrisisHistory(new CrisisId(9), 3, opening), 0, []), None);
        await CloseAllAsync();

        Assert.Empty(StoredWrites());
        Assert.Equal([(1, 1, 5), (9, 1, 3)], LatestEvents());
        var reopened = Store();
        Assert.Equal([.. opening, .. appended], Assert.IsType<CrisisHistory>(await reopened.LoadAsync(opened.Id, None)).Events);
        Assert.Equal(opening, Assert.IsType<CrisisHistory>(await reopened.LoadAsync(new CrisisId(9), None)).Events);
    }

    [Fact]
    public async Task A_write_that_would_overfill_its_crisis_s_latest_events_moves_them_to_a_document_of_their_own_before_and_after_a_restart()
    {
        // A body with the note holds about 500 characters: the opening and one fit in the latest events, two do not.
        var note = new string('x', 400);
        CrisisEvent opening = Opened(firstUpdate: T.AddMinutes(30));
        Assert.InRange(EventJson.Serialize(opening).Length, 1, 450);
        var opened = await Store().OpenAsync([opening], None);
        var store = await Reopen();
        var (version, crisis) = await AppendAsync(store, opened.Version, opened.Fold(), [Posted($"a{note}", "1")]);
        (version, crisis) = await AppendAsync(store, version, crisis, [Posted($"b{note}", "2")]);
        (version, crisis) = await AppendAsync(store, version, crisis, [Posted("c", "3"), Posted("d", "4")]);
        await CloseAllAsync();

        Assert.Equal([(1, 1, 2)], StoredWrites());
        Assert.Equal([(1, 3, 3)], LatestEvents());
        (version, _) = await AppendAsync(Store(), version, crisis, [Posted($"e{note}", "5")]);
        await CloseAllAsync();

        Assert.Equal([(1, 1, 2), (1, 3, 3)], StoredWrites());
        Assert.Equal([(1, 6, 1)], LatestEvents());
        Assert.Equal(6, version);
        Assert.Equal(["a", "b", "c", "d", "e"], Assert.IsType<CrisisHistory>(await Store().LoadAsync(opened.Id, None)).Events
            .OfType<CrisisEvent.MessagePosted>().Select(p => p.Key[..1]));
    }

    [Fact]
    public async Task An_imported_crisis_longer_than_a_document_holds_is_kept_in_several_and_read_back_whole()
    {
        var store = Store();
        var note = new string('x', 100_000);
        CrisisEvent[] history = [Opened(firstUpdate: T.AddMinutes(30)), .. Enumerable.Range(1, 25).Select(i => Posted($"{i}{note}", $"{i}"))];
        await store.ImportAsync(new CrisisRecord(new CrisisHistory(new CrisisId(3), history.Length, history), 0, []), None);
        await CloseAllAsync();

        var writes = StoredWrites();
        Assert.Equal(3, writes.Length);
        Assert.Equal(history.Length, writes.Sum(w => w.Events));
        Assert.Equal(history, Assert.IsType<CrisisHistory>(await Store().LoadAsync(new CrisisId(3), None)).Events);
    }

    [Fact]
    public async Task A_file_of_a_document_per_event_loads_whole_takes_appends_and_reads_back_in_order_across_both_shapes_after_a_restart()
    {
        var store = Store();
        CrisisEvent[] opening = [Opened(firstUpdate: T.AddMinutes(30)), new CrisisEvent.OpenerNotified(T), Posted("opened", "1")];
        CrisisEvent[] before = [Posted("first", "2"), Posted("second", "3")];
        var opened = await store.OpenAsync(opening, None);
        var (version, crisis) = await AppendAsync(store, opened.Version, opened.Fold(), before);
        var next = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
        await SplitWritesAsync();

        var upgraded = Store();
        var loaded = Assert.IsType<CrisisHistory>(await upgraded.LoadAsync(opened.Id, None));
        Assert.Equal(5, loaded.Version);
        Assert.Equal([.. opening, .. before], loaded.Events);

        CrisisEvent[] after = [Posted("third", "4"), Posted("fourth", "5"), Posted("fifth", "6")];
        (version, crisis) = await AppendAsync(upgraded, version, loaded.Fold(), after[..2]);
        (version, _) = await AppendAsync(upgraded, version, crisis, after[2..]);
        Assert.Equal(8, version);
        Assert.Equal([.. opening, .. before, .. after], Assert.IsType<CrisisHistory>(await upgraded.LoadAsync(opened.Id, None)).Events);

        var reopened = await Reopen();
        var whole = Assert.IsType<CrisisHistory>(await reopened.LoadAsync(opened.Id, None));
        Assert.Equal(8, whole.Version);
        Assert.Equal([.. opening, .. before, .. after], whole.Events);
        Assert.Equal([Opened(firstUpdate: T.AddMinutes(30))], Assert.IsType<CrisisHistory>(await reopened.LoadAsync(next.Id, None)).Events);
        await CloseAllAsync();
        Assert.Equal([(1, 1, 1), (1, 2, 1), (1, 3, 1), (1, 4, 1), (1, 5, 1), (2, 1, 1)], StoredWrites());
        Assert.Equal([(1, 6, 3)], LatestEvents());
    }

    [Fact]
    public async Task Every_answered_append_is_in_the_files_while_the_store_is_still_open_as_a_killed_process_would_leave_them()
    {
        var store = Store();
        var opened = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
        var (version, _) = await AppendAsync(store, opened.Version, opened.Fold(), [Posted("answered", "1")]);

        var copy = Path.Combine(folder, "copy", "warroom.litedb");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(Database, copy);
        File.Copy(LiteDbCrisisStore.LogFile(Database), LiteDbCrisisStore.LogFile(copy));

        using var copied = new LiteDbCrisisStore(copy, TimeProvider.System, () => ClockPolicy.Default);
        var loaded = Assert.IsType<CrisisHistory>(await copied.LoadAsync(opened.Id, None));
        Assert.Equal(version, loaded.Version);
        Assert.Equal("answered", Assert.IsType<CrisisEvent.MessagePosted>(loaded.Events[^1]).Key);
    }

    [Fact]
    public async Task A_small_checkpoint_keeps_the_log_small_as_crises_are_opened_and_the_file_reopens_with_all_of_them()
    {
        using (var store = new LiteDbCrisisStore(Database, TimeProvider.System, () => ClockPolicy.Default, checkpointPages: 2))
        {
            for (var i = 0; i < 100; i++)
                await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);

            // Without checkpoints 100 crises fill well over a megabyte of log (about 20 KB each).
            Assert.InRange(new FileInfo(LiteDbCrisisStore.LogFile(Database)).Length, 0, 8 * 8192);
        }

        var reopened = Store();
        Assert.Equal(Enumerable.Range(1, 100).Select(n => new CrisisId(n)), await reopened.UnpublishedAsync(null, 100, None));
        Assert.NotNull(await reopened.LoadAsync(new CrisisId(100), None));
    }

    [Fact]
    public async Task A_disk_that_fills_up_keeps_exactly_the_answered_crises_each_whole_and_the_store_carries_on_once_space_returns()
    {
        var disk = new FullDisk();
        var answered = new List<CrisisId>();
        CrisisEvent[] opening = [Opened(firstUpdate: T.AddMinutes(30)), new CrisisEvent.OpenerNotified(T)];
        using (var store = new LiteDbCrisisStore(Database, TimeProvider.System, () => ClockPolicy.Default, "Storage:ConnectionString", checkpointPages: 2, disk.Open))
        {
            // The disk runs out at a different point each round: in a commit's writes to the log, or in a checkpoint's
            // writes into the file, which a 2-page checkpoint makes frequent.
            foreach (var leaving in (long[])[0, 100, 8192, 12_000, 30_000, 70_000, 150_000])
            {
                disk.Fill(leaving);
                while (await OpenAsync(store, opening) is { } id)
                    answered.Add(id);
                disk.Free();
                answered.Add(Assert.IsType<CrisisId>(await OpenAsync(store, opening)));
            }
        }

        var reopened = Store();
        var stored = await reopened.CrisesAsync(null, 1000, None);
        Assert.True(disk.Refused >= 7, $"the disk refused {disk.Refused} writes");
        Assert.Equal(answered, stored);
        foreach (var id in stored)
            Assert.Equal(opening, Assert.IsType<CrisisHistory>(await reopened.LoadAsync(id, None)).Events);
    }

    [Fact]
    public async Task An_append_the_disk_refused_leaves_its_crisis_at_the_version_before_so_the_retried_append_is_recorded()
    {
        var disk = new FullDisk();
        using var store = new LiteDbCrisisStore(Database, TimeProvider.System, () => ClockPolicy.Default, "Storage:ConnectionString", LiteDbCrisisStore.DefaultCheckpointPages, disk.Open);
        var opened = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
        var (version, crisis) = await AppendAsync(store, opened.Version, opened.Fold(), [Posted("first", "1")]);

        disk.Fill(0);
        await Assert.ThrowsAsync<LiteDbStoreException>(() => AppendAsync(store, version, crisis, [Posted("lost", "2")]));
        disk.Free();
        var (retried, _) = await AppendAsync(store, version, crisis, [Posted("retried", "2")]);

        Assert.Equal(version + 1, retried);
        Assert.Equal(["first", "retried"], Assert.IsType<CrisisHistory>(await store.LoadAsync(opened.Id, None)).Events.OfType<CrisisEvent.MessagePosted>().Select(p => p.Key));
    }

    [Fact]
    public async Task A_commit_goes_to_the_disk_once_through_the_log_and_the_data_file_is_flushed_only_when_a_checkpoint_wrote_it()
    {
        var disk = new FullDisk();
        var log = LiteDbCrisisStore.LogFile(Database);
        using (var store = new LiteDbCrisisStore(Database, TimeProvider.System, () => ClockPolicy.Default, "Storage:ConnectionString", LiteDbCrisisStore.DefaultCheckpointPages, disk.Open))
        {
            var opened = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
            var (dataBefore, logBefore) = (disk.FlushesOf(Database), disk.FlushesOf(log));
            var (version, crisis) = (opened.Version, opened.Fold());
            for (var i = 1; i <= 20; i++)
                (version, crisis) = await AppendAsync(store, version, crisis, [Posted($"update {i}", $"{i}")]);

            Assert.Equal(dataBefore, disk.FlushesOf(Database));
            Assert.Equal(logBefore + 20, disk.FlushesOf(log));
        }

        // A checkpoint copies the log into the data file, which must be on disk before the log is emptied.
        var checkpointed = new FullDisk();
        using (var store = new LiteDbCrisisStore(Database, TimeProvider.System, () => ClockPolicy.Default, "Storage:ConnectionString", checkpointPages: 2, checkpointed.Open))
        {
            var opened = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
            var dataBefore = checkpointed.FlushesOf(Database);
            await AppendAsync(store, opened.Version, opened.Fold(), [Posted("after the checkpoint", "1")]);

            Assert.True(checkpointed.FlushesOf(Database) > dataBefore, "a checkpoint wrote the data file without flushing it to the disk");
        }

        Assert.Equal(2, (await Store().CrisesAsync(null, 10, None)).Count);
    }

    /// <summary>The crisis opened, or null when the store answered that it could not be written.</summary>
    private static async Task<CrisisId?> OpenAsync(ICrisisStore store, CrisisEvent[] opening)
    {
        try
        {
            return (await store.OpenAsync(opening, None)).Id;
        }
        catch (LiteDbStoreException)
        {
            return null;
        }
    }

    [Fact]
    public void A_second_store_on_the_same_file_is_refused_naming_the_file()
    {
        Store();

        var refused = Assert.Throws<StoreUnavailableException>(() => new LiteDbCrisisStore(Database, TimeProvider.System, () => ClockPolicy.Default));

        Assert.StartsWith($"the crisis store {Database} (Storage:ConnectionString) is in use by another WarRoomBot process, which holds {Database}.lock.", refused.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_litedb_file_is_refused_naming_the_file_the_setting_and_the_cause()
    {
        File.WriteAllText(Database, new string('x', 8192));

        var refused = Assert.Throws<StoreUnavailableException>(() => new LiteDbCrisisStore(Database, TimeProvider.System, () => ClockPolicy.Default, "Storage:ConnectionString"));

        Assert.NotNull(refused.InnerException);
        Assert.Equal($"the crisis store {Database} (Storage:ConnectionString) cannot be written: {refused.InnerException.Message.ReplaceLineEndings(" ")}", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public void A_folder_that_cannot_be_created_is_refused_naming_the_file_the_setting_and_the_cause()
    {
        var blocker = Path.Combine(folder, "not-a-folder");
        File.WriteAllText(blocker, "");
        var database = Path.Combine(blocker, "warroom.litedb");

        var refused = Assert.Throws<StoreUnavailableException>(() => new LiteDbCrisisStore(database, TimeProvider.System, () => ClockPolicy.Default, "Storage:ConnectionString"));

        Assert.Equal($"the crisis store {database} (Storage:ConnectionString) cannot be written: The file '{blocker}' already exists.", refused.Message);
    }
}
