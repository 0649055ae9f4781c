using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace SlackEmulator;

/// <summary>
/// Keeps the workspace in a file across restarts: the bot's crises point at channels and messages here, so running
/// the sandbox again must find them (issue 9). Each save replaces the whole file through a rename, so a crash leaves
/// the previous save or the new one, never half a file.
/// </summary>
internal sealed class WorkspaceFile : IAsyncDisposable
{
    /// <summary>Bursts of changes (a crisis opening posts several messages at once) become one save.</summary>
    private static readonly TimeSpan SaveInterval = TimeSpan.FromMilliseconds(250);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        RespectNullableAnnotations = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { StoredPropertiesOnly } },
    };

    private readonly string _path;
    private readonly Workspace _workspace;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _saveGate = new();
    private readonly Task _saving;
    private long _savedVersion;

    private WorkspaceFile(string path, Workspace workspace)
    {
        _path = path;
        _workspace = workspace;
        _savedVersion = workspace.Version;
        _saving = Task.Run(() => SaveChangesAsync(_stopping.Token));
    }

    /// <summary>Loads the workspace from <paramref name="path"/> when the file exists, then saves every change to it.</summary>
    /// <exception cref="InvalidDataException">The file exists but holds no workspace this version can read.</exception>
    public static WorkspaceFile Open(string path, Workspace workspace)
    {
        var fullPath = Path.GetFullPath(path);
        if (File.Exists(fullPath)) workspace.Restore(Read(fullPath));
        return new WorkspaceFile(fullPath, workspace);
    }

    private static WorkspaceSnapshot Read(string path)
    {
        try
        {
            var saved = JsonNode.Parse(File.ReadAllBytes(path));
            if (saved is not JsonObject root || root["format"] is not JsonValue format || !format.TryGetValue<int>(out var number))
            {
                throw Unreadable(path, "it does not hold a saved workspace");
            }
            if (number != WorkspaceSnapshot.CurrentFormat)
            {
                throw Unreadable(path, $"it was saved in format {number}, and this version reads format {WorkspaceSnapshot.CurrentFormat}");
            }
            return root.Deserialize<WorkspaceSnapshot>(Json) ?? throw Unreadable(path, "it does not hold a saved workspace");
        }
        catch (JsonException e)
        {
            throw Unreadable(path, $"it is not a saved workspace ({e.Message})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e.Message, e);
        }
    }

    private static InvalidDataException Unreadable(string path, string why, Exception? inner = null) =>
        new($"The sandbox's Slack workspace file {path} cannot be read: {why}. "
            + "Run with --fresh to start with an empty workspace, or move the file away to keep it.", inner);

    private async Task SaveChangesAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await _workspace.WaitForChangeAsync(Volatile.Read(ref _savedVersion), ct);
                try
                {
                    SaveIfChanged();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The version is still ahead of the file, so the next turn tries again; if the disk never
                    // recovers, the final save on dispose throws and the operator hears of it.
                }
                await Task.Delay(SaveInterval, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Saves now if anything changed since the last save. Called before each answer of the emulator starts: the bot
    /// keeps the channel and message ids it is answered with, so an answer must never name what a crash could lose.
    /// </summary>
    public void SaveIfChanged()
    {
        if (_workspace.Version > Volatile.Read(ref _savedVersion)) Save();
    }

    private void Save()
    {
        // One save at a time: the background loop and the requests' saves share the temporary file.
        lock (_saveGate)
            SaveLocked();
    }

    private void SaveLocked()
    {
        long version;
        byte[] content;
        // Serialized under the lock: the stored JSON nodes are shared with the records readers see.
        lock (_workspace.Gate)
        {
            version = _workspace.VersionLocked;
            content = JsonSerializer.SerializeToUtf8Bytes(_workspace.SnapshotLocked(), Json);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temporary = _path + ".saving";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, _path, overwrite: true);
        Volatile.Write(ref _savedVersion, Math.Max(version, _savedVersion));
    }

    /// <summary>Stops the background saves and writes whatever changed since the last one.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _saving;
        _stopping.Dispose();
        if (_workspace.Version > _savedVersion) Save();
    }

    /// <summary>Computed properties (a message's visible text, a view's title) are derived again after loading, not stored.</summary>
    private static void StoredPropertiesOnly(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        for (var i = type.Properties.Count - 1; i >= 0; i--)
        {
            if (type.Properties[i].Set is null) type.Properties.RemoveAt(i);
        }
    }
}

/// <summary>The state file's content; <see cref="Format"/> changes whenever a field changes meaning.</summary>
internal sealed record WorkspaceSnapshot
{
    public const int CurrentFormat = 1;

    public required int Format { get; init; }
    /// <summary>The last ts issued, in microseconds since the Unix epoch: new messages continue above it.</summary>
    public required long LastTsMicros { get; init; }
    public required int ChannelCounter { get; init; }
    public required int ViewCounter { get; init; }
    public required IReadOnlyList<SlackUserRecord> Users { get; init; }
    /// <summary>Listed channels in order, then the bot's direct-message conversations.</summary>
    public required IReadOnlyList<ChannelRecord> Channels { get; init; }
    public required IReadOnlyList<ViewRecord> Views { get; init; }
    public required IReadOnlyList<EphemeralRecord> Ephemerals { get; init; }
}
