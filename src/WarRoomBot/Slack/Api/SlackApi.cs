using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WarRoomBot.Crises;

namespace WarRoomBot.Slack.Api;

/// <summary>The Slack Web API over HTTP, with retries, rate-limit waits and per-channel pacing inside.</summary>
internal sealed class SlackApi : ISlackApi
{
    public const string ResponseUrlMethod = "response_url";

    /// <summary>The name failures of the POST to a file's upload URL are reported under.</summary>
    public const string UploadUrlMethod = "upload_url";

    private const int MaxInviteBatch = 100;
    private const int MaxTopicLength = 250;
    private const string MetadataEventType = "warroom_post";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    /// <summary>
    /// Methods Slack carries out anew each time they arrive, or only once: repeated after a lost answer, they make a
    /// second channel or a second post, or (views.open, whose trigger is good for one form) fail although the form
    /// opened. Everything else we call is idempotent for us (invites, topics, pins, updates, reads), and a response_url
    /// post repeated shows the opener the same links twice at worst.
    /// </summary>
    private static readonly FrozenSet<string> NotRepeatable = FrozenSet.Create(StringComparer.Ordinal, "conversations.create", "chat.postMessage", "views.open", "files.completeUploadExternal");

    /// <summary>A response_url is best effort with a fallback (a direct message), so it gets a short budget of retries.</summary>
    private const int ResponseUrlRetries = 2;

    private readonly HttpClient _http;
    private readonly IOptions<SlackOptions> _options;
    private readonly SlackApiState _state;

    public SlackApi(HttpClient http, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackApi> logger)
        : this(http, options, new SlackApiState(time, logger))
    {
    }

    [ActivatorUtilitiesConstructor]
    public SlackApi(HttpClient http, IOptions<SlackOptions> options, SlackApiState state)
    {
        _http = http;
        _options = options;
        _state = state;
    }

    public async Task<UserId> WhoAmIAsync(CancellationToken ct)
    {
        if (_state.BotUser is { } cached)
        {
            return cached;
        }

        var body = await GetAsync("auth.test", [], ct).ConfigureAwait(false);
        var user = new UserId(RequiredString(body, "user_id", "auth.test"));
        _state.BotUser = user;
        return user;
    }

    public async Task<SlackChannel> CreateChannelAsync(string name, bool isPrivate, CancellationToken ct)
    {
        var body = await PostAsync("conversations.create", new JsonObject
        {
            ["name"] = name,
            ["is_private"] = isPrivate,
        }, ct).ConfigureAwait(false);

        return body["channel"] is JsonObject channel
            ? ToChannel(channel, "conversations.create")
            : throw new SlackApiException("conversations.create", "invalid_response");
    }

    public async Task<IReadOnlyList<SlackChannel>> ListChannelsAsync(CancellationToken ct)
    {
        var channels = new List<SlackChannel>();
        string? cursor = null;
        do
        {
            var query = new List<KeyValuePair<string, string>>
            {
                new("types", "public_channel,private_channel"),
                new("exclude_archived", "true"),
                new("limit", "200"),
            };
            if (cursor is not null)
            {
                query.Add(new("cursor", cursor));
            }

            var body = await GetAsync("conversations.list", query, ct).ConfigureAwait(false);
            if (body["channels"] is JsonArray page)
            {
                channels.AddRange(page.OfType<JsonObject>().Select(c => ToChannel(c, "conversations.list")));
            }

            cursor = NextCursor(body);
        }
        while (cursor is not null);

        return channels;
    }

    public async Task InviteAsync(ChannelId channel, IReadOnlyList<UserId> users, CancellationToken ct)
    {
        // Slack takes at most 100 ids per call.
        foreach (var batch in users.Select(u => u.Value).Distinct(StringComparer.Ordinal).Chunk(MaxInviteBatch))
        {
            try
            {
                await PostAsync("conversations.invite", new JsonObject
                {
                    ["channel"] = channel.Value,
                    ["users"] = string.Join(',', batch),
                    // Invite everyone valid rather than failing the whole batch over one deactivated account.
                    ["force"] = true,
                }, ct).ConfigureAwait(false);
            }
            catch (SlackApiException e) when (e.Error == "already_in_channel")
            {
                // Inviting is idempotent for us: someone already in the room is exactly what we wanted.
            }
        }
    }

    public Task SetTopicAsync(ChannelId channel, string topic, CancellationToken ct) =>
        PostAsync("conversations.setTopic", new JsonObject
        {
            ["channel"] = channel.Value,
            ["topic"] = Truncate(topic, MaxTopicLength),
        }, ct);

    public Task SetPurposeAsync(ChannelId channel, string purpose, CancellationToken ct) =>
        PostAsync("conversations.setPurpose", new JsonObject
        {
            ["channel"] = channel.Value,
            ["purpose"] = Truncate(purpose, MaxTopicLength),
        }, ct);

    public async Task ArchiveAsync(ChannelId channel, CancellationToken ct)
    {
        try
        {
            await PostAsync("conversations.archive", new JsonObject { ["channel"] = channel.Value }, ct);
        }
        catch (SlackApiException e) when (e.Error == "already_archived")
        {
            // Archived by an earlier attempt whose answer was lost, or by hand: what was asked for is so.
        }
    }

    public Task<string> PostMessageAsync(OutgoingMessage message, CancellationToken ct)
    {
        var payload = new JsonObject
        {
            ["channel"] = message.Channel.Value,
            ["text"] = message.Text,
            ["unfurl_links"] = false,
        };
        if (message.Blocks is not null)
        {
            payload["blocks"] = message.Blocks.DeepClone();
        }

        if (message.MetadataKey is not null)
        {
            payload["metadata"] = new JsonObject
            {
                ["event_type"] = MetadataEventType,
                ["event_payload"] = new JsonObject { ["key"] = message.MetadataKey },
            };
        }

        return _state.Pacer.RunAsync(message.Channel.Value, async token =>
        {
            var body = await PostAsync("chat.postMessage", payload, token).ConfigureAwait(false);
            return RequiredString(body, "ts", "chat.postMessage");
        }, ct);
    }

    public Task UpdateMessageAsync(ChannelId channel, string ts, string text, JsonArray? blocks, CancellationToken ct) =>
        PostAsync("chat.update", new JsonObject
        {
            ["channel"] = channel.Value,
            ["ts"] = ts,
            ["text"] = text,
            // An empty array removes the blocks; leaving them out would keep the old buttons.
            ["blocks"] = blocks?.DeepClone() ?? new JsonArray(),
        }, ct);

    public async Task<IReadOnlyList<PostedMessage>> HistoryAsync(ChannelId channel, int limit, CancellationToken ct)
    {
        var body = await GetAsync("conversations.history",
        [
            new("channel", channel.Value),
            // Slack accepts 1..999 per page.
            new("limit", Math.Clamp(limit, 1, 999).ToString(CultureInfo.InvariantCulture)),
            new("include_all_metadata", "true"),
        ], ct).ConfigureAwait(false);

        if (body["messages"] is not JsonArray messages)
        {
            return [];
        }

        return messages.OfType<JsonObject>()
            .Select(m => new PostedMessage(
                OptionalString(m, "ts") ?? "",
                OptionalString(m, "user") is { } user ? new UserId(user) : null,
                OptionalString(m, "text") ?? "",
                MetadataKeyOf(m)))
            .ToList();
    }

    public async Task PinAsync(ChannelId channel, string messageTs, CancellationToken ct)
    {
        try
        {
            await PostAsync("pins.add", new JsonObject
            {
                ["channel"] = channel.Value,
                ["timestamp"] = messageTs,
            }, ct).ConfigureAwait(false);
        }
        catch (SlackApiException e) when (e.Error == "already_pinned")
        {
            // Pinning is idempotent for us: a retry after a lost answer finds its own earlier pin.
        }
    }

    public async Task<string> PermalinkAsync(ChannelId channel, string messageTs, CancellationToken ct)
    {
        var body = await GetAsync("chat.getPermalink", [new("channel", channel.Value), new("message_ts", messageTs)], ct).ConfigureAwait(false);
        return OptionalString(body, "permalink") is { Length: > 0 } link ? link : throw new SlackApiException("chat.getPermalink", "invalid_response");
    }

    public async Task<SlackUser> GetUserAsync(UserId user, CancellationToken ct)
    {
        var body = await GetAsync("users.info", [new("user", user.Value)], ct).ConfigureAwait(false);
        if (body["user"] is not JsonObject u)
        {
            throw new SlackApiException("users.info", "invalid_response");
        }

        var profile = u["profile"] as JsonObject;
        return new SlackUser(
            new UserId(OptionalString(u, "id") ?? user.Value),
            OptionalString(u, "name") ?? "",
            OptionalString(u, "real_name") ?? (profile is null ? null : OptionalString(profile, "real_name")),
            profile is null ? null : OptionalString(profile, "phone"),
            OptionalString(u, "tz"),
            OptionalInt(u, "tz_offset") ?? 0);
    }

    public Task OpenViewAsync(string triggerId, JsonObject view, CancellationToken ct) =>
        PostAsync("views.open", new JsonObject
        {
            ["trigger_id"] = triggerId,
            ["view"] = view.DeepClone(),
        }, ct);

    public async Task UploadFileAsync(ChannelId channel, string fileName, string title, byte[] content, string comment, CancellationToken ct)
    {
        // Slack documents this one method as taking form fields only.
        var reserved = await SendAsync("files.getUploadURLExternal", () =>
        {
            var request = WebApiRequest(HttpMethod.Post, "files.getUploadURLExternal");
            request.Content = new FormUrlEncodedContent(
            [
                new("filename", fileName),
                new("length", content.Length.ToString(CultureInfo.InvariantCulture)),
            ]);
            return request;
        }, isWebApi: true, ct).ConfigureAwait(false);
        var fileId = RequiredString(reserved, "file_id", "files.getUploadURLExternal");
        if (!Uri.TryCreate(RequiredString(reserved, "upload_url", "files.getUploadURLExternal"), UriKind.Absolute, out var uploadUrl)
            || (uploadUrl.Scheme != Uri.UriSchemeHttps && uploadUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new SlackApiException("files.getUploadURLExternal", "invalid_response");
        }

        await SendAsync(UploadUrlMethod, () =>
        {
            // No Authorization header: the upload URL authorises itself, and the bot token travels only to the Web API.
            var request = new HttpRequestMessage(HttpMethod.Post, uploadUrl);
            request.Content = new ByteArrayContent(content);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return request;
        }, isWebApi: false, ct).ConfigureAwait(false);

        await PostAsync("files.completeUploadExternal", new JsonObject
        {
            ["files"] = new JsonArray(new JsonObject { ["id"] = fileId, ["title"] = title }),
            ["channel_id"] = channel.Value,
            ["initial_comment"] = comment,
        }, ct).ConfigureAwait(false);
    }

    public async Task RespondAsync(Uri responseUrl, JsonObject message, CancellationToken ct)
    {
        // HttpClient throws on any other scheme on every attempt; Slack only ever hands out https URLs.
        if (responseUrl.Scheme != Uri.UriSchemeHttps && responseUrl.Scheme != Uri.UriSchemeHttp)
        {
            throw new SlackApiException(ResponseUrlMethod, "unsupported_scheme");
        }

        var content = Encoding.UTF8.GetBytes(message.ToJsonString());
        await SendAsync(ResponseUrlMethod, () =>
        {
            // No Authorization header: a response_url is authorised by its own secret path, and the bot
            // token must never travel anywhere but the Web API.
            var request = new HttpRequestMessage(HttpMethod.Post, responseUrl);
            request.Content = JsonBody(content);
            return request;
        }, isWebApi: false, ct).ConfigureAwait(false);
    }

    private Task<JsonObject> PostAsync(string method, JsonObject payload, CancellationToken ct)
    {
        var content = Encoding.UTF8.GetBytes(payload.ToJsonString());
        return SendAsync(method, () =>
        {
            var request = WebApiRequest(HttpMethod.Post, method);
            request.Content = JsonBody(content);
            return request;
        }, isWebApi: true, ct);
    }

    private Task<JsonObject> GetAsync(string method, IReadOnlyList<KeyValuePair<string, string>> query, CancellationToken ct)
    {
        var uri = query.Count == 0
            ? method
            : method + "?" + string.Join('&', query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        return SendAsync(method, () => WebApiRequest(HttpMethod.Get, uri), isWebApi: true, ct);
    }

    private HttpRequestMessage WebApiRequest(HttpMethod httpMethod, string relativeUri)
    {
        var request = new HttpRequestMessage(httpMethod, new Uri(relativeUri, UriKind.Relative));
        // Per request rather than on DefaultRequestHeaders, so the same client can call a response_url without it.
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Value.BotToken);
        return request;
    }

    private static ByteArrayContent JsonBody(byte[] content)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = JsonContentType;
        return body;
    }

    private async Task<JsonObject> SendAsync(string method, Func<HttpRequestMessage> createRequest, bool isWebApi, CancellationToken ct)
    {
        var retries = new RetryBudget(Repeatable: !NotRepeatable.Contains(method), TransientRetries: isWebApi ? SlackApiState.MaxTransientRetries : ResponseUrlRetries);
        var outcome = await _state.ExecuteAsync(method, retries, token => AttemptAsync(method, createRequest, isWebApi, token), ct).ConfigureAwait(false);
        switch (outcome.Kind)
        {
            case AttemptKind.Ok:
                return outcome.Body ?? [];
            case AttemptKind.Failed:
                SlackApiLog.Failed(_state.Logger, method, outcome.Error);
                break;
            case AttemptKind.Transient when outcome.MayHaveApplied && !retries.Repeatable:
                SlackApiLog.AnswerLost(_state.Logger, method, outcome.Error);
                break;
            default:
                SlackApiLog.GaveUp(_state.Logger, method, outcome.Error);
                break;
        }

        throw new SlackApiException(method, outcome.Error ?? "unknown_error", outcome.MayHaveApplied);
    }

    private async Task<Attempt> AttemptAsync(string method, Func<HttpRequestMessage> createRequest, bool isWebApi, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(_state.AttemptTimeout, _state.AttemptClock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        using var request = createRequest();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            return Classify(method, response, bytes, isWebApi);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            return Attempt.Transient("timeout", mayHaveApplied: true);
        }
        catch (HttpRequestException e) when (!ct.IsCancellationRequested)
        {
            // Only a connection that was never made proves the request never reached Slack; a connection cut
            // after the request went out may have lost the answer to a call Slack carried out.
            return e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError
                ? Attempt.Transient("unreachable", mayHaveApplied: false)
                : Attempt.Transient("connection_lost", mayHaveApplied: true);
        }
    }

    private Attempt Classify(string method, HttpResponseMessage response, byte[] bytes, bool isWebApi)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return Attempt.RateLimited(RetryAfter(response));
        }

        if (status >= 500)
        {
            return Attempt.Transient(HttpError(status), mayHaveApplied: true);
        }

        var body = TryParse(bytes);
        if (!response.IsSuccessStatusCode)
        {
            return Attempt.Failed(isWebApi && body is not null && ErrorOf(body) is { } slackError ? slackError : HttpError(status));
        }

        if (body is null)
        {
            // A response_url may answer with an empty or plain-text body; only the Web API promises JSON.
            return isWebApi ? Attempt.Failed("invalid_response") : Attempt.Ok(null);
        }

        if (body["ok"]?.GetValueKind() == JsonValueKind.False)
        {
            var error = ErrorOf(body) ?? "unknown_error";
            return error == "ratelimited" ? Attempt.RateLimited(RetryAfter(response))
                // Slack's fatal_error says "some aspect of the operation may have succeeded"; treat all of its own
                // transient codes that way.
                : SlackApiState.IsTransient(error) ? Attempt.Transient(error, mayHaveApplied: true)
                : Attempt.Failed(error);
        }

        if (isWebApi && body["ok"]?.GetValueKind() != JsonValueKind.True)
        {
            return Attempt.Failed("invalid_response");
        }

        if (OptionalString(body, "warning") is { } warning)
        {
            SlackApiLog.Warned(_state.Logger, method, warning);
        }

        return Attempt.Ok(body);
    }

    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        var wait = retryAfter?.Delta
            ?? (retryAfter?.Date is { } at ? at - _state.Time.GetUtcNow() : TimeSpan.FromSeconds(1));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static string HttpError(int status) => "http_" + status.ToString(CultureInfo.InvariantCulture);

    private static JsonObject? TryParse(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(bytes) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ErrorOf(JsonObject body) => OptionalString(body, "error");

    private static string? NextCursor(JsonObject body) =>
        body["response_metadata"] is JsonObject metadata && OptionalString(metadata, "next_cursor") is { } cursor
            ? cursor
            : null;

    private static string? MetadataKeyOf(JsonObject message) =>
        message["metadata"] is JsonObject metadata
        && OptionalString(metadata, "event_type") == MetadataEventType
        && metadata["event_payload"] is JsonObject payload
            ? OptionalString(payload, "key")
            : null;

    private static SlackChannel ToChannel(JsonObject channel, string method) =>
        new(
            new ChannelId(RequiredString(channel, "id", method)),
            OptionalString(channel, "name") ?? "",
            channel["is_private"]?.GetValueKind() == JsonValueKind.True,
            OptionalString(channel, "creator") is { } creator ? new UserId(creator) : null);

    private static string RequiredString(JsonObject obj, string property, string method) =>
        OptionalString(obj, property) ?? throw new SlackApiException(method, "invalid_response");

    /// <summary>A non-empty string property; Slack uses "" for "not set" (e.g. a profile without a phone).</summary>
    private static string? OptionalString(JsonObject obj, string property) =>
        obj[property] is JsonValue value && value.TryGetValue(out string? text) && text.Length > 0 ? text : null;

    private static int? OptionalInt(JsonObject obj, string property) =>
        obj[property] is JsonValue value && value.TryGetValue(out int number) ? number : null;

    private static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        // Leave room for the ellipsis and never cut a surrogate pair in half.
        var cut = max - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
