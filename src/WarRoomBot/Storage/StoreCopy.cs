using System.Data.Common;
using WarRoomBot.Crises;

namespace WarRoomBot.Storage;

/// <summary>
/// <c>store copy --from &lt;provider&gt;:&lt;connection&gt; --to &lt;provider&gt;:&lt;connection&gt;</c>: every crisis, with its
/// timeline, how far Slack was brought up to date and the Slack calls noted as attempted, from one store into an empty
/// one, under its own number; each is read back from the target and compared, and so are the totals at the end; then the
/// watch list's support cases. For a team that outgrows one machine (LiteDB to PostgreSQL, issue 10), or the way back, and
/// for the SQLite file of an earlier release, which can only be copied from.
/// </summary>
public static class StoreCopy
{
    public const string Usage =
        "usage: store copy --from <provider>:<connection> --to <provider>:<connection>, e.g. "
        + "store copy --from litedb:data/warroom.litedb --to \"postgres:Host=db;Username=warroom;Password=...;Database=warroom\". "
        + "Providers: litedb, postgres, and sqlite for --from only (the file of an earlier release). The target must be empty.";

    private const string Prefix = "WarRoomBot store copy: ";

    /// <summary>How many crises are read per page: the copy holds one page of numbers, never the whole store.</summary>
    private const int Page = 500;

    /// <summary>The provider of the SQLite files of earlier releases, which are copied from and never into.</summary>
    private const string Sqlite = "sqlite";

    /// <summary>
    /// The command that moves the SQLite file of an earlier release into a LiteDB file, as start-up prints it for an
    /// operator to run from the bot's source folder.
    /// </summary>
    public static string MoveCommand(string sqliteFile, string liteDbFile) =>
        $"dotnet run --project src/WarRoomBot -- store copy --from {Argument($"{Sqlite}:{sqliteFile}")} --to {Argument($"litedb:{liteDbFile}")}";

    /// <summary>Runs the command on the stores as the bot opens them, and on the SQLite file of an earlier release.</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors, CancellationToken ct) =>
        RunAsync(args, (provider, connection, side) => provider == Sqlite ? new SqliteCrisisFile(connection, side) : OpenStore(provider, connection, side),
            OpenStore, output, errors, ct);

    /// <summary>
    /// Runs the command; returns the process exit code. <paramref name="openSource"/> and <paramref name="openTarget"/>
    /// open a side from its provider, its connection string and its name (<c>--from</c> or <c>--to</c>), which a failure
    /// names. Every problem is one line on <paramref name="errors"/>.
    /// </summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, Func<string, string, string, ICrisisSource> openSource, Func<string, string, string, ICrisisStore> openTarget,
        TextWriter output, TextWriter errors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(openSource);
        ArgumentNullException.ThrowIfNull(openTarget);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        if (Endpoints(args) is not ({ } from, { } to))
        {
            await errors.WriteLineAsync(Prefix + Usage);
            return 2;
        }

        if (to.Provider == Sqlite)
        {
            await errors.WriteLineAsync(
                $"{Prefix}SQLite is no longer a store of the bot: copy from a SQLite file (--from sqlite:<path>) into litedb:<path> or postgres:<connection>, never into one.");
            return 2;
        }

        ICrisisSource? source = null;
        ICrisisStore? target = null;
        try
        {
            source = openSource(from.Provider, from.Connection, "--from");
            target = openTarget(to.Provider, to.Connection, "--to");

            // Refused before anything is written: copied numbers would collide with the target's own crises.
            if ((await target.CrisesAsync(null, 1, ct)).Count > 0)
            {
                await errors.WriteLineAsync(
                    $"{Prefix}the target (--to {to.Provider}) already holds crises; copy only into an empty store, so that no crisis number is taken twice.");
                return 1;
            }

            var total = await CountAsync(source, ct);
            await output.WriteLineAsync($"Copying {total} crises from {from.Provider} to {to.Provider}.");
            var (crises, events) = await CopyAsync(source, target, total, output, ct);

            // A crisis opened in the source while it was copied would be missing from the target.
            var (inSource, inTarget) = (await CountAsync(source, ct), await CountAsync(target, ct));
            if (inSource != inTarget || inTarget != crises)
            {
                await errors.WriteLineAsync(
                    $"{Prefix}the source holds {inSource} crises and the target {inTarget} after copying {crises}; stop the bot on the source, empty the target and copy again.");
                return 1;
            }

            await output.WriteLineAsync(
                $"Copied {crises} crises and {events} events from {from.Provider} to {to.Provider}; each read back with the same version, events, published version and attempts.");

            // The watch list's support cases live in the same store, so they move with it, in one batch (a desk's cases are
            // a few thousand); the SQLite files of earlier releases hold none.
            if (source is ISupportCaseStore casesFrom && target is ISupportCaseStore casesTo)
            {
                if (await casesFrom.RecentOrOpenAsync(DateTimeOffset.MinValue, ct) is { Count: > 0 } cases)
                {
                    await casesTo.UpsertAsync(cases, ct);
                    await output.WriteLineAsync($"Copied {cases.Count} support cases from {from.Provider} to {to.Provider}.");
                }

                // A bot started on the copy must not post again a day's watch list already in Slack. A claim not yet posted
                // stays behind: it belonged to a process that is stopped for the copy.
                if (await casesFrom.WatchPostedDaysAsync(ct) is { Count: > 0 } days)
                {
                    foreach (var day in days)
                        await casesTo.MarkWatchPostedAsync(day, ct);
                    await output.WriteLineAsync(
                        $"Copied the days whose watch list is already posted ({days.Count}, the last {days[^1]:yyyy-MM-dd}), so none is posted again.");
                }
            }

            return 0;
        }
        catch (StoreUnavailableException e)
        {
            await errors.WriteLineAsync(Prefix + e.Message);
            return 1;
        }
        catch (CopyMismatchException e)
        {
            await errors.WriteLineAsync(Prefix + e.Message);
            return 1;
        }
        catch (ConcurrencyConflictException e)
        {
            await errors.WriteLineAsync($"{Prefix}{e.Message} Something else wrote to the target while it was copied; stop it, empty the target and copy again.");
            return 1;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await errors.WriteLineAsync(
                $"{Prefix}copying stopped (Ctrl+C or SIGTERM) before it ended. The target may hold part of the copy: empty it before copying again.");
            return 1;
        }
        catch (Exception e) when (e is DbException or IOException or TimeoutException)
        {
            // A store that fails part-way (a server gone, a full disk) is the operator's to fix, not a bug: one line.
            await errors.WriteLineAsync(
                $"{Prefix}copying stopped: {e.Message.ReplaceLineEndings(" ")} The target may hold part of the copy: empty it before copying again.");
            return 1;
        }
        finally
        {
            Close(source);
            Close(target);
        }
    }

    /// <summary>
    /// A store as the bot opens it. The crisis clock's policy is the default, not the configured one: it only sets each
    /// crisis's wake in the target's index, and the crisis clock rewrites a wake gone stale on its first run
    /// (<see cref="ICrisisStore.IndexAsync"/>).
    /// </summary>
    private static ICrisisStore OpenStore(string provider, string connection, string side) =>
        StorageServiceCollectionExtensions.OpenCrisisStore(
            provider, connection, Directory.GetCurrentDirectory(), TimeProvider.System, () => ClockPolicy.Default, side);

    /// <summary>One argument of a shell command, quoted when it holds a space.</summary>
    private static string Argument(string text) => text.Any(char.IsWhiteSpace) ? $"\"{text}\"" : text;

    private static async Task<(int Crises, long Events)> CopyAsync(ICrisisSource source, ICrisisStore target, int total, TextWriter output, CancellationToken ct)
    {
        var crises = 0;
        var events = 0L;
        CrisisId? after = null;
        while (await source.CrisesAsync(after, Page, ct) is { Count: > 0 } page)
        {
            foreach (var id in page)
            {
                // Stopped between two crises, never within one: each crisis in the target is whole and read back.
                ct.ThrowIfCancellationRequested();
                var record = await source.ExportAsync(id, CancellationToken.None)
                    ?? throw new CopyMismatchException($"crisis {id} vanished from the source while it was copied; stop the bot on the source, empty the target and copy again.");
                await target.ImportAsync(record, CancellationToken.None);
                if (await target.ExportAsync(id, CancellationToken.None) is not { } back || !Same(record, back))
                {
                    throw new CopyMismatchException(
                        $"crisis {id} did not read back from the target as it was written (version {record.History.Version}, {record.History.Events.Count} events); "
                        + "the target is incomplete: empty it before copying again.");
                }

                crises++;
                events += record.History.Events.Count;
            }

            after = page[^1];
            await output.WriteLineAsync($"... {crises} of {total} crises copied ({events} events)");
        }

        return (crises, events);
    }

    private static async Task<int> CountAsync(ICrisisSource store, CancellationToken ct)
    {
        var count = 0;
        CrisisId? after = null;
        while (await store.CrisesAsync(after, Page, ct) is { Count: > 0 } page)
        {
            count += page.Count;
            after = page[^1];
        }

        return count;
    }

    /// <summary>
    /// Attempts compare by step only: LiteDB keeps times to the millisecond, and only whether a step was noted decides
    /// what the publisher does.
    /// </summary>
    private static bool Same(CrisisRecord written, CrisisRecord read) =>
        written.History.Version == read.History.Version
        && written.History.Events.SequenceEqual(read.History.Events)
        && written.PublishedVersion == read.PublishedVersion
        && written.Attempts.Select(a => a.Step).SequenceEqual(read.Attempts.Select(a => a.Step));

    private static ((string Provider, string Connection) From, (string Provider, string Connection) To)? Endpoints(IReadOnlyList<string> args)
    {
        if (args is not ["copy", "--from", var from, "--to", var to] || Endpoint(from) is not { } source || Endpoint(to) is not { } target)
            return null;
        return (source, target);
    }

    private static (string Provider, string Connection)? Endpoint(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
            return null;
        var provider = text[..colon].ToLowerInvariant();
        return StorageServiceCollectionExtensions.IsProvider(provider) || provider == Sqlite ? (provider, text[(colon + 1)..]) : null;
    }

    private static void Close(ICrisisSource? store)
    {
        if (store is IDisposable disposable)
            disposable.Dispose();
    }

    private sealed class CopyMismatchException(string message) : Exception(message);
}
