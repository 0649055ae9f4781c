using System.Net;
using System.Net.Sockets;
using Npgsql;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Storage;

/// <summary>
/// The PostgreSQL store against a real server: the timeline, its version checks between replicas sharing one database,
/// the lookups the bot answers from, and the one-line reasons start-up stops with. Each test has a database of its own.
/// Two store instances on one database stand for two replicas.
/// </summary>
public sealed class PostgresCrisisStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);
    private static readonly UserId Alice = new("U0ALICE");
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly List<PostgresCrisisStore> stores = [];
    private PostgresTestDatabase? database;

    private PostgresTestDatabase Database => database ?? throw new InvalidOperationException("The test database was not created.");

    /// <summary>Only where there is a server: the checks of the setting itself run everywhere.</summary>
    public async Task InitializeAsync()
    {
        if (PostgresTestDatabase.Server is not null)
            database = await PostgresTestDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in stores)
            await store.DisposeAsync();
        if (database is not null)
            await database.DisposeAsync();
    }

    [PostgresFact]
    public async Task A_rooms_publishing_lease_is_held_by_one_replica_at_a_time_and_freed_when_it_ends_or_its_replica_dies()
    {
        var one = Store();
        var two = Store();

        var held = await one.TryLeaseAsync(new CrisisId(1), ChannelKind.Technical, None);
        Assert.NotNull(held);
        Assert.Null(await two.TryLeaseAsync(new CrisisId(1), ChannelKind.Technical, None));

        // Other rooms and other crises are free meanwhile.
        await using (var business = await two.TryLeaseAsync(new CrisisId(1), ChannelKind.Business, None))
            Assert.NotNull(business);
        await using (var other = await two.TryLeaseAsync(new CrisisId(2), ChannelKind.Technical, None))
            Assert.NotNull(other);

        await held!.DisposeAsync();
        var taken = await two.TryLeaseAsync(new CrisisId(1), ChannelKind.Technical, None);
        Assert.NotNull(taken);

        // The replica holding it dies: the server ends its connection, and the lease goes with it. The timeout makes the
        // call wait until the session has really ended, not only been told to.
        await Database.AdminAsync(
            "SELECT pg_terminate_backend(pid, 10000) FROM pg_locks WHERE locktype = 'advisory' AND objid = 1 AND objsubid = 2 AND granted "
            + $"AND database = (SELECT oid FROM pg_database WHERE datname = '{Database.Name}')");
        Assert.NotNull(await one.TryLeaseAsync(new CrisisId(1), ChannelKind.Technical, None));
        await taken!.DisposeAsync();
    }

    [PostgresFact]
    public async Task A_slack_request_remembered_by_one_replica_is_a_repeat_to_every_other_until_its_time_passes()
    {
        var clock = new FakeTimeProvider(T);
        var one = Store(clock);
        var two = Store(clock);
        var until = T.AddMinutes(5);

        Assert.True(await one.FirstTimeAsync("request v0=abc", until, None));
        Assert.False(await two.FirstTimeAsync("request v0=abc", until, None));
        Assert.False(await one.FirstTimeAsync("request v0=abc", until, None));
        Assert.True(await two.FirstTimeAsync("request v0=abd", until, None));

        // Past its time a key is new again, so a table of old keys never refuses a request Slack could still send.
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await two.FirstTimeAsync("request v0=abc", T.AddMinutes(10), None));
        Assert.False(await one.FirstTimeAsync("request v0=abc", T.AddMinutes(10), None));
    }

    [PostgresFact]
    public async Task Eight_copies_of_one_request_reaching_two_replicas_at_once_are_accepted_exactly_once()
    {
        var replicas = new[] { Store(), Store() };
        for (var round = 0; round < 20; round++)
        {
            var key = $"event Ev{round}";
            var firsts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
                await replicas[i % 2].FirstTimeAsync(key, DateTimeOffset.UtcNow.AddMinutes(15), None))));
            Assert.Single(firsts, first => first);
        }
    }

    [PostgresFact]
    public async Task A_timeline_appended_in_two_steps_loads_back_whole_in_order_from_another_replica()
    {
        var one = Store();
        var opened = await one.OpenAsync([Opened("Checkout freezes", firstUpdate: T.AddMinutes(30))], None);
        CrisisEvent[] rooms =
        [
            new CrisisEvent.ChannelCreated(ChannelKind.Technical, new ChannelId("C0TECH"), "crisis-1-checkout-freezes", T),
            new CrisisEvent.ChannelCreated(ChannelKind.Business, new ChannelId("C0BIZ"), "crisis-1-checkout-freezes-biz", T),
        ];
        var version = await AppendAsync(one, opened, rooms);

        var history = Assert.IsType<CrisisHistory>(await Store().LoadAsync(opened.Id, None));
        Assert.Equal(3, version);
        Assert.Equal(3, history.Version);
        Assert.Equal([.. opened.Events, .. rooms], history.Events);
        Assert.Equal("Checkout freezes", history.Fold().Title);
        Assert.Null(await one.LoadAsync(new CrisisId(opened.Id.Number + 1), None));
    }

    [PostgresFact]
    public async Task Eight_writers_on_two_replicas_racing_for_the_same_version_leave_exactly_one_winner_each_round()
    {
        PostgresCrisisStore[] replicas = [Store(), Store()];
        var opened = await replicas[0].OpenAsync([Opened("Checkout freezes", firstUpdate: T.AddMinutes(30))], None);
        const int Rounds = 10;
        const int Writers = 8;
        var winners = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var history = Assert.IsType<CrisisHistory>(await replicas[0].LoadAsync(opened.Id, None));
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var race = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
            {
                await go.Task;
                var key = $"round-{round}-writer-{writer}";
                try
                {
                    await AppendAsync(replicas[writer % 2], history, [Posted(key)]);
                    return key;
                }
                catch (ConcurrencyConflictException)
                {
                    return null;
                }
            })).ToArray();
            go.SetResult();
            var won = (await Task.WhenAll(race)).OfType<string>().ToArray();

            Assert.Single(won);
            winners.Add(won[0]);
        }

        var final = Assert.IsType<CrisisHistory>(await replicas[1].LoadAsync(opened.Id, None));
        Assert.Equal(1 + Rounds, final.Version);
        Assert.Equal(winners, final.Events.Skip(1).Select(e => Assert.IsType<CrisisEvent.MessagePosted>(e).Key));
    }

    [PostgresFact]
    public async Task Crises_opened_at_once_through_two_replicas_each_get_a_number_of_their_own()
    {
        PostgresCrisisStore[] replicas = [Store(), Store()];
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var opens = Enumerable.Range(1, 40).Select(n => Task.Run(async () =>
        {
            await go.Task;
            return await replicas[n % 2].OpenAsync([Opened($"Crisis {n}", firstUpdate: T.AddMinutes(30))], None);
        })).ToArray();
        go.SetResult();
        var opened = await Task.WhenAll(opens);

        Assert.Equal(40, opened.Select(o => o.Id).Distinct().Count());
        foreach (var crisis in opened)
        {
            var stored = Assert.IsType<CrisisHistory>(await replicas[0].LoadAsync(crisis.Id, None));
            Assert.Equal(crisis.Fold().Title, stored.Fold().Title);
        }
    }

    [PostgresFact]
    public async Task A_Slack_call_noted_once_is_reported_as_possibly_made_to_every_replica_after()
    {
        PostgresCrisisStore[] replicas = [Store(), Store()];
        var crisis = (await replicas[0].OpenAsync([Opened("Checkout freezes", firstUpdate: T.AddMinutes(30))], None)).Id;

        Assert.True(await replicas[0].NoteAttemptAsync(crisis, "create:crisis-1-checkout-freezes", None));
        Assert.False(await replicas[0].NoteAttemptAsync(crisis, "create:crisis-1-checkout-freezes", None));
        Assert.False(await replicas[1].NoteAttemptAsync(crisis, "create:crisis-1-checkout-freezes", None));
        Assert.True(await replicas[1].NoteAttemptAsync(crisis, "post:kickoff", None));
    }

    [PostgresFact]
    public async Task The_store_is_reachable_while_its_database_answers_and_not_once_the_database_is_gone()
    {
        var store = Store();
        Assert.True(await store.IsReachableAsync(None));

        await Database.DropAsync();

        Assert.False(await store.IsReachableAsync(None));
    }

    [PostgresFact]
    public async Task Replicas_starting_at_once_on_an_empty_database_all_open_it_and_share_one_schema()
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var starts = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            await go.Task;
            return Store();
        })).ToArray();
        go.SetResult();
        var replicas = await Task.WhenAll(starts);

        var opened = await replicas[0].OpenAsync([Opened("Checkout freezes", firstUpdate: T.AddMinutes(30))], None);
        foreach (var replica in replicas)
            Assert.Equal(opened.Events, Assert.IsType<CrisisHistory>(await replica.LoadAsync(opened.Id, None)).Events);

        // A replica started later finds the schema there and the crisis in it.
        Assert.Equal(opened.Version, Assert.IsType<CrisisHistory>(await Store().LoadAsync(opened.Id, None)).Version);
    }

    [PostgresFact]
    public void A_wrong_password_stops_start_up_naming_the_setting_and_the_cause_but_never_the_password()
    {
        const string Password = "not-the-password-4711";
        var wrong = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Password = Password }.ConnectionString;

        var e = Assert.Throws<StoreUnavailableException>(() => new PostgresCrisisStore(wrong, TimeProvider.System, () => ClockPolicy.Default));

        Assert.Contains("(Storage:ConnectionString)", e.Message);
        Assert.Contains("password authentication failed", e.Message);
        Assert.DoesNotContain(Password, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [PostgresFact]
    public void An_unknown_database_stops_start_up_naming_it()
    {
        var unknown = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Database = "warroom_never_created" }.ConnectionString;

        var e = Assert.Throws<StoreUnavailableException>(() => new PostgresCrisisStore(unknown, TimeProvider.System, () => ClockPolicy.Default));

        Assert.Contains("(Storage:ConnectionString)", e.Message);
        Assert.Contains("database \"warroom_never_created\" does not exist", e.Message);
    }

    [PostgresFact]
    public void A_server_that_is_down_stops_start_up_naming_the_address_and_the_setting()
    {
        var port = UnusedPort();
        var down = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Port = port, Timeout = 5 }.ConnectionString;

        var e = Assert.Throws<StoreUnavailableException>(() => new PostgresCrisisStore(down, TimeProvider.System, () => ClockPolicy.Default, "Storage__ConnectionString"));

        Assert.Contains($":{port}", e.Message);
        Assert.Contains("(Storage__ConnectionString)", e.Message);
        Assert.Contains("refused", e.Message);
    }

    [Fact]
    public void An_empty_connection_string_stops_start_up_naming_the_setting_instead_of_guessing_a_local_server()
    {
        var e = Assert.Throws<StoreUnavailableException>(() => new PostgresCrisisStore(" ", TimeProvider.System, () => ClockPolicy.Default));

        Assert.StartsWith("the PostgreSQL crisis store needs Storage:ConnectionString, e.g. Host=", e.Message);
    }

    [PostgresFact]
    public async Task A_replica_answers_its_kept_fold_only_at_the_version_it_reads_and_folds_what_another_replica_wrote()
    {
        var folds = new FoldCache();
        var one = Store(folds: folds);
        var two = Store();
        var opened = await one.OpenAsync([Opened("Checkout freezes", T.AddMinutes(30))], None);
        var version = await AppendAsync(one, opened, [Posted("kickoff")]);

        var loaded = (await one.LoadAsync(opened.Id, None))!;
        Assert.Equal(version, loaded.Version);
        Assert.Same(folds.At(opened.Id, version), loaded.Folded);
        Assert.Equal(Crisis.Fold(opened.Id, loaded.Events), loaded.Fold());

        // The other replica moves the crisis on; the first still keeps the version it wrote.
        var moved = await AppendAsync(two, (await two.LoadAsync(opened.Id, None))!, [Posted("update")]);
        Assert.NotNull(folds.At(opened.Id, version));

        var now = (await one.LoadAsync(opened.Id, None))!;
        Assert.Equal(moved, now.Version);
        Assert.Equal(Crisis.Fold(opened.Id, now.Events), now.Fold());
        Assert.Equal(["kickoff", "update"], now.Fold().Posts.Select(p => p.Key));
        Assert.Same(folds.At(opened.Id, moved), now.Folded);
    }

    [PostgresFact]
    public async Task A_room_created_by_another_replica_after_one_asked_about_its_channel_is_found_by_it()
    {
        var one = Store();
        var two = Store();
        var opened = await two.OpenAsync([Opened("Checkout freezes", T.AddMinutes(30))], None);

        Assert.Null(await one.CrisisForChannelAsync(new("C0TECH1"), None));
        await AppendAsync(two, opened, [new CrisisEvent.ChannelCreated(ChannelKind.Technical, new("C0TECH1"), "crisis-1-tech", T)]);

        Assert.Equal(opened.Id, await one.CrisisForChannelAsync(new("C0TECH1"), None));
        Assert.Equal(opened.Id, await one.CrisisForChannelAsync(new("C0TECH1"), None));
    }

    private PostgresCrisisStore Store(TimeProvider? clock = null, FoldCache? folds = null)
    {
        var store = new PostgresCrisisStore(Database.ConnectionString, clock ?? TimeProvider.System, () => ClockPolicy.Default, folds: folds);
        lock (stores)
            stores.Add(store);
        return store;
    }

    private static async Task<int> AppendAsync(PostgresCrisisStore store, CrisisHistory history, CrisisEvent[] events)
    {
        var before = history.Fold();
        return await store.AppendAsync(history.Id, history.Version, events, events.Aggregate(before, Crisis.Evolve), None);
    }

    /// <summary>A loopback port nothing listens on: taken from the system, then released.</summary>
    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static CrisisEvent.MessagePosted Posted(string key) => new(key, ChannelKind.Technical, "1700000000.000100", T);

    private static CrisisEvent.Opened Opened(string title, DateTimeOffset firstUpdate) =>
        new(title, Severity.Sev1, "Acme Retail", Alice, Alice, null, null,
            ValueList<UserId>.Empty, ValueList<UserId>.Empty, true, firstUpdate, T);
}
