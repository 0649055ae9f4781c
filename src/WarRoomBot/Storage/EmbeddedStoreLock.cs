namespace WarRoomBot.Storage;

/// <summary>
/// One process per embedded store file. Two bots on one SQLite file kept the file consistent, but each ran its own
/// publisher over the same timeline and made orphan channels and duplicate posts. The lock is an exclusive open of
/// <c>&lt;database&gt;.lock</c> next to the database, held until the store is disposed; the operating system drops it
/// when the process ends, however it ends, so a crash never leaves a stale lock behind. Nothing here knows the engine:
/// any store kept in one local file opens it through <see cref="Acquire"/> first.
/// </summary>
public sealed class EmbeddedStoreLock : IDisposable
{
    private readonly FileStream held;

    private EmbeddedStoreLock(FileStream held) => this.held = held;

    /// <summary>
    /// Creates the database's folder if it is missing and takes the lock. Creating the lock file is also the first
    /// proof that the folder can be written. Throws <see cref="StoreUnavailableException"/> naming the file, the setting
    /// it came from, and the cause.
    /// </summary>
    public static EmbeddedStoreLock Acquire(string database, string setting)
    {
        var path = database + ".lock";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(database)!);
            return new(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (HeldByAnother(e))
        {
            throw new StoreUnavailableException(
                $"the crisis store {database} ({setting}) is in use by another WarRoomBot process, which holds {path}. " +
                "The embedded store serves one process; several processes (replicas) share a PostgreSQL store (Storage:Provider Postgres). " +
                "Stop the other process, or give this one a database of its own.",
                e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StoreUnavailableException.CannotWrite(database, setting, e);
        }
    }

    public void Dispose() => held.Dispose();

    /// <summary>
    /// On Linux and macOS FileShare.None takes an advisory flock, which a second open meets even from the same process;
    /// .NET reports that with the errno EWOULDBLOCK as the HResult. On Windows FileShare.None is a sharing mode, and
    /// another holder is a sharing violation.
    /// </summary>
    private static bool HeldByAnother(IOException e) =>
        e.HResult == (OperatingSystem.IsWindows() ? unchecked((int)0x80070020) : OperatingSystem.IsLinux() ? 11 : 35);
}
