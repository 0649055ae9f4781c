using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SlackEmulator;

/// <summary>Keyed by block_id in the inputs of <see cref="SlackSender.SubmitViewAsync"/>.</summary>
public sealed record ViewInput(string ActionId, string? Value = null, string? SelectedOption = null, string? SelectedUser = null);

public sealed record CommandReply(HttpStatusCode Status, string ContentType, string Body, JsonObject? Json, string ResponseUrlId, string TriggerId)
{
    /// <summary>What a person reads: the text plus every text in the blocks, or the raw body when it is not JSON.</summary>
    public string Text => Json is null ? Body : BlockText.Of(Json);

    /// <summary>Slack shows command replies only to the invoker unless response_type is in_channel.</summary>
    public bool IsEphemeral => Json?["response_type"] is not JsonValue v || !v.TryGetValue<string>(out var type) || type == "ephemeral";
}

public sealed record InteractionReply(HttpStatusCode Status, string Body, JsonObject? Json);

/// <summary>A request exactly as it went to the bot: the body's text and the headers that were set on it, signature included.</summary>
public sealed record SentRequest(string Path, string Body, string ContentType, IReadOnlyList<(string Name, string Value)> Headers)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>
/// Sends requests to the bot exactly as Slack does: over HTTP form-encoded (or JSON for events) and signed with the signing
/// secret, or, for a bot in Socket Mode, as envelopes over its connection with the reply read from the acknowledgement.
/// </summary>
public sealed class SlackSender
{
    /// <summary>How long a Socket Mode send waits for the bot's acknowledgement before the test fails; Slack itself waits 3 s, then retries.</summary>
    private static readonly TimeSpan AckWait = TimeSpan.FromSeconds(30);

    private readonly EmulatedSlack _slack;
    private readonly HttpClient? _bot;
    private readonly SocketMode? _socket;
    private readonly TimeProvider _clock;

    internal SlackSender(EmulatedSlack slack, HttpClient bot, TimeProvider clock)
    {
        _slack = slack;
        _bot = bot;
        _clock = clock;
    }

    internal SlackSender(EmulatedSlack slack, SocketMode socket, TimeProvider clock)
    {
        _slack = slack;
        _socket = socket;
        _clock = clock;
    }

    /// <summary>The last envelope sent over Socket Mode, to deliver again as Slack's retry with <see cref="SocketMode.Redeliver"/>.</summary>
    public SocketEnvelope? LastEnvelope { get; private set; }

    /// <summary>The last request sent to the bot, to send again byte for byte with <see cref="ReplayAsync"/>.</summary>
    public SentRequest? LastSent { get; private set; }

    private Workspace Workspace => _slack.Workspace;
    private EmulatorSettings Settings => _slack.Settings;

    public async Task<CommandReply> SlashCommandAsync(string userId, string channelId, string text, string command = "/crisis", CancellationToken ct = default)
    {
        var responseUrlId = Workspace.IssueResponseUrl(channelId, userId, messageTs: null);
        var triggerId = Workspace.IssueTrigger(userId);
        (string Key, string Value)[] fields =
        [
            ("token", "emulator-verification-token"),
            ("team_id", Settings.TeamId),
            ("team_domain", Settings.TeamDomain),
            ("channel_id", channelId),
            ("channel_name", ChannelName(channelId)),
            ("user_id", userId),
            ("user_name", UserName(userId)),
            ("command", command),
            ("text", text),
            ("api_app_id", Settings.AppId),
            ("is_enterprise_install", "false"),
            ("response_url", ResponseUrl(responseUrlId)),
            ("trigger_id", triggerId),
        ];

        if (_socket is not null)
        {
            // Socket Mode carries the same fields as a JSON object (Slack docs, slash commands).
            var payload = new JsonObject([.. fields.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value))]);
            var ack = await SendEnvelopeAsync("slash_commands", payload, acceptsResponsePayload: true, ct);
            var json = ack.Payload?.ToJsonString() ?? "";
            return new CommandReply(HttpStatusCode.OK, ack.Payload is null ? "" : "application/json", json, ack.Payload, responseUrlId, triggerId);
        }

        var body = Form(fields);
        using var response = await SendRawAsync("slack/commands", body, "application/x-www-form-urlencoded", ct: ct);
        var content = await response.Content.ReadAsStringAsync(ct);
        var contentType = response.Content.Headers.ContentType?.ToString() ?? "";
        return new CommandReply(response.StatusCode, contentType, content, ParseObject(content), responseUrlId, triggerId);
    }

    /// <summary>
    /// Submits the current version of a modal the bot opened. Every input block is present in state.values,
    /// as Slack sends them, with null for the ones the person left empty.
    /// </summary>
    /// <param name="alter">Changes the payload before it is signed, to send what Slack never would (no user, a garbled state).</param>
    public async Task<InteractionReply> SubmitViewAsync(ViewRecord view, string userId, IReadOnlyDictionary<string, ViewInput> inputs,
        Action<JsonObject>? alter = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(inputs);
        var current = Workspace.Views.FirstOrDefault(v => v.ViewId == view.ViewId) ?? view;
        var elements = InputElements(current.View);
        var values = new JsonObject();
        foreach (var (blockId, element) in elements)
        {
            var actionId = element["action_id"]?.GetValue<string>() ?? "";
            inputs.TryGetValue(blockId, out var input);
            if (input is not null && input.ActionId != actionId)
            {
                throw new InvalidOperationException($"Block {blockId} of view {current.ViewId} has action_id {actionId}, not {input.ActionId}.");
            }
            values[blockId] = new JsonObject { [actionId] = StateValue(element, input) };
        }
        foreach (var (blockId, input) in inputs.Where(i => !elements.ContainsKey(i.Key)))
        {
            throw new InvalidOperationException($"View {current.ViewId} has no input block {blockId} (action {input.ActionId}).");
        }

        var payload = new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = Team(),
            ["user"] = UserJson(userId),
            ["api_app_id"] = Settings.AppId,
            ["token"] = "emulator-verification-token",
            ["trigger_id"] = Workspace.IssueTrigger(userId),
            ["view"] = SubmittedView(current, values),
            ["response_urls"] = new JsonArray(),
            ["is_enterprise_install"] = false,
            ["enterprise"] = null,
        };
        alter?.Invoke(payload);
        var reply = await SendInteractionAsync(payload, ct);
        ApplyViewResponse(current, userId, reply);
        return reply;
    }

    /// <param name="alter">Changes the payload before it is signed, to send what Slack never would (no user, a malformed id).</param>
    public async Task<InteractionReply> ClickButtonAsync(string userId, string channelId, MessageRecord message, string actionId,
        Action<JsonObject>? alter = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var current = Workspace.Channels.FirstOrDefault(c => c.Id == channelId)?.Message(message.Ts) ?? message;
        var (blockId, button) = FindButton(current.Blocks, actionId)
            ?? throw new InvalidOperationException($"Message {current.Ts} has no button with action_id {actionId}.");

        var action = new JsonObject
        {
            ["action_id"] = actionId,
            ["block_id"] = blockId,
            ["text"] = button["text"]?.DeepClone(),
            ["value"] = button["value"]?.DeepClone(),
            ["type"] = "button",
            ["action_ts"] = ActionTs(),
        };
        if (button["style"] is { } style) action["style"] = style.DeepClone();

        var messageJson = new JsonObject
        {
            ["type"] = "message",
            ["user"] = current.User,
            ["ts"] = current.Ts,
            ["text"] = current.Text,
            ["team"] = Settings.TeamId,
            ["blocks"] = current.Blocks?.DeepClone() ?? new JsonArray(),
        };
        if (current.User == Settings.BotUserId) messageJson["bot_id"] = Settings.BotId;

        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = UserJson(userId),
            ["api_app_id"] = Settings.AppId,
            ["token"] = "emulator-verification-token",
            ["container"] = new JsonObject
            {
                ["type"] = "message", ["message_ts"] = current.Ts, ["channel_id"] = channelId, ["is_ephemeral"] = false,
            },
            ["trigger_id"] = Workspace.IssueTrigger(userId),
            ["team"] = Team(),
            ["enterprise"] = null,
            ["is_enterprise_install"] = false,
            ["channel"] = new JsonObject { ["id"] = channelId, ["name"] = ChannelName(channelId) },
            ["message"] = messageJson,
            ["state"] = new JsonObject { ["values"] = new JsonObject() },
            ["response_url"] = ResponseUrl(Workspace.IssueResponseUrl(channelId, userId, current.Ts)),
            ["actions"] = new JsonArray(action),
        };
        alter?.Invoke(payload);
        return await SendInteractionAsync(payload, ct);
    }

    public Task<HttpResponseMessage> SendEventAsync(string json, CancellationToken ct = default) =>
        SendRawAsync("slack/events", json, "application/json", ct: ct);

    /// <summary>A redelivery of an event, as Slack sends it when the first delivery was not acknowledged in time.</summary>
    public async Task<HttpResponseMessage> SendEventAsync(string json, int retryNum, string retryReason = "http_timeout", CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryNum, 1);
        return await SendAsync("slack/events", json, "application/json", sign: true, null, null,
            [("X-Slack-Retry-Num", retryNum.ToString(CultureInfo.InvariantCulture)), ("X-Slack-Retry-Reason", retryReason)], ct);
    }

    /// <summary>Sends any body to any path; for negative tests, unsigned or with overridden headers.</summary>
    public Task<HttpResponseMessage> SendRawAsync(string path, string body, string contentType, bool sign = true,
        string? timestampOverride = null, string? signatureOverride = null, CancellationToken ct = default) =>
        SendAsync(path, body, contentType, sign, timestampOverride, signatureOverride, [], ct);

    /// <summary>
    /// Sends <paramref name="sent"/> again with the same bytes and headers, signature and timestamp included: the replay an
    /// attacker who captured one request could make. Slack itself never repeats a signature.
    /// </summary>
    public Task<HttpResponseMessage> ReplayAsync(SentRequest sent, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(sent);
        return SendExactAsync(sent, ct);
    }

    private Task<HttpResponseMessage> SendAsync(string path, string body, string contentType, bool sign,
        string? timestampOverride, string? signatureOverride, IReadOnlyList<(string Name, string Value)> extraHeaders, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(body);
        var headers = new List<(string Name, string Value)>();
        var timestamp = timestampOverride ?? _clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (sign || timestampOverride is not null) headers.Add(("X-Slack-Request-Timestamp", timestamp));
        var signature = signatureOverride ?? (sign ? Sign(Settings.SigningSecret, timestamp, body) : null);
        if (signature is not null) headers.Add(("X-Slack-Signature", signature));
        headers.AddRange(extraHeaders);
        return SendExactAsync(new SentRequest(path, body, contentType, headers), ct);
    }

    private async Task<HttpResponseMessage> SendExactAsync(SentRequest sent, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sent.Path.TrimStart('/'), UriKind.Relative))
        {
            Content = new StringContent(sent.Body, Encoding.UTF8),
        };
        // Slack sends the bare media type, without a charset parameter.
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(sent.ContentType);
        request.Headers.UserAgent.ParseAdd("Slackbot/1.0 (+https://api.slack.com/robots)");
        foreach (var (name, value) in sent.Headers) request.Headers.TryAddWithoutValidation(name, value);

        LastSent = sent;
        var bot = _bot ?? throw new InvalidOperationException("This sender speaks Socket Mode; HTTP requests go through EmulatedSlack.SenderTo.");
        return await bot.SendAsync(request, ct);
    }

    private async Task<SocketAck> SendEnvelopeAsync(string type, JsonObject payload, bool acceptsResponsePayload, CancellationToken ct)
    {
        var envelope = _socket!.Send(type, payload, acceptsResponsePayload);
        LastEnvelope = envelope;
        return await envelope.Acked.WaitAsync(AckWait, ct);
    }

    /// <summary>Slack's v0 scheme: "v0=" + hex HMAC-SHA256(secret, "v0:{timestamp}:{body}").</summary>
    internal static string Sign(string secret, string timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}"));
        return "v0=" + Convert.ToHexStringLower(mac);
    }

    private async Task<InteractionReply> SendInteractionAsync(JsonObject payload, CancellationToken ct)
    {
        if (_socket is not null)
        {
            // Only answers that Slack applies (a submission's response_action) travel in the acknowledgement.
            var accepts = payload["type"]?.GetValue<string>() is "view_submission" or "block_suggestion";
            var ack = await SendEnvelopeAsync("interactive", payload, accepts, ct);
            return new InteractionReply(HttpStatusCode.OK, ack.Payload?.ToJsonString() ?? "", ack.Payload);
        }

        var body = Form(("payload", payload.ToJsonString()));
        using var response = await SendRawAsync("slack/interactions", body, "application/x-www-form-urlencoded", ct: ct);
        var content = await response.Content.ReadAsStringAsync(ct);
        return new InteractionReply(response.StatusCode, content, ParseObject(content));
    }

    /// <summary>What the Slack client does with the bot's answer to a submission.</summary>
    private void ApplyViewResponse(ViewRecord submitted, string userId, InteractionReply reply)
    {
        if (reply.Status != HttpStatusCode.OK) return;
        var action = reply.Json?["response_action"]?.GetValue<string>();
        switch (action)
        {
            case null when reply.Body.Trim().Length == 0:
            case "clear":
                Workspace.CloseView(submitted.ViewId);
                break;
            case "update" when reply.Json!["view"] is JsonObject view:
                Workspace.ReplaceViewContent(submitted.ViewId, view);
                break;
            case "push" when reply.Json!["view"] is JsonObject view:
                Workspace.PushView(submitted, userId, view);
                break;
        }
    }

    private static Dictionary<string, JsonObject> InputElements(JsonObject view)
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var block in view["blocks"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            if (block["type"]?.GetValue<string>() == "input" && block["element"] is JsonObject element && block["block_id"]?.GetValue<string>() is { } blockId)
            {
                result[blockId] = element;
            }
        }
        return result;
    }

    private static JsonObject StateValue(JsonObject element, ViewInput? input)
    {
        var type = element["type"]?.GetValue<string>() ?? "plain_text_input";
        var state = new JsonObject { ["type"] = type };
        switch (type)
        {
            case "static_select" or "external_select" or "radio_buttons":
                state["selected_option"] = input?.SelectedOption is { } value ? Option(element, value) : null;
                break;
            case "users_select":
                state["selected_user"] = input?.SelectedUser ?? input?.Value;
                break;
            case "conversations_select":
                state["selected_conversation"] = input?.Value;
                break;
            case "channels_select":
                state["selected_channel"] = input?.Value;
                break;
            case "datepicker":
                state["selected_date"] = input?.Value;
                break;
            case "timepicker":
                state["selected_time"] = input?.Value;
                break;
            default:
                state["value"] = input?.Value;
                break;
        }
        return state;
    }

    /// <summary>Slack sends the whole chosen option, text included, not just its value.</summary>
    private static JsonObject Option(JsonObject element, string value)
    {
        var options = (element["options"]?.AsArray() ?? [])
            .Concat((element["option_groups"]?.AsArray() ?? []).SelectMany(g => g?["options"]?.AsArray() ?? []))
            .OfType<JsonObject>();
        if (options.FirstOrDefault(o => o["value"]?.GetValue<string>() == value) is { } option) return (JsonObject)option.DeepClone();
        if (element["options"] is not null || element["option_groups"] is not null)
        {
            throw new InvalidOperationException($"The select {element["action_id"]} offers no option with value {value}.");
        }
        return new JsonObject { ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = value, ["emoji"] = true }, ["value"] = value };
    }

    private JsonObject SubmittedView(ViewRecord view, JsonObject values)
    {
        var json = (JsonObject)view.View.DeepClone();
        json["id"] = view.ViewId;
        json["type"] = "modal";
        json["callback_id"] ??= "";
        json["private_metadata"] ??= "";
        json["hash"] = view.Hash;
        json["state"] = new JsonObject { ["values"] = values };
        json["team_id"] ??= Settings.TeamId;
        return json;
    }

    private static (string BlockId, JsonObject Button)? FindButton(JsonArray? blocks, string actionId)
    {
        foreach (var block in blocks?.OfType<JsonObject>() ?? [])
        {
            var blockId = block["block_id"]?.GetValue<string>() ?? "";
            var candidates = (block["elements"]?.AsArray().OfType<JsonObject>() ?? []).Append(block["accessory"] as JsonObject);
            foreach (var element in candidates)
            {
                if (element?["type"]?.GetValue<string>() == "button" && element["action_id"]?.GetValue<string>() == actionId)
                {
                    return (blockId, element);
                }
            }
        }
        return null;
    }

    private string ActionTs()
    {
        var now = _clock.GetUtcNow();
        return string.Create(CultureInfo.InvariantCulture, $"{now.ToUnixTimeSeconds()}.{now.Millisecond * 1000 + now.Microsecond:D6}");
    }

    private JsonObject Team() => new() { ["id"] = Settings.TeamId, ["domain"] = Settings.TeamDomain };

    private JsonObject UserJson(string userId)
    {
        var name = UserName(userId);
        return new JsonObject { ["id"] = userId, ["username"] = name, ["name"] = name, ["team_id"] = Settings.TeamId };
    }

    private string UserName(string userId) => Workspace.Users.FirstOrDefault(u => u.Id == userId)?.Name ?? userId.ToLowerInvariant();

    private string ChannelName(string channelId) =>
        Workspace.Channels.FirstOrDefault(c => c.Id == channelId) is { } c ? c.Name
        : channelId.StartsWith('D') ? "directmessage" : "unknown";

    private string ResponseUrl(string id) => new Uri(_slack.BaseUrl, "response/" + Uri.EscapeDataString(id)).ToString();

    private static string Form(params (string Key, string Value)[] fields) =>
        string.Join('&', fields.Select(f => WebUtility.UrlEncode(f.Key) + "=" + WebUtility.UrlEncode(f.Value)));

    private static JsonObject? ParseObject(string content)
    {
        if (content.Length == 0) return null;
        try
        {
            return JsonNode.Parse(content) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
