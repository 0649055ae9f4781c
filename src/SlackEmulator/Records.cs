using System.Text.Json.Nodes;

namespace SlackEmulator;

public sealed record SlackUserRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? RealName { get; init; }
    public string? Phone { get; init; }
    public string TimeZone { get; init; } = "America/New_York";
    public int TzOffsetSeconds { get; init; } = -18000;
    public bool IsBot { get; init; }
}

public sealed record ChannelRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public bool IsPrivate { get; init; }
    public required string Creator { get; init; }
    public bool IsArchived { get; init; }
    public long Created { get; init; }
    public IReadOnlyList<string> Members { get; init; } = [];
    public string Topic { get; init; } = "";
    public string? TopicSetBy { get; init; }
    public long TopicLastSet { get; init; }
    public string Purpose { get; init; } = "";
    public string? PurposeSetBy { get; init; }
    public long PurposeLastSet { get; init; }
    public IReadOnlyList<MessageRecord> Messages { get; init; } = [];
    /// <summary>The ts of each pinned message, in the order they were pinned.</summary>
    public IReadOnlyList<string> Pins { get; init; } = [];
    /// <summary>Set on the bot's direct-message conversation with this user; such conversations are not listed as channels.</summary>
    public string? DirectWith { get; init; }

    public MessageRecord? Message(string ts) => Messages.FirstOrDefault(m => m.Ts == ts);
}

public sealed record MessageRecord
{
    public required string Ts { get; init; }
    public required string Channel { get; init; }
    public required string User { get; init; }
    public string Text { get; init; } = "";
    public JsonArray? Blocks { get; init; }
    public string? MetadataEventType { get; init; }
    public JsonObject? MetadataPayload { get; init; }
    public string? ThreadTs { get; init; }
    /// <summary>Set once chat.update or a response_url replaced the content.</summary>
    public bool Edited { get; init; }

    /// <summary>What a person reads: Slack shows the blocks when there are any, the text otherwise.</summary>
    public string VisibleText => Blocks is { Count: > 0 } ? BlockText.Of(Blocks) : Text;
}

public sealed record ViewRecord
{
    public required string ViewId { get; init; }
    public required string TriggerId { get; init; }
    public required string UserId { get; init; }
    public required JsonObject View { get; init; }
    public string Hash { get; init; } = "";
    public string? ExternalId { get; init; }
    public string? CallbackId => View["callback_id"]?.GetValue<string>();
    public string? PrivateMetadata => View["private_metadata"]?.GetValue<string>();
    public string? Title => View["title"]?["text"]?.GetValue<string>();
    /// <summary>True once a submission was answered with an empty body or response_action clear.</summary>
    public bool Closed { get; init; }
}

public sealed record EphemeralRecord
{
    public required string Channel { get; init; }
    public required string User { get; init; }
    public string Text { get; init; } = "";
    public JsonArray? Blocks { get; init; }
    /// <summary>When it was shown, as a message ts, so it sorts among the channel's messages however it was sent.</summary>
    public string? MessageTs { get; init; }
    /// <summary>Set when the ephemeral came through a response_url rather than chat.postEphemeral.</summary>
    public string? ResponseUrlId { get; init; }

    public string VisibleText => Blocks is { Count: > 0 } ? BlockText.Of(Blocks) : Text;
}

public sealed record ResponseRecord
{
    public required string ResponseUrlId { get; init; }
    public required JsonObject Body { get; init; }
    public string Text => BlockText.Of(Body);
}

public sealed record ApiCall
{
    public required string Method { get; init; }
    /// <summary>When the request reached the emulator, before any injected latency: the moment Slack would have received it.</summary>
    public required DateTimeOffset At { get; init; }
    /// <summary>Every argument the call carried except the token.</summary>
    public required JsonObject Arguments { get; init; }
    public required bool Ok { get; init; }
    public string? Error { get; init; }
    /// <summary>The HTTP status the call was (or, when <see cref="Hung"/>, would have been) answered with.</summary>
    public required int HttpStatus { get; init; }
    /// <summary>Applied under <see cref="Faults.HangAfterApplying"/>: the caller never received the answer.</summary>
    public bool Hung { get; init; }
    /// <summary>Applied under a drop fault: the connection was cut instead of answering.</summary>
    public bool AnswerDropped { get; init; }
}

/// <summary>
/// A file uploaded through files.getUploadURLExternal and its upload URL. <see cref="Channel"/> is set once
/// files.completeUploadExternal shared it; until then nobody sees it.
/// </summary>
public sealed record FileRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>The length files.getUploadURLExternal was told; the upload must match it.</summary>
    public required int Length { get; init; }
    public byte[]? Bytes { get; init; }
    public string? Title { get; init; }
    public string? Channel { get; init; }
    public string? InitialComment { get; init; }
    public bool Completed { get; init; }

    /// <summary>The uploaded bytes as UTF-8 text.</summary>
    public string Content => Bytes is null ? "" : System.Text.Encoding.UTF8.GetString(Bytes);
}
