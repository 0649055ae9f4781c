using System.Text.Json.Nodes;
using WarRoomBot.Crises;

namespace WarRoomBot.Slack.Api;

/// <summary>
/// Exactly the Slack Web API methods the bot calls, with our own types. Every method throws
/// <see cref="SlackApiException"/> carrying Slack's error code when Slack answers <c>ok: false</c>;
/// rate limits are retried inside, and so are 5xx and timeouts except where the call may have been carried
/// out and is not safe to repeat (see <see cref="SlackApiException.MayHaveApplied"/>).
/// </summary>
public interface ISlackApi
{
    /// <summary><c>auth.test</c>: the bot's own user id, used to recognise channels it created.</summary>
    Task<UserId> WhoAmIAsync(CancellationToken ct);

    /// <summary><c>conversations.create</c>.</summary>
    Task<SlackChannel> CreateChannelAsync(string name, bool isPrivate, CancellationToken ct);

    /// <summary><c>conversations.list</c> (public and private, not archived, every page).</summary>
    Task<IReadOnlyList<SlackChannel>> ListChannelsAsync(CancellationToken ct);

    /// <summary><c>conversations.invite</c>; people already in the channel are not an error.</summary>
    Task InviteAsync(ChannelId channel, IReadOnlyList<UserId> users, CancellationToken ct);

    /// <summary><c>conversations.setTopic</c>.</summary>
    Task SetTopicAsync(ChannelId channel, string topic, CancellationToken ct);

    /// <summary><c>conversations.setPurpose</c>.</summary>
    Task SetPurposeAsync(ChannelId channel, string purpose, CancellationToken ct);

    /// <summary><c>conversations.archive</c>; a channel already archived counts as done.</summary>
    Task ArchiveAsync(ChannelId channel, CancellationToken ct);

    /// <summary><c>chat.postMessage</c>, paced within Slack's limits (per channel a burst, then one a second; a workspace-wide ceiling); returns the message ts.</summary>
    Task<string> PostMessageAsync(OutgoingMessage message, CancellationToken ct);

    /// <summary><c>chat.update</c>: replaces the text and blocks of a message the bot posted.</summary>
    Task UpdateMessageAsync(ChannelId channel, string ts, string text, JsonArray? blocks, CancellationToken ct);

    /// <summary><c>conversations.history</c> with metadata: the newest <paramref name="limit"/> messages.</summary>
    Task<IReadOnlyList<PostedMessage>> HistoryAsync(ChannelId channel, int limit, CancellationToken ct);

    /// <summary><c>pins.add</c>; an already pinned message is not an error.</summary>
    Task PinAsync(ChannelId channel, string messageTs, CancellationToken ct);

    /// <summary><c>chat.getPermalink</c>: a link to one of the bot's messages, for pointing one room at another.</summary>
    Task<string> PermalinkAsync(ChannelId channel, string messageTs, CancellationToken ct);

    /// <summary><c>users.info</c>.</summary>
    Task<SlackUser> GetUserAsync(UserId user, CancellationToken ct);

    /// <summary><c>views.open</c>.</summary>
    Task OpenViewAsync(string triggerId, JsonObject view, CancellationToken ct);

    /// <summary>
    /// Shares a file in <paramref name="channel"/> with <paramref name="comment"/> as the message introducing it, by Slack's
    /// external upload: <c>files.getUploadURLExternal</c>, the bytes to the URL it gives, then <c>files.completeUploadExternal</c>.
    /// </summary>
    Task UploadFileAsync(ChannelId channel, string fileName, string title, byte[] content, string comment, CancellationToken ct);

    /// <summary>POST to a response_url (not a Web API method, but Slack's all the same).</summary>
    Task RespondAsync(Uri responseUrl, JsonObject message, CancellationToken ct);
}

public sealed record SlackChannel(ChannelId Id, string Name, bool IsPrivate, UserId? Creator);

public sealed record SlackUser(UserId Id, string Name, string? RealName, string? Phone, string? TimeZone, int TimeZoneOffsetSeconds);

/// <summary>
/// A message to post. <paramref name="MetadataKey"/> is sent as Slack message metadata
/// (<c>event_type: warroom_post</c>, <c>event_payload.key</c>) so the publisher can find a post it made
/// before a crash instead of posting it twice.
/// </summary>
public sealed record OutgoingMessage(ChannelId Channel, string Text, JsonArray? Blocks, string? MetadataKey);

public sealed record PostedMessage(string Ts, UserId? User, string Text, string? MetadataKey);

public sealed class SlackApiException(string method, string error, bool mayHaveApplied = false)
    : Exception($"Slack {method} failed: {error}")
{
    public string Method { get; } = method;

    /// <summary>Slack's own error code, e.g. <c>name_taken</c>.</summary>
    public string Error { get; } = error;

    /// <summary>
    /// The request may have reached Slack and been carried out, but no answer says so (a timeout, a cut
    /// connection, a 5xx). The client does not repeat such a call to a method that is not safe to repeat
    /// (<c>conversations.create</c>, <c>chat.postMessage</c>): the caller must look for the result first.
    /// </summary>
    public bool MayHaveApplied { get; } = mayHaveApplied;

    /// <summary>
    /// Slack or the network was unavailable even after the client's retries (rate limited, 5xx, timeout,
    /// unreachable, or a Slack-side error code); the same call may well succeed later.
    /// </summary>
    public bool IsTransient =>
        Error is "ratelimited" or "timeout" or "unreachable" or "connection_lost"
        || Error.StartsWith("http_5", StringComparison.Ordinal)
        || SlackApiState.IsTransient(Error);
}
