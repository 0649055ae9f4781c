using Microsoft.Data.Sqlite;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Storage;

/// <summary>The store contract on SQLite, and what only SQLite has: files written before the crisis index.</summary>
public sealed class SqliteCrisisStoreContract : CrisisStoreContract
{
    private readonly string folder = Directory.CreateTempSubdirectory("warroom-sqlite-").FullName;

    private string Database => Path.Combine(folder, "warroom.db");

    protected override ICrisisStore Open(ClockPolicy policy) =>
        new SqliteCrisisStore($"Data Source={Database}", TimeProvider.System, () => policy);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_file_from_before_the_index_keeps_its_timeline_and_rooms_and_its_crises_are_due_at_once_until_the_clock_runs_them()
    {
        CrisisEvent[] timeline =
        [
            Opened(firstUpdate: T.AddMinutes(30)),
            new CrisisEvent.ChannelCreated(ChannelKind.Technical, new ChannelId("C0TECH"), "crisis-1-checkout-freezes", T),
            new CrisisEvent.DeadlineSet(new DeadlineId(1), "Get a heap dump", null, T.AddMinutes(45), Alice, null, null, T),
        ];
        OldStoreFile.Write(Database, timeline);

        var store = Store();
        var history = Assert.IsType<CrisisHistory>(await store.LoadAsync(new CrisisId(1), None));
        Assert.Equal(timeline, history.Events);
        Assert.Equal(new CrisisId(1), await store.CrisisForChannelAsync(new ChannelId("C0TECH"), None));

        // Its wake was never computed: due whatever the time, so the clock's first run computes it.
        Assert.Equal([history.Id], await store.DueByAsync(T.AddYears(-1), None));
        await store.IndexAsync(history.Fold(), history.Version, None);
        Assert.Empty(await store.DueByAsync(T.AddMinutes(20).AddSeconds(-1), None));
        Assert.Equal([history.Id], await store.DueByAsync(T.AddMinutes(20), None));

        var second = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(60))], None);
        Assert.Equal(new CrisisId(2), second.Id);

        Assert.Equal([new CrisisId(1), new CrisisId(2)], await (await Reopen()).DueByAsync(T.AddMinutes(50), None));
    }
}
