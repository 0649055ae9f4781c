using Microsoft.Data.Sqlite;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Storage;

/// <summary>
/// The store's "what is due": each crisis's next wake, computed from the folded crisis and written with every append,
/// so the crisis clock finds its work after a restart without folding every crisis.
/// </summary>
public sealed class CrisisStoreDueTests : IDisposable
{
    private static readonly DateTimeOffset T = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);
    private static readonly UserId Alice = new("U0ALICE");
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string folder = Directory.CreateTempSubdirectory("warroom-due-").FullName;

    private string Database => Path.Combine(folder, "warroom.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_crisis_is_due_at_its_first_update_reminder_until_a_deadline_comes_earlier_and_again_once_it_has_an_outcome()
    {
        using var store = Store();
        var opened = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
        var crisis = opened.Fold();

        // Sev1 at the default policy: the owner is reminded 10 minutes before the first update at 30.
        Assert.Empty(await store.DueByAsync(T.AddMinutes(20).AddSeconds(-1), None));
        Assert.Equal([opened.Id], await store.DueByAsync(T.AddMinutes(20), None));

        CrisisEvent[] set = [new CrisisEvent.DeadlineSet(new DeadlineId(1), "Get a heap dump", null, T.AddMinutes(5), Alice, null, null, T)];
        (var version, crisis) = await AppendAsync(store, opened.Version, crisis, set);
        Assert.Empty(await store.DueByAsync(T.AddMinutes(5).AddSeconds(-1), None));
        Assert.Equal([opened.Id], await store.DueByAsync(T.AddMinutes(5), None));

        CrisisEvent[] confirmed = [new CrisisEvent.OutcomeRecorded(new DeadlineId(1), Outcome.Confirmed, null, Alice, T.AddMinutes(3))];
        await AppendAsync(store, version, crisis, confirmed);
        Assert.Empty(await store.DueByAsync(T.AddMinutes(20).AddSeconds(-1), None));
        Assert.Equal([opened.Id], await store.DueByAsync(T.AddMinutes(20), None));
    }

    [Fact]
    public async Task The_rooms_named_on_the_timeline_lead_to_their_crisis()
    {
        using var store = Store();
        var opened = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
        var crisis = opened.Fold();

        await AppendAsync(store, opened.Version, crisis,
        [
            new CrisisEvent.ChannelCreated(ChannelKind.Technical, new ChannelId("C0TECH"), "crisis-1-checkout-freezes", T),
            new CrisisEvent.ChannelCreated(ChannelKind.Business, new ChannelId("C0BIZ"), "crisis-1-checkout-freezes-biz", T),
        ]);

        Assert.Equal(opened.Id, await store.CrisisForChannelAsync(new ChannelId("C0TECH"), None));
        Assert.Equal(opened.Id, await store.CrisisForChannelAsync(new ChannelId("C0BIZ"), None));
        Assert.Null(await store.CrisisForChannelAsync(new ChannelId("C0GENERAL"), None));
    }

    [Fact]
    public async Task Crises_due_are_listed_earliest_first_not_in_the_order_they_were_opened()
    {
        using var store = Store();
        var late = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(90))], None);
        var early = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
        var middle = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(60))], None);

        Assert.Equal([early.Id, middle.Id, late.Id], await store.DueByAsync(T.AddHours(2), None));
        Assert.Equal([early.Id, middle.Id], await store.DueByAsync(T.AddMinutes(50), None));
    }

    [Fact]
    public async Task A_wake_gone_stale_is_rewritten_at_its_version_and_left_alone_when_the_crisis_has_moved_on()
    {
        CrisisHistory opened;
        using (var before = Store())
            opened = await before.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);

        // The reminder lead changed in the configuration: the stored wake (20 minutes) is now 5 minutes early.
        using var store = Store(ClockPolicy.Default with { Updates = UpdatePolicy.Default with { ReminderLead = TimeSpan.FromMinutes(5) } });
        Assert.Equal([opened.Id], await store.DueByAsync(T.AddMinutes(20), None));

        await store.IndexAsync(opened.Fold(), opened.Version - 1, None);
        Assert.Equal([opened.Id], await store.DueByAsync(T.AddMinutes(20), None));

        await store.IndexAsync(opened.Fold(), opened.Version, None);
        Assert.Empty(await store.DueByAsync(T.AddMinutes(25).AddSeconds(-1), None));
        Assert.Equal([opened.Id], await store.DueByAsync(T.AddMinutes(25), None));
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

        using (var store = Store())
        {
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
        }

        using var reopened = Store();
        Assert.Equal([new CrisisId(1), new CrisisId(2)], await reopened.DueByAsync(T.AddMinutes(50), None));
    }

    private SqliteCrisisStore Store(ClockPolicy? policy = null) =>
        new($"Data Source={Database}", TimeProvider.System, () => policy ?? ClockPolicy.Default);

    private static async Task<(int Version, Crisis After)> AppendAsync(SqliteCrisisStore store, int version, Crisis crisis, CrisisEvent[] events)
    {
        var after = events.Aggregate(crisis, Crisis.Evolve);
        return (await store.AppendAsync(crisis.Id, version, events, after, None), after);
    }

    private static CrisisEvent.Opened Opened(DateTimeOffset firstUpdate) =>
        new("Checkout freezes", Severity.Sev1, "Acme Retail", Alice, Alice, null, null,
            ValueList<UserId>.Empty, ValueList<UserId>.Empty, true, firstUpdate, T);
}
