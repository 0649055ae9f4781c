using Microsoft.Extensions.Options;
using Quartz;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Api;
using WarRoomBot.Storage;

namespace WarRoomBot.Features.Watch;

/// <summary>
/// The daily watch post (issue 15): at <c>WarRoom:Watch:PostAt</c> in <c>WarRoom:Watch:TimeZone</c>, the watch list goes
/// to <c>WarRoom:Watch:Channel</c>, once a day however many replicas run. A replica claims the day in the store, posts,
/// then marks the day posted; the post carries the day in its message metadata, so a replica that claims a day whose
/// claimant died finds that claimant's post in the channel before posting again. A day with nobody at risk still gets its
/// one quiet line: executives read it as "we are watching".
/// </summary>
public sealed partial class WatchPost(
    WatchHandler watch, ISupportCaseStore store, ISlackApi slack, TimeProvider time, IOptions<WarRoomOptions> options, ILogger<WatchPost> log)
{
    public static readonly JobKey Job = new("watch-post", "watch");

    /// <summary>
    /// How long a claim on a day holds before another replica may take it over: far longer than a post takes, so a
    /// claimant that is merely slow is not doubled, short enough that a dead one's day is still posted that morning.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Besides its time of day, the post is looked at this often (and at start-up): a day whose time passed while the bot
    /// was down, or whose claimant died, is posted within this much of the bot or its lease coming back.
    /// </summary>
    public static readonly TimeSpan CatchUpInterval = TimeSpan.FromMinutes(5);

    /// <summary>How many of the channel's newest messages are searched for a post a dead claimant may have made.</summary>
    private const int LookBack = 100;

    /// <summary>Runs in this process one at a time, so a caller waits for a post already under way instead of finding the day taken.</summary>
    private readonly SemaphoreSlim running = new(1, 1);

    /// <summary>The last day this process saw posted: a look at the store a few times an hour is saved for the rest of that day.</summary>
    private DateOnly? done;

    /// <summary>The message metadata key of a day's post.</summary>
    public static string MetadataKey(DateOnly day) => $"watch-{Iso(day)}";

    /// <summary>A day as operators and the metadata read it, whatever the server's culture.</summary>
    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Posts today's watch list if its time has come and no replica has; returns whether this call posted it.</summary>
    public async Task<bool> RunDueAsync(CancellationToken ct)
    {
        var settings = options.Value.Watch;
        if (settings.Channel is not { Length: > 0 } id)
            return false;

        await running.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            if (settings.DueDay(now) is not { } day || day == done)
                return false;
            if (!await store.TryClaimWatchPostAsync(day, now, Lease, ct))
                return false;

            var posted = await PostAsync(new ChannelId(id), day, now, ct);
            if (posted)
            {
                await store.MarkWatchPostedAsync(day, ct);
                done = day;
            }

            return posted;
        }
        finally
        {
            running.Release();
        }
    }

    /// <summary>
    /// Posts the day's list unless it is already in the channel. True when the day is settled (posted now, found posted,
    /// or refused by Slack for a reason only an operator can fix); false when it should be tried again once the claim's
    /// lease runs out.
    /// </summary>
    private async Task<bool> PostAsync(ChannelId channel, DateOnly day, DateTimeOffset now, CancellationToken ct)
    {
        var key = MetadataKey(day);
        try
        {
            if ((await slack.HistoryAsync(channel, LookBack, ct)).Any(m => m.MetadataKey == key))
            {
                FoundPosted(log, Iso(day), channel.Value);
                return true;
            }
        }
        catch (SlackApiException e) when (!e.IsTransient)
        {
            // Without the lookup the post may appear twice if a claimant died after posting: the lesser harm than a day
            // with no watch list. A channel the bot cannot reach at all is refused again by the post just below.
            LookupRefused(log, channel.Value, e.Error);
        }

        var view = await watch.ReadAsync(now, ct);
        var (text, blocks) = WatchBlocks.Render($"Watch list for {WarRoomOptions.WatchOptions.Name(day)}", view.AtRisk, view.Crises, view.Thresholds);
        try
        {
            await slack.PostMessageAsync(new OutgoingMessage(channel, text, blocks, key), ct);
            return true;
        }
        catch (SlackApiException e) when (!e.IsTransient && !e.MayHaveApplied)
        {
            // not_in_channel, channel_not_found, is_archived…: asking again changes nothing until someone acts, so the day
            // is given up (marked, so no replica retries it) and tomorrow's post tries afresh.
            Refused(log, Iso(day), channel.Value, e.Error);
            return true;
        }
        catch (SlackApiException e)
        {
            // Slack was unavailable, or may have posted and lost the answer: the claim runs out and the next look finds
            // the post by its key, or makes it.
            Unsure(log, Iso(day), channel.Value, e.Error, Lease);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The watch list for {Day} was already in channel {Channel}, posted by an earlier claimant; not posted again")]
    private static partial void FoundPosted(ILogger logger, string day, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read channel {Channel}'s history to check for an earlier watch post (Slack said {Error}); posting without the check")]
    private static partial void LookupRefused(ILogger logger, string channel, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack refused the watch list for {Day} in channel {Channel} (Slack said {Error}); it is not tried again today. "
        + "Check WarRoom:Watch:Channel names a channel id and invite the bot to that channel (/invite in the channel)")]
    private static partial void Refused(ILogger logger, string day, string channel, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The watch list for {Day} could not be confirmed in channel {Channel} (Slack said {Error}); it is tried again after {Lease}")]
    private static partial void Unsure(ILogger logger, string day, string channel, string error, TimeSpan lease);
}

/// <summary>The Quartz job behind the daily watch post: at its time of day, at start-up, and every <see cref="WatchPost.CatchUpInterval"/>.</summary>
[DisallowConcurrentExecution]
public sealed partial class WatchPostJob(WatchPost post, ILogger<WatchPostJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        try
        {
            await post.RunDueAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next look tries again; a store or Slack that is down now does not stop the scheduler.
            LogFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The daily watch post could not be made; it is looked at again within minutes")]
    private partial void LogFailed(Exception e);
}
