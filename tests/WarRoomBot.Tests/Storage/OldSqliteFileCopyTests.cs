using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Storage;

/// <summary>
/// An upgrading team moves its SQLite file into LiteDB with <c>store copy</c> (issue 10: SQLite retires), and nothing is
/// lost on the way: the bot finds in the LiteDB file what the SQLite one held, and the SQLite file is left as it was.
/// </summary>
public sealed class OldSqliteFileCopyTests : IDisposable
{
    private static readonly DateTimeOffset T = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);
    private static readonly UserId Alice = new("U0ALICE");
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string folder = Directory.CreateTempSubdirectory("warroom-old-sqlite-").FullName;

    private string Old => Path.Combine(folder, "warroom.db");

    private string Target => Path.Combine(folder, "warroom.litedb");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_file_of_a_sqlite_release_moves_into_litedb_intact_each_crisis_due_as_its_timeline_says_and_the_old_file_is_left_as_it_was(bool beforeIndex)
    {
        CrisisRecord[] records =
        [
            new(new CrisisHistory(new CrisisId(1), 4,
                [
                    Opened("Checkout freezes", firstUpdate: T.AddMinutes(30)),
                    new CrisisEvent.ChannelCreated(ChannelKind.Technical, new ChannelId("C0TECH"), "crisis-1-checkout-freezes", T),
                    new CrisisEvent.DeadlineSet(new DeadlineId(1), "Get a heap dump", null, T.AddMinutes(45), Alice, null, null, T),
                    new CrisisEvent.MessagePosted("deadline:1", ChannelKind.Technical, "1.0001", T.AddSeconds(2)),
                ]),
                3, [("channel:technical", T), ("post:deadline:1", T.AddSeconds(1))]),
            new(new CrisisHistory(new CrisisId(2), 1, [Opened("Payments time out", firstUpdate: T.AddMinutes(60))]), 1, []),
        ];
        var written = OldSqliteFile.Write(Old, records, beforeIndex);

        var run = await CopyAsync($"sqlite:{Old}", $"litedb:{Target}");

        Assert.Equal((0, ""), (run.ExitCode, run.Errors));
        Assert.EndsWith(
            "Copied 2 crises and 5 events from sqlite to litedb; each read back with the same version, events, published version and attempts.",
            run.Output.TrimEnd());
        using var store = new LiteDbCrisisStore(Target, TimeProvider.System, () => ClockPolicy.Default);
        foreach (var record in records)
        {
            var moved = Assert.IsType<CrisisRecord>(await store.ExportAsync(record.History.Id, None));
            Assert.Equal(record.History.Version, moved.History.Version);
            Assert.Equal(record.History.Events, moved.History.Events);
            Assert.Equal(record.PublishedVersion, moved.PublishedVersion);
            Assert.Equal(record.Attempts, moved.Attempts);
        }

        Assert.Equal(new CrisisId(1), await store.CrisisForChannelAsync(new ChannelId("C0TECH"), None));
        Assert.Equal([new CrisisId(1)], await store.UnpublishedAsync(null, 100, None));
        Assert.False(await store.NoteAttemptAsync(new CrisisId(1), "channel:technical", None));

        // Crisis 1's first update reminder (10 minutes before its update at T+30) is its next wake; crisis 2's at T+50.
        Assert.Empty(await store.DueByAsync(T.AddMinutes(20).AddTicks(-1), None));
        Assert.Equal([new CrisisId(1)], await store.DueByAsync(T.AddMinutes(20), None));
        Assert.Equal([new CrisisId(1), new CrisisId(2)], await store.DueByAsync(T.AddMinutes(50), None));
        Assert.Equal(new CrisisId(3), (await store.OpenAsync([Opened("Search is empty", T.AddMinutes(30))], None)).Id);
        Assert.Equal(written, await File.ReadAllBytesAsync(Old));
    }

    [Fact]
    public async Task A_path_with_no_sqlite_file_is_refused_in_one_line_naming_it_and_nothing_is_created()
    {
        var missing = Path.Combine(folder, "data", "warroom.db");

        var run = await CopyAsync($"sqlite:{missing}", $"litedb:{Target}");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            $"WarRoomBot store copy: there is no SQLite file at '{missing}' (--from): give the path of the file an earlier release kept its crises in, "
            + "bare or as Data Source=<path> (by default data/warroom.db under the bot's folder).",
            run.Errors);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public async Task A_file_that_is_not_a_sqlite_store_of_the_bot_is_refused_in_one_line_naming_it_before_the_target_is_made()
    {
        await File.WriteAllTextAsync(Old, "crisis notes, not a database");

        var run = await CopyAsync($"sqlite:Data Source={Old}", $"litedb:{Target}");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"WarRoomBot store copy: the SQLite file {Old} (--from) cannot be read as a WarRoomBot store: ", run.Errors);
        Assert.DoesNotContain('\n', run.Errors);
        Assert.False(File.Exists(Target));
    }

    private static async Task<(int ExitCode, string Output, string Errors)> CopyAsync(string from, string to)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = await StoreCopy.RunAsync(["copy", "--from", from, "--to", to], output, errors, None);
        return (code, output.ToString(), errors.ToString().TrimEnd());
    }

    private static CrisisEvent.Opened Opened(string title, DateTimeOffset firstUpdate) =>
        new(title, Severity.Sev1, "Acme Retail", Alice, Alice, null, null, ValueList<UserId>.Empty, ValueList<UserId>.Empty, true, firstUpdate, T);
}
