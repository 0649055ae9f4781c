namespace WarRoomBot.Crises;

/// <summary>A Slack step the publisher gave up on, and Slack's reason.</summary>
public sealed record PublishingFailure(string Step, string Error);

/// <summary>One of the crisis's two rooms, as far as Slack has built it so far.</summary>
public sealed record Room(ChannelKind Kind, ChannelId? Channel, string? Name, bool Prepared, string? KickoffTs, bool KickoffPinned)
{
    public static Room Planned(ChannelKind kind) => new(kind, null, null, false, null, false);
}

/// <summary>The state of a crisis, folded from its timeline.</summary>
public sealed record Crisis(
    CrisisId Id,
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
    DateTimeOffset OpenedAt,
    DateTimeOffset FirstUpdateDue,
    Room Technical,
    Room Business,
    bool OpenerNotified,
    ValueList<PublishingFailure> Failures)
{
    public static Crisis NotOpened(CrisisId id) => new(
        id, "", Severity.Sev2, null, default, default, null, null, ValueList<UserId>.Empty, ValueList<UserId>.Empty,
        true, default, default, Room.Planned(ChannelKind.Technical), Room.Planned(ChannelKind.Business), false,
        ValueList<PublishingFailure>.Empty);

    public bool IsOpened => OpenedAt != default;

    public static Crisis Fold(CrisisId id, IEnumerable<CrisisEvent> history) => history.Aggregate(NotOpened(id), Evolve);

    public static Crisis Evolve(Crisis crisis, CrisisEvent happened) => happened switch
    {
        CrisisEvent.Opened e => crisis with
        {
            Title = e.Title,
            Severity = e.Severity,
            Customer = e.Customer,
            Owner = e.Owner,
            OpenedBy = e.OpenedBy,
            OpenedIn = e.OpenedIn,
            ReplyTo = e.ReplyTo,
            Responders = e.Responders,
            Executives = e.Executives,
            BusinessChannelIsPrivate = e.BusinessChannelIsPrivate,
            OpenedAt = e.At,
            FirstUpdateDue = e.FirstUpdateDue,
        },
        CrisisEvent.ChannelCreated e => crisis.WithRoom(e.Kind, r => r with { Channel = e.Channel, Name = e.Name }),
        CrisisEvent.ChannelPrepared e => crisis.WithRoom(e.Kind, r => r with { Prepared = true }),
        CrisisEvent.KickoffPosted e => crisis.WithRoom(e.Kind, r => r with { KickoffTs = e.MessageTs }),
        CrisisEvent.KickoffPinned e => crisis.WithRoom(e.Kind, r => r with { KickoffPinned = true }),
        CrisisEvent.OpenerNotified => crisis with { OpenerNotified = true },
        CrisisEvent.PublishingFailed e => crisis with { Failures = new([.. crisis.Failures, new PublishingFailure(e.Step, e.Error)]) },
        _ => crisis,
    };

    public bool HasFailed(string step) => Failures.Any(f => f.Step == step);

    public Room RoomFor(ChannelKind kind) => kind == ChannelKind.Technical ? Technical : Business;

    private Crisis WithRoom(ChannelKind kind, Func<Room, Room> change) =>
        kind == ChannelKind.Technical ? this with { Technical = change(Technical) } : this with { Business = change(Business) };
}
