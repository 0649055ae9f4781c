using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using WarRoomBot.CrashTrial;
using WarRoomBot.Crises;
using WarRoomBot.Storage;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace WarRoomBot.Tests.Storage;

/// <summary>
/// The embedded store keeps what it acknowledged when the process dies mid-write. A child process
/// (tests/WarRoomBot.CrashTrial) appends from several callers at once and prints each acknowledged append; it is killed
/// with SIGKILL after a random number of them, then the file is opened here, as the bot opens it after a crash, and
/// checked. Every cycle continues on the same file, so damage from one kill is still there for the next.
/// </summary>
public sealed class EmbeddedStoreCrashTrialTests(ITestOutputHelper output) : IDisposable
{
    private const int Cycles = 20;
    private const int Callers = 8;
    private const int FewestAcks = 20;
    private const int MostAcks = 300;

    /// <summary>A guard against a child that hangs, not a wait: every step waits on the child's own lines.</summary>
    private static readonly TimeSpan Hung = TimeSpan.FromMinutes(1);

    private readonly string folder = Directory.CreateTempSubdirectory("warroom-crash-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <param name="connection">The connection string, with <c>{0}</c> for the database file.</param>
    /// <param name="setting">A further <c>Key=Value</c> setting for the engine, such as a small checkpoint size.</param>
    [Theory]
    [InlineData("LiteDb", "{0}", "Storage:CheckpointPages=4")]
    public async Task Every_acknowledged_append_is_there_with_no_gap_after_each_of_many_kills_and_the_file_keeps_opening(
        string provider, string connection, string? setting)
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var connectionString = string.Format(CultureInfo.InvariantCulture, connection, Path.Combine(folder, "trial.litedb"));
        string[] settings = setting is null ? [] : [setting];
        var acknowledged = new Dictionary<CrisisId, int>();
        var checkedAppends = 0;
        var watch = Stopwatch.StartNew();

        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            var context = $"{provider}, seed {seed}, cycle {cycle}";
            var acks = await KillAfterAsync(provider, connectionString, settings, random.Next(FewestAcks, MostAcks + 1), context);
            var left = string.Join(", ", new DirectoryInfo(folder).EnumerateFiles().OrderBy(file => file.Name)
                .Select(file => $"{file.Name} {file.Length / 1024} KiB"));
            foreach (var (crisis, version) in acks)
                acknowledged[crisis] = Math.Max(version, acknowledged.GetValueOrDefault(crisis));

            (int Crises, (CrisisId Crisis, int Version) Appended) verified;
            try
            {
                verified = await VerifyAsync(provider, connectionString, settings, acknowledged, context);
            }
            catch (Exception e) when (e is not XunitException)
            {
                throw new XunitException($"{context}: the file did not open or read cleanly after the kill: {e}");
            }

            var (crises, appended) = verified;
            acknowledged[appended.Crisis] = appended.Version;
            checkedAppends += acks.Count + 1;
            output.WriteLine($"{context}: {acks.Count} acknowledged appends, left {left}; {crises} crises in the file, all there");
        }

        output.WriteLine(
            $"{provider}: {Cycles} kills, {checkedAppends} acknowledged appends checked, 0 lost, 0 files that failed to open, " +
            $"{watch.Elapsed.TotalSeconds:F1} s (seed {seed})");
    }

    /// <summary>
    /// Starts the child, reads its acknowledgements as they come, kills it once <paramref name="acks"/> have arrived while
    /// its callers are still writing, and returns every acknowledgement it printed, including those still in the pipe.
    /// </summary>
    private static async Task<List<(CrisisId Crisis, int Version)>> KillAfterAsync(
        string provider, string connectionString, string[] settings, int acks, string context)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "WarRoomBot.CrashTrial.dll"),
                     provider, connectionString, Callers.ToString(CultureInfo.InvariantCulture), .. settings])
            start.ArgumentList.Add(argument);

        using var child = Process.Start(start)!;
        var errors = child.StandardError.ReadToEndAsync();
        var received = new List<(CrisisId, int)>();
        using var hung = new CancellationTokenSource(Hung);
        try
        {
            while (await child.StandardOutput.ReadLineAsync(hung.Token) is { } line)
            {
                received.Add(line.Split(' ') is ["ack", var crisis, var version]
                    ? (new CrisisId(int.Parse(crisis, CultureInfo.InvariantCulture)), int.Parse(version, CultureInfo.InvariantCulture))
                    : throw new InvalidOperationException($"{context}: the trial printed '{line}', not 'ack <crisis> <version>'."));
                if (received.Count == acks)
                    child.Kill(entireProcessTree: true);
            }

            await child.WaitForExitAsync(hung.Token);
        }
        finally
        {
            if (!child.HasExited)
                child.Kill(entireProcessTree: true);
        }

        Assert.True(received.Count >= acks,
            $"{context}: the trial stopped by itself after {received.Count} of {acks} acknowledged appends: {await errors}");
        return received;
    }

    /// <summary>
    /// Opens the file through the bot's own registration and checks every crisis in it: each acknowledged version is
    /// there, each timeline reads back as exactly the events written, in order with none missing, and the store takes a
    /// new append. Returns how many crises the file holds and the append it took.
    /// </summary>
    private static async Task<(int Crises, (CrisisId Crisis, int Version) Appended)> VerifyAsync(
        string provider, string connectionString, string[] settings, Dictionary<CrisisId, int> acknowledged, string context)
    {
        await using var services = TrialStore.Build(provider, connectionString, settings.Select(TrialStore.Setting));
        var store = services.GetRequiredService<ICrisisStore>();

        var lost = new List<string>();
        foreach (var (crisis, version) in acknowledged)
        {
            var history = await store.LoadAsync(crisis, CancellationToken.None);
            if (history is null || history.Version < version)
                lost.Add($"crisis {crisis.Number} acknowledged at version {version} holds {history?.Version ?? 0}");
        }

        Assert.True(lost.Count == 0, $"{context}: {lost.Count} acknowledged appends lost: {string.Join("; ", lost.Take(10))}");

        // Crises opened but killed before their acknowledgement was printed are checked too: nothing half-written.
        var last = acknowledged.Keys.Max(crisis => crisis.Number);
        CrisisHistory? newest = null;
        var crises = 0;
        for (var number = 1; ; number++)
        {
            var history = await store.LoadAsync(new CrisisId(number), CancellationToken.None);
            if (history is null && number > last)
                break;
            if (history is null)
                continue;

            crises++;
            newest = history;
            Assert.True(history.Events.Count == history.Version,
                $"{context}: crisis {number} is at version {history.Version} but holds {history.Events.Count} events");
            Assert.IsType<CrisisEvent.Opened>(history.Events[0]);
            for (var version = 2; version <= history.Version; version++)
            {
                var stored = history.Events[version - 1];
                Assert.True(stored == TrialEvents.Next(history.Id, version - 1, stored.At),
                    $"{context}: crisis {number} holds {stored} at version {version}, not the event written there");
            }
        }

        var crisisNow = newest!.Fold();
        var next = TrialEvents.Next(crisisNow.Id, newest.Version, services.GetRequiredService<TimeProvider>().GetUtcNow());
        var appended = await store.AppendAsync(crisisNow.Id, newest.Version, [next], Crisis.Evolve(crisisNow, next), CancellationToken.None);
        Assert.Equal(newest.Version + 1, appended);
        return (crises, (crisisNow.Id, appended));
    }
}
