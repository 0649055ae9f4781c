using Microsoft.Extensions.DependencyInjection;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.CrashTrial;

/// <summary>
/// One side of the embedded store's crash trial (tests/WarRoomBot.Tests/Storage/EmbeddedStoreCrashTrialTests.cs): several
/// callers write to one store at once until the process is killed, and each write is reported only once the store has
/// acknowledged it, so whatever this process printed must still be there after the kill. Usage:
/// <c>dotnet WarRoomBot.CrashTrial.dll &lt;provider&gt; &lt;connection string&gt; &lt;callers&gt; [Key=Value ...]</c>;
/// prints <c>ack &lt;crisis&gt; &lt;version&gt;</c> per acknowledged write. A named class, not top-level statements: the
/// test project references this and the bot, and two generated <c>Program</c> classes would collide there.
/// </summary>
internal static class TrialProgram
{
    private const string Usage =
        "usage: WarRoomBot.CrashTrial <provider> <connection string> <callers> [Key=Value ...], e.g. LiteDb /tmp/trial.litedb 8 Storage:CheckpointPages=4";

    public static async Task<int> Main(string[] args)
    {
        if (args is not [var provider, var connectionString, var callersText, .. var rest]
            || !int.TryParse(callersText, out var callers) || callers < 1)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        List<KeyValuePair<string, string?>> settings;
        try
        {
            settings = [.. rest.Select(TrialStore.Setting)];
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"{e.Message} {Usage}");
            return 2;
        }

        await using var services = TrialStore.Build(provider, connectionString, settings);
        ICrisisStore store;
        try
        {
            store = services.GetRequiredService<ICrisisStore>();
        }
        catch (Exception e) when (e is StoreUnavailableException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }

        var time = services.GetRequiredService<TimeProvider>();

        // One write per line, flushed at once: a line the parent reads is an append the store had already acknowledged.
        var acks = TextWriter.Synchronized(new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true });

        // The callers write until the process is killed; one that stops has met an error the parent must see.
        var stopped = await Task.WhenAny(Enumerable.Range(0, callers).Select(_ => Task.Run(() => CallerAsync(store, time, acks))));
        await Console.Error.WriteLineAsync($"A caller stopped: {stopped.Exception?.GetBaseException()}");
        return 1;
    }

    /// <summary>Writes only to crises it opened, at the version it last had acknowledged, so a conflict is never expected.</summary>
    private static async Task CallerAsync(ICrisisStore store, TimeProvider time, TextWriter acks)
    {
        var own = new List<Crisis>();
        var versions = new List<int>();
        while (true)
        {
            var now = time.GetUtcNow();
            if (own.Count == 0 || Random.Shared.Next(6) == 0)
            {
                var opened = await store.OpenAsync([TrialEvents.Opened(now)], CancellationToken.None);
                own.Add(opened.Fold());
                versions.Add(opened.Version);
                await acks.WriteAsync($"ack {opened.Id.Number} {opened.Version}\n");
                continue;
            }

            var pick = Random.Shared.Next(own.Count);
            var crisis = own[pick];
            var next = TrialEvents.Next(crisis.Id, versions[pick], now);
            var after = Crisis.Evolve(crisis, next);
            var version = await store.AppendAsync(crisis.Id, versions[pick], [next], after, CancellationToken.None);
            own[pick] = after;
            versions[pick] = version;
            await acks.WriteAsync($"ack {crisis.Id.Number} {version}\n");
        }
    }
}
