namespace WarRoomBot.Crises;

/// <summary>Everything that can happen to a crisis. Appended, never edited (playbook §6).</summary>
public abstract partial record CrisisEvent
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

    /// <summary>Playbook §5: a working theory and the plan that will prove or disprove it.</summary>
    public sealed record TheoryProposed(TheoryId Theory, string Statement, string Plan, UserId By, DateTimeOffset At) : CrisisEvent;

    /// <summary>
    /// Playbook §6: a written deadline for the next diagnostic step. <paramref name="Extends"/> and
    /// <paramref name="Reason"/> are set when it replaces a deadline that was extended.
    /// </summary>
    public sealed record DeadlineSet(
        DeadlineId Deadline,
        string Step,
        TheoryId? Theory,
        DateTimeOffset Due,
        UserId By,
        DeadlineId? Extends,
        string? Reason,
        DateTimeOffset At) : CrisisEvent;

    /// <summary>The one outcome of a deadline; for <see cref="Outcome.Extended"/> the note is the reason.</summary>
    public sealed record OutcomeRecorded(DeadlineId Deadline, Outcome Outcome, string? Note, UserId By, DateTimeOffset At) : CrisisEvent;

    /// <summary>
    /// A theory recorded by mistake stays on the record as withdrawn, with the reason; its open deadlines are withdrawn
    /// with it, each by its own <see cref="DeadlineWithdrawn"/> in the same append.
    /// </summary>
    public sealed record TheoryWithdrawn(TheoryId Theory, string Reason, UserId By, DateTimeOffset At) : CrisisEvent;

    /// <summary>A deadline recorded by mistake: it stays on the record as withdrawn, counts as neither kept nor missed, and the clock leaves it alone.</summary>
    public sealed record DeadlineWithdrawn(DeadlineId Deadline, string Reason, UserId By, DateTimeOffset At) : CrisisEvent;

    /// <summary>The reminder lead time before a deadline was reached.</summary>
    public sealed record DeadlineApproaching(DeadlineId Deadline, DateTimeOffset At) : CrisisEvent;

    /// <summary>The deadline's time came with no outcome recorded.</summary>
    public sealed record DeadlineFellDue(DeadlineId Deadline, DateTimeOffset At) : CrisisEvent;

    /// <summary>The grace period after the due time passed with no outcome: the deadline is missed and escalated.</summary>
    public sealed record DeadlineMissed(DeadlineId Deadline, DateTimeOffset At) : CrisisEvent;

    /// <summary>
    /// Playbook §9: the business channel is given update <paramref name="Number"/> now: the bot's digest, or the owner's
    /// own <paramref name="Text"/>. <paramref name="By"/> is null when the clock sent it on time by itself.
    /// <paramref name="WasDue"/> is the time the previous update promised; <paramref name="Next"/> is the new promise and
    /// why then. <paramref name="WordingOverridden"/> records that the author posted past the wording check on purpose.
    /// </summary>
    public sealed record BusinessUpdateGiven(
        int Number,
        UpdateKind Kind,
        string? Text,
        UserId? By,
        bool WordingOverridden,
        DateTimeOffset WasDue,
        NextUpdate Next,
        DateTimeOffset At) : CrisisEvent;

    /// <summary>The owner was reminded that the business update due at <paramref name="Due"/> is coming.</summary>
    public sealed record UpdateApproaching(DateTimeOffset Due, DateTimeOffset At) : CrisisEvent;

    /// <summary>The publisher posted a message; <paramref name="Key"/> names what it was for (also sent to Slack as metadata).</summary>
    public sealed record MessagePosted(string Key, ChannelKind Kind, string Ts, DateTimeOffset At) : CrisisEvent;

    /// <summary>The publisher replaced a posted message's content, e.g. a due post's buttons by its recorded outcome.</summary>
    public sealed record MessageUpdated(string Key, DateTimeOffset At) : CrisisEvent;

    /// <summary>The command's response_url could not carry the opener's links (Slack's or the network's reason); they go by direct message.</summary>
    public sealed record OpenerReplyFailed(string Error, DateTimeOffset At) : CrisisEvent;

    /// <summary>The owner was told in plain words that Slack refused <paramref name="Step"/>, why, and what an admin can do.</summary>
    public sealed record FailureReported(string Step, DateTimeOffset At) : CrisisEvent;

    /// <summary>
    /// What people put on the crisis record beside the diagnosis: facts and questions (playbook §7), requests made of the
    /// customer (§10), the parking lot (§12) and time spent (§15). All of them are folded by <see cref="CaseRecord.Evolve"/>.
    /// </summary>
    public abstract record OnTheRecord : CrisisEvent
    {
        private protected OnTheRecord()
        {
        }
    }

    /// <summary>Playbook §7: a fact and how we know it.</summary>
    public sealed record FactRecorded(FactId Fact, string Statement, string Source, UserId By, DateTimeOffset At) : OnTheRecord;

    /// <summary>Playbook §7: a gap in understanding, tracked until it is answered.</summary>
    public sealed record QuestionAsked(QuestionId Question, string Text, UserId By, DateTimeOffset At) : OnTheRecord;

    /// <summary>The one answer a question gets, and how we know it.</summary>
    public sealed record QuestionAnswered(QuestionId Question, string Answer, string Source, UserId By, DateTimeOffset At) : OnTheRecord;

    /// <summary>
    /// Playbook §10: something we need from the customer, and why only they can give it. <paramref name="WordingOverridden"/>
    /// records that the author sent it to the business channel past the wording check on purpose.
    /// </summary>
    public sealed record CustomerAsked(AskId Ask, string Request, string Reason, bool WordingOverridden, UserId By, DateTimeOffset At) : OnTheRecord;

    /// <summary>The customer gave what we asked for, or we no longer need it.</summary>
    public sealed record CustomerAskDone(AskId Ask, string? Note, UserId By, DateTimeOffset At) : OnTheRecord;

    /// <summary>Playbook §12: a complaint or concern parked for the debrief, so the crisis work goes on.</summary>
    public sealed record ConcernParked(string Concern, UserId By, DateTimeOffset At) : OnTheRecord;

    /// <summary>Playbook §15: <paramref name="Person"/> spent this much time on the crisis, as <paramref name="By"/> recorded it.</summary>
    public sealed record TimeSpent(UserId Person, TimeSpan Spent, string? Note, UserId By, DateTimeOffset At) : OnTheRecord;
}
