using System.Text.Json.Nodes;

namespace SlackEmulator;

internal sealed partial class SlackMethods
{
    /// <summary>Where the upload URL points, relative to the emulator's base URL; the Web API makes it absolute.</summary>
    public const string UploadPath = "upload/";

    private JsonObject FilesGetUploadURLExternal(Arguments args)
    {
        var name = args.String("filename")!;
        if (args.Int("length") is not { } length || length <= 0)
            return Fail("invalid_arguments", "[ERROR] must be a positive integer [json-pointer:/length]");
        var file = _workspace.AddFileLocked(name, length);
        return Ok(new JsonObject { ["upload_url"] = UploadPath + file.Id, ["file_id"] = file.Id });
    }

    /// <summary>Shares uploaded files in a channel, with the comment as the message that introduces them.</summary>
    private JsonObject FilesCompleteUploadExternal(Arguments args)
    {
        if (args.Json("files").Value is not JsonArray { Count: > 0 } files)
            return Fail("invalid_arguments", "[ERROR] must provide an array of at least 1 item [json-pointer:/files]");
        var found = new List<(FileRecord File, string? Title)>();
        foreach (var entry in files)
        {
            if (entry?["id"]?.GetValue<string>() is not { } id || _workspace.FileLocked(id) is not { } file || file.Completed)
                return Fail("file_not_found");
            if (file.Bytes is null)
                return Fail("file_upload_not_completed");
            found.Add((file, entry["title"]?.GetValue<string>()));
        }

        ChannelRecord? channel = null;
        if (args.String("channel_id") is { Length: > 0 } channelId)
        {
            if (!_workspace.TryGetChannelLocked(channelId, out var c)) return Fail("channel_not_found");
            if (!c.Members.Contains(Bot)) return Fail("not_in_channel");
            if (c.IsArchived) return Fail("is_archived");
            channel = c;
        }

        var comment = args.String("initial_comment");
        foreach (var (file, title) in found)
            _workspace.ReplaceFileLocked(file with { Title = title ?? file.Name, Channel = channel?.Id, InitialComment = comment, Completed = true });
        if (channel is not null)
        {
            _workspace.AppendMessageLocked(channel, new MessageRecord { Ts = _workspace.NextTsLocked(), Channel = channel.Id, User = Bot, Text = comment ?? "" });
        }

        return Ok(new JsonObject
        {
            ["files"] = new JsonArray([.. found.Select(f => (JsonNode)new JsonObject { ["id"] = f.File.Id, ["title"] = f.Title ?? f.File.Name })]),
        });
    }

    /// <summary>The POST of a file's bytes to its upload URL: Slack answers 200 "OK - length", or 404 for an unknown URL.</summary>
    internal (int Status, string Body) Upload(string fileId, byte[] bytes)
    {
        lock (_workspace.Gate)
        {
            if (_workspace.FileLocked(fileId) is not { Completed: false } file) return (404, "file_not_found");
            if (bytes.Length != file.Length) return (400, $"length_mismatch: expected {file.Length}, got {bytes.Length}");
            _workspace.ReplaceFileLocked(file with { Bytes = bytes });
            return (200, $"OK - {bytes.Length}");
        }
    }
}
