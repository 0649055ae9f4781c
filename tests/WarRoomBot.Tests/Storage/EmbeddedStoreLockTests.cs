using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Storage;

public sealed class EmbeddedStoreLockTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("warroom-lock-").FullName;

    private string Database => Path.Combine(folder, "warroom.litedb");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_second_store_on_the_same_file_is_refused_naming_the_file_and_the_postgresql_store()
    {
        using var first = new LiteDbCrisisStore(Database, TimeProvider.System, () => ClockPolicy.Default);

        var refused = Assert.Throws<StoreUnavailableException>(() => new LiteDbCrisisStore(Database, TimeProvider.System, () => ClockPolicy.Default));

        Assert.Equal(InUse(Database, "Storage:ConnectionString"), refused.Message);
        Assert.True(await first.IsReachableAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_store_that_was_disposed_lets_the_next_one_open_the_file_with_its_timeline()
    {
        var first = new LiteDbCrisisStore(Database, TimeProvider.System, () => ClockPolicy.Default);
        var opened = await first.OpenAsync([Opened()], CancellationToken.None);
        first.Dispose();

        using var second = new LiteDbCrisisStore(Database, TimeProvider.System, () => ClockPolicy.Default);

        Assert.NotNull(await second.LoadAsync(opened.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_sqlite_file_that_a_bot_of_an_earlier_release_still_holds_is_not_copied_and_is_named_with_the_side_it_is_on()
    {
        var old = Path.Combine(folder, "warroom.db");
        OldSqliteFile.Write(old, []);
        using var earlierBot = EmbeddedStoreLock.Acquire(old, "Storage:ConnectionString");
        var (output, errors) = (new StringWriter(), new StringWriter());

        var code = await StoreCopy.RunAsync(["copy", "--from", $"sqlite:{old}", "--to", $"litedb:{Database}"], output, errors, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Equal($"WarRoomBot store copy: {InUse(old, "--from")}", errors.ToString().TrimEnd());
        Assert.False(File.Exists(Database));
    }

    private static string InUse(string database, string setting) =>
        $"the crisis store {database} ({setting}) is in use by another WarRoomBot process, which holds {database}.lock. " +
        "The embedded store serves one process; several processes (replicas) share a PostgreSQL store (Storage:Provider Postgres). " +
        "Stop the other process, or give this one a database of its own.";

    private static CrisisEvent.Opened Opened()
    {
        var alice = new UserId("U0ALICE");
        var now = DateTimeOffset.UnixEpoch;
        return new CrisisEvent.Opened("Checkout freezes", Severity.Sev2, null, alice, alice, null, null,
            ValueList<UserId>.Empty, ValueList<UserId>.Empty, true, now.AddHours(1), now);
    }
}
