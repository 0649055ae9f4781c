using WarRoomBot.Crises;

namespace WarRoomBot.Storage;

/// <summary>A crisis's timeline as stored: the events in order and the version to append after.</summary>
public sealed record CrisisHistory(CrisisId Id, int Version, IReadOnlyList<CrisisEvent> Events)
{
    /// <summary>The crisis folded at <see cref="Version"/>, when the store had it at hand (<see cref="FoldCache"/>).</summary>
    public Crisis? Folded { get; init; }

    public Crisis Fold() => Folded ?? Crisis.Fold(Id, Events);
}

/// <summary>
/// Everything a store keeps about one crisis that cannot be computed again: its timeline, how far the publisher carried
/// it to Slack, and the Slack calls noted as attempted (<see cref="ICrisisStore.NoteAttemptAsync"/>). The index is left
/// out: it is folded from the timeline. What <c>store copy</c> moves between stores.
/// </summary>
public sealed record CrisisRecord(CrisisHistory History, int PublishedVersion, IReadOnlyList<(string Step, DateTimeOffset At)> Attempts);

/// <summary>
/// What <c>store copy</c> reads from the store it copies: every crisis number, a page at a time, and each crisis's
/// record. Every store is one; so is the reader of the SQLite files of earlier releases, which can only be copied from.
/// </summary>
public interface ICrisisSource
{
    /// <summary>The crisis numbers after <paramref name="after"/> (from the first when null), in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<CrisisId>> CrisesAsync(CrisisId? after, int limit, CancellationToken ct);

    /// <summary>Everything stored about <paramref name="crisis"/>, or null when there is no such crisis.</summary>
    Task<CrisisRecord?> ExportAsync(CrisisId crisis, CancellationToken ct);
}

/// <summary>The append-only crisis timelines. The timeline is also the publisher's outbox (DESIGN "Flow of one command").</summary>
public interface ICrisisStore : ICrisisSource
{
    /// <summary>Allocates the next crisis number and stores its opening events and its <see cref="CrisisIndex"/> in one transaction.</summary>
    Task<CrisisHistory> OpenAsync(IReadOnlyList<CrisisEvent> opening, CancellationToken ct);

    Task<CrisisHistory?> LoadAsync(CrisisId crisis, CancellationToken ct);

    /// <summary>
    /// Appends after <paramref name="expectedVersion"/>; throws <see cref="ConcurrencyConflictException"/> if someone else
    /// wrote first. <paramref name="after"/> is the crisis folded with these events: its <see cref="CrisisIndex"/> is
    /// written in the same transaction, so what is due never lags behind the timeline.
    /// </summary>
    Task<int> AppendAsync(CrisisId crisis, int expectedVersion, IReadOnlyList<CrisisEvent> events, Crisis after, CancellationToken ct);

    /// <summary>
    /// Rewrites the <see cref="CrisisIndex"/> of <paramref name="crisis"/> as folded at <paramref name="version"/>, when
    /// the clock ran it and nothing was due (a policy changed, a file from before the index), or when its listing is
    /// missing (<see cref="UnlistedAsync"/>). Does nothing if the crisis moved on meanwhile: the append that moved it
    /// wrote a newer index.
    /// </summary>
    Task IndexAsync(Crisis crisis, int version, CancellationToken ct);

    /// <summary>
    /// The open crises' listings, in <see cref="CrisisListing.Priority"/> order, at most <paramref name="limit"/>, and
    /// how many are open in all: <c>/crisis list</c> reads these rows, never the timelines.
    /// </summary>
    Task<CrisisList> ListOpenAsync(int limit, CancellationToken ct);

    /// <summary>
    /// Crises stored before listings were kept, so they have none, or listed before the listing kept the stage (read as
    /// open meanwhile): the numbers after <paramref name="after"/> (from the first when null), in order, at most
    /// <paramref name="limit"/>. <see cref="IndexAsync"/> gives each its listing.
    /// </summary>
    Task<IReadOnlyList<CrisisId>> UnlistedAsync(CrisisId? after, int limit, CancellationToken ct);

    /// <summary>The crisis whose technical or business channel this is, if any.</summary>
    Task<CrisisId?> CrisisForChannelAsync(ChannelId channel, CancellationToken ct);

    /// <summary>Crises the crisis clock needs at or before <paramref name="until"/>, earliest first.</summary>
    Task<IReadOnlyList<CrisisId>> DueByAsync(DateTimeOffset until, CancellationToken ct);

    /// <summary>
    /// Crises with events the publisher has not yet carried to Slack, oldest first: the numbers after
    /// <paramref name="after"/> (from the first when null), at most <paramref name="limit"/>. A page at a time, so the
    /// publisher's memory does not grow with the crises Slack is behind on.
    /// </summary>
    Task<IReadOnlyList<CrisisId>> UnpublishedAsync(CrisisId? after, int limit, CancellationToken ct);

    /// <summary>Records that the publisher has done everything the timeline asked for, up to <paramref name="version"/>.</summary>
    Task MarkPublishedAsync(CrisisId crisis, int version, CancellationToken ct);

    /// <summary>
    /// Notes that a Slack call that cannot be safely repeated (creating a channel, posting a message) is about to be made.
    /// Returns false when it had already been noted: a previous run may have made the call and died before recording
    /// what Slack answered, so the caller must look in Slack before repeating it.
    /// </summary>
    Task<bool> NoteAttemptAsync(CrisisId crisis, string step, CancellationToken ct);

    /// <summary>
    /// Writes a crisis under its own number, in one transaction: its events, its <see cref="CrisisIndex"/> folded from
    /// them, its published version and its attempts. Throws <see cref="ConcurrencyConflictException"/> when the number
    /// is taken, writing nothing. A crisis opened afterwards takes a number after the highest stored.
    /// </summary>
    Task ImportAsync(CrisisRecord record, CancellationToken ct);

    /// <summary>
    /// Whether other processes (replicas) write to this store too, so a crisis can change, or fall due, without this
    /// process hearing of it: the crisis clock and the publisher then look at the store more often.
    /// </summary>
    bool IsShared => false;

    /// <summary>
    /// Takes the right to publish one room of a crisis, for one publishing run; null when another replica holds it (it is
    /// doing that work now: try again later). Released when disposed, or when the process holding it dies, so another
    /// replica carries on. An embedded store serves one process, whose publisher already runs each room once at a time,
    /// so it grants every lease: only a store several processes share overrides this.
    /// </summary>
    Task<IAsyncDisposable?> TryLeaseAsync(CrisisId crisis, ChannelKind room, CancellationToken ct) =>
        Task.FromResult<IAsyncDisposable?>(Granted.Lease);

    /// <summary>
    /// Whether the store answers and can write now. A store that can still be read but not written (a full disk, a
    /// read-only volume) is not reachable for a bot that records every command before it answers.
    /// </summary>
    Task<bool> IsReachableAsync(CancellationToken ct);
}

public sealed class ConcurrencyConflictException(CrisisId crisis, int expectedVersion)
    : Exception($"Crisis {crisis} moved past version {expectedVersion} before this change was saved.");

/// <summary>
/// The store cannot be used by this process. The message is one line for the operator, naming the file, the setting it
/// came from and the cause; start-up prints it and stops.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception cause) : Exception(message, cause)
{
    public static StoreUnavailableException CannotWrite(string database, string setting, Exception cause) =>
        new($"the crisis store {database} ({setting}) cannot be written: {cause.Message.ReplaceLineEndings(" ")}", cause);
}

/// <summary>The lease of a store that only one process uses: nothing to take, nothing to release.</summary>
internal sealed class Granted : IAsyncDisposable
{
    public static readonly Granted Lease = new();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
