using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Storage;

/// <summary>The store contract on LiteDB.</summary>
public sealed class LiteDbCrisisStoreContract : CrisisStoreContract
{
    private readonly string folder = Directory.CreateTempSubdirectory("warroom-litedb-").FullName;

    private string Database => Path.Combine(folder, "warroom.litedb");

    protected override ICrisisStore Open(ClockPolicy policy) => new LiteDbCrisisStore(Database, TimeProvider.System, () => policy);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
