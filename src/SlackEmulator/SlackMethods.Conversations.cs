using System.Text.Json.Nodes;

namespace SlackEmulator;

internal sealed partial class SlackMethods
{
    private const int MaxChannelName = 80;
    private const int MaxTopic = 250;

    private JsonObject ConversationsCreate(Arguments args)
    {
        var name = args.String("name") ?? "";
        if (NameError(name) is { } error) return Fail(error);
        if (_workspace.ChannelNamedLocked(name) is not null) return Fail("name_taken");

        var channel = _workspace.CreateChannelLocked(name, args.Bool("is_private"), Bot);
        return Ok(new JsonObject { ["channel"] = ConversationJson(channel) });
    }

    /// <summary>Slack validates names rather than rewriting them: only lowercase letters, digits, '-' and '_', at most 80.</summary>
    private static string? NameError(string name)
    {
        if (name.Length == 0) return "invalid_name_required";
        if (name.Length > MaxChannelName) return "invalid_name_maxlength";
        if (!name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_')) return "invalid_name_specials";
        if (name.All(c => c is '-' or '_')) return "invalid_name_punctuation";
        return null;
    }

    private JsonObject ConversationsList(Arguments args)
    {
        var types = (args.String("types") is { Length: > 0 } t ? t : "public_channel")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var excludeArchived = args.Bool("exclude_archived");
        var limit = args.Int("limit") is > 0 and var l ? Math.Min(l, 1000) : 100;
        if (!TryDecodeCursor(args.String("cursor"), "channel", out var after)) return Fail("invalid_cursor");

        var visible = _workspace.ChannelsLocked
            .Where(c => c.IsPrivate ? types.Contains("private_channel") && c.Members.Contains(Bot) : types.Contains("public_channel"))
            .Where(c => !(excludeArchived && c.IsArchived))
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .Where(c => after is null || string.CompareOrdinal(c.Id, after) > 0)
            .ToList();
        var page = visible.Take(limit).ToList();
        var next = visible.Count > page.Count ? EncodeCursor("channel", page[^1].Id) : null;
        return WithCursor(Ok(new JsonObject { ["channels"] = new JsonArray([.. page.Select(ConversationJson)]) }), next);
    }

    private JsonObject ConversationsInvite(Arguments args)
    {
        if (!TryMemberChannel(args, out var channel, out var error)) return error;
        if (channel.IsArchived) return Fail("is_archived");

        var requested = (args.String("users") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        if (requested.Count == 0) return Fail("no_user");
        if (requested.Count > 100) return Fail("too_many_users");
        if (requested.Contains(Bot)) return Fail("cant_invite_self");

        var force = args.Bool("force");
        var unknown = requested.Where(u => !_workspace.TryGetUserLocked(u, out _)).ToList();
        if (unknown.Count > 0 && !force) return Fail("user_not_found");

        var known = requested.Except(unknown).ToList();
        var added = known.Where(u => !channel.Members.Contains(u)).ToList();
        if (known.Count > 0 && added.Count == 0) return Fail("already_in_channel");

        channel = _workspace.ReplaceChannel(channel with { Members = [.. channel.Members, .. added] });
        var result = Ok(new JsonObject { ["channel"] = ConversationJson(channel) });
        if (unknown.Count > 0)
        {
            result["errors"] = new JsonArray([.. unknown.Select(u => new JsonObject { ["user"] = u, ["ok"] = false, ["error"] = "user_not_found" })]);
        }
        return result;
    }

    private JsonObject ConversationsJoin(Arguments args)
    {
        if (!_workspace.TryGetChannelLocked(args.String("channel")!, out var channel)) return Fail("channel_not_found");
        if (channel.IsPrivate) return Fail(channel.Members.Contains(Bot) ? "method_not_supported_for_channel_type" : "channel_not_found");
        if (channel.IsArchived) return Fail("is_archived");
        if (!channel.Members.Contains(Bot)) channel = _workspace.ReplaceChannel(channel with { Members = [.. channel.Members, Bot] });
        return Ok(new JsonObject { ["channel"] = ConversationJson(channel) });
    }

    private JsonObject ConversationsArchive(Arguments args)
    {
        if (!TryMemberChannel(args, out var channel, out var error)) return error;
        if (channel.IsArchived) return Fail("already_archived");
        _workspace.ReplaceChannel(channel with { IsArchived = true });
        return Ok();
    }

    private JsonObject SetTopicOrPurpose(Arguments args, string field)
    {
        if (!TryMemberChannel(args, out var channel, out var error)) return error;
        if (channel.IsArchived) return Fail("is_archived");
        var value = args.String(field) ?? "";
        if (value.Length > MaxTopic) return Fail("too_long");

        var now = _workspace.Epoch + channel.Messages.Count + 1;
        channel = _workspace.ReplaceChannel(field == "topic"
            ? channel with { Topic = value, TopicSetBy = Bot, TopicLastSet = now }
            : channel with { Purpose = value, PurposeSetBy = Bot, PurposeLastSet = now });
        return Ok(new JsonObject { ["channel"] = ConversationJson(channel) });
    }

    private JsonObject ConversationsHistory(Arguments args)
    {
        if (!_workspace.TryGetChannelLocked(args.String("channel")!, out var channel)) return Fail("channel_not_found");
        if (!channel.Members.Contains(Bot)) return Fail(channel.IsPrivate ? "channel_not_found" : "not_in_channel");

        var limit = args.Int("limit") is > 0 and var l ? Math.Min(l, 999) : 100;
        var includeMetadata = args.Bool("include_all_metadata");
        var inclusive = args.Bool("inclusive");
        var oldest = Timestamp(args.String("oldest"));
        var latest = Timestamp(args.String("latest"));
        if (!TryDecodeCursor(args.String("cursor"), "next_ts", out var from)) return Fail("invalid_cursor");
        var fromTs = Timestamp(from);

        // Thread replies live in conversations.replies, not in the channel's history.
        var messages = channel.Messages
            .Where(m => m.ThreadTs is null || m.ThreadTs == m.Ts)
            .Where(m => oldest is not { } o || (inclusive ? Timestamp(m.Ts) >= o : Timestamp(m.Ts) > o))
            .Where(m => latest is not { } la || (inclusive ? Timestamp(m.Ts) <= la : Timestamp(m.Ts) < la))
            .Where(m => fromTs is not { } f || Timestamp(m.Ts) <= f)
            .OrderByDescending(m => Timestamp(m.Ts))
            .ToList();
        var page = messages.Take(limit).ToList();
        var hasMore = messages.Count > page.Count;
        var result = Ok(new JsonObject
        {
            ["messages"] = new JsonArray([.. page.Select(m => MessageJson(m, includeMetadata))]),
            ["has_more"] = hasMore,
            ["pin_count"] = channel.Pins.Count,
        });
        return WithCursor(result, hasMore ? EncodeCursor("next_ts", messages[page.Count].Ts) : null);
    }

    private static decimal? Timestamp(string? ts) =>
        decimal.TryParse(ts, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The bot has no chat:write.public and no access to private channels it is not in.</summary>
    private bool TryMemberChannel(Arguments args, out ChannelRecord channel, out JsonObject error)
    {
        error = null!;
        if (!_workspace.TryGetChannelLocked(args.String("channel")!, out channel))
        {
            error = Fail("channel_not_found");
            return false;
        }
        if (!channel.Members.Contains(Bot))
        {
            error = Fail("not_in_channel");
            return false;
        }
        return true;
    }
}
