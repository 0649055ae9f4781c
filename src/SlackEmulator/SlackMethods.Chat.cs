using System.Text.Json;
using System.Text.Json.Nodes;

namespace SlackEmulator;

internal sealed partial class SlackMethods
{
    private const int MaxMessageBlocks = 50;

    private JsonObject ChatPostMessage(Arguments args)
    {
        ChannelRecord channel;
        JsonObject error;
        // A user id as the channel posts to the bot's direct messages with that person (the app's Messages tab).
        if (_workspace.TryGetUserLocked(args.String("channel")!, out var user) && !user.IsBot)
            channel = _workspace.DirectChannelLocked(user.Id);
        else if (!TryMemberChannel(args, out channel, out error)) return error;
        if (channel.IsArchived) return Fail("is_archived");
        if (!TryBlocks(args, MaxMessageBlocks, out var blocks, out error)) return error;
        if (!TryMetadata(args, out var metadata, out error)) return error;

        var message = new MessageRecord
        {
            Ts = _workspace.NextTsLocked(),
            Channel = channel.Id,
            User = Bot,
            Text = args.String("text") ?? "",
            Blocks = blocks,
            MetadataEventType = metadata?.EventType,
            MetadataPayload = metadata?.Payload,
            ThreadTs = args.String("thread_ts") is { Length: > 0 } thread ? thread : null,
        };
        _workspace.AppendMessageLocked(channel, message);
        return Ok(new JsonObject { ["channel"] = channel.Id, ["ts"] = message.Ts, ["message"] = MessageJson(message, includeMetadata: true) });
    }

    private JsonObject ChatPostEphemeral(Arguments args)
    {
        if (!TryMemberChannel(args, out var channel, out var error)) return error;
        if (channel.IsArchived) return Fail("is_archived");
        var user = args.String("user")!;
        if (!channel.Members.Contains(user)) return Fail("user_not_in_channel");
        if (!TryBlocks(args, MaxMessageBlocks, out var blocks, out error)) return error;

        var ts = _workspace.NextTsLocked();
        _workspace.AddEphemeralLocked(new EphemeralRecord
        {
            Channel = channel.Id, User = user, Text = args.String("text") ?? "", Blocks = blocks, MessageTs = ts,
        });
        return Ok(new JsonObject { ["message_ts"] = ts });
    }

    /// <summary>Fields left out keep their previous value, as Slack documents for blocks and metadata.</summary>
    private JsonObject ChatUpdate(Arguments args)
    {
        if (!_workspace.TryGetChannelLocked(args.String("channel")!, out var channel)) return Fail("channel_not_found");
        if (channel.Message(args.String("ts")!) is not { } message) return Fail("message_not_found");
        if (message.User != Bot) return Fail("cant_update_message");
        if (!TryBlocks(args, MaxMessageBlocks, out var blocks, out var error)) return error;
        if (!TryMetadata(args, out var metadata, out error)) return error;

        var updated = message with
        {
            Text = args.String("text") ?? message.Text,
            Blocks = args.Has("blocks") ? (blocks is { Count: 0 } ? null : blocks) : message.Blocks,
            MetadataEventType = args.Has("metadata") ? metadata?.EventType : message.MetadataEventType,
            MetadataPayload = args.Has("metadata") ? metadata?.Payload : message.MetadataPayload,
            Edited = true,
        };
        _workspace.ReplaceMessageLocked(channel, updated);
        return Ok(new JsonObject
        {
            ["channel"] = channel.Id, ["ts"] = updated.Ts, ["text"] = updated.Text,
            ["message"] = MessageJson(updated, includeMetadata: true),
        });
    }

    /// <summary>Slack's permalink shape: the workspace's domain, the channel, and the ts without its dot.</summary>
    private JsonObject ChatGetPermalink(Arguments args)
    {
        if (!_workspace.TryGetChannelLocked(args.String("channel")!, out var channel)) return Fail("channel_not_found");
        var ts = args.String("message_ts")!;
        if (channel.Message(ts) is null) return Fail("message_not_found");
        return Ok(new JsonObject
        {
            ["channel"] = channel.Id,
            ["permalink"] = $"https://{_settings.TeamDomain}.slack.com/archives/{channel.Id}/p{ts.Replace(".", "", StringComparison.Ordinal)}",
        });
    }

    private JsonObject PinsAdd(Arguments args)
    {
        if (!TryMemberChannel(args, out var channel, out var error)) return error;
        var ts = args.String("timestamp")!;
        if (channel.Message(ts) is null) return Fail("message_not_found");
        if (channel.Pins.Contains(ts)) return Fail("already_pinned");
        _workspace.ReplaceChannel(channel with { Pins = [.. channel.Pins, ts] });
        return Ok();
    }

    private static bool TryBlocks(Arguments args, int max, out JsonArray? blocks, out JsonObject error)
    {
        blocks = null;
        error = null!;
        var argument = args.Json("blocks");
        if (!argument.Present) return true;
        if (InvalidBlocks(argument, max) is { } message)
        {
            error = Fail("invalid_blocks", message);
            return false;
        }
        blocks = (JsonArray)argument.Value!;
        return true;
    }

    internal static string? InvalidBlocks(JsonArgument argument, int max, string pointer = "/blocks")
    {
        if (argument.Value is not JsonArray array) return $"[ERROR] must provide an array [json-pointer:{pointer}]";
        if (array.Count > max) return $"[ERROR] no more than {max} items allowed [json-pointer:{pointer}]";
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject block || block["type"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String)
            {
                return $"[ERROR] missing required field: type [json-pointer:{pointer}/{i}]";
            }
        }
        return null;
    }

    private static bool TryMetadata(Arguments args, out (string EventType, JsonObject Payload)? metadata, out JsonObject error)
    {
        metadata = null;
        error = null!;
        var argument = args.Json("metadata");
        if (!argument.Present) return true;
        if (argument.Value is not JsonObject obj)
        {
            error = Fail("invalid_metadata_format");
            return false;
        }
        if (obj.Count == 0) return true;
        if (obj["event_type"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String || obj["event_payload"] is not JsonObject payload)
        {
            error = Fail("invalid_metadata_schema");
            return false;
        }
        metadata = (type.GetValue<string>(), (JsonObject)payload.DeepClone());
        return true;
    }
}
