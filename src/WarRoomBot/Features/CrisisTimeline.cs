using WarRoomBot.Crises;
using WarRoomBot.Scheduling;
using WarRoomBot.Slack.Publishing;
using WarRoomBot.Storage;

namespace WarRoomBot.Features;

/// <summary>A decision taken on a crisis: what the rules said, the crisis after it, the time it was taken at, and the version the crisis is at after it.</summary>
public sealed record Decided(Decision Decision, Crisis Crisis, DateTimeOffset Now, int Version);

/// <summary>
/// DESIGN "Flow of one command", step 3, in one place: load the crisis, let the pure rules decide with <c>now</c>,
/// append with the version it was decided on. If someone else wrote first (a double click, the clock, the publisher),
/// the decision is taken again on what is there now, so two clicks can never record two outcomes.
/// </summary>
public sealed class CrisisTimeline(
    ICrisisStore store, CrisisTurns turns, TimeProvider time, IPublisherSignal publisher, ICrisisClockSchedule schedule, ILogger<CrisisTimeline> logger)
{
    private const int MaxAttempts = 5;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Null when there is no such crisis.</summary>
    public async Task<Decided?> DecideAsync(CrisisId id, Func<Crisis, DateTimeOffset, Decision> decide, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            Crisis after;
            Decision decision;
            DateTimeOffset now;
            int version;
            using (await turns.TakeAsync(id, ct))
            {
                if (await store.LoadAsync(id, ct) is not { } history)
                    return null;
                var crisis = history.Fold();
                now = time.GetUtcNow();
                decision = decide(crisis, now);
                if (!decision.IsAccepted || decision.Events.IsEmpty)
                    return new Decided(decision, crisis, now, history.Version);

                after = decision.Events.Aggregate(crisis, Crisis.Evolve);
                try
                {
                    version = await store.AppendAsync(id, history.Version, decision.Events, after, ct);
                }
                catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
                {
                    // Another replica wrote first: decide again on what it wrote.
                    continue;
                }
            }

            DecisionLog.Recorded(logger, id, decision.Events, version);

            publisher.Notify(id);
            await schedule.TrackAsync(after, ct);
            return new Decided(decision, after, now, version);
        }
    }

    public async Task<Crisis?> LoadAsync(CrisisId id, CancellationToken ct) => (await store.LoadAsync(id, ct))?.Fold();

    /// <summary>The crisis whose technical or business channel this is.</summary>
    public Task<CrisisId?> CrisisForChannelAsync(ChannelId channel, CancellationToken ct) => store.CrisisForChannelAsync(channel, ct);

    /// <summary>
    /// The crisis a command that may name one is about (<c>/crisis done #42 AI1</c>): the one it names, or the one whose channel
    /// it is typed in; otherwise why not, ending with <paramref name="example"/> of naming it. A crisis's rooms are archived
    /// when it closes and then take no command, while its action items and debrief outlive it: by number they are reached from
    /// anywhere. In another crisis's channel a number is refused: a slip would put the item on the wrong crisis unseen.
    /// </summary>
    public async Task<(CrisisId? Id, string? Problem)> NamedOrHereAsync(CrisisId? named, ChannelId? channel, string example, CancellationToken ct)
    {
        var here = channel is { } room ? await store.CrisisForChannelAsync(room, ct) : null;
        if (named is not { } id)
            return here is { } crisis ? (crisis, null) : (null, $"This channel is not a crisis's room, so name the crisis: {example}.");
        if (here is { } other && other != id)
            return (null, $"This is crisis {other}'s channel and `#{id}` names crisis {id}: run the command in crisis {id}'s channels, or name it elsewhere.");
        return await LoadAsync(id, ct) is { IsOpened: true } ? (id, null) : (null, $"There is no crisis {id}.");
    }
}
