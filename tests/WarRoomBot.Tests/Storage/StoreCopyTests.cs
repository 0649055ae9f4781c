using System.Data.Common;
using System.Diagnostics;
using System.Reflection;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Storage;

/// <summary>
/// <c>store copy</c> as an operator runs it (issue 10, "The copy command, round trip, with verification"): what it prints,
/// its exit code, and every crisis as the bot would find it in the target.
/// </summary>
public sealed class StoreCopyTests : IDisposable
{
    private static readonly DateTimeOffset T = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);
    private static readonly UserId Alice = new("U0ALICE");
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string folder = Directory.CreateTempSubdirectory("warroom-copy-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_sqlite_file_of_an_earlier_release_copies_into_litedb_and_from_there_into_another_litedb_file_keeping_every_crisis()
    {
        var (source, seeded) = await OldFileAsync();
        var lite = $"litedb:{Path.Combine(folder, "copy.litedb")}";
        var again = $"litedb:{Path.Combine(folder, "again.litedb")}";

        var there = await CopyAsync(source, lite);
        var onwards = await CopyAsync(lite, again);

        Assert.Equal((0, ""), (there.ExitCode, there.Errors));
        Assert.Equal(
            ["Copying 3 crises from sqlite to litedb.", "... 3 of 3 crises copied (19 events)",
             "Copied 3 crises and 19 events from sqlite to litedb; each read back with the same version, events, published version and attempts."],
            there.Lines);
        Assert.Equal((0, ""), (onwards.ExitCode, onwards.Errors));
        Assert.Equal(
            "Copied 3 crises and 19 events from litedb to litedb; each read back with the same version, events, published version and attempts.",
            onwards.Lines[^1]);
        await AssertHoldsAsync(lite, seeded);
        await AssertHoldsAsync(again, seeded);
    }

    [PostgresFact]
    public async Task A_round_trip_from_sqlite_through_postgresql_to_litedb_keeps_every_crisis_and_the_next_crisis_takes_the_next_number()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var (source, seeded) = await OldFileAsync();
        var postgres = $"postgres:{database.ConnectionString}";
        var lite = $"litedb:{Path.Combine(folder, "copy.litedb")}";

        var there = await CopyAsync(source, postgres);
        var again = await CopyAsync(postgres, lite);

        Assert.Equal((0, ""), (there.ExitCode, there.Errors));
        Assert.Equal("Copied 3 crises and 19 events from sqlite to postgres; each read back with the same version, events, published version and attempts.", there.Lines[^1]);
        Assert.Equal((0, ""), (again.ExitCode, again.Errors));
        await AssertHoldsAsync(postgres, seeded);
        await AssertHoldsAsync(lite, seeded);
    }

    [Fact]
    public async Task The_watch_lists_support_cases_and_its_posted_days_are_copied_with_the_crises()
    {
        var lite = $"litedb:{Path.Combine(folder, "cases.litedb")}";
        var copy = $"litedb:{Path.Combine(folder, "copy.litedb")}";
        var cases = await SeedCasesAsync(lite);

        var run = await CopyAsync(lite, copy);

        Assert.Equal((0, ""), (run.ExitCode, run.Errors));
        Assert.Equal(
            ["Copied 2 support cases from litedb to litedb.", "Copied the days whose watch list is already posted (1, the last 2026-11-29), so none is posted again."],
            run.Lines[^2..]);
        await AssertHoldsCasesAsync(copy, cases);
    }

    [PostgresFact]
    public async Task The_watch_lists_support_cases_and_posted_days_go_to_postgresql_and_back()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var lite = $"litedb:{Path.Combine(folder, "cases.litedb")}";
        var postgres = $"postgres:{database.ConnectionString}";
        var back = $"litedb:{Path.Combine(folder, "back.litedb")}";
        var cases = await SeedCasesAsync(lite);

        var there = await CopyAsync(lite, postgres);
        var again = await CopyAsync(postgres, back);

        Assert.Equal((0, "", "Copied 2 support cases from litedb to postgres."), (there.ExitCode, there.Errors, there.Lines[^2]));
        Assert.Equal((0, "", "Copied 2 support cases from postgres to litedb."), (again.ExitCode, again.Errors, again.Lines[^2]));
        Assert.All([there, again], run => Assert.StartsWith("Copied the days whose watch list is already posted (1,", run.Lines[^1], StringComparison.Ordinal));
        await AssertHoldsCasesAsync(postgres, cases);
        await AssertHoldsCasesAsync(back, cases);
    }

    [Fact]
    public async Task A_target_that_already_holds_crises_is_refused_and_left_as_it_was()
    {
        var (source, _) = await OldFileAsync();
        var target = $"litedb:{Path.Combine(folder, "target.litedb")}";
        CrisisHistory before;
        var store = Open(target);
        using (store as IDisposable)
            before = await store.OpenAsync([Opened("Payments time out", T.AddMinutes(30)), new CrisisEvent.OpenerNotified(T)], None);

        var run = await CopyAsync(source, target);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Lines);
        Assert.Equal(
            "WarRoomBot store copy: the target (--to litedb) already holds crises; copy only into an empty store, so that no crisis number is taken twice.",
            run.Errors);
        var after = Open(target);
        using var closing = (IDisposable)after;
        Assert.Equal([new CrisisId(1)], await after.CrisesAsync(null, 10, None));
        var kept = Assert.IsType<CrisisRecord>(await after.ExportAsync(new CrisisId(1), None));
        Assert.Equal(before.Events, kept.History.Events);
        Assert.Equal("Payments time out", kept.History.Fold().Title);
    }

    [Theory]
    [InlineData]
    [InlineData("copy")]
    [InlineData("copy", "--from", "sqlite:Data Source=a.db")]
    [InlineData("copy", "--to", "litedb:b.litedb", "--from", "sqlite:Data Source=a.db")]
    [InlineData("copy", "--from", "mysql:Server=db", "--to", "litedb:b.litedb")]
    [InlineData("copy", "--from", "sqlite:", "--to", "litedb:b.litedb")]
    [InlineData("copy", "--from", "a.db", "--to", "litedb:b.litedb")]
    [InlineData("move", "--from", "sqlite:Data Source=a.db", "--to", "litedb:b.litedb")]
    public async Task A_command_that_is_not_a_copy_between_two_named_stores_gets_the_usage_line_and_opens_nothing(params string[] args)
    {
        var opened = new List<string>();
        var (output, errors) = (new StringWriter(), new StringWriter());

        var code = await StoreCopy.RunAsync(args, Opening, Opening, output, errors, None);

        Assert.Equal(2, code);
        Assert.Equal($"WarRoomBot store copy: {StoreCopy.Usage}{Environment.NewLine}", errors.ToString());
        Assert.StartsWith("usage: store copy --from <provider>:<connection> --to <provider>:<connection>", StoreCopy.Usage);
        Assert.Empty(output.ToString());
        Assert.Empty(opened);

        ICrisisStore Opening(string provider, string connection, string side)
        {
            opened.Add($"{side} {provider}");
            throw new InvalidOperationException("not reached");
        }
    }

    [Theory]
    [InlineData("sqlite:{0}")]
    [InlineData("SQLite:Data Source={0}")]
    public async Task Copying_into_sqlite_is_refused_with_one_line_naming_the_stores_there_are_and_opens_nothing(string to)
    {
        var (source, _) = await OldFileAsync();
        var target = Path.Combine(folder, "back.db");

        var run = await CopyAsync(source, string.Format(System.Globalization.CultureInfo.InvariantCulture, to, target));

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Lines);
        Assert.Equal(
            "WarRoomBot store copy: SQLite is no longer a store of the bot: copy from a SQLite file (--from sqlite:<path>) into litedb:<path> or postgres:<connection>, never into one.",
            run.Errors);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task A_target_that_cannot_be_opened_is_named_as_the_to_side_with_its_cause()
    {
        var (source, _) = await OldFileAsync();
        var blocker = Path.Combine(folder, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "");
        var target = Path.Combine(blocker, "copy.litedb");

        var run = await CopyAsync(source, $"litedb:{target}");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"WarRoomBot store copy: the crisis store {target} (--to) cannot be written: The file '{blocker}' already exists.", run.Errors);
    }

    [Fact]
    public async Task A_source_that_fails_part_way_stops_the_copy_with_one_line_saying_the_target_must_be_emptied()
    {
        var (source, _) = await OldFileAsync();
        var (output, errors) = (new StringWriter(), new StringWriter());

        var code = await StoreCopy.RunAsync(
            ["copy", "--from", source, "--to", $"litedb:{Path.Combine(folder, "copy.litedb")}"],
            // Every read of a whole crisis fails, as a disk that went away would.
            (_, connection, side) => ExportThrough.Wrap(new SqliteCrisisFile(connection, side), _ => Task.FromException<CrisisRecord?>(new DiskFailure())),
            (provider, connection, side) => StorageServiceCollectionExtensions.OpenCrisisStore(provider, connection, ".", TimeProvider.System, () => ClockPolicy.Default, side),
            output, errors, None);

        Assert.Equal(1, code);
        Assert.Equal(
            "WarRoomBot store copy: copying stopped: disk I/O error The target may hold part of the copy: empty it before copying again.",
            errors.ToString().TrimEnd());
        Assert.DoesNotContain("   at ", output.ToString() + errors);
    }

    [Fact]
    public async Task A_copy_stopped_part_way_ends_after_the_crisis_it_was_copying_with_one_line_saying_the_target_must_be_emptied()
    {
        var (source, seeded) = await OldFileAsync();
        var target = Path.Combine(folder, "copy.litedb");
        var (output, errors) = (new StringWriter(), new StringWriter());
        using var stop = new CancellationTokenSource();

        // Ctrl+C comes once the first crisis has been read from the source.
        var code = await StoreCopy.RunAsync(
            ["copy", "--from", source, "--to", $"litedb:{target}"],
            (_, connection, side) => ExportThrough.Wrap(new SqliteCrisisFile(connection, side), async read =>
            {
                var record = await read();
                await stop.CancelAsync();
                return record;
            }),
            (provider, connection, side) => StorageServiceCollectionExtensions.OpenCrisisStore(provider, connection, ".", TimeProvider.System, () => ClockPolicy.Default, side),
            output, errors, stop.Token);

        Assert.Equal(1, code);
        Assert.Equal(
            "WarRoomBot store copy: copying stopped (Ctrl+C or SIGTERM) before it ended. The target may hold part of the copy: empty it before copying again.",
            errors.ToString().TrimEnd());
        var copy = Open($"litedb:{target}");
        using var closing = (IDisposable)copy;
        Assert.True(seeded.Count > 1, "The stop must come part-way.");
        var only = Assert.Single(await copy.CrisesAsync(null, 10, None));
        var whole = Assert.IsType<CrisisRecord>(await copy.ExportAsync(only, None));
        Assert.Equal(seeded[0].History.Events, whole.History.Events);
    }

    [Fact]
    public async Task The_built_bot_copies_with_store_copy_as_its_own_process_and_answers_a_wrong_command_with_the_usage_line()
    {
        var (source, seeded) = await OldFileAsync();
        var target = $"litedb:{Path.Combine(folder, "copy.litedb")}";

        var copy = await RunBotAsync("store", "copy", "--from", source, "--to", target);
        var wrong = await RunBotAsync("store", "copy", "--from", source);

        Assert.Equal(0, copy.ExitCode);
        Assert.Equal("", copy.Errors);
        Assert.Equal(
            "Copying 3 crises from sqlite to litedb.\n... 3 of 3 crises copied (19 events)\n"
            + "Copied 3 crises and 19 events from sqlite to litedb; each read back with the same version, events, published version and attempts.\n",
            copy.Output.ReplaceLineEndings("\n"));
        await AssertHoldsAsync(target, seeded);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Equal($"WarRoomBot store copy: {StoreCopy.Usage}\n", wrong.Errors.ReplaceLineEndings("\n"));
    }

    /// <summary>
    /// The crises of <see cref="SeedAsync"/> in a SQLite file as an earlier release left it. Returns the source as the
    /// command names it, with each crisis as written.
    /// </summary>
    private async Task<(string Source, IReadOnlyList<CrisisRecord> Seeded)> OldFileAsync()
    {
        var seeded = await SeedAsync($"litedb:{Path.Combine(folder, "seed.litedb")}");
        var file = Path.Combine(folder, "source.db");
        OldSqliteFile.Write(file, seeded);
        return ($"sqlite:{file}", seeded);
    }

    /// <summary>
    /// Three crises as the bot leaves them: rooms created, deadlines set, one with an outcome, published to different
    /// versions, with Slack calls noted. Returns each crisis as exported from the store.
    /// </summary>
    private static async Task<IReadOnlyList<CrisisRecord>> SeedAsync(string endpoint)
    {
        var store = Open(endpoint);
        using var closing = (IDisposable)store;
        var records = new List<CrisisRecord>();
        for (var i = 1; i <= 3; i++)
        {
            var opened = await store.OpenAsync([Opened($"Checkout freezes {i}", T.AddMinutes(30 + (10 * i))), new CrisisEvent.OpenerNotified(T)], None);
            var crisis = opened.Fold();
            CrisisEvent[] events =
            [
                new CrisisEvent.ChannelCreated(ChannelKind.Technical, new ChannelId($"C0TECH{i}"), $"crisis-{i}-checkout-freezes", T),
                new CrisisEvent.ChannelCreated(ChannelKind.Business, new ChannelId($"C0BIZ{i}"), $"crisis-{i}-checkout-freezes-biz", T),
                new CrisisEvent.DeadlineSet(new DeadlineId(1), "Get a heap dump", null, T.AddMinutes(5 + i), Alice, null, null, T),
                new CrisisEvent.MessagePosted("deadline:1", ChannelKind.Technical, $"{i}.0001", T),
            ];
            if (i == 2)
                events = [.. events, new CrisisEvent.OutcomeRecorded(new DeadlineId(1), Outcome.Confirmed, "leak in the cart cache", Alice, T.AddMinutes(3))];
            var version = await store.AppendAsync(opened.Id, opened.Version, events, events.Aggregate(crisis, Crisis.Evolve), None);
            if (i < 3)
                await store.MarkPublishedAsync(opened.Id, i == 1 ? version : version - 1, None);
            await store.NoteAttemptAsync(opened.Id, "channel:technical", None);
            await store.NoteAttemptAsync(opened.Id, "channel:business", None);
            records.Add(Assert.IsType<CrisisRecord>(await store.ExportAsync(opened.Id, None)));
        }

        return records;
    }

    /// <summary>
    /// The store at <paramref name="endpoint"/> holds exactly <paramref name="expected"/>, finds each crisis by its rooms,
    /// tells the crisis clock the same crises are due, and gives the next crisis opened the next number.
    /// </summary>
    private static async Task AssertHoldsAsync(string endpoint, IReadOnlyList<CrisisRecord> expected)
    {
        var store = Open(endpoint);
        using var closing = (IDisposable)store;
        Assert.Equal(expected.Select(r => r.History.Id), await store.CrisesAsync(null, 100, None));
        foreach (var record in expected)
        {
            var copied = Assert.IsType<CrisisRecord>(await store.ExportAsync(record.History.Id, None));
            Assert.Equal(record.History.Version, copied.History.Version);
            Assert.Equal(record.History.Events, copied.History.Events);
            Assert.Equal(record.PublishedVersion, copied.PublishedVersion);
            Assert.Equal(record.Attempts, copied.Attempts);
            Assert.Equal(record.History.Id, await store.CrisisForChannelAsync(new ChannelId($"C0BIZ{record.History.Id.Number}"), None));
        }

        // Crisis 1's deadline falls due at T+6, crisis 3's at T+8; crisis 2's is answered, so its next update reminder
        // (10 minutes before the update due at T+50) is next.
        Assert.Empty(await store.DueByAsync(T.AddMinutes(6).AddTicks(-1), None));
        Assert.Equal([new CrisisId(1)], await store.DueByAsync(T.AddMinutes(6), None));
        Assert.Equal([new CrisisId(1), new CrisisId(3)], await store.DueByAsync(T.AddMinutes(8), None));
        Assert.Equal([new CrisisId(1), new CrisisId(3), new CrisisId(2)], await store.DueByAsync(T.AddMinutes(40), None));
        Assert.Equal([new CrisisId(2), new CrisisId(3)], await store.UnpublishedAsync(null, 100, None));
        Assert.False(await store.NoteAttemptAsync(new CrisisId(3), "channel:business", None));
        Assert.Equal(new CrisisId(4), (await store.OpenAsync([Opened("Search is empty", T.AddMinutes(30))], None)).Id);
    }

    /// <summary>The day whose watch list the seeded store has posted, and the day it has only claimed.</summary>
    private static readonly (DateOnly Posted, DateOnly Claimed) WatchDays = (new(2026, 11, 29), new(2026, 11, 30));

    /// <summary>
    /// A store holding no crisis yet, two support cases, one still open, one closed, a day whose watch list is posted and a
    /// day whose watch list a process claimed and did not post.
    /// </summary>
    private static async Task<SupportCase[]> SeedCasesAsync(string endpoint)
    {
        SupportCase[] cases =
        [
            new("CS-1", "Acme Retail", CasePriority.P1, T.AddDays(-40), null),
            new("CS-2", "Globex", CasePriority.P3, T.AddDays(-2), T.AddHours(-5)),
        ];
        var store = (ISupportCaseStore)Open(endpoint);
        using var closing = (IDisposable)store;
        await store.UpsertAsync(cases, None);
        Assert.True(await store.TryClaimWatchPostAsync(WatchDays.Posted, T, TimeSpan.FromMinutes(10), None));
        await store.MarkWatchPostedAsync(WatchDays.Posted, None);
        Assert.True(await store.TryClaimWatchPostAsync(WatchDays.Claimed, T, TimeSpan.FromMinutes(10), None));
        return cases;
    }

    /// <summary>The cases; and a bot on the copy never posts again the day already posted, while the day only claimed is free.</summary>
    private static async Task AssertHoldsCasesAsync(string endpoint, SupportCase[] expected)
    {
        var store = (ISupportCaseStore)Open(endpoint);
        using var closing = (IDisposable)store;
        Assert.Equal(expected, (await store.RecentOrOpenAsync(DateTimeOffset.MinValue, None)).OrderBy(c => c.Id, StringComparer.Ordinal));
        Assert.Equal([WatchDays.Posted], await store.WatchPostedDaysAsync(None));
        Assert.False(await store.TryClaimWatchPostAsync(WatchDays.Posted, T.AddDays(1), TimeSpan.FromMinutes(10), None));
        Assert.True(await store.TryClaimWatchPostAsync(WatchDays.Claimed, T.AddDays(1), TimeSpan.FromMinutes(10), None));
    }

    private static async Task<CopyRun> CopyAsync(string from, string to)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = await StoreCopy.RunAsync(["copy", "--from", from, "--to", to], output, errors, None);
        return new CopyRun(code, output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries), errors.ToString().TrimEnd());
    }

    /// <summary>A store at an endpoint as the command names it, opened the way the command opens it; every engine is disposable.</summary>
    private static ICrisisStore Open(string endpoint)
    {
        var colon = endpoint.IndexOf(':', StringComparison.Ordinal);
        return StorageServiceCollectionExtensions.OpenCrisisStore(
            endpoint[..colon], endpoint[(colon + 1)..], ".", new FakeTimeProvider(T), () => ClockPolicy.Default, "test");
    }

    private async Task<(int ExitCode, string Output, string Errors)> RunBotAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WarRoomBot.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(patience.Token);
        return (process.ExitCode, await output, await errors);
    }

    private static CrisisEvent.Opened Opened(string title, DateTimeOffset firstUpdate) =>
        new(title, Severity.Sev1, "Acme Retail", Alice, Alice, null, null, ValueList<UserId>.Empty, ValueList<UserId>.Empty, true, firstUpdate, T);

    /// <summary>A source whose reads of a whole crisis go through <c>export</c>, given the real read; everything else reaches the real source.</summary>
    public class ExportThrough : DispatchProxy, IDisposable
    {
        private ICrisisSource? inner;
        private Func<Func<Task<CrisisRecord?>>, Task<CrisisRecord?>>? export;

        public static ICrisisSource Wrap(ICrisisSource store, Func<Func<Task<CrisisRecord?>>, Task<CrisisRecord?>> export)
        {
            var proxy = Create<ICrisisSource, ExportThrough>();
            ((ExportThrough)(object)proxy).inner = store;
            ((ExportThrough)(object)proxy).export = export;
            return proxy;
        }

        public void Dispose()
        {
            (inner as IDisposable)?.Dispose();
            GC.SuppressFinalize(this);
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod!.Name == nameof(ICrisisSource.ExportAsync)
                ? export!(() => (Task<CrisisRecord?>)targetMethod.Invoke(inner, args)!)
                : targetMethod.Invoke(inner, args);
    }

    private sealed class DiskFailure() : DbException("disk I/O error");

    private sealed record CopyRun(int ExitCode, string[] Lines, string Errors);
}
