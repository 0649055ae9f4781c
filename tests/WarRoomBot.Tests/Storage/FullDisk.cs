using System.Collections.Concurrent;

namespace WarRoomBot.Tests.Storage;

/// <summary>
/// The disk under the store's data file and log: it runs out of space when told, as a shared volume fills up, and counts
/// the flushes that reached it, file by file.
/// </summary>
internal sealed class FullDisk
{
    private readonly ConcurrentDictionary<string, int> flushes = new();
    private long left = long.MaxValue;
    private int refused;

    /// <summary>How many times <paramref name="path"/> was flushed to the disk (an fsync), not only to the operating system.</summary>
    public int FlushesOf(string path) => flushes.GetValueOrDefault(Path.GetFullPath(path));

    /// <summary>How many writes the disk refused.</summary>
    public int Refused => Volatile.Read(ref refused);

    public void Fill(long leaving) => Interlocked.Exchange(ref left, leaving);

    public void Free() => Interlocked.Exchange(ref left, long.MaxValue);

    public FileStream Open(string path) => new OnDisk(path, this);

    /// <summary>How many of <paramref name="count"/> bytes fit; the caller writes those, then fails if not all did.</summary>
    private int Take(int count)
    {
        while (true)
        {
            var before = Volatile.Read(ref left);
            var taken = (int)Math.Min(before, count);
            if (Interlocked.CompareExchange(ref left, before - taken, before) == before)
            {
                if (taken < count)
                    Interlocked.Increment(ref refused);
                return taken;
            }
        }
    }

    /// <summary>Writes what fits, then fails as the operating system does on a full disk.</summary>
    private sealed class OnDisk(string path, FullDisk disk)
        : FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0)
    {
        /// <summary>LiteDB writes through this overload only.</summary>
        public override void Write(byte[] buffer, int offset, int count)
        {
            var fits = disk.Take(count);
            base.Write(buffer, offset, fits);
            if (fits < count)
                throw new IOException($"No space left on device : '{Name}'", 28);
        }

        public override void Flush(bool flushToDisk)
        {
            base.Flush(flushToDisk);
            if (flushToDisk)
                disk.flushes.AddOrUpdate(Name, 1, (_, n) => n + 1);
        }
    }
}
