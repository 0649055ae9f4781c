namespace WarRoomBot.Crises;

/// <summary>A Slack step the publisher gave up on, Slack's reason, and whether the owner has been told.</summary>
public sealed record PublishingFailure(string Step, string Error, bool Reported = false);

/// <summary>One of the crisis's rooms, as far as Slack has built it so far.</summary>
public sealed record Room(ChannelKind Kind, ChannelId? Channel, string? Name, bool Prepared, string? KickoffTs, bool KickoffPinned)
{
    public static Room Planned(ChannelKind kind) => new(kind, null, null, false, null, false);
}

/// <summary>The state of a crisis, folded from its timeline.</summary>
public sealed partial record Crisis(
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
    /// <summary>Playbook §5: every theory ever written, in order; none is ever removed.</summary>
    public ValueList<Theory> Theories { get; init; } = ValueList<Theory>.Empty;

    /// <summary>Playbook §6: every deadline ever set, in order (D1 is at index 0); none is ever removed.</summary>
    public ValueList<Deadline> Deadlines { get; private init; } = ValueList<Deadline>.Empty;

    /// <summary>
    /// The deadlines still open, earliest due first, then by number. The clock's next wake and the list's next deadline,
    /// computed on every command, read the first few of these rather than every deadline ever set, which a long crisis
    /// has by the hundred. The fold keeps both lists in the two places that change deadlines (<see cref="WithDeadlineSet"/>
    /// and <see cref="WithDeadline"/>), which is why neither can be set from outside.
    /// </summary>
    public ValueList<DeadlineId> OpenDeadlines { get; private init; } = ValueList<DeadlineId>.Empty;

    /// <summary>The open deadlines, earliest due first, then by number.</summary>
    public IEnumerable<Deadline> OpenByDue => OpenDeadlines.Select(id => Deadlines[id.Number - 1]);

    /// <summary>Playbook §9: the standing promise of the next business update, and every update given so far.</summary>
    public BusinessUpdates Updates { get; init; } = BusinessUpdates.None;

    /// <summary>Playbook §7, §10, §12 and §15: facts, questions, requests of the customer, the parking lot and time spent.</summary>
    public CaseRecord Record { get; init; } = CaseRecord.Empty;

    /// <summary>Playbook §1: the impact as recorded and every severity change.</summary>
    public TriageRecord Triage { get; init; } = TriageRecord.Empty;

    /// <summary>Issue 15: what brought the crisis to the customer's attention and why it hurts them, in their words.</summary>
    public CustomerContext Context { get; init; } = CustomerContext.None;

    /// <summary>Issue 15: every relief of the customer's pain while the fix goes on, and each that failed.</summary>
    public Mitigation Mitigation { get; init; } = Mitigation.None;

    /// <summary>Playbook §14: the debrief's action items, each with its owner and due date.</summary>
    public ActionItems Actions { get; init; } = ActionItems.None;

    /// <summary>What the publisher has posted for the crisis, beyond the kickoffs.</summary>
    public ValueList<Post> Posts { get; init; } = ValueList<Post>.Empty;

    /// <summary>The opener's links could not go through the command's response_url, so they go by direct message.</summary>
    public bool OpenerReplyUnusable { get; init; }

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
            Updates = BusinessUpdates.None with
            {
                Next = new NextUpdate(e.FirstUpdateDue, NextUpdateCause.Cadence, e.FirstUpdateDue - e.At, null, null, e.At),
            },
        },
        CrisisEvent.ChannelCreated e => crisis.WithRoom(e.Kind, r => r with { Channel = e.Channel, Name = e.Name }),
        CrisisEvent.ChannelPrepared e => crisis.WithRoom(e.Kind, r => r with { Prepared = true }),
        CrisisEvent.KickoffPosted e => crisis.WithRoom(e.Kind, r => r with { KickoffTs = e.MessageTs }),
        CrisisEvent.KickoffPinned e => crisis.WithRoom(e.Kind, r => r with { KickoffPinned = true }),
        CrisisEvent.OpenerNotified => crisis with { OpenerNotified = true },
        CrisisEvent.PublishingFailed e => crisis with { Failures = crisis.Failures.Add(new PublishingFailure(e.Step, e.Error)) },
        CrisisEvent.TheoryProposed e => crisis with
        {
            Theories = crisis.Theories.Add(new Theory(e.Theory, e.Statement, e.Plan, e.By, e.At, TheoryStatus.Open, null)),
        },
        CrisisEvent.DeadlineSet e => crisis.WithDeadlineSet(e),
        CrisisEvent.OutcomeRecorded e => crisis.WithOutcome(e),
        CrisisEvent.TheoryWithdrawn e => crisis with
        {
            Theories = new(crisis.Theories.Select(t => t.Id == e.Theory
                ? t with { Status = TheoryStatus.Withdrawn, Withdrawal = new Withdrawal(e.Reason, e.By, e.At) }
                : t)),
        },
        CrisisEvent.DeadlineWithdrawn e => crisis.WithDeadline(e.Deadline, d => d with { Withdrawal = new Withdrawal(e.Reason, e.By, e.At) }),
        CrisisEvent.DeadlineApproaching e => crisis.WithDeadline(e.Deadline, d => d with { Reminded = true }),
        CrisisEvent.DeadlineFellDue e => crisis.WithDeadline(e.Deadline, d => d with { FellDue = true }),
        CrisisEvent.DeadlineMissed e => crisis.WithDeadline(e.Deadline, d => d with { Escalated = true }),
        CrisisEvent.BusinessUpdateGiven e => crisis with
        {
            Updates = new BusinessUpdates(
                e.Next,
                crisis.Updates.Given.Add(new BusinessUpdate(e.Number, e.Kind, e.Text, e.By, e.WordingOverridden, e.WasDue, e.Next, e.At)),
                Reminded: false),
        },
        CrisisEvent.UpdateApproaching e when e.Due == crisis.Updates.Next.Due => crisis with { Updates = crisis.Updates with { Reminded = true } },
        CrisisEvent.OnTheRecord e => crisis with { Record = crisis.Record.Evolve(e) },
        CrisisEvent.AboutOwnership e => crisis.WithOwnership(e),
        CrisisEvent.Triaged e => TriageRecord.Evolve(crisis, e),
        CrisisEvent.AboutActions e => crisis with { Actions = crisis.Actions.Evolve(e) },
        CrisisEvent.AboutLifecycle e => crisis.WithLifecycle(e),
        CrisisEvent.AboutExpectations e => crisis with { Expectations = crisis.Expectations.Evolve(e) },
        CrisisEvent.AboutContext e => crisis with { Context = crisis.Context.Evolve(e) },
        CrisisEvent.AboutMitigation e => Mitigation.Evolve(crisis, e),
        CrisisEvent.MessagePosted e => crisis with { Posts = crisis.Posts.Add(new Post(e.Key, e.Kind, e.Ts, false)) },
        CrisisEvent.MessageUpdated e => crisis.WithUpdated(e),
        CrisisEvent.OpenerReplyFailed => crisis with { OpenerReplyUnusable = true },
        CrisisEvent.FailureReported e => crisis with { Failures = new(crisis.Failures.Select(f => f.Step == e.Step ? f with { Reported = true } : f)) },
        CrisisEvent.HeadlineChannelChosen e => crisis.WithHeadline(e),
        _ => crisis,
    };

    public Theory? Theory(TheoryId id) => id.Number >= 1 && id.Number <= Theories.Count ? Theories[id.Number - 1] : null;

    public Deadline? Deadline(DeadlineId id) => id.Number >= 1 && id.Number <= Deadlines.Count ? Deadlines[id.Number - 1] : null;

    public TheoryId NextTheory => new(Theories.Count + 1);

    public DeadlineId NextDeadline => new(Deadlines.Count + 1);

    /// <summary>Playbook §5: the theory most recently confirmed is the one the crisis works from.</summary>
    public Theory? WorkingExplanation => Theories
        .Where(t => t.Status == TheoryStatus.Confirmed)
        .OrderByDescending(t => t.SettledAt)
        .ThenByDescending(t => t.Id.Number)
        .FirstOrDefault();

    /// <summary>
    /// The deadline whose outcome settles <paramref name="theory"/>: the plan set with it by <c>theory … prove …</c>, or the
    /// latest extension of that plan. Null for an unknown theory.
    /// </summary>
    public Deadline? PlanOf(TheoryId theory)
    {
        var plan = Deadlines.FirstOrDefault(d => d.Theory == theory);
        while (plan?.ExtendedBy is { } next)
            plan = Deadline(next);
        return plan;
    }

    /// <summary>
    /// Playbook §5: a theory is proved or disproved by its plan. Only the plan's deadline (and the deadlines that extend
    /// it) settle the theory; any other step <c>for T1</c> is evidence on the record and leaves the theory as it was.
    /// </summary>
    public bool SettlesTheory(Deadline deadline)
    {
        if (deadline.Theory is not { } theory)
            return false;
        var root = deadline;
        while (root.Extends is { } earlier && Deadline(earlier) is { } previous)
            root = previous;

        // The rules write a theory and its plan in one append, so the theory's first deadline is always its plan.
        return Deadlines.FirstOrDefault(d => d.Theory == theory)?.Id == root.Id;
    }

    public Post? PostFor(string key) => Posts.FirstOrDefault(p => p.Key == key);

    private Crisis WithDeadlineSet(CrisisEvent.DeadlineSet e)
    {
        var set = new Deadline(e.Deadline, e.Step, e.Theory, e.Due, e.By, e.At, e.Extends, e.Reason);
        var crisis = this with { Deadlines = Deadlines.Add(set), OpenDeadlines = OpenWith(set) };
        return e.Extends is { } old ? crisis.WithDeadline(old, d => d with { ExtendedBy = e.Deadline }) : crisis;
    }

    /// <summary><see cref="OpenDeadlines"/> with <paramref name="deadline"/> in its place, found by halving.</summary>
    private ValueList<DeadlineId> OpenWith(Deadline deadline)
    {
        var (low, high) = (0, OpenDeadlines.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            var other = Deadlines[OpenDeadlines[middle].Number - 1];
            if (other.Due < deadline.Due || (other.Due == deadline.Due && other.Id.Number < deadline.Id.Number))
                low = middle + 1;
            else
                high = middle;
        }

        return OpenDeadlines.Insert(low, deadline.Id);
    }

    private Crisis WithOutcome(CrisisEvent.OutcomeRecorded e)
    {
        var crisis = WithDeadline(e.Deadline, d => d with { Outcome = new DeadlineOutcome(e.Outcome, e.Note, e.By, e.At) });

        // A side step's outcome is evidence, not the verdict: only the plan's chain settles the theory, and that chain
        // ends in exactly one confirmed or disproved, so a settled theory is never settled again.
        if (e.Outcome == Outcome.Extended || crisis.Deadline(e.Deadline) is not { Theory: { } theory } deadline || !crisis.SettlesTheory(deadline))
            return crisis;
        var status = e.Outcome == Outcome.Confirmed ? TheoryStatus.Confirmed : TheoryStatus.Disproved;
        return crisis with
        {
            Theories = new(crisis.Theories.Select(t => t.Id == theory ? t with { Status = status, SettledAt = e.At } : t)),
        };
    }

    /// <summary>An event about a deadline the crisis does not have changes nothing (the rules never write one).</summary>
    private Crisis WithDeadline(DeadlineId id, Func<Deadline, Deadline> change)
    {
        if (Deadline(id) is not { } was)
            return this;
        var now = change(was);
        var open = (was.IsOpen, now.IsOpen) switch
        {
            (true, false) => OpenDeadlines.RemoveAt(IndexOf(OpenDeadlines, id)),
            (false, true) => OpenWith(now),
            _ => OpenDeadlines,
        };
        return this with { Deadlines = Deadlines.SetItem(id.Number - 1, now), OpenDeadlines = open };
    }

    private static int IndexOf(ValueList<DeadlineId> ids, DeadlineId id)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] == id)
                return i;
        }

        throw new InvalidOperationException($"{id} is open but not among the open deadlines.");
    }

    public bool HasFailed(string step) => Failures.Any(f => f.Step == step);

    public Room RoomFor(ChannelKind kind) => kind switch
    {
        ChannelKind.Technical => Technical,
        ChannelKind.Business => Business,
        _ => Headline,
    };

    private Crisis WithRoom(ChannelKind kind, Func<Room, Room> change) => kind switch
    {
        ChannelKind.Technical => this with { Technical = change(Technical) },
        ChannelKind.Business => this with { Business = change(Business) },
        _ => this with { Headline = change(Headline) },
    };
}
