namespace WarRoomBot.Crises;

/// <summary>Everything that can happen to a crisis. Appended, never edited (playbook §6).</summary>
public abstract record CrisisEvent
{
    private CrisisEvent()
    {
    }

    public abstract DateTimeOffset At { get; init; }

    /// <summary>
    /// Playbook §2 and §3: the crisis is acknowledged and has one accountable owner from its first moment.
    /// <paramref name="ReplyTo"/> is where the person who opened it hears back (a Slack response URL).
    /// </summary>
    public sealed record Opened(
        string Title,
        Severity Severity,
        string? Customer,
        UserId Owner,
        UserId OpenedBy,
        ChannelId? OpenedIn,
        string? ReplyTo,
        ValueList<UserId> Responders,
        ValueList<UserId> Executives,
        bool BusinessChannelIsPrivate,
        DateTimeOffset FirstUpdateDue,
        DateTimeOffset At) : CrisisEvent;

    /// <summary>Slack created the room; from now on commands in it apply to this crisis.</summary>
    public sealed record ChannelCreated(ChannelKind Kind, ChannelId Channel, string Name, DateTimeOffset At) : CrisisEvent;

    /// <summary>Owner, responders or executives invited, topic and purpose set.</summary>
    public sealed record ChannelPrepared(ChannelKind Kind, DateTimeOffset At) : CrisisEvent;

    public sealed record KickoffPosted(ChannelKind Kind, string MessageTs, DateTimeOffset At) : CrisisEvent;

    public sealed record KickoffPinned(ChannelKind Kind, DateTimeOffset At) : CrisisEvent;

    /// <summary>The person who opened the crisis was sent the links to both rooms.</summary>
    public sealed record OpenerNotified(DateTimeOffset At) : CrisisEvent;

    /// <summary>Slack refused a step for good (a missing scope, a restricted workspace); kept so nobody wonders why a room is missing.</summary>
    public sealed record PublishingFailed(string Step, string Error, DateTimeOffset At) : CrisisEvent;
}
