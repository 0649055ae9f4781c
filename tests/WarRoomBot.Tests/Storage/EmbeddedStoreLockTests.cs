using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Storage;

public sealed class EmbeddedStoreLockTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("warroom-lock-").FullName;

    private string Database => Path.Combine(folder, "warroom.db");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_second_store_on_the_same_file_is_refused_naming_the_file_and_the_postgresql_store()
    {
        using var first = new SqliteCrisisStore($"Data Source={Database}", TimeProvider.System, () => ClockPolicy.Default);

        var refused = Assert.Throws<StoreUnavailableException>(() => new SqliteCrisisStore($"Data Source={Database}", TimeProvider.System, () => ClockPolicy.Default));

        Assert.Equal(
            $"the crisis store {Database} (Storage:ConnectionString) is in use by another WarRoomBot process, which holds {Database}.lock. " +
            "The embedded store serves one process; several processes need the PostgreSQL store, coming in a later release. " +
            "Stop the other process, or give this one a database of its own.",
            refused.Message);
        Assert.True(await first.IsReachableAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_store_that_was_disposed_lets_the_next_one_open_the_file_with_its_timeline()
    {
        var first = new SqliteCrisisStore($"Data Source={Database}", TimeProvider.System, () => ClockPolicy.Default);
        var opened = await first.OpenAsync([Opened()], CancellationToken.None);
        first.Dispose();

        using var second = new SqliteCrisisStore($"Data Source={Database}", TimeProvider.System, () => ClockPolicy.Default);

        Assert.NotNull(await second.LoadAsync(opened.Id, CancellationToken.None));
    }

    [Fact]
    public void A_folder_that_cannot_be_created_is_refused_naming_the_file_the_setting_and_the_cause()
    {
        var blocker = Path.Combine(folder, "not-a-folder");
        File.WriteAllText(blocker, "");
        var database = Path.Combine(blocker, "warroom.db");

        var refused = Assert.Throws<StoreUnavailableException>(() => new SqliteCrisisStore($"Data Source={database}", TimeProvider.System, () => ClockPolicy.Default));

        Assert.Equal($"the crisis store {database} (Storage:ConnectionString) cannot be written: The file '{blocker}' already exists.", refused.Message);
    }

    private static CrisisEvent.Opened Opened()
    {
        var alice = new UserId("U0ALICE");
        var now = DateTimeOffset.UnixEpoch;
        return new CrisisEvent.Opened("Checkout freezes", Severity.Sev2, null, alice, alice, null, null,
            ValueList<UserId>.Empty, ValueList<UserId>.Empty, true, now.AddHours(1), now);
    }
}
