using System.Data.Common;

namespace WarRoomBot.Storage;

/// <summary>
/// A LiteDB file or log opened by the store itself. LiteDB flushes to disk only streams it opened; on a stream given to
/// it a flush stays in the operating system's cache, which a power cut empties. Every flush here reaches the disk, so the
/// checkpoint's copy of the log is on disk before LiteDB empties the log.
/// </summary>
internal sealed class DurableFileStream(string path)
    : FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0)
{
    public override void Flush() => Flush(flushToDisk: true);
}

/// <summary>
/// The LiteDB store failed to read or write. A <see cref="DbException"/> like every other engine's failure, so that callers
/// telling a store failure from a bug (the publisher ends its pass and tries again later) treat LiteDB alike.
/// </summary>
public sealed class LiteDbStoreException(string database, string setting, Exception cause)
    : DbException($"the crisis store {database} ({setting}) failed: {cause.Message.ReplaceLineEndings(" ")}", cause);
