using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Api;
using WarRoomBot.Slack.Blocks;
using WarRoomBot.Storage;

namespace WarRoomBot.Slack.Publishing;

/// <summary>
/// The Slack calls behind each step of <see cref="PublishingPlan"/>; each returns the events that happened, for the
/// publisher to append. Calls that cannot be repeated safely (creating a channel, posting) are noted before they are
/// made; a noted call with no recorded answer, or one whose answer was lost on the way back, is looked up in Slack
/// before it is tried again, so neither a crash nor a lossy network leaves a crisis with two channels or two kickoffs.
/// Logs under the publisher's category, so operators keep one logger to follow a crisis to Slack.
/// </summary>
public sealed partial class SlackSteps(
    ICrisisStore store,
    ISlackApi slack,
    TimeProvider time,
    IOptions<WarRoomOptions> options,
    ILogger<SlackPublisher> log)
{
    /// <summary>Recorded as the reason when a step failed with an exception of its own rather than Slack's refusal.</summary>
    private const string UnexpectedError = "unexpected_error";

    private const int MaxNameAttempts = 20;

    /// <summary>Calls of one create or post per pass whose answers may be lost before the crisis waits for its next pass.</summary>
    private const int MaxUnsureCalls = 3;

    /// <summary>Noted with a post's key when it is made again without a check; the second such post is not made.</summary>
    private const string BlindRetry = "#unchecked";

    internal async Task<IReadOnlyList<CrisisEvent>> RunAsync(Step step, Crisis crisis, SlackUser? owner, CancellationToken ct)
    {
        try
        {
            return step.Kind switch
            {
                StepKind.Create => await CreateChannelAsync(crisis, step.Room, ct),
                StepKind.Prepare => await PrepareAsync(crisis, step.Room, owner, ct),
                StepKind.Kickoff => await PostKickoffAsync(crisis, step.Room, owner, ct),
                StepKind.Pin => [await PinAsync(crisis, step.Room, ct)],
                StepKind.Post => await PostOwedAsync(crisis, step.Post!, owner, ct),
                StepKind.Report => await ReportAsync(crisis, step.Failure!, ct),
                _ => await NotifyOpenerAsync(crisis, ct),
            };
        }
        catch (SlackApiException e) when (!e.IsTransient)
        {
            LogStepRefused(step.Name, e.Method, e.Error);
            return [new CrisisEvent.PublishingFailed(step.Name, e.Error, time.GetUtcNow())];
        }
    }

    /// <summary>
    /// A step that failed with an exception of its own, recorded like a refusal, so it stops failing on every pass and
    /// the owner hears of it; a report that fails so is given up, or reporting it would fail the same way without end.
    /// </summary>
    internal IReadOnlyList<CrisisEvent> Crashed(Step step, Exception e)
    {
        LogStepCrashed(e, step.Name);
        return step.Failure is { } failure
            ? [new CrisisEvent.FailureReported(failure.Step, time.GetUtcNow())]
            : [new CrisisEvent.PublishingFailed(step.Name, UnexpectedError, time.GetUtcNow())];
    }

    private async Task<IReadOnlyList<CrisisEvent>> CreateChannelAsync(Crisis crisis, ChannelKind kind, CancellationToken ct)
    {
        var isPrivate = kind == ChannelKind.Business && crisis.BusinessChannelIsPrivate;
        var notes = new List<CrisisEvent>();
        for (var attempt = 1; attempt <= MaxNameAttempts; attempt++)
        {
            var names = ChannelNames.For(crisis.Id, crisis.Title, options.Value.ChannelPrefix, attempt);
            var name = kind == ChannelKind.Technical ? names.Technical : names.Business;

            // A noted attempt with no recorded answer may have created the channel: a previous run died during the call.
            var mayExist = !await store.NoteAttemptAsync(crisis.Id, $"create:{name}", ct);
            for (var call = 1; ; call++)
            {
                if (mayExist && await FindOwnChannelAsync(crisis, kind, name, notes, ct) is { } ours)
                    return [.. notes, new CrisisEvent.ChannelCreated(kind, ours.Id, ours.Name, time.GetUtcNow())];
                try
                {
                    var channel = await slack.CreateChannelAsync(name, isPrivate, ct);
                    return [.. notes, new CrisisEvent.ChannelCreated(kind, channel.Id, channel.Name, time.GetUtcNow())];
                }
                catch (SlackApiException e) when (e.MayHaveApplied && call < MaxUnsureCalls)
                {
                    // Slack may have created it and lost the answer: look for it, as after a crash, before creating again.
                    LogAnswerLost(e.Method, e.Error);
                    mayExist = true;
                }
                catch (SlackApiException e) when (e.Error == "name_taken")
                {
                    // Not ours (the lookup above found nothing of ours by this name): try the next name.
                    break;
                }
            }
        }

        throw new SlackApiException("conversations.create", "name_taken");
    }

    /// <summary>
    /// The channel this crisis's earlier, unanswered create made, if any: by name and creator, and claimed by no crisis.
    /// When Slack refuses the lookup for good (e.g. <c>missing_scope</c> on <c>conversations.list</c>), it is treated
    /// as not found: the create is tried again and, if the name is taken, the next name is used. An empty channel left
    /// over is the lesser harm than a crisis with no room at all; the refusal is noted so the owner is told.
    /// </summary>
    private async Task<SlackChannel?> FindOwnChannelAsync(Crisis crisis, ChannelKind kind, string name, List<CrisisEvent> notes, CancellationToken ct)
    {
        try
        {
            var me = await slack.WhoAmIAsync(ct);
            foreach (var channel in await slack.ListChannelsAsync(ct))
            {
                if (channel.Name == name && channel.Creator == me && await store.CrisisForChannelAsync(channel.Id, ct) is null)
                    return channel;
            }
        }
        catch (SlackApiException e) when (!e.IsTransient)
        {
            var step = $"checking whether the {PublishingPlan.Describe(kind)} #{name} was already created (an empty #{name} may be left over; it can be archived)";
            LogStepRefused(step, e.Method, e.Error);
            if (!crisis.HasFailed(step) && !notes.OfType<CrisisEvent.PublishingFailed>().Any(f => f.Step == step))
                notes.Add(new CrisisEvent.PublishingFailed(step, e.Error, time.GetUtcNow()));
        }

        return null;
    }

    private async Task<IReadOnlyList<CrisisEvent>> PrepareAsync(Crisis crisis, ChannelKind kind, SlackUser? owner, CancellationToken ct)
    {
        var channel = crisis.RoomFor(kind).Channel!.Value;
        var team = kind == ChannelKind.Technical ? crisis.Responders : crisis.Executives;
        var failures = new List<CrisisEvent>();

        // Whoever opened the crisis for someone else is in the rooms too: they know how it started.
        UserId[] people = string.IsNullOrEmpty(crisis.OpenedBy.Value) ? [crisis.Owner, .. team] : [crisis.Owner, crisis.OpenedBy, .. team];

        // Each part is idempotent in Slack, so a retry after a crash repeats them harmlessly.
        await Tolerate($"inviting people to the {PublishingPlan.Describe(kind)}", () => slack.InviteAsync(channel, people, ct), failures);
        await Tolerate($"setting the {PublishingPlan.Describe(kind)} topic", () => slack.SetTopicAsync(channel, Kickoff.Topic(crisis, owner, kind), ct), failures);
        await Tolerate($"setting the {PublishingPlan.Describe(kind)} purpose", () => slack.SetPurposeAsync(channel, Kickoff.Purpose(crisis, kind), ct), failures);
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

    private async Task<IReadOnlyList<CrisisEvent>> PostKickoffAsync(Crisis crisis, ChannelKind kind, SlackUser? owner, CancellationToken ct)
    {
        var (text, blocks) = kind == ChannelKind.Technical
            ? Kickoff.Technical(crisis, owner)
            : Kickoff.Business(crisis, owner, options.Value.Cadence.ToCadence());
        var key = $"crisis-{crisis.Id}-kickoff-{kind.ToString().ToLowerInvariant()}";
        var (ts, notes, _) = await PostOnceAsync(crisis, kind, key, text, blocks, ct);
        return [.. notes, new CrisisEvent.KickoffPosted(kind, ts, time.GetUtcNow())];
    }

    private async Task<IReadOnlyList<CrisisEvent>> PostOwedAsync(Crisis crisis, OwedPost owed, SlackUser? owner, CancellationToken ct)
    {
        var channel = crisis.RoomFor(owed.Room).Channel!.Value;
        var link = owed.LinksTo is { } target ? await LinkAsync(crisis, target, ct) : null;
        var now = time.GetUtcNow();
        var message = owed.Render(new PostContext(crisis, owner, options.Value.ToClockPolicy(), now, link));
        var failures = new List<CrisisEvent>();
        if (owed.Invites is { } invited)
            await Tolerate($"inviting {Mrkdwn.Mention(invited)} to the {PublishingPlan.Describe(owed.Room)}", () => slack.InviteAsync(channel, [invited], ct), failures);
        if (owed.ArchivesRoom)
        {
            await slack.ArchiveAsync(channel, ct);
            return [.. failures, new CrisisEvent.MessageUpdated(owed.Key, now)];
        }

        if (owed.DirectTo is { } person)
        {
            try
            {
                await slack.PostMessageAsync(new OutgoingMessage(new ChannelId(person.Value), message.Text, message.Blocks, owed.Key), ct);
            }
            catch (SlackApiException e) when (e.MayHaveApplied)
            {
                // As for the opener's links: one whose answer was lost most likely arrived, and sending it again could show it twice.
                LogDirectMessageUnconfirmed(e.Error);
            }

            return [.. failures, new CrisisEvent.MessageUpdated(owed.Key, now)];
        }

        if (owed.SetsTopic)
        {
            // Setting a topic twice shows it once, so a crash before this is recorded only sets it again.
            await slack.SetTopicAsync(channel, message.Text, ct);
            return [.. failures, new CrisisEvent.MessageUpdated(owed.Key, now)];
        }

        if (owed.Replaces is { } post)
        {
            await slack.UpdateMessageAsync(channel, post.Ts, message.Text, message.Blocks, ct);
            return [.. failures, new CrisisEvent.MessageUpdated(post.Key, now)];
        }

        var (ts, notes, found) = await PostOnceAsync(crisis, owed.Room, owed.Key, message.Text, message.Blocks, ct);
        CrisisEvent posted = new CrisisEvent.MessagePosted(owed.Key, owed.Room, ts, now);
        if (owed.Final)
            return [.. failures, .. notes, posted, new CrisisEvent.MessageUpdated(owed.Key, now)];

        // A post found after a crash shows what the crisis was then, not this rendering: it is left to be brought up to date.
        return owed.Showing is { } showing && !found ? [.. failures, .. notes, posted, new CrisisEvent.MessageUpdated(showing, now)] : [.. failures, .. notes, posted];
    }

    /// <summary>
    /// A link to the crisis's own post <paramref name="key"/>: its permalink, or, when Slack will not give one, a link to
    /// the channel it is in, so the pointer still says where to look.
    /// </summary>
    private async Task<string> LinkAsync(Crisis crisis, string key, CancellationToken ct)
    {
        var post = crisis.PostFor(key)!;
        var channel = crisis.RoomFor(post.Kind).Channel!.Value;
        try
        {
            return await slack.PermalinkAsync(channel, post.Ts, ct);
        }
        catch (SlackApiException e) when (!e.IsTransient)
        {
            LogStepRefused("reading a message's link", e.Method, e.Error);
            return Mrkdwn.Link(channel);
        }
    }

    /// <summary>
    /// Posts a message that must appear exactly once. The attempt is noted first; if a previous run noted it and died
    /// before recording Slack's answer, or this run's answer was lost on the way back, the post is looked up by its
    /// metadata key before it is made again. Returns the message ts, anything worth recording about the lookup, and
    /// whether the post was found rather than made now.
    /// </summary>
    private async Task<(string Ts, IReadOnlyList<CrisisEvent> Notes, bool Found)> PostOnceAsync(
        Crisis crisis, ChannelKind room, string key, string text, JsonArray? blocks, CancellationToken ct)
    {
        var channel = crisis.RoomFor(room).Channel!.Value;
        var notes = new List<CrisisEvent>();
        var mayExist = !await store.NoteAttemptAsync(crisis.Id, key, ct);
        var checkRefused = false;
        for (var call = 1; ; call++)
        {
            if (mayExist)
            {
                try
                {
                    var earlier = (await slack.HistoryAsync(channel, 100, ct)).FirstOrDefault(m => m.MetadataKey == key);
                    if (earlier is not null)
                        return (earlier.Ts, notes, true);
                }
                catch (SlackApiException e) when (!e.IsTransient)
                {
                    // No other method reads a channel's messages back (pins.list needs pins:read, which a refused
                    // history suggests is missing too), so post anyway: a message that may appear twice is the lesser
                    // harm than a kickoff or due post that never appears. The owner is told once why, and what to fix.
                    var step = $"checking my earlier posts in the {PublishingPlan.Describe(room)} (a message may appear twice)";
                    LogStepRefused(step, e.Method, e.Error);
                    if (!crisis.HasFailed(step) && notes.Count == 0)
                        notes.Add(new CrisisEvent.PublishingFailed(step, e.Error, time.GetUtcNow()));
                    checkRefused = true;

                    // Unchecked, a post is made at most once more: should that answer be lost too, the step is given up
                    // and the owner told, rather than posting again on every pass while the network keeps losing answers.
                    if (!await store.NoteAttemptAsync(crisis.Id, key + BlindRetry, ct))
                        throw new SlackApiException(e.Method, e.Error);
                }
            }

            try
            {
                return (await slack.PostMessageAsync(new OutgoingMessage(channel, text, blocks, key), ct), notes, false);
            }
            catch (SlackApiException e) when (e.MayHaveApplied && call < MaxUnsureCalls && !checkRefused)
            {
                // Slack may have posted it and lost the answer: look for it before posting again.
                LogAnswerLost(e.Method, e.Error);
                mayExist = true;
            }
        }
    }

    private async Task<CrisisEvent> PinAsync(Crisis crisis, ChannelKind kind, CancellationToken ct)
    {
        var room = crisis.RoomFor(kind);
        await slack.PinAsync(room.Channel!.Value, room.KickoffTs!, ct);
        return new CrisisEvent.KickoffPinned(kind, time.GetUtcNow());
    }

    /// <summary>
    /// Sends the opener both links, best effort: through the command's response_url (the client retries it a little),
    /// and if that cannot be used for any reason (expired, blocked, unreachable, not http), by direct message.
    /// </summary>
    private async Task<IReadOnlyList<CrisisEvent>> NotifyOpenerAsync(Crisis crisis, CancellationToken ct)
    {
        var links = Kickoff.OpenerLinks(crisis);
        if (!crisis.OpenerReplyUnusable)
        {
            string error;
            try
            {
                if (!Uri.TryCreate(crisis.ReplyTo, UriKind.Absolute, out var replyTo))
                    throw new SlackApiException(SlackApi.ResponseUrlMethod, "invalid_response_url");
                await slack.RespondAsync(replyTo, new JsonObject { ["response_type"] = "ephemeral", ["text"] = links }, ct);
                return [new CrisisEvent.OpenerNotified(time.GetUtcNow())];
            }
            catch (SlackApiException e)
            {
                error = e.Error;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogStepCrashed(e, Step.NotifyOpener);
                error = UnexpectedError;
            }

            LogOpenerReplyFailed(error);
            // Recorded first, so that the direct message is not held up by the response_url again on later passes.
            return [new CrisisEvent.OpenerReplyFailed(error, time.GetUtcNow())];
        }

        try
        {
            await slack.PostMessageAsync(new OutgoingMessage(new ChannelId(crisis.OpenedBy.Value), links, null, null), ct);
        }
        catch (SlackApiException e) when (e.MayHaveApplied)
        {
            // A direct message cannot be looked up without im:history; one whose answer was lost most likely arrived,
            // and sending it again could show it twice.
            LogDirectMessageUnconfirmed(e.Error);
        }

        return [new CrisisEvent.OpenerNotified(time.GetUtcNow())];
    }

    /// <summary>
    /// Tells the owner, in plain words, what Slack refused, its reason and what an admin can do: in the technical
    /// channel, or by direct message when there is none or Slack refuses that too.
    /// </summary>
    private async Task<IReadOnlyList<CrisisEvent>> ReportAsync(Crisis crisis, PublishingFailure failure, CancellationToken ct)
    {
        var reason = failure.Error == UnexpectedError ? "It failed unexpectedly." : $"Slack said `{Mrkdwn.Escape(failure.Error)}`.";
        var text = $":warning: {Mrkdwn.Mention(crisis.Owner)} I could not finish {failure.Step}. {reason} {Advice(failure)}";
        var reported = new CrisisEvent.FailureReported(failure.Step, time.GetUtcNow());
        if (crisis.Technical.Channel is not null)
        {
            try
            {
                // Numbered by the first failure of this step: one report covers every time the step was refused.
                var key = $"crisis-{crisis.Id}-failure-{crisis.Failures.TakeWhile(f => f.Step != failure.Step).Count() + 1}";
                var (_, notes, _) = await PostOnceAsync(crisis, ChannelKind.Technical, key, text, null, ct);
                return [.. notes, reported];
            }
            catch (SlackApiException e) when (!e.IsTransient)
            {
                LogStepRefused("telling the owner in the technical channel", e.Method, e.Error);
            }
        }

        try
        {
            await slack.PostMessageAsync(new OutgoingMessage(new ChannelId(crisis.Owner.Value), text, null, null), ct);
        }
        catch (SlackApiException e) when (e.MayHaveApplied)
        {
            LogDirectMessageUnconfirmed(e.Error);
        }
        catch (SlackApiException e) when (!e.IsTransient)
        {
            // Nowhere left to say it; the refusal stays on the timeline and in the opener's links.
            LogStepRefused("telling the owner by direct message", e.Method, e.Error);
        }

        return [reported];
    }

    /// <summary>What an admin can do about a refusal, in words an on-call engineer can pass on.</summary>
    private static string Advice(PublishingFailure failure) => failure.Error switch
    {
        "missing_scope" => $"An admin should add the {ScopesFor(failure.Step)} scopes to the app (manifest.json lists every scope the bot needs) and reinstall it to the workspace.",
        "restricted_action" or "cannot_create_channel" or "no_permission" => "A workspace setting forbids the app to do this; a Slack admin can allow it, or someone can do it by hand.",
        "not_in_channel" or "channel_not_found" or "is_archived" => "The channel is gone or the bot is not a member of it; invite the bot to it or do this by hand.",
        "not_authed" or "invalid_auth" or "account_inactive" or "token_revoked" => "The bot's token no longer works; an admin should reinstall the app and update Slack:BotToken.",
        UnexpectedError => "This is a fault in the bot, not in Slack; the operator will find the details in the bot's log.",
        _ => "An admin should check the app's permissions and scopes in Slack (manifest.json lists them) and reinstall it if any are missing.",
    };

    /// <summary>The bot scopes behind each step, by the words the step is recorded under.</summary>
    private static string ScopesFor(string step) => step switch
    {
        _ when step.StartsWith("creating", StringComparison.Ordinal) => "`channels:manage` and `groups:write`",
        _ when step.StartsWith("checking whether", StringComparison.Ordinal) => "`channels:read` and `groups:read`",
        _ when step.StartsWith("checking my earlier posts", StringComparison.Ordinal) => "`channels:history` and `groups:history`",
        _ when step.StartsWith("inviting", StringComparison.Ordinal) => "`channels:write.invites` and `groups:write.invites`",
        _ when step.StartsWith("setting", StringComparison.Ordinal) => "`channels:write.topic` and `groups:write.topic`",
        _ when step.StartsWith("pinning", StringComparison.Ordinal) => "`pins:write`",
        _ when step.StartsWith("reading", StringComparison.Ordinal) => "`users:read`",
        _ => "`chat:write`",
    };

    internal async Task<SlackUser?> OwnerProfileAsync(UserId user, CancellationToken ct)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack refused {Step} ({Method}: {Error}); recorded on the timeline")]
    private partial void LogStepRefused(string step, string method, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Step} failed unexpectedly; recorded on the timeline, the other steps go on")]
    private partial void LogStepCrashed(Exception e, string step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The answer to {Method} was lost ({Error}); looking for its result before calling again")]
    private partial void LogAnswerLost(string method, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The answer to a direct message was lost ({Error}); treated as delivered, since sending it again could show it twice")]
    private partial void LogDirectMessageUnconfirmed(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The opener's links could not go through the response_url ({Error}); sending them by direct message")]
    private partial void LogOpenerReplyFailed(string error);
}
