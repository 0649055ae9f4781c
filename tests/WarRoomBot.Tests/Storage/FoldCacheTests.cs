using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Storage;

/// <summary>
/// The folded crises the embedded store keeps: a load answered from them folds as the timeline does, a version the cache
/// did not see is folded from the file, and no more crises are kept than the bound. And a load costs LiteDB no new query.
/// </summary>
public sealed class FoldCacheTests : IDisposable
{
    private static readonly DateTimeOffset T = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);
    private static readonly UserId Alice = new("U0ALICE");
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string folder = Directory.CreateTempSubdirectory("warroom-folds-").FullName;

    private string Database => Path.Combine(folder, "warroom.litedb");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_crisis_loaded_at_the_version_last_written_is_answered_with_the_kept_fold_which_equals_folding_its_timeline()
    {
        var folds = new FoldCache();
        using var store = Open(folds);
        var opened = await store.OpenAsync([Opened()], None);
        var version = await AppendAsync(store, opened.Version, opened.Fold(), Theory(1), Deadline(1, minutes: 30));

        var loaded = (await store.LoadAsync(opened.Id, None))!;

        Assert.Equal(version, loaded.Version);
        Assert.Same(folds.At(opened.Id, version), loaded.Fold());
        Assert.Equal(Crisis.Fold(opened.Id, loaded.Events), loaded.Fold());
        Assert.Equal(["Checkout freezes", "The cache node is out of memory"], [loaded.Fold().Title, .. loaded.Fold().Theories.Select(t => t.Statement)]);
        Assert.Equal(3, loaded.Events.Count);
    }

    [Fact]
    public async Task A_newer_version_written_by_another_process_is_folded_from_the_file_and_never_answered_from_the_cache()
    {
        var folds = new FoldCache();
        CrisisId id;
        using (var first = Open(folds))
        {
            var opened = await first.OpenAsync([Opened()], None);
            id = opened.Id;
            Assert.Empty((await first.LoadAsync(id, None))!.Fold().Theories);
        }

        // Another process, with its own memory, writes the next version; the first cache still holds version 1.
        using (var other = Open(new FoldCache()))
        {
            var loaded = (await other.LoadAsync(id, None))!;
            await AppendAsync(other, loaded.Version, loaded.Fold(), Theory(1));
        }

        Assert.NotNull(folds.At(id, 1));
        using var again = Open(folds);
        var now = (await again.LoadAsync(id, None))!;

        Assert.Equal(2, now.Version);
        Assert.Equal("The cache node is out of memory", Assert.Single(now.Fold().Theories).Statement);
        Assert.Equal(Crisis.Fold(id, now.Events), now.Fold());
    }

    [Fact]
    public async Task The_store_keeps_no_more_folded_crises_than_the_bound_and_still_loads_the_ones_it_let_go()
    {
        var folds = new FoldCache(capacity: 2);
        using var store = Open(folds);
        List<CrisisId> ids = [];
        for (var i = 0; i < 5; i++)
            ids.Add((await store.OpenAsync([Opened(title: $"Crisis {i}")], None)).Id);
        foreach (var id in ids)
            Assert.NotNull(await store.LoadAsync(id, None));

        Assert.Equal(2, folds.Count);
        Assert.Null(folds.At(ids[0], 1));
        Assert.Equal("Crisis 0", (await store.LoadAsync(ids[0], None))!.Fold().Title);
        Assert.Equal(2, folds.Count);
    }

    /// <summary>
    /// LiteDB compiles each distinct query text into code and keeps it for the life of the process: a query with the
    /// crisis written into its text compiled once per crisis loaded, and that memory was never let go.
    /// </summary>
    [Fact]
    public async Task Loading_many_crises_does_not_make_LiteDB_compile_and_keep_a_query_for_each()
    {
        const int crises = 300;
        using var store = Open(new FoldCache(capacity: 1));
        List<CrisisId> ids = [];
        for (var i = 0; i < crises; i++)
            ids.Add((await store.OpenAsync([Opened(title: $"Crisis {i}")], None)).Id);

        var compiled = CompiledQueries();
        foreach (var id in ids)
            Assert.NotNull(await store.LoadAsync(id, None));
        await store.DueByAsync(T.AddDays(1), None);
        await store.DueByAsync(T.AddDays(2), None);

        // Other tests running beside this one may compile a few queries of their own meanwhile.
        Assert.InRange(CompiledQueries() - compiled, 0, crises / 2);
    }

    /// <summary><c>store copy</c> exports every crisis: its attempts were found by a query with the crisis in its text.</summary>
    [Fact]
    public async Task Exporting_many_crises_does_not_make_LiteDB_compile_and_keep_a_query_for_each_and_finds_only_each_ones_attempts()
    {
        const int crises = 300;
        using var store = Open(new FoldCache(capacity: 1));
        List<CrisisId> ids = [];
        for (var i = 0; i < crises; i++)
        {
            var id = (await store.OpenAsync([Opened(title: $"Crisis {i}")], None)).Id;
            await store.NoteAttemptAsync(id, $"kickoff {id.Number}", None);
            ids.Add(id);
        }

        var compiled = CompiledQueries();
        var exported = new List<CrisisRecord>();
        foreach (var id in ids)
            exported.Add((await store.ExportAsync(id, None))!);

        // Other tests running beside this one may compile a few queries of their own meanwhile.
        Assert.InRange(CompiledQueries() - compiled, 0, crises / 2);

        // Crisis 1's attempts are not crisis 10's or 100's, whose keys start with the same digit.
        Assert.Equal(ids.Select(id => $"kickoff {id.Number}"), exported.Select(r => Assert.Single(r.Attempts).Step));
    }

    [Fact]
    public async Task A_crisis_kept_by_an_earlier_store_on_the_file_and_written_since_by_another_is_loaded_at_the_files_version()
    {
        var folds = new FoldCache();
        CrisisId id;
        using (var first = Open(folds))
        {
            var opened = await first.OpenAsync([Opened()], None);
            id = opened.Id;
            await AppendAsync(first, opened.Version, opened.Fold(), Theory(1));
        }

        using (var other = Open(new FoldCache()))
        {
            var loaded = (await other.LoadAsync(id, None))!;
            await AppendAsync(other, loaded.Version, loaded.Fold(), Deadline(1, minutes: 30));
        }

        using var again = Open(folds);
        var now = (await again.LoadAsync(id, None))!;

        Assert.Equal(3, now.Version);
        Assert.Equal("Get a heap dump", Assert.Single(now.Fold().Deadlines).Step);
        var next = await AppendAsync(again, now.Version, now.Fold(), Theory(2));
        Assert.Equal(next, (await again.LoadAsync(id, None))!.Version);
    }

    [Fact]
    public void A_crisis_is_answered_as_latest_only_to_the_keeper_that_kept_it_last()
    {
        var folds = new FoldCache();
        var (one, two) = (new object(), new object());
        var id = new CrisisId(7);
        var crisis = Crisis.Fold(id, [Opened()]);

        Assert.Null(folds.Latest(id, one));
        folds.Keep(id, 1, crisis, one);
        Assert.Equal((1, crisis), folds.Latest(id, one));
        Assert.Null(folds.Latest(id, two));

        folds.Keep(id, 2, crisis, two);
        Assert.Null(folds.Latest(id, one));
        Assert.Equal(2, folds.Latest(id, two)?.Version);

        // An older version kept late changes nothing, keeper included.
        folds.Keep(id, 1, crisis, one);
        Assert.Null(folds.Latest(id, one));
    }

    [Fact]
    public void A_kept_fold_is_answered_only_at_its_own_version()
    {
        var folds = new FoldCache();
        var id = new CrisisId(7);
        var crisis = Crisis.Fold(id, [Opened()]);
        folds.Keep(id, 3, crisis);

        Assert.Null(folds.At(id, 2));
        Assert.Same(crisis, folds.At(id, 3));
        Assert.Null(folds.At(id, 4));
    }

    [Fact]
    public void A_fold_kept_by_another_keeper_is_not_answered_at_its_version()
    {
        var folds = new FoldCache();
        var (lost, current) = (new object(), new object());
        var id = new CrisisId(7);
        var crisis = Crisis.Fold(id, [Opened()]);
        folds.Keep(id, 3, crisis, lost);

        Assert.Null(folds.At(id, 3, current));
        Assert.Same(crisis, folds.At(id, 3, lost));
    }

    [Fact]
    public void An_older_fold_kept_after_a_newer_one_leaves_the_newer_one()
    {
        var folds = new FoldCache();
        var id = new CrisisId(7);
        var older = Crisis.Fold(id, [Opened()]);
        var newer = Crisis.Fold(id, [Opened(), Theory(1)]);

        folds.Keep(id, 2, newer);
        folds.Keep(id, 1, older);

        Assert.Null(folds.At(id, 1));
        Assert.Same(newer, folds.At(id, 2));
    }

    [Fact]
    public void The_crisis_used_least_recently_is_let_go_first_when_the_bound_is_reached()
    {
        var folds = new FoldCache(capacity: 2);
        var (one, two, three) = (new CrisisId(1), new CrisisId(2), new CrisisId(3));
        folds.Keep(one, 1, Crisis.Fold(one, [Opened()]));
        folds.Keep(two, 1, Crisis.Fold(two, [Opened()]));
        Assert.NotNull(folds.At(one, 1));

        folds.Keep(three, 1, Crisis.Fold(three, [Opened()]));

        Assert.Equal([true, false, true], new[] { folds.At(one, 1) is not null, folds.At(two, 1) is not null, folds.At(three, 1) is not null });
        Assert.Equal(2, folds.Count);
    }

    /// <summary>How many compiled queries LiteDB keeps in its process-wide cache.</summary>
    private static int CompiledQueries() =>
        ((System.Collections.ICollection)typeof(LiteDB.BsonExpression)
            .GetField("_cacheScalar", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .GetValue(null)!).Count;

    private LiteDbCrisisStore Open(FoldCache folds) =>
        new(Database, TimeProvider.System, () => ClockPolicy.Default, folds: folds);

    private static async Task<int> AppendAsync(ICrisisStore store, int version, Crisis crisis, params CrisisEvent[] events) =>
        await store.AppendAsync(crisis.Id, version, events, events.Aggregate(crisis, Crisis.Evolve), None);

    private static CrisisEvent.Opened Opened(string title = "Checkout freezes") =>
        new(title, Severity.Sev1, "Acme Retail", Alice, Alice, null, null, ValueList<UserId>.Empty, ValueList<UserId>.Empty, true, T.AddMinutes(30), T);

    private static CrisisEvent.TheoryProposed Theory(int number) =>
        new(new TheoryId(number), "The cache node is out of memory", "Restart it", Alice, T.AddMinutes(1));

    private static CrisisEvent.DeadlineSet Deadline(int number, int minutes) =>
        new(new DeadlineId(number), "Get a heap dump", new TheoryId(number), T.AddMinutes(minutes), Alice, null, null, T.AddMinutes(2));
}
