namespace WarRoomBot.Crises;

/// <summary>What the step behind a deadline showed. Extended means it showed nothing in time (playbook §6).</summary>
public enum Outcome
{
    Confirmed,
    Disproved,
    Extended,
}

public enum TheoryStatus
{
    /// <summary>Being worked: its plan has not confirmed or disproved it yet.</summary>
    Open,

    /// <summary>Its plan confirmed it; the latest confirmed theory is the working explanation.</summary>
    Confirmed,

    /// <summary>Its plan disproved it; it stays on the record so nobody chases it again.</summary>
    Disproved,

    /// <summary>Recorded by mistake and withdrawn with a reason; it stays on the record and explains nothing.</summary>
    Withdrawn,
}

/// <summary>How a deadline counts in digests and the debrief (playbook §6).</summary>
public enum DeadlineRecord
{
    /// <summary>No outcome yet and not escalated.</summary>
    Open,

    /// <summary>Confirmed or disproved before it was escalated as missed.</summary>
    Kept,

    /// <summary>Escalated with no outcome in time, or extended.</summary>
    Missed,

    /// <summary>Recorded by mistake and withdrawn: neither kept nor missed.</summary>
    Withdrawn,
}

/// <summary>Playbook §5: a theory is written with the plan that will prove or disprove it.</summary>
public sealed record Theory(TheoryId Id, string Statement, string Plan, UserId By, DateTimeOffset At, TheoryStatus Status, DateTimeOffset? SettledAt)
{
    /// <summary>Why, by whom and when it was withdrawn; null while it stands.</summary>
    public Withdrawal? Withdrawal { get; init; }
}

/// <summary>A mistaken entry taken back: the reason, who took it back and when. The entry itself stays on the record.</summary>
public sealed record Withdrawal(string Reason, UserId By, DateTimeOffset At);

/// <summary>The one outcome a deadline ever gets, who recorded it and when.</summary>
public sealed record DeadlineOutcome(Outcome Outcome, string? Note, UserId By, DateTimeOffset At);

/// <summary>
/// A written deadline for the next diagnostic step. Nothing on it is ever edited: an extension is the outcome
/// <see cref="Outcome.Extended"/> here plus a new deadline whose <see cref="Extends"/> points back.
/// </summary>
public sealed record Deadline(
    DeadlineId Id,
    string Step,
    TheoryId? Theory,
    DateTimeOffset Due,
    UserId SetBy,
    DateTimeOffset SetAt,
    DeadlineId? Extends,
    string? Reason)
{
    public DeadlineOutcome? Outcome { get; init; }

    /// <summary>The deadline that replaced this one when it was extended.</summary>
    public DeadlineId? ExtendedBy { get; init; }

    /// <summary>The owner was reminded ahead of the due time.</summary>
    public bool Reminded { get; init; }

    /// <summary>The due time passed and the bot asked for the outcome.</summary>
    public bool FellDue { get; init; }

    /// <summary>No outcome came within the grace period; the owner and the business channel were told (playbook §11).</summary>
    public bool Escalated { get; init; }

    /// <summary>Why, by whom and when it was withdrawn; a withdrawn deadline takes no outcome and the clock leaves it alone.</summary>
    public Withdrawal? Withdrawal { get; init; }

    public bool IsOpen => Outcome is null && Withdrawal is null;

    public DeadlineRecord Record => Withdrawal is not null ? DeadlineRecord.Withdrawn : Outcome switch
    {
        null => Escalated ? DeadlineRecord.Missed : DeadlineRecord.Open,
        { Outcome: Crises.Outcome.Extended } => DeadlineRecord.Missed,
        _ => Escalated ? DeadlineRecord.Missed : DeadlineRecord.Kept,
    };
}

/// <summary>A message the bot posted for the crisis, by the key the publisher gave it, and whether it was since updated.</summary>
public sealed record Post(string Key, ChannelKind Kind, string Ts, bool Updated);
