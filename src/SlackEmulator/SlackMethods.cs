using System.Text.Json.Nodes;

namespace SlackEmulator;

/// <summary>
/// The Web API methods the emulator serves. Each runs under the workspace lock, so a call is applied
/// entirely or not at all, and returns Slack's response envelope.
/// </summary>
internal sealed partial class SlackMethods
{
    private readonly EmulatorSettings _settings;
    private readonly Workspace _workspace;
    private readonly Dictionary<string, Func<Arguments, JsonObject>> _handlers;

    public SlackMethods(EmulatorSettings settings, Workspace workspace)
    {
        _settings = settings;
        _workspace = workspace;
        _handlers = new(StringComparer.Ordinal)
        {
            ["auth.test"] = AuthTest,
            ["conversations.create"] = ConversationsCreate,
            ["conversations.list"] = ConversationsList,
            ["conversations.invite"] = ConversationsInvite,
            ["conversations.join"] = ConversationsJoin,
            ["conversations.archive"] = ConversationsArchive,
            ["conversations.setTopic"] = a => SetTopicOrPurpose(a, "topic"),
            ["conversations.setPurpose"] = a => SetTopicOrPurpose(a, "purpose"),
            ["conversations.history"] = ConversationsHistory,
            ["chat.postMessage"] = ChatPostMessage,
            ["chat.postEphemeral"] = ChatPostEphemeral,
            ["chat.update"] = ChatUpdate,
            ["chat.getPermalink"] = ChatGetPermalink,
            ["pins.add"] = PinsAdd,
            ["users.info"] = UsersInfo,
            ["views.open"] = ViewsOpen,
            ["views.update"] = ViewsUpdate,
            ["files.getUploadURLExternal"] = FilesGetUploadURLExternal,
            ["files.completeUploadExternal"] = FilesCompleteUploadExternal,
        };
    }

    private string Bot => _settings.BotUserId;

    public bool Exists(string method) => _handlers.ContainsKey(method);

    public JsonObject Invoke(string method, Arguments args)
    {
        if (MissingRequired(method, args) is { } missing) return missing;
        lock (_workspace.Gate) return _handlers[method](args);
    }

    public static JsonObject Ok(JsonObject? fields = null)
    {
        var result = new JsonObject { ["ok"] = true };
        foreach (var (key, value) in fields ?? []) result[key] = value?.DeepClone();
        return result;
    }

    public static JsonObject Fail(string error, params string[] messages)
    {
        var result = new JsonObject { ["ok"] = false, ["error"] = error };
        if (messages.Length > 0)
        {
            result["response_metadata"] = new JsonObject { ["messages"] = new JsonArray([.. messages.Select(m => JsonValue.Create(m))]) };
        }
        return result;
    }

    /// <summary>Slack reports some missing arguments with a dedicated code rather than the generic one.</summary>
    private static JsonObject? MissingRequired(string method, Arguments args)
    {
        foreach (var name in MethodReference.RequiredArguments(method))
        {
            if (args.Has(name)) continue;
            return (method, name) switch
            {
                ("conversations.create", "name") => Fail("invalid_name_required"),
                (_, "channel") => Fail("channel_not_found"),
                ("pins.add", "timestamp") => Fail("no_item_specified"),
                _ => Fail("invalid_arguments", $"[ERROR] missing required field: {name}"),
            };
        }
        if (method is "conversations.history" or "chat.getPermalink" && !args.Has("channel")) return Fail("channel_not_found");
        if (method is "chat.getPermalink" && !args.Has("message_ts")) return Fail("message_not_found");
        if (method is "chat.postMessage" or "chat.postEphemeral" or "chat.update"
            && !args.Has("text") && !args.Has("blocks") && !args.Has("attachments") && !args.Has("markdown_text"))
        {
            return Fail("no_text");
        }
        return null;
    }

    private JsonObject AuthTest(Arguments args)
    {
        var bot = _workspace.TryGetUserLocked(Bot, out var user) ? user.Name : "bot";
        return Ok(new JsonObject
        {
            ["url"] = $"https://{_settings.TeamDomain}.slack.com/",
            ["team"] = "Emulator",
            ["user"] = bot,
            ["team_id"] = _settings.TeamId,
            ["user_id"] = Bot,
            ["bot_id"] = _settings.BotId,
            ["is_enterprise_install"] = false,
        });
    }

    private JsonObject UsersInfo(Arguments args)
    {
        var id = args.String("user")!;
        return _workspace.TryGetUserLocked(id, out var user)
            ? Ok(new JsonObject { ["user"] = UserJson(user) })
            : Fail("user_not_found");
    }

    private JsonObject UserJson(SlackUserRecord user)
    {
        var realName = user.RealName ?? user.Name;
        return new JsonObject
        {
            ["id"] = user.Id,
            ["team_id"] = _settings.TeamId,
            ["name"] = user.Name,
            ["deleted"] = false,
            ["real_name"] = realName,
            ["tz"] = user.TimeZone,
            ["tz_label"] = TimeZoneLabel(user),
            ["tz_offset"] = user.TzOffsetSeconds,
            ["is_admin"] = false,
            ["is_owner"] = false,
            ["is_bot"] = user.IsBot,
            ["is_app_user"] = false,
            ["updated"] = _workspace.Epoch,
            ["profile"] = new JsonObject
            {
                ["real_name"] = realName,
                ["real_name_normalized"] = realName,
                ["display_name"] = user.Name,
                ["display_name_normalized"] = user.Name,
                ["phone"] = user.Phone ?? "",
                ["team"] = _settings.TeamId,
            },
        };
    }

    private static string TimeZoneLabel(SlackUserRecord user)
    {
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(user.TimeZone);
            return zone.BaseUtcOffset.TotalSeconds == user.TzOffsetSeconds ? zone.StandardName : zone.DaylightName;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return user.TimeZone;
        }
    }

    private JsonObject ConversationJson(ChannelRecord c) => new()
    {
        ["id"] = c.Id,
        ["name"] = c.Name,
        ["is_channel"] = true,
        ["is_group"] = false,
        ["is_im"] = false,
        ["is_mpim"] = false,
        ["is_private"] = c.IsPrivate,
        ["created"] = c.Created,
        ["is_archived"] = c.IsArchived,
        ["is_general"] = false,
        ["unlinked"] = 0,
        ["name_normalized"] = c.Name,
        ["is_shared"] = false,
        ["is_org_shared"] = false,
        ["is_ext_shared"] = false,
        ["is_pending_ext_shared"] = false,
        ["pending_shared"] = new JsonArray(),
        ["context_team_id"] = _settings.TeamId,
        ["updated"] = c.Created * 1000,
        ["creator"] = c.Creator,
        ["is_member"] = c.Members.Contains(Bot),
        ["topic"] = new JsonObject { ["value"] = c.Topic, ["creator"] = c.TopicSetBy ?? "", ["last_set"] = c.TopicLastSet },
        ["purpose"] = new JsonObject { ["value"] = c.Purpose, ["creator"] = c.PurposeSetBy ?? "", ["last_set"] = c.PurposeLastSet },
        ["previous_names"] = new JsonArray(),
        ["num_members"] = c.Members.Count,
    };

    private JsonObject MessageJson(MessageRecord m, bool includeMetadata)
    {
        var json = new JsonObject
        {
            ["type"] = "message",
            ["user"] = m.User,
            ["text"] = m.Text,
            ["ts"] = m.Ts,
            ["team"] = _settings.TeamId,
        };
        if (m.User == Bot)
        {
            json["bot_id"] = _settings.BotId;
            json["app_id"] = _settings.AppId;
        }
        if (m.Blocks is not null) json["blocks"] = m.Blocks.DeepClone();
        if (m.ThreadTs is not null) json["thread_ts"] = m.ThreadTs;
        if (m.Edited) json["edited"] = new JsonObject { ["user"] = m.User, ["ts"] = m.Ts };
        if (includeMetadata && m.MetadataEventType is not null)
        {
            json["metadata"] = new JsonObject
            {
                ["event_type"] = m.MetadataEventType,
                ["event_payload"] = m.MetadataPayload?.DeepClone() ?? new JsonObject(),
            };
        }
        return json;
    }

    /// <summary>Base64 cursors, opaque like Slack's; the payload is just where the next page starts.</summary>
    private static string EncodeCursor(string prefix, string value) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{prefix}:{value}"));

    private static bool TryDecodeCursor(string? cursor, string prefix, out string? value)
    {
        value = null;
        if (string.IsNullOrEmpty(cursor)) return true;
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (!text.StartsWith(prefix + ":", StringComparison.Ordinal)) return false;
            value = text[(prefix.Length + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static JsonObject WithCursor(JsonObject result, string? next)
    {
        result["response_metadata"] = new JsonObject { ["next_cursor"] = next ?? "" };
        return result;
    }
}
