using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Api;
using WarRoomBot.Slack.Blocks;
using WarRoomBot.Storage;

namespace WarRoomBot.Slack.Publishing;

/// <summary>Handlers call this after appending, so the publisher starts at once instead of at its next poll.</summary>
public interface IPublisherSignal
{
    void Notify();
}

/// <summary>
/// Carries the timeline to Slack (DESIGN "Flow of one command", step 4). What to do next is derived from the
/// folded crisis, and every Slack answer that matters is appended back, so a restart resumes exactly where the
/// last run stopped. Calls that cannot be repeated safely (creating a channel, posting) are noted before they are
/// made; a noted call with no recorded answer is looked up in Slack before it is tried again, so a crash never
/// leaves a crisis with two channels or two kickoffs.
/// </summary>
public sealed partial class SlackPublisher(
    ICrisisStore store,
    ISlackApi slack,
    TimeProvider time,
    [FromKeyedServices(SlackApiState.ClockKey)] TimeProvider slackClock,
    IOptions<WarRoomOptions> options,
    ILogger<SlackPublisher> log) : BackgroundService, IPublisherSignal
{
    /// <summary>How long a crisis that Slack could not serve waits before it is tried again (outages, rate limits).</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    private const int MaxNameAttempts = 20;
    private const int MaxRecordAttempts = 5;

    /// <summary>
    /// Crises published at once. Posts to one channel wait for Slack's one-per-second pace, so a crisis can hold its
    /// slot for a second; with enough slots that never delays another crisis's due post.
    /// </summary>
    private const int Parallelism = 64;

    private readonly SemaphoreSlim slots = new(Parallelism, Parallelism);
    private readonly Lock gate = new();
    private readonly Dictionary<CrisisId, Task<bool>> inFlight = [];
    private readonly ConcurrentDictionary<CrisisId, DateTimeOffset> backOffUntil = new();
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => wake.Writer.TryWrite(true);

    /// <summary>Publishes until nothing is left that Slack can be asked for now; returns crises still waiting on Slack.</summary>
    public async Task<int> DrainAsync(CancellationToken ct)
    {
        var remaining = await PublishPendingAsync(ct);
        for (var pass = 0; remaining > 0 && pass < 3; pass++)
            remaining = await PublishPendingAsync(ct);
        return remaining;
    }

    /// <summary>Publishes every crisis with unpublished events, ignoring back-off, and waits; returns how many are still pending.</summary>
    public async Task<int> PublishPendingAsync(CancellationToken ct)
    {
        var runs = Dispatch(await store.UnpublishedAsync(ct), ignoreBackOff: true, ct);
        var results = await Task.WhenAll(runs);
        return results.Count(published => !published);
    }

    /// <summary>
    /// Keeps every slot busy: each wake-up starts the crises that are pending and not already being published, without
    /// waiting for the others, so a due post never queues behind a slow crisis.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                Dispatch(await store.UnpublishedAsync(stopping), ignoreBackOff: false, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPassFailed(e);
            }

            using var nap = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            nap.CancelAfter(RetryInterval);
            try
            {
                await wake.Reader.ReadAsync(nap.Token);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                // Nothing new arrived; look again in case Slack has recovered.
            }
        }

        Task[] running;
        lock (gate)
            running = [.. inFlight.Values];
        await Task.WhenAll(running).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Starts a run for each crisis not already running (or joins the running one); one run per crisis at a time.</summary>
    private List<Task<bool>> Dispatch(IReadOnlyList<CrisisId> pending, bool ignoreBackOff, CancellationToken ct)
    {
        var now = slackClock.GetUtcNow();
        var owners = new ConcurrentDictionary<UserId, Task<SlackUser?>>();
        var runs = new List<Task<bool>>(pending.Count);
        lock (gate)
        {
            foreach (var id in pending)
            {
                if (inFlight.TryGetValue(id, out var running))
                {
                    runs.Add(running);
                    continue;
                }

                if (!ignoreBackOff && backOffUntil.TryGetValue(id, out var until) && until > now)
                    continue;
                var run = RunOneAsync(id, owners, ct);
                inFlight[id] = run;
                runs.Add(run);
            }
        }

        return runs;
    }

    private async Task<bool> RunOneAsync(CrisisId id, ConcurrentDictionary<UserId, Task<SlackUser?>> owners, CancellationToken ct)
    {
        // Yield first, so the dispatcher's lock is not held while this runs.
        await Task.Yield();
        var published = false;
        try
        {
            await slots.WaitAsync(ct);
            try
            {
                published = await PublishAsync(id, owners, ct);
            }
            finally
            {
                slots.Release();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogPassFailed(e);
        }
        finally
        {
            lock (gate)
                inFlight.Remove(id);
        }

        if (published)
            backOffUntil.TryRemove(id, out _);
        else
            backOffUntil[id] = slackClock.GetUtcNow() + RetryInterval;

        // Something may have been appended while this ran (the clock, a click): look again at once.
        Notify();
        return published;
    }

    private async Task<bool> PublishAsync(CrisisId id, ConcurrentDictionary<UserId, Task<SlackUser?>> owners, CancellationToken ct)
    {
        using var scope = log.BeginScope(new Dictionary<string, object> { ["CrisisId"] = id.Number });
        if (await store.LoadAsync(id, ct) is not { } history)
            return true;

        var version = history.Version;
        var crisis = history.Fold();
        try
        {
            while (NextStep(crisis) is { } step)
            {
                var owner = step.Kind is StepKind.Prepare or StepKind.Kickoff ? await owners.GetOrAdd(crisis.Owner, u => OwnerProfileAsync(u, ct)) : null;
                var happened = await RunAsync(step, crisis, owner, ct);
                (version, crisis) = await RecordAsync(id, version, crisis, happened, ct);
            }

            await store.MarkPublishedAsync(id, version, ct);
            return true;
        }
        catch (SlackApiException e) when (e.IsTransient)
        {
            LogSlackUnavailable(e.Method, e.Error);
            return false;
        }
    }

    /// <summary>
    /// Appends what Slack did. These are facts, not decisions, so when someone else appended meanwhile (the clock, an
    /// outcome) they are appended after that instead of being lost, and the Slack call is never repeated.
    /// </summary>
    private async Task<(int Version, Crisis Crisis)> RecordAsync(CrisisId id, int version, Crisis crisis, IReadOnlyList<CrisisEvent> happened, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var appended = await store.AppendAsync(id, version, happened, ct);
                return (appended, happened.Aggregate(crisis, Crisis.Evolve));
            }
            catch (ConcurrencyConflictException) when (attempt < MaxRecordAttempts)
            {
                var current = await store.LoadAsync(id, ct) ?? throw new InvalidOperationException($"Crisis {id} disappeared from the store.");
                version = current.Version;
                crisis = current.Fold();
            }
        }
    }

    /// <summary>The next thing Slack must do for this crisis, in the order a person would want it.</summary>
    private static Step? NextStep(Crisis crisis)
    {
        if (!crisis.IsOpened)
            return null;
        foreach (var kind in Kinds)
        {
            if (crisis.RoomFor(kind).Channel is null && !crisis.HasFailed(Step.Create(kind)))
                return new Step(StepKind.Create, kind);
        }

        foreach (var kind in Kinds)
        {
            if (crisis.RoomFor(kind) is { Channel: not null, Prepared: false })
                return new Step(StepKind.Prepare, kind);
        }

        foreach (var kind in Kinds)
        {
            if (crisis.RoomFor(kind) is { Channel: not null, KickoffTs: null } && !crisis.HasFailed(Step.Kickoff(kind)))
                return new Step(StepKind.Kickoff, kind);
        }

        if (!crisis.OpenerNotified && crisis.ReplyTo is not null && !crisis.HasFailed(Step.NotifyOpener))
            return new Step(StepKind.NotifyOpener, ChannelKind.Technical);

        foreach (var kind in Kinds)
        {
            if (crisis.RoomFor(kind) is { KickoffTs: not null, KickoffPinned: false } && !crisis.HasFailed(Step.Pin(kind)))
                return new Step(StepKind.Pin, kind);
        }

        return Announcements.Next(crisis) is { } next ? new Step(StepKind.Announce, next.Room, next) : null;
    }

    private async Task<IReadOnlyList<CrisisEvent>> RunAsync(Step step, Crisis crisis, SlackUser? owner, CancellationToken ct)
    {
        try
        {
            return step.Kind switch
            {
                StepKind.Create => [await CreateChannelAsync(crisis, step.Room, ct)],
                StepKind.Prepare => await PrepareAsync(crisis, step.Room, owner, ct),
                StepKind.Kickoff => [await PostKickoffAsync(crisis, step.Room, owner, ct)],
                StepKind.Pin => [await PinAsync(crisis, step.Room, ct)],
                StepKind.Announce => await AnnounceAsync(crisis, step.Announcement!, ct),
                _ => [await NotifyOpenerAsync(crisis, ct)],
            };
        }
        catch (SlackApiException e) when (!e.IsTransient)
        {
            LogStepRefused(step.Name, e.Method, e.Error);
            return [new CrisisEvent.PublishingFailed(step.Name, e.Error, time.GetUtcNow())];
        }
    }

    private async Task<CrisisEvent> CreateChannelAsync(Crisis crisis, ChannelKind kind, CancellationToken ct)
    {
        var isPrivate = kind == ChannelKind.Business && crisis.BusinessChannelIsPrivate;
        for (var attempt = 1; attempt <= MaxNameAttempts; attempt++)
        {
            var names = ChannelNames.For(crisis.Id, crisis.Title, options.Value.ChannelPrefix, attempt);
            var name = kind == ChannelKind.Technical ? names.Technical : names.Business;
            var firstTry = await store.NoteAttemptAsync(crisis.Id, $"create:{name}", ct);
            try
            {
                var channel = await slack.CreateChannelAsync(name, isPrivate, ct);
                return new CrisisEvent.ChannelCreated(kind, channel.Id, channel.Name, time.GetUtcNow());
            }
            catch (SlackApiException e) when (e.Error == "name_taken")
            {
                // A previous run may have created this very channel and died before recording it.
                if (!firstTry && await FindOwnUnclaimedChannelAsync(name, ct) is { } ours)
                    return new CrisisEvent.ChannelCreated(kind, ours.Id, ours.Name, time.GetUtcNow());
            }
        }

        throw new SlackApiException("conversations.create", "name_taken");
    }

    private async Task<SlackChannel?> FindOwnUnclaimedChannelAsync(string name, CancellationToken ct)
    {
        var me = await slack.WhoAmIAsync(ct);
        foreach (var channel in await slack.ListChannelsAsync(ct))
        {
            if (channel.Name == name && channel.Creator == me && await store.CrisisForChannelAsync(channel.Id, ct) is null)
                return channel;
        }

        return null;
    }

    private async Task<IReadOnlyList<CrisisEvent>> PrepareAsync(Crisis crisis, ChannelKind kind, SlackUser? owner, CancellationToken ct)
    {
        var channel = crisis.RoomFor(kind).Channel!.Value;
        var team = kind == ChannelKind.Technical ? crisis.Responders : crisis.Executives;
        var failures = new List<CrisisEvent>();

        // Each part is idempotent in Slack, so a retry after a crash repeats them harmlessly.
        await Tolerate($"inviting people to the {Describe(kind)}", () => slack.InviteAsync(channel, [crisis.Owner, .. team], ct), failures);
        await Tolerate($"setting the {Describe(kind)} topic", () => slack.SetTopicAsync(channel, Kickoff.Topic(crisis, owner, kind), ct), failures);
        await Tolerate($"setting the {Describe(kind)} purpose", () => slack.SetPurposeAsync(channel, Kickoff.Purpose(crisis, kind), ct), failures);
        return [.. failures, new CrisisEvent.ChannelPrepared(kind, time.GetUtcNow())];
    }

    private async Task Tolerate(string step, Func<Task> call, List<CrisisEvent> failures)
    {
        try
        {
            await call();
        }
        catch (SlackApiException e) when (!e.IsTransient)
        {
            LogStepRefused(step, e.Method, e.Error);
            failures.Add(new CrisisEvent.PublishingFailed(step, e.Error, time.GetUtcNow()));
        }
    }

    private async Task<CrisisEvent> PostKickoffAsync(Crisis crisis, ChannelKind kind, SlackUser? owner, CancellationToken ct)
    {
        var (text, blocks) = kind == ChannelKind.Technical
            ? Kickoff.Technical(crisis, owner)
            : Kickoff.Business(crisis, owner, options.Value.Cadence.ToCadence());
        var key = $"crisis-{crisis.Id}-kickoff-{kind.ToString().ToLowerInvariant()}";
        var ts = await PostOnceAsync(crisis, crisis.RoomFor(kind).Channel!.Value, key, new SlackMessage(text, blocks), ct);
        return new CrisisEvent.KickoffPosted(kind, ts, time.GetUtcNow());
    }

    private async Task<IReadOnlyList<CrisisEvent>> AnnounceAsync(Crisis crisis, Announcement announcement, CancellationToken ct)
    {
        var channel = crisis.RoomFor(announcement.Room).Channel!.Value;
        var now = time.GetUtcNow();
        var message = announcement.Render(crisis, options.Value.Deadlines.ToPolicy(), now);
        if (announcement.Updates is { } post)
        {
            await slack.UpdateMessageAsync(channel, post.Ts, message.Text, message.Blocks, ct);
            return [new CrisisEvent.MessageUpdated(post.Key, now)];
        }

        var ts = await PostOnceAsync(crisis, channel, announcement.Key, message, ct);
        CrisisEvent posted = new CrisisEvent.MessagePosted(announcement.Key, announcement.Room, ts, now);

        // A due post made after its outcome already shows the outcome, so it needs no update later.
        return announcement.ShowsOutcome ? [posted, new CrisisEvent.MessageUpdated(announcement.Key, now)] : [posted];
    }

    /// <summary>
    /// Posts a message that must appear exactly once. The attempt is noted first; if a previous run noted it and died
    /// before recording Slack's answer, the post is looked up by its metadata key instead of being made twice.
    /// </summary>
    private async Task<string> PostOnceAsync(Crisis crisis, ChannelId channel, string key, SlackMessage message, CancellationToken ct)
    {
        if (!await store.NoteAttemptAsync(crisis.Id, key, ct))
        {
            var earlier = (await slack.HistoryAsync(channel, 100, ct)).FirstOrDefault(m => m.MetadataKey == key);
            if (earlier is not null)
                return earlier.Ts;
        }

        return await slack.PostMessageAsync(new OutgoingMessage(channel, message.Text, message.Blocks, key), ct);
    }

    private async Task<CrisisEvent> PinAsync(Crisis crisis, ChannelKind kind, CancellationToken ct)
    {
        var room = crisis.RoomFor(kind);
        await slack.PinAsync(room.Channel!.Value, room.KickoffTs!, ct);
        return new CrisisEvent.KickoffPinned(kind, time.GetUtcNow());
    }

    private async Task<CrisisEvent> NotifyOpenerAsync(Crisis crisis, CancellationToken ct)
    {
        if (!Uri.TryCreate(crisis.ReplyTo, UriKind.Absolute, out var replyTo))
            return new CrisisEvent.PublishingFailed(Step.NotifyOpener, "invalid_response_url", time.GetUtcNow());
        await slack.RespondAsync(replyTo, new JsonObject { ["response_type"] = "ephemeral", ["text"] = Kickoff.OpenerLinks(crisis) }, ct);
        return new CrisisEvent.OpenerNotified(time.GetUtcNow());
    }

    private async Task<SlackUser?> OwnerProfileAsync(UserId user, CancellationToken ct)
    {
        try
        {
            return await slack.GetUserAsync(user, ct);
        }
        catch (SlackApiException e) when (!e.IsTransient)
        {
            // Without a profile the kickoff still names the owner; only the phone number is missing.
            LogStepRefused("reading the owner's profile", e.Method, e.Error);
            return null;
        }
    }

    private static string Describe(ChannelKind kind) => kind == ChannelKind.Technical ? "technical channel" : "business channel";

    private static readonly ChannelKind[] Kinds = [ChannelKind.Technical, ChannelKind.Business];

    private enum StepKind
    {
        Create,
        Prepare,
        Kickoff,
        NotifyOpener,
        Pin,
        Announce,
    }

    private sealed record Step(StepKind Kind, ChannelKind Room, Announcement? Announcement = null)
    {
        public const string NotifyOpener = "sending the links to whoever opened the crisis";

        public string Name => Kind switch
        {
            StepKind.Create => Create(Room),
            StepKind.Kickoff => Kickoff(Room),
            StepKind.Pin => Pin(Room),
            StepKind.Prepare => $"preparing the {Describe(Room)}",
            StepKind.Announce => Announcement!.Step,
            _ => NotifyOpener,
        };

        public static string Create(ChannelKind kind) => $"creating the {Describe(kind)}";

        public static string Kickoff(ChannelKind kind) => $"posting the kickoff in the {Describe(kind)}";

        public static string Pin(ChannelKind kind) => $"pinning the kickoff in the {Describe(kind)}";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A publishing pass failed; it will be retried")]
    private partial void LogPassFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack is unavailable ({Method}: {Error}); the crisis stays pending and will be retried")]
    private partial void LogSlackUnavailable(string method, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack refused {Step} ({Method}: {Error}); recorded on the timeline")]
    private partial void LogStepRefused(string step, string method, string error);
}
