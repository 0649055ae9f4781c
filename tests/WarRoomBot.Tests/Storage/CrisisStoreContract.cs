using WarRoomBot.Crises;
using WarRoomBot.Features.List;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Storage;

/// <summary>
/// What every crisis store promises, whatever the engine (issue 10, "One engine-independent store contract"): each engine
/// runs these facts through a subclass that says only how to open a store on its database.
/// </summary>
public abstract partial class CrisisStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);
    protected static readonly UserId Alice = new("U0ALICE");
    protected static readonly CancellationToken None = CancellationToken.None;

    private readonly List<ICrisisStore> open = [];

    /// <summary>
    /// A store on this test's database, with the crisis clock's <paramref name="policy"/>. Every call within one test
    /// reaches the same database, so a store opened after <see cref="Reopen"/> finds what the first one wrote. The base
    /// class disposes every store it opened.
    /// </summary>
    protected abstract ICrisisStore Open(ClockPolicy policy);

    /// <summary>
    /// Makes the stored crises look as a store written before listings were kept leaves them: no listing at all. Stores
    /// opened before may be closed on the way; the test opens a new one after.
    /// </summary>
    protected abstract Task ForgetListingsAsync();

    /// <summary>
    /// Makes the stored listings look as a store written before they kept the crisis's stage leaves them: no stage and no
    /// time of resolution. Stores opened before may be closed on the way; the test opens a new one after.
    /// </summary>
    protected abstract Task ForgetStagesAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync() => await CloseAllAsync();

    protected ICrisisStore Store(ClockPolicy? policy = null)
    {
        var store = Open(policy ?? ClockPolicy.Default);
        open.Add(store);
        return store;
    }

    /// <summary>Closes every store this test opened, as a stopped process would, and opens the database again.</summary>
    protected async Task<ICrisisStore> Reopen(ClockPolicy? policy = null)
    {
        await CloseAllAsync();
        return Store(policy);
    }

    protected async Task CloseAllAsync()
    {
        foreach (var store in open)
        {
            if (store is IAsyncDisposable asyncDisposable)
                await asyncDisposable.DisposeAsync();
            else
                (store as IDisposable)?.Dispose();
        }

        open.Clear();
    }

    [ContractFact]
    public async Task An_opened_crisis_loads_back_with_its_opening_events_after_a_restart_and_the_next_crisis_takes_the_next_number()
    {
        var store = Store();
        CrisisEvent[] opening = [Opened(firstUpdate: T.AddMinutes(30)), new CrisisEvent.OpenerNotified(T)];

        var opened = await store.OpenAsync(opening, None);

        Assert.Equal(new CrisisId(1), opened.Id);
        Assert.Equal(2, opened.Version);
        var reopened = await Reopen();
        var loaded = Assert.IsType<CrisisHistory>(await reopened.LoadAsync(opened.Id, None));
        Assert.Equal(opening, loaded.Events);
        Assert.Equal(2, loaded.Version);
        Assert.Null(await reopened.LoadAsync(new CrisisId(2), None));
        Assert.Equal(new CrisisId(2), (await reopened.OpenAsync(opening, None)).Id);
    }

    [ContractFact]
    public async Task Appends_after_the_expected_version_load_in_the_order_they_were_made()
    {
        var store = Store();
        var opened = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
        var crisis = opened.Fold();

        (var version, crisis) = await AppendAsync(store, opened.Version, crisis, [Posted("first", "1"), Posted("second", "2")]);
        (version, _) = await AppendAsync(store, version, crisis, [Posted("third", "3")]);

        Assert.Equal(4, version);
        var loaded = Assert.IsType<CrisisHistory>(await (await Reopen()).LoadAsync(opened.Id, None));
        Assert.Equal(4, loaded.Version);
        Assert.Equal(["first", "second", "third"], loaded.Events.OfType<CrisisEvent.MessagePosted>().Select(m => m.Key));
    }

    [ContractFact]
    public async Task A_history_loaded_before_an_append_reads_the_events_of_its_own_version_and_none_after()
    {
        var store = Store();
        var opened = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
        var (version, crisis) = await AppendAsync(store, opened.Version, opened.Fold(), [Posted("first", "1")]);
        var loaded = Assert.IsType<CrisisHistory>(await store.LoadAsync(opened.Id, None));

        await AppendAsync(store, version, crisis, [Posted("second", "2")]);

        Assert.Equal(2, loaded.Version);
        Assert.Equal(["first"], loaded.Events.OfType<CrisisEvent.MessagePosted>().Select(m => m.Key));
    }

    [ContractFact]
    public async Task An_append_after_a_version_someone_else_moved_past_is_refused_and_writes_nothing()
    {
        var store = Store();
        var opened = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
        var crisis = opened.Fold();
        await AppendAsync(store, opened.Version, crisis, [Posted("theirs", "1")]);

        // The losing change names a room and an earlier deadline: neither may be kept in the lookups either.
        CrisisEvent[] mine =
        [
            Posted("mine", "2"),
            new CrisisEvent.ChannelCreated(ChannelKind.Technical, new ChannelId("C0STALE"), "crisis-1-stale", T),
            new CrisisEvent.DeadlineSet(new DeadlineId(1), "Get a heap dump", null, T.AddMinutes(5), Alice, null, null, T),
        ];
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => AppendAsync(store, opened.Version, crisis, mine));

        var loaded = Assert.IsType<CrisisHistory>(await store.LoadAsync(opened.Id, None));
        Assert.Equal(2, loaded.Version);
        Assert.Equal(["theirs"], loaded.Events.OfType<CrisisEvent.MessagePosted>().Select(m => m.Key));
        Assert.Null(await store.CrisisForChannelAsync(new ChannelId("C0STALE"), None));
        Assert.Empty(await store.DueByAsync(T.AddMinutes(19), None));
    }

    [ContractFact]
    public async Task Eight_writers_racing_for_the_same_version_have_exactly_one_winner_each_round_and_the_timeline_has_no_gap()
    {
        var store = Store();
        var opened = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
        var crisis = opened.Fold();
        var version = opened.Version;
        var winners = new List<string>();

        for (var round = 0; round < 20; round++)
        {
            var (expected, before) = (version, crisis);
            var tries = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
            {
                CrisisEvent[] mine = [Posted($"round-{round}", $"writer-{writer}")];
                try
                {
                    return (Won: true, Version: await store.AppendAsync(before.Id, expected, mine, mine.Aggregate(before, Crisis.Evolve), None), Ts: $"writer-{writer}");
                }
                catch (ConcurrencyConflictException)
                {
                    return (Won: false, Version: expected, Ts: "");
                }
            })).ToArray();

            var results = await Task.WhenAll(tries);

            var winner = Assert.Single(results, r => r.Won);
            Assert.Equal(expected + 1, winner.Version);
            winners.Add(winner.Ts);
            version = winner.Version;
            crisis = Assert.IsType<CrisisHistory>(await store.LoadAsync(opened.Id, None)).Fold();
        }

        var loaded = Assert.IsType<CrisisHistory>(await store.LoadAsync(opened.Id, None));
        Assert.Equal(opened.Version + 20, loaded.Version);
        Assert.Equal(loaded.Version, loaded.Events.Count);
        var posted = loaded.Events.OfType<CrisisEvent.MessagePosted>().ToArray();
        Assert.Equal(Enumerable.Range(0, 20).Select(r => $"round-{r}"), posted.Select(m => m.Key));
        Assert.Equal(winners, posted.Select(m => m.Ts));
    }

    [ContractFact]
    public async Task Crises_opened_at_the_same_time_get_every_number_from_one_up_once()
    {
        var store = Store();

        var opened = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var ids = new List<int>();
            for (var i = 0; i < 10; i++)
                ids.Add((await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None)).Id.Number);
            return ids;
        })));

        Assert.Equal(Enumerable.Range(1, 80), opened.SelectMany(ids => ids).Order());
        Assert.Equal(81, (await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None)).Id.Number);
    }

    [ContractFact]
    public async Task The_rooms_named_on_the_timeline_lead_to_their_crisis()
    {
        var store = Store();
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

    [ContractFact]
    public async Task A_crisis_is_due_at_its_first_update_reminder_until_a_deadline_comes_earlier_and_again_once_it_has_an_outcome()
    {
        var store = Store();
        var opened = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
        var crisis = opened.Fold();

        // Sev1 at the default policy: the owner is reminded 10 minutes before the first update at 30.
        Assert.Empty(await store.DueByAsync(T.AddMinutes(20).AddSeconds(-1), None));
        Assert.Equal([opened.Id], await store.DueByAsync(T.AddMinutes(20), None));

        CrisisEvent[] set = [new CrisisEvent.DeadlineSet(new DeadlineId(1), "Get a heap dump", null, T.AddMinutes(5), Alice, null, null, T)];
        (var version, crisis) = await AppendAsync(store, opened.Version, crisis, set);
        Assert.Empty(await store.DueByAsync(T.AddMinutes(5).AddTicks(-1), None));
        Assert.Equal([opened.Id], await store.DueByAsync(T.AddMinutes(5), None));

        CrisisEvent[] confirmed = [new CrisisEvent.OutcomeRecorded(new DeadlineId(1), Outcome.Confirmed, null, Alice, T.AddMinutes(3))];
        await AppendAsync(store, version, crisis, confirmed);
        Assert.Empty(await store.DueByAsync(T.AddMinutes(20).AddSeconds(-1), None));
        Assert.Equal([opened.Id], await store.DueByAsync(T.AddMinutes(20), None));
    }

    [ContractFact]
    public async Task Crises_due_are_listed_earliest_first_not_in_the_order_they_were_opened()
    {
        var store = Store();
        var late = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(90))], None);
        var early = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
        var middle = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(60))], None);

        Assert.Equal([early.Id, middle.Id, late.Id], await store.DueByAsync(T.AddHours(2), None));
        Assert.Equal([early.Id, middle.Id], await store.DueByAsync(T.AddMinutes(50), None));
    }

    [ContractFact]
    public async Task A_wake_gone_stale_is_rewritten_at_its_version_and_left_alone_when_the_crisis_has_moved_on()
    {
        var opened = await Store().OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);

        // The reminder lead changed in the configuration: the stored wake (20 minutes) is now 5 minutes early.
        var store = await Reopen(ClockPolicy.Default with { Updates = UpdatePolicy.Default with { ReminderLead = TimeSpan.FromMinutes(5) } });
        Assert.Equal([opened.Id], await store.DueByAsync(T.AddMinutes(20), None));

        await store.IndexAsync(opened.Fold(), opened.Version - 1, None);
        Assert.Equal([opened.Id], await store.DueByAsync(T.AddMinutes(20), None));

        await store.IndexAsync(opened.Fold(), opened.Version, None);
        Assert.Empty(await store.DueByAsync(T.AddMinutes(25).AddSeconds(-1), None));
        Assert.Equal([opened.Id], await store.DueByAsync(T.AddMinutes(25), None));
    }

    [ContractFact]
    public async Task Crises_with_events_not_yet_carried_to_slack_are_listed_oldest_first_and_what_was_published_never_comes_back()
    {
        var store = Store();
        var first = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
        var second = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
        Assert.Equal([first.Id, second.Id], await store.UnpublishedAsync(null, 100, None));

        await store.MarkPublishedAsync(first.Id, first.Version, None);
        Assert.Equal([second.Id], await store.UnpublishedAsync(null, 100, None));

        var (version, _) = await AppendAsync(store, first.Version, first.Fold(), [Posted("later", "1")]);
        Assert.Equal([first.Id, second.Id], await store.UnpublishedAsync(null, 100, None));

        await store.MarkPublishedAsync(first.Id, version, None);
        await store.MarkPublishedAsync(first.Id, first.Version, None);
        await store.MarkPublishedAsync(second.Id, second.Version, None);
        Assert.Empty(await (await Reopen()).UnpublishedAsync(null, 100, None));
    }

    [ContractFact]
    public async Task Unpublished_crises_are_read_a_page_at_a_time_oldest_first_skipping_the_published_ones()
    {
        var store = Store();
        var opened = new List<CrisisHistory>();
        for (var i = 0; i < 6; i++)
            opened.Add(await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None));
        await store.MarkPublishedAsync(opened[1].Id, opened[1].Version, None);
        await store.MarkPublishedAsync(opened[4].Id, opened[4].Version, None);

        Assert.Equal([opened[0].Id, opened[2].Id], await store.UnpublishedAsync(null, 2, None));
        Assert.Equal([opened[3].Id, opened[5].Id], await store.UnpublishedAsync(opened[2].Id, 2, None));
        Assert.Equal([opened[5].Id], await store.UnpublishedAsync(opened[4].Id, 2, None));
        Assert.Empty(await (await Reopen()).UnpublishedAsync(opened[5].Id, 2, None));
    }

    [ContractFact]
    public async Task A_slack_call_is_noted_once_and_a_second_note_even_after_a_restart_says_it_may_have_been_made()
    {
        var store = Store();
        var opened = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);

        Assert.True(await store.NoteAttemptAsync(opened.Id, "channel:technical", None));
        Assert.False(await store.NoteAttemptAsync(opened.Id, "channel:technical", None));
        Assert.True(await store.NoteAttemptAsync(opened.Id, "channel:business", None));

        Assert.False(await (await Reopen()).NoteAttemptAsync(opened.Id, "channel:technical", None));
    }

    [ContractFact]
    public async Task A_store_that_can_be_written_is_reachable()
    {
        Assert.True(await Store().IsReachableAsync(None));
    }

    [ContractFact]
    public async Task Crisis_numbers_are_listed_in_order_a_page_at_a_time_after_the_one_given()
    {
        var store = Store();
        Assert.Empty(await store.CrisesAsync(null, 10, None));
        for (var i = 0; i < 5; i++)
            await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);

        Assert.Equal([new CrisisId(1), new CrisisId(2)], await store.CrisesAsync(null, 2, None));
        Assert.Equal([new CrisisId(3), new CrisisId(4)], await store.CrisesAsync(new CrisisId(2), 2, None));
        Assert.Equal([new CrisisId(5)], await store.CrisesAsync(new CrisisId(4), 2, None));
        Assert.Empty(await store.CrisesAsync(new CrisisId(5), 2, None));
    }

    [ContractFact]
    public async Task An_exported_crisis_holds_its_timeline_how_far_it_was_published_and_its_noted_slack_calls()
    {
        var store = Store();
        var opened = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
        var (version, _) = await AppendAsync(store, opened.Version, opened.Fold(), [Posted("kickoff", "1"), Posted("update", "2")]);
        await store.MarkPublishedAsync(opened.Id, version - 1, None);
        await store.NoteAttemptAsync(opened.Id, "post:update", None);
        await store.NoteAttemptAsync(opened.Id, "channel:technical", None);

        var reopened = await Reopen();
        var record = Assert.IsType<CrisisRecord>(await reopened.ExportAsync(opened.Id, None));

        Assert.Equal(Assert.IsType<CrisisHistory>(await reopened.LoadAsync(opened.Id, None)).Events, record.History.Events);
        Assert.Equal(3, record.History.Version);
        Assert.Equal(2, record.PublishedVersion);
        Assert.Equal(["channel:technical", "post:update"], record.Attempts.Select(a => a.Step));
        Assert.Null(await reopened.ExportAsync(new CrisisId(2), None));
    }

    [ContractFact]
    public async Task A_crisis_exports_its_own_noted_slack_calls_and_not_those_of_a_crisis_whose_number_starts_like_it()
    {
        var store = Store();
        for (var n = 1; n <= 11; n++)
            await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
        await store.NoteAttemptAsync(new CrisisId(1), "channel:technical", None);
        await store.NoteAttemptAsync(new CrisisId(11), "channel:business", None);

        Assert.Equal(["channel:technical"], Assert.IsType<CrisisRecord>(await store.ExportAsync(new CrisisId(1), None)).Attempts.Select(a => a.Step));
        Assert.Equal(["channel:business"], Assert.IsType<CrisisRecord>(await store.ExportAsync(new CrisisId(11), None)).Attempts.Select(a => a.Step));
    }

    [ContractFact]
    public async Task An_imported_crisis_keeps_its_number_rooms_due_time_publishing_and_attempts_and_the_next_crisis_opened_takes_the_number_after()
    {
        var store = Store();
        var record = Record(new CrisisId(7), publishedVersion: 2, "channel:technical");

        await store.ImportAsync(record, None);

        var reopened = await Reopen();
        var loaded = Assert.IsType<CrisisHistory>(await reopened.LoadAsync(new CrisisId(7), None));
        Assert.Equal(record.History.Events, loaded.Events);
        Assert.Equal(record.History.Version, loaded.Version);
        Assert.Equal(new CrisisId(7), await reopened.CrisisForChannelAsync(new ChannelId("C0TECH"), None));
        Assert.Empty(await reopened.DueByAsync(T.AddMinutes(5).AddTicks(-1), None));
        Assert.Equal([new CrisisId(7)], await reopened.DueByAsync(T.AddMinutes(5), None));
        Assert.Equal([new CrisisId(7)], await reopened.UnpublishedAsync(null, 100, None));
        Assert.False(await reopened.NoteAttemptAsync(new CrisisId(7), "channel:technical", None));
        Assert.Equal(new CrisisId(8), (await reopened.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None)).Id);
    }

    [ContractFact]
    public async Task Importing_a_crisis_under_a_number_already_taken_is_refused_and_changes_nothing()
    {
        var store = Store();
        var opened = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.ImportAsync(Record(opened.Id, publishedVersion: 0, "channel:technical"), None));

        var record = Assert.IsType<CrisisRecord>(await store.ExportAsync(opened.Id, None));
        Assert.Equal(opened.Events, record.History.Events);
        Assert.Empty(record.Attempts);
        Assert.Null(await store.CrisisForChannelAsync(new ChannelId("C0TECH"), None));
    }

    [ContractFact]
    public async Task Open_crises_are_listed_worst_severity_first_then_highest_score_then_unassessed_then_oldest_with_the_count_beyond_the_limit()
    {
        var store = Store();
        var sev2Old = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30), Severity.Sev2, at: T)], None);
        var sev1Unassessed = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30), Severity.Sev1, at: T.AddMinutes(1))], None);
        var sev1Low = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30), Severity.Sev1, at: T.AddMinutes(2))], None);
        var sev1High = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30), Severity.Sev1, at: T.AddMinutes(3))], None);
        var sev2New = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30), Severity.Sev2, at: T.AddMinutes(4))], None);
        var sev3 = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30), Severity.Sev3, at: T.AddMinutes(5))], None);

        // Scores at the default weights: 500 users give 5 points, 2,000 users 20 and a global scope 15 more.
        await AppendAsync(store, sev1Low.Version, sev1Low.Fold(), [new CrisisEvent.ImpactAssessed(new Impact(Users: 500), Alice, T.AddMinutes(6))]);
        await AppendAsync(store, sev1High.Version, sev1High.Fold(),
            [new CrisisEvent.ImpactAssessed(new Impact(Users: 2000, Scope: ImpactScope.Global), Alice, T.AddMinutes(6))]);

        var reopened = await Reopen();
        var all = await reopened.ListOpenAsync(10, None);
        Assert.Equal([sev1High.Id, sev1Low.Id, sev1Unassessed.Id, sev2Old.Id, sev2New.Id, sev3.Id], all.Rows.Select(r => r.Crisis));
        Assert.Equal([35, 5, null, null, null, null], all.Rows.Select(r => r.Score));
        Assert.Equal(6, all.Total);

        var first = await reopened.ListOpenAsync(2, None);
        Assert.Equal([sev1High.Id, sev1Low.Id], first.Rows.Select(r => r.Crisis));
        Assert.Equal(6, first.Total);
    }

    [ContractFact]
    public async Task A_crisis_listing_follows_its_channel_deadlines_severity_impact_and_owner_as_they_change()
    {
        var store = Store();
        var opened = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30))], None);
        var listed = Assert.Single((await store.ListOpenAsync(10, None)).Rows);
        Assert.Equal(
            new CrisisListing(opened.Id, "Acme Retail", "Checkout freezes", Severity.Sev1, Alice, T, null, T.AddMinutes(30), null, null, IsOpen: true, Stage.Open, null),
            listed);

        var bob = new UserId("U0BOB");
        var next = new NextUpdate(T.AddMinutes(20), NextUpdateCause.Cadence, TimeSpan.FromHours(1), null, null, T.AddMinutes(4));
        var (version, crisis) = await AppendAsync(store, opened.Version, opened.Fold(),
        [
            new CrisisEvent.ChannelCreated(ChannelKind.Technical, new ChannelId("C0TECH"), "crisis-1-checkout-freezes", T),
            new CrisisEvent.TheoryProposed(new TheoryId(1), "the payment cache is stale", "flush one store's cache", Alice, T.AddMinutes(1)),
            new CrisisEvent.DeadlineSet(new DeadlineId(1), "flush one store's cache", new TheoryId(1), T.AddMinutes(50), Alice, null, null, T.AddMinutes(1)),
            new CrisisEvent.DeadlineSet(new DeadlineId(2), "collect POS logs", null, T.AddMinutes(40), Alice, null, null, T.AddMinutes(2)),
            new CrisisEvent.ImpactAssessed(new Impact(Users: 1200), Alice, T.AddMinutes(3)),
            new CrisisEvent.SeverityChanged(Severity.Sev1, Severity.Sev2, "contained to one region", Severity.Sev3, 12, next, Alice, T.AddMinutes(4)),
            new CrisisEvent.OwnerHandedOver(1, Alice, bob, null, "Alice is off shift", Alice, T.AddMinutes(5)),
        ]);

        Assert.Equal(
            new CrisisListing(opened.Id, "Acme Retail", "Checkout freezes", Severity.Sev2, bob, T, T.AddMinutes(40), T.AddMinutes(20), new ChannelId("C0TECH"), 12, IsOpen: true, Stage.Open, null),
            Assert.Single((await store.ListOpenAsync(10, None)).Rows));

        // The earliest open deadline, D2, got its outcome: the next one is D1's.
        await AppendAsync(store, version, crisis, [new CrisisEvent.OutcomeRecorded(new DeadlineId(2), Outcome.Confirmed, null, bob, T.AddMinutes(6))]);
        Assert.Equal(T.AddMinutes(50), Assert.Single((await (await Reopen()).ListOpenAsync(10, None)).Rows).NextDeadline);
    }

    [ContractFact]
    public async Task Crises_stored_before_listings_were_kept_are_listed_once_the_backfill_has_folded_each_of_them()
    {
        var store = Store();
        var first = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30), Severity.Sev3, at: T)], None);
        var second = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30), Severity.Sev1, at: T.AddMinutes(1))], None);
        var (_, assessed) = await AppendAsync(store, second.Version, second.Fold(),
            [new CrisisEvent.ImpactAssessed(new Impact(Users: 300), Alice, T.AddMinutes(2))]);
        await ForgetListingsAsync();

        var upgraded = Store();
        Assert.Equal(0, (await upgraded.ListOpenAsync(10, None)).Total);
        Assert.Equal([first.Id, second.Id], await upgraded.UnlistedAsync(null, 10, None));
        Assert.Equal([second.Id], await upgraded.UnlistedAsync(first.Id, 10, None));

        Assert.Equal(2, await ListingBackfill.RunAsync(upgraded, None));

        var listed = await upgraded.ListOpenAsync(10, None);
        Assert.Equal([CrisisListing.Of(assessed, PriorityPolicy.Default), CrisisListing.Of(first.Fold(), PriorityPolicy.Default)], listed.Rows);
        Assert.Empty(await upgraded.UnlistedAsync(null, 10, None));
        Assert.Equal(0, await ListingBackfill.RunAsync(upgraded, None));
    }

    [ContractFact]
    public async Task A_resolved_crisis_is_listed_as_resolved_after_the_open_ones_of_its_severity_leaves_once_accepted_and_is_back_as_open_when_reopened()
    {
        var store = Store();
        var sev1Old = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30), Severity.Sev1, at: T)], None);
        var sev1New = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30), Severity.Sev1, at: T.AddMinutes(1))], None);
        var sev2 = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30), Severity.Sev2, at: T.AddMinutes(2))], None);

        var (version, crisis) = await AppendAsync(store, sev1Old.Version, sev1Old.Fold(),
            [new CrisisEvent.Resolved(1, "rolled back firmware 4.2", ValueList<DeadlineId>.Empty, Resolved(T.AddMinutes(3)), Alice, T.AddMinutes(3))]);

        store = await Reopen();
        var listed = await store.ListOpenAsync(10, None);
        Assert.Equal([sev1New.Id, sev1Old.Id, sev2.Id], listed.Rows.Select(r => r.Crisis));
        Assert.Equal([(Stage.Open, null), (Stage.Resolved, T.AddMinutes(3)), (Stage.Open, null)], listed.Rows.Select(r => (r.Stage, r.ResolvedAt)));
        Assert.Equal(T.AddMinutes(3).AddHours(4), listed.Rows[1].NextUpdate);

        (version, crisis) = await AppendAsync(store, version, crisis, [new CrisisEvent.FixAccepted(1, null, T.AddDays(14), Alice, T.AddMinutes(4))]);
        var accepted = await store.ListOpenAsync(10, None);
        Assert.Equal([sev1New.Id, sev2.Id], accepted.Rows.Select(r => r.Crisis));
        Assert.Equal(2, accepted.Total);

        await AppendAsync(store, version, crisis, [new CrisisEvent.Reopened(1, "the freeze came back", Resolved(T.AddMinutes(5)), Alice, T.AddMinutes(5))]);
        var reopened = await (await Reopen()).ListOpenAsync(10, None);
        Assert.Equal([sev1Old.Id, sev1New.Id, sev2.Id], reopened.Rows.Select(r => r.Crisis));
        Assert.Equal((Stage.Open, null), (reopened.Rows[0].Stage, reopened.Rows[0].ResolvedAt));
        Assert.Equal(3, reopened.Total);
    }

    [ContractFact]
    public async Task A_crisis_listed_before_the_listing_kept_its_stage_reads_as_open_until_the_backfill_lists_it_as_resolved()
    {
        var store = Store();
        var resolved = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30), Severity.Sev1, at: T)], None);
        var open = await store.OpenAsync([Opened(firstUpdate: T.AddMinutes(30), Severity.Sev1, at: T.AddMinutes(1))], None);
        await AppendAsync(store, resolved.Version, resolved.Fold(),
            [new CrisisEvent.Resolved(1, "rolled back firmware 4.2", ValueList<DeadlineId>.Empty, Resolved(T.AddMinutes(2)), Alice, T.AddMinutes(2))]);
        await ForgetStagesAsync();

        var upgraded = Store();
        var before = await upgraded.ListOpenAsync(10, None);
        Assert.Equal([(resolved.Id, Stage.Open), (open.Id, Stage.Open)], before.Rows.Select(r => (r.Crisis, r.Stage)));
        Assert.Equal([resolved.Id, open.Id], await upgraded.UnlistedAsync(null, 10, None));

        Assert.Equal(2, await ListingBackfill.RunAsync(upgraded, None));

        var after = await upgraded.ListOpenAsync(10, None);
        Assert.Equal([(open.Id, Stage.Open, (DateTimeOffset?)null), (resolved.Id, Stage.Resolved, T.AddMinutes(2))], after.Rows.Select(r => (r.Crisis, r.Stage, r.ResolvedAt)));
        Assert.Empty(await upgraded.UnlistedAsync(null, 10, None));
    }

    /// <summary>The business update promised at a resolution or a reopening at <paramref name="at"/>: four hours on.</summary>
    private static NextUpdate Resolved(DateTimeOffset at) =>
        new(at.AddHours(4), NextUpdateCause.Resolved, TimeSpan.FromHours(4), null, null, at);

    /// <summary>A crisis with a room and a diagnostic deadline due at T+5 minutes, as another store exported it.</summary>
    private static CrisisRecord Record(CrisisId id, int publishedVersion, params string[] attempts)
    {
        CrisisEvent[] events =
        [
            Opened(firstUpdate: T.AddMinutes(30)),
            new CrisisEvent.ChannelCreated(ChannelKind.Technical, new ChannelId("C0TECH"), $"crisis-{id.Number}-checkout-freezes", T),
            new CrisisEvent.DeadlineSet(new DeadlineId(1), "Get a heap dump", null, T.AddMinutes(5), Alice, null, null, T),
        ];
        return new CrisisRecord(new CrisisHistory(id, events.Length, events), publishedVersion, [.. attempts.Select(step => (step, T))]);
    }

    protected static async Task<(int Version, Crisis After)> AppendAsync(ICrisisStore store, int version, Crisis crisis, CrisisEvent[] events)
    {
        var after = events.Aggregate(crisis, Crisis.Evolve);
        return (await store.AppendAsync(crisis.Id, version, events, after, None), after);
    }

    protected static CrisisEvent.MessagePosted Posted(string key, string ts) => new(key, ChannelKind.Technical, ts, T);

    protected static CrisisEvent.Opened Opened(DateTimeOffset firstUpdate, Severity severity = Severity.Sev1, DateTimeOffset? at = null) =>
        new("Checkout freezes", severity, "Acme Retail", Alice, Alice, null, null,
            ValueList<UserId>.Empty, ValueList<UserId>.Empty, true, firstUpdate, at ?? T);
}
