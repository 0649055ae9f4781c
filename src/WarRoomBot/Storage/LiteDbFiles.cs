using System.Data.Common;

namespace WarRoomBot.Storage;

/// <summary>
/// A LiteDB file or log opened by the store itself, for two things LiteDB does not do on its own:
/// <list type="bullet">
/// <item>Every flush reaches the disk. LiteDB flushes to disk only streams it opened; on a stream given to it a flush
/// stays in the operating system's cache, which a power cut empties. So the checkpoint's copy of the log is on disk before
/// LiteDB empties the log.</item>
/// <item>A write that fails (a full disk) is never thrown into LiteDB: LiteDB 5.0.21 leaves a transaction whose write
/// failed open, and that transaction throws from its finalizer, which ends the process. The failed write and every later
/// one are dropped instead, so nothing lands after the hole, and every flush and resize fails until <see cref="Resume"/>:
/// the store then answers nothing of the group as written, and reads the files again.</item>
/// <item>A flush with nothing written since the last one does not go to the disk. The store flushes the data file after
/// every group, but only a checkpoint writes it: each of those flushes was a second fsync per commit, and on a virtual
/// disk each fsync asks the device to empty its cache.</item>
/// </list>
/// </summary>
internal sealed class DurableFileStream(FileStream file) : Stream
{
    private volatile IOException? dropped;

    /// <summary>Something was written or resized since the last flush reached the disk.</summary>
    private volatile bool unflushed;

    public override bool CanRead => file.CanRead;

    public override bool CanSeek => file.CanSeek;

    public override bool CanWrite => file.CanWrite;

    public override long Length => file.Length;

    public override long Position
    {
        get => file.Position;
        set => file.Position = value;
    }

    /// <summary>The file as the store opens it: unbuffered, so that what LiteDB writes goes straight to the operating system.</summary>
    public static FileStream Open(string path) => new(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);

    public override int Read(byte[] buffer, int offset, int count) => file.Read(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (dropped is not null)
            return;
        try
        {
            unflushed = true;
            file.Write(buffer, offset, count);
        }
        catch (IOException e)
        {
            dropped = e;
        }
    }

    public override void SetLength(long value)
    {
        ThrowIfDropped();
        unflushed = true;
        file.SetLength(value);
    }

    public override void Flush()
    {
        ThrowIfDropped();
        if (!unflushed)
            return;
        file.Flush(flushToDisk: true);
        unflushed = false;
    }

    /// <summary>Writes again, once the store has let go of what LiteDB believed written and is about to read the files anew.</summary>
    public void Resume() => dropped = null;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            file.Dispose();
        base.Dispose(disposing);
    }

    private void ThrowIfDropped()
    {
        if (dropped is { } failure)
            throw new IOException(failure.Message, failure);
    }
}

/// <summary>
/// The LiteDB store failed to read or write. A <see cref="DbException"/> like every other engine's failure, so that callers
/// telling a store failure from a bug (the publisher ends its pass and tries again later) treat LiteDB alike.
/// </summary>
public sealed class LiteDbStoreException(string database, string setting, Exception cause)
    : DbException($"the crisis store {database} ({setting}) failed: {cause.Message.ReplaceLineEndings(" ")}", cause);
