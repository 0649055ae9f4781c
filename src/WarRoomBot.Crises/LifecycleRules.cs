using System.Collections.Immutable;
using System.Globalization;

namespace WarRoomBot.Crises;

/// <summary>
/// <c>resolve &lt;what fixed it&gt;</c>; <paramref name="Abandon"/> records the deadlines still open as abandoned instead of
/// refusing.
/// </summary>
public sealed record Resolve(string Fix, bool Abandon, UserId By);

/// <summary><c>accepted [note]</c>: the customer acknowledged the fix.</summary>
public sealed record AcceptFix(string? Note, UserId By);

/// <summary>The problem came back: at the follow-up ("It came back") or through other ways (<c>reopen because …</c>).</summary>
public sealed record Reopen(string? Reason, UserId By);

/// <summary>
/// Still fixed at the follow-up of <paramref name="Resolution"/>: the customer's satisfaction, 1 to 5, and a comment;
/// <paramref name="ArchiveRooms"/> archives both channels once the close is announced.
/// </summary>
public sealed record CloseCrisis(int Resolution, int Satisfaction, string? Comment, bool ArchiveRooms, UserId By);

/// <summary>
/// Playbook §13: resolved means the customer says so; then follow up. The owner or the sponsor resolves (one accountable
/// voice, §3) and only with every diagnostic deadline answered or knowingly abandoned (§6: a deadline is never silently
/// dropped). The customer's acceptance stops the business updates and schedules the follow-up; at the follow-up the
/// crisis is either closed with the customer's satisfaction on record, or reopened with its history kept.
/// <para>
/// Every other rule asks here whether it applies at the crisis's stage: <see cref="WhileOpen"/> for the diagnosis and the
/// severity (a resolved crisis takes no new theories; if it is not fixed, reopen it), <see cref="UntilAccepted"/> for
/// business updates, which stop when the customer accepts, and <see cref="UntilClosed"/> for what stays true of any crisis
/// until it is closed: facts, questions, asks, the parking lot, time spent, impact and ownership (someone owns the follow-up).
/// </para>
/// </summary>
public static class LifecycleRules
{
    public const int MaxTextLength = 500;

    public const int MaxComment = 1000;

    private const string ResolveExample = "`/crisis resolve rolled back firmware 4.2 on all stores`";

    public static Decision Resolve(Crisis crisis, Resolve command, UpdatePolicy updates, DateTimeOffset now)
    {
        var fix = command.Fix.Trim();
        if (NotOpened(crisis) is { } none)
            return none;
        if (crisis.Lifecycle.Stage != Stage.Open)
            return Decision.Reject(AlreadyResolved(crisis));
        if (WhoMayResolve(crisis, command.By, "resolve it") is { } refused)
            return Decision.Reject(refused);
        if (fix.Length == 0)
            return Decision.Reject($"Say what fixed it, so the record and the business channel know, e.g. {ResolveExample}.");
        if (fix.Length > MaxTextLength)
            return Decision.Reject($"What fixed it is {fix.Length} characters; keep it under {MaxTextLength} and put the detail in the technical channel.");

        // Playbook §6: a written deadline is never silently dropped; it gets its outcome, or is abandoned on purpose.
        var open = crisis.Deadlines.Where(d => d.IsOpen).ToList();
        if (open.Count > 0 && !command.Abandon)
        {
            var list = string.Join("\n", open.Select(d => $"• {d.Id}: {d.Step} (due {Clock(d.Due)})"));
            var first = open[0].Id;
            return Decision.Reject(
                $"{Count(open.Count, "deadline is", "deadlines are")} still open, so the crisis was not resolved:\n{list}\n"
                + $"Record each outcome first (`/crisis confirmed {first} [note]` or `/crisis disproved {first} [note]`), "
                + $"or record {(open.Count == 1 ? "it" : "them all")} as abandoned: `/crisis resolve {fix} abandon`.");
        }

        var next = new NextUpdate(now + updates.WhileResolved, NextUpdateCause.Resolved, updates.WhileResolved, null, null, now);
        return Decision.Accept(new CrisisEvent.Resolved(
            crisis.Lifecycle.Resolutions.Count + 1, fix, new(open.Select(d => d.Id)), next, command.By, now));
    }

    public static Decision Accept(Crisis crisis, AcceptFix command, LifecyclePolicy policy, DateTimeOffset now)
    {
        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        if (NotOpened(crisis) is { } none)
            return none;
        var life = crisis.Lifecycle;
        if (life.Stage == Stage.Open)
            return Decision.Reject($"Crisis {crisis.Id} is not resolved yet: the customer accepts a fix once it is recorded with {ResolveExample}.");
        if (life.Stage == Stage.Accepted)
        {
            var accepted = life.Current!.Accepted!;
            return Decision.Reject($"The customer's acceptance is already on record, from {accepted.By.InSentence} at {Clock(accepted.At)}; the follow-up is due at {Clock(accepted.FollowUpDue)}.");
        }

        if (life.Stage == Stage.Closed)
            return Decision.Reject(ClosedSince(crisis));
        if (WhoMayResolve(crisis, command.By, "record the customer's acceptance") is { } refused)
            return Decision.Reject(refused);
        if (note is { Length: > MaxTextLength })
            return Decision.Reject($"The note is {note.Length} characters; keep it under {MaxTextLength}.");

        return Decision.Accept(new CrisisEvent.FixAccepted(life.Current!.Number, note, now + policy.FollowUpAfter, command.By, now));
    }

    public static Decision Reopen(Crisis crisis, Reopen command, UpdatePolicy updates, DateTimeOffset now)
    {
        var reason = command.Reason?.Trim() ?? "";
        if (NotOpened(crisis) is { } none)
            return none;
        switch (crisis.Lifecycle.Stage)
        {
            case Stage.Open:
                return Decision.Reject($"Crisis {crisis.Id} is open; there is nothing to reopen.");
            case Stage.Closed:
                return Decision.Reject(ClosedSince(crisis));
        }

        if (WhoMayResolve(crisis, command.By, "reopen it") is { } refused)
            return Decision.Reject(refused);
        if (reason.Length == 0)
            return Decision.Reject("Say why it is reopened, so the record shows what came back, e.g. `/crisis reopen because store 12 froze again at 09:10`.");
        if (reason.Length > MaxTextLength)
            return Decision.Reject($"The reason is {reason.Length} characters; keep it under {MaxTextLength}.");

        // Playbook §9: open again, the business channel hears from us at the current severity's cadence from now.
        var open = crisis with { Lifecycle = crisis.Lifecycle with { Stage = Stage.Open } };
        return Decision.Accept(new CrisisEvent.Reopened(
            crisis.Lifecycle.Reopenings.Count + 1, reason, UpdateRules.Automatic(open, updates, now), command.By, now));
    }

    public static Decision Close(Crisis crisis, CloseCrisis command, DateTimeOffset now)
    {
        var comment = string.IsNullOrWhiteSpace(command.Comment) ? null : command.Comment.Trim();
        if (NotOpened(crisis) is { } none)
            return none;
        if (CannotClose(crisis, command.Resolution, command.By) is { } refused)
            return Decision.Reject(refused);
        if (command.Satisfaction is < 1 or > 5)
            return Decision.Reject("Give the customer's satisfaction from 1 (very unhappy) to 5 (very happy).");
        if (comment is { Length: > MaxComment })
            return Decision.Reject($"The comment is {comment.Length} characters; keep it under {MaxComment}.");

        return Decision.Accept(new CrisisEvent.Closed(command.Satisfaction, comment, command.ArchiveRooms, command.By, now));
    }

    /// <summary>
    /// Why the follow-up of <paramref name="resolution"/> cannot close the crisis for <paramref name="by"/>, or null when it
    /// can: asked before the satisfaction form opens, so nobody fills it in for nothing.
    /// </summary>
    public static string? CannotClose(Crisis crisis, int resolution, UserId by)
    {
        var life = crisis.Lifecycle;
        if (life.Stage == Stage.Closed)
            return ClosedSince(crisis);
        if (life.Stage != Stage.Accepted || life.Current!.Number != resolution)
            return $"This follow-up is no longer current: crisis {crisis.Id} is {Describe(crisis)}.";
        return WhoMayResolve(crisis, by, "close it");
    }

    /// <summary>
    /// Playbook §3: the owner answers for the crisis and the sponsor backs them, so they, and only they, say it is fixed,
    /// that the customer agrees, or that it came back. Null when <paramref name="by"/> may; otherwise who can.
    /// </summary>
    public static string? WhoMayResolve(Crisis crisis, UserId by, string what) =>
        by == crisis.Owner || by == crisis.Ownership.Sponsor
            ? null
            : crisis.Ownership.Sponsor is { } sponsor
                ? $"Only the crisis owner {crisis.Owner.InSentence} or the sponsor {sponsor.InSentence} can {what}; ask one of them."
                : $"Only the crisis owner {crisis.Owner.InSentence} can {what}; ask them.";

    /// <summary>For the diagnosis and the severity: null while the crisis is being worked; otherwise why not, and what to do.</summary>
    public static Decision? WhileOpen(Crisis crisis, string what) =>
        NotOpened(crisis) ?? (crisis.Lifecycle.Stage switch
        {
            Stage.Open => null,
            Stage.Closed => Decision.Reject(ClosedSince(crisis)),
            _ => Decision.Reject($"Crisis {crisis.Id} is {Describe(crisis)}, so it takes no {what}. If the problem is back, "
                + "reopen it first: `/crisis reopen because the freezes are back`."),
        });

    /// <summary>For business updates: null until the customer accepts the fix; otherwise why they stopped.</summary>
    public static Decision? UntilAccepted(Crisis crisis, string what) =>
        NotOpened(crisis) ?? (crisis.Lifecycle.Stage switch
        {
            Stage.Open or Stage.Resolved => null,
            Stage.Closed => Decision.Reject(ClosedSince(crisis)),
            _ => Decision.Reject($"Crisis {crisis.Id} is {Describe(crisis)}; business updates ended with the customer's acceptance, so there is no {what}. "
                + "If the problem is back, `/crisis reopen because the freezes are back`."),
        });

    /// <summary>For what stays true of a crisis until it is closed: null unless it is closed.</summary>
    public static Decision? UntilClosed(Crisis crisis) =>
        NotOpened(crisis) ?? (crisis.Lifecycle.Stage == Stage.Closed ? Decision.Reject(ClosedSince(crisis)) : null);

    /// <summary>The stage in words: "resolved since 14:05 UTC on 3 Mar, awaiting the customer's acceptance".</summary>
    public static string Describe(Crisis crisis)
    {
        var life = crisis.Lifecycle;
        return life.Stage switch
        {
            Stage.Resolved => $"resolved since {Clock(life.Current!.At)}, awaiting the customer's acceptance",
            Stage.Accepted => $"accepted by the customer since {Clock(life.Current!.Accepted!.At)}, with the follow-up due at {Clock(life.Current.Accepted.FollowUpDue)}",
            Stage.Closed => $"closed since {Clock(life.Closure!.At)}",
            _ => life.Reopenings.Count > 0 ? $"open again since {Clock(life.Reopenings[^1].At)}" : "open",
        };
    }

    private static string ClosedSince(Crisis crisis) =>
        $"Crisis {crisis.Id} is closed since {Clock(crisis.Lifecycle.Closure!.At)}; its record is kept as it is. "
        + "If the problem is back, open a new crisis with `/crisis open <title>`.";

    private static string AlreadyResolved(Crisis crisis) => crisis.Lifecycle.Stage == Stage.Closed
        ? ClosedSince(crisis)
        : $"Crisis {crisis.Id} is already {Describe(crisis)}.";

    private static Decision? NotOpened(Crisis crisis) =>
        crisis.IsOpened ? null : Decision.Reject("That crisis has not been opened.");

    private static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n} {many}";

    private static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm 'UTC on' d MMM", CultureInfo.InvariantCulture);
}

/// <summary>
/// What the passing of time does to an accepted fix: when the follow-up is due, the owner is asked once whether it is
/// still fixed (playbook §13).
/// </summary>
public static class LifecycleClock
{
    public static ImmutableArray<CrisisEvent> Tick(Crisis crisis, DateTimeOffset now) =>
        FollowUp(crisis) is { } resolution && now >= resolution.Accepted!.FollowUpDue
            ? [new CrisisEvent.FollowUpFellDue(resolution.Number, now)]
            : [];

    public static DateTimeOffset? NextWake(Crisis crisis) => FollowUp(crisis)?.Accepted!.FollowUpDue;

    private static Resolution? FollowUp(Crisis crisis) =>
        crisis.Lifecycle is { Stage: Stage.Accepted, Current: { FollowUpAsked: false } current } ? current : null;
}
