using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Storage;
using WarRoomBot.Tests.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// A store that can be read but no longer written (issue 10: "/healthz reports a store that goes away later; a command
/// that cannot be stored is answered 'not recorded, try again', never half-recorded"), and the same store once it can be
/// written again, on each engine.
/// </summary>
public sealed class StoreHealthTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("warroom-health-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task On_a_full_disk_a_command_is_not_recorded_and_health_is_unavailable_until_space_returns_with_nothing_half_recorded()
    {
        var disk = new FullDisk();
        var database = Path.Combine(folder, "warroom.litedb");
        await using var app = await WarRoomApp.StartAsync(replaceServices: services =>
        {
            services.RemoveAll<ICrisisStore>();
            services.AddSingleton<ICrisisStore>(sp => new LiteDbCrisisStore(
                database, sp.GetRequiredService<TimeProvider>(), () => sp.GetRequiredService<IOptions<WarRoomOptions>>().Value.ToClockPolicy(),
                "Storage:ConnectionString", LiteDbCrisisStore.DefaultCheckpointPages, disk.Open));
        });
        Assert.Equal(HttpStatusCode.OK, (await app.Bot.GetAsync("/healthz")).StatusCode);

        // Room for one page of the log: the crisis is cut off part-way through its transaction, as a real disk fills up.
        disk.Fill(leaving: 8192);
        var refused = await app.CrisisAsync("open Checkout freezes");
        var whileFull = await app.Bot.GetAsync("/healthz");

        disk.Free();
        var afterwards = await app.Bot.GetAsync("/healthz");
        var opened = await app.CrisisAsync("open Payments time out");
        await app.SettleAsync();

        // What the files hold, as the next start reads them, not only what the running store remembers.
        await app.RestartAsync();

        Assert.True(disk.Refused > 0);
        Assert.Contains("Nothing was recorded; please try again.", refused.Text);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileFull.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        await AssertOnlyTheSecondCrisisWasOpenedAsync(app, opened);
    }

    [PostgresFact]
    public async Task On_a_database_made_read_only_a_command_is_not_recorded_and_health_is_unavailable_until_it_is_writable_again()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();

        // No pooling: each connection meets the database as the administrator left it. A pooled session the administrator
        // ended fails once before the pool lets it go, which would make the first answer after each change a matter of luck.
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString;
        await using var app = await WarRoomApp.StartAsync(new() { ["Storage:Provider"] = "Postgres", ["Storage:ConnectionString"] = connection });
        Assert.Equal(HttpStatusCode.OK, (await app.Bot.GetAsync("/healthz")).StatusCode);

        await ReadOnlyAsync(database, true);
        var refused = await app.CrisisAsync("open Checkout freezes");
        var whileReadOnly = await app.Bot.GetAsync("/healthz");

        await ReadOnlyAsync(database, false);
        var afterwards = await app.Bot.GetAsync("/healthz");
        var opened = await app.CrisisAsync("open Payments time out");
        await app.SettleAsync();

        Assert.Contains("Nothing was recorded; please try again.", refused.Text);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileReadOnly.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        await AssertOnlyTheSecondCrisisWasOpenedAsync(app, opened);
    }

    /// <summary>The refused crisis took no number, made no channel and left nothing in the store.</summary>
    private static async Task AssertOnlyTheSecondCrisisWasOpenedAsync(WarRoomApp app, CommandReply opened)
    {
        Assert.Contains("Opening crisis 1", opened.Text);
        var rooms = app.Slack.Workspace.Channels.Where(c => c.Name != "general").Select(c => c.Name).ToList();
        Assert.Equal(2, rooms.Count);
        Assert.All(rooms, name => Assert.StartsWith("crisis-1-payments-time-out", name, StringComparison.Ordinal));
        var store = app.Services.GetRequiredService<ICrisisStore>();
        Assert.Equal([new CrisisId(1)], await store.CrisesAsync(null, 10, CancellationToken.None));
    }

    /// <summary>
    /// Sets the database's default for new sessions, then ends the bot's sessions, as an administrator does: a session
    /// keeps the default it started with.
    /// </summary>
    private static async Task ReadOnlyAsync(PostgresTestDatabase database, bool on)
    {
        await database.AdminAsync($"ALTER DATABASE {database.Name} SET default_transaction_read_only = {(on ? "on" : "off")}");
        await database.AdminAsync($"SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = '{database.Name}'");
    }
}
