using System.Collections.Immutable;

namespace WarRoomBot.Crises;

/// <summary>
/// The owner's own business update: their words, when the next one comes and why then. <paramref name="Anyway"/> posts
/// past the wording check on purpose (<c>/crisis update! …</c>).
/// </summary>
public sealed record OwnerUpdate(string Text, DateTimeOffset Next, string? Reason, bool Anyway, UserId By);

/// <summary>
/// Playbook §8, §9 and §11: the business channel hears from us on a known rhythm, in firm words, and each update says
/// when the next one comes and why then. Pure: the clock and the commands decide here with the <c>now</c> they are given.
/// </summary>
public static class UpdateRules
{
    /// <summary>An owner update longer than this belongs in the technical channel; executives read a business update in 20 seconds.</summary>
    public const int MaxTextLength = 2000;

    /// <summary>A stated reason longer than this is a second update, not a reason.</summary>
    public const int MaxReasonLength = 300;

    /// <summary>
    /// The next update when nobody names one: the severity's cadence from <paramref name="now"/>, or earlier when an open
    /// deadline falls due before then, a margin after its due time so that its outcome can be told. Never sooner than
    /// half a cadence: a string of short deadlines must not turn the executives' briefing into a ticker, and what they
    /// settle reaches the business channel at once anyway when it is material.
    /// </summary>
    public static NextUpdate Automatic(Crisis crisis, UpdatePolicy policy, DateTimeOffset now)
    {
        if (crisis.Lifecycle.Stage == Stage.Resolved)
            return new NextUpdate(now + policy.WhileResolved, NextUpdateCause.Resolved, policy.WhileResolved, null, null, now);
        // Issue 15: relieved pain slows the rhythm; a deadline falling due before then is still news.
        var mitigated = crisis.Mitigation.IsMitigated;
        var cadence = mitigated ? policy.Mitigated(crisis.Severity) : policy.Cadence.For(crisis.Severity);
        var next = new NextUpdate(now + cadence, mitigated ? NextUpdateCause.Mitigated : NextUpdateCause.Cadence, cadence, null, null, now);
        foreach (var deadline in crisis.Deadlines)
        {
            var at = deadline.Due + policy.OutcomeMargin;
            if (deadline.IsOpen && deadline.Due > now && at < next.Due && at >= now + cadence / 2)
                next = new NextUpdate(at, NextUpdateCause.Deadline, cadence, deadline.Id, null, now);
        }

        return next;
    }

    /// <summary><c>/crisis digest</c> (or the reminder's "Post the digest now"): the digest goes out now and the rhythm restarts from now.</summary>
    public static Decision Digest(Crisis crisis, UserId by, UpdatePolicy policy, DateTimeOffset now) =>
        !crisis.IsOpened ? Decision.Reject("There is no such crisis.")
        : LifecycleRules.UntilAccepted(crisis, "digest to post") is { } ended ? ended
        : Decision.Accept(Given(crisis, UpdateKind.Digest, null, by, false, Automatic(crisis, policy, now), now));

    /// <summary>The owner's own update, checked for what the business channel must always be told and for firm wording.</summary>
    public static Decision Post(Crisis crisis, OwnerUpdate update, UpdatePolicy policy, DateTimeOffset now)
    {
        if (!crisis.IsOpened)
            return Decision.Reject("There is no such crisis.");
        if (LifecycleRules.UntilAccepted(crisis, "update to post") is { } ended)
            return ended;
        var problem = WhoMayPost(crisis, update.By)
            ?? CheckText(update.Text)
            ?? CheckReason(update.Reason)
            ?? CheckNext(crisis, update.Next, policy, now)
            ?? (update.Anyway ? null : Wording.Refusal(update.Text, update.Reason!, "it was not posted", "post it as it is on purpose with `/crisis update! …`"));
        if (problem is not null)
            return Decision.Reject(problem);

        var cadence = policy.Cadence.For(crisis.Severity);
        var next = new NextUpdate(update.Next, NextUpdateCause.Owner, cadence, null, update.Reason!.Trim(), now);
        return Decision.Accept(Given(crisis, UpdateKind.Owner, update.Text.Trim(), update.By, update.Anyway, next, now));
    }

    /// <summary>
    /// Playbook §3: one accountable voice. Anyone can still send the digest; only the owner, or the executive sponsor who
    /// backs them and answers to the business, speaks in their own words.
    /// </summary>
    public static string? WhoMayPost(Crisis crisis, UserId by) => by == crisis.Owner || by == crisis.Ownership.Sponsor
        ? null
        : crisis.Ownership.Sponsor is { } sponsor
            ? $"Business updates in your own words come from the owner, {crisis.Owner.InSentence}, or the sponsor, {sponsor.InSentence}; ask one of them, or run `/crisis digest` to post the digest now."
            : $"Business updates in your own words come from the owner, {crisis.Owner.InSentence}; ask them, or run `/crisis digest` to post the digest now.";

    public static string? CheckText(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
            return "The update is empty: write what the business channel should hear.";
        return trimmed.Length > MaxTextLength
            ? $"The update is {trimmed.Length} characters; keep it under {MaxTextLength} so an executive reads it in 20 seconds. Put the detail in the technical channel."
            : null;
    }

    /// <summary>Playbook §9: an update without a reason for its next time is not accepted.</summary>
    public static string? CheckReason(string? reason)
    {
        var trimmed = reason?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return "Say why the next update comes then, e.g. `because the rollout to the last 50 stores finishes then`.";
        return trimmed.Length > MaxReasonLength
            ? $"The reason is {trimmed.Length} characters; keep it under {MaxReasonLength}. Put the detail in the update itself."
            : null;
    }

    /// <summary>
    /// The next update must come, and not too late: a time later than the cadence is accepted because its reason is
    /// shown; one past <see cref="UpdatePolicy.LongestWait"/> is refused with the limit.
    /// </summary>
    public static string? CheckNext(Crisis crisis, DateTimeOffset next, UpdatePolicy policy, DateTimeOffset now)
    {
        if (next <= now)
            return "The next update must be in the future: it names when the business channel hears from us again.";
        var longest = policy.LongestWait(crisis.Severity);
        return next - now > longest
            ? $"The next update can be at most {DiagnosisRules.Minutes(longest)} away for a {crisis.Severity.Label()} crisis ({policy.MaxCadences} times its cadence, or {DiagnosisRules.Minutes(policy.MaxAhead)}, whichever is sooner); the business channel must not wait longer. Name an earlier time."
            : null;
    }

    private static CrisisEvent.BusinessUpdateGiven Given(Crisis crisis, UpdateKind kind, string? text, UserId? by, bool overridden, NextUpdate next, DateTimeOffset now) =>
        new(crisis.Updates.NextNumber, kind, text, by, overridden, crisis.Updates.Next.Due, next, now);
}

/// <summary>
/// What the passing of time does to a crisis's business updates: the owner is reminded ahead of the promised time, and
/// at that time the digest goes out by itself. Asking late, or twice, records each once.
/// </summary>
public static class UpdateClock
{
    public static ImmutableArray<CrisisEvent> Tick(Crisis crisis, UpdatePolicy policy, DateTimeOffset now)
    {
        if (!crisis.IsOpened || !crisis.Lifecycle.WantsBusinessUpdates)
            return [];
        var next = crisis.Updates.Next;
        if (now >= next.Due)
            return [new CrisisEvent.BusinessUpdateGiven(crisis.Updates.NextNumber, UpdateKind.Digest, null, null, false, next.Due, UpdateRules.Automatic(crisis, policy, now), now)];
        if (WantsReminder(crisis, policy) && now >= next.Due - policy.ReminderLead)
            return [new CrisisEvent.UpdateApproaching(next.Due, now)];
        return [];
    }

    public static DateTimeOffset? NextWake(Crisis crisis, UpdatePolicy policy) =>
        !crisis.IsOpened || !crisis.Lifecycle.WantsBusinessUpdates ? null
        : WantsReminder(crisis, policy) ? crisis.Updates.Next.Due - policy.ReminderLead
        : crisis.Updates.Next.Due;

    /// <summary>A reminder is worth sending only when the promise was made further ahead than the lead time.</summary>
    private static bool WantsReminder(Crisis crisis, UpdatePolicy policy) =>
        !crisis.Updates.Reminded && crisis.Updates.Next.Due - policy.ReminderLead > crisis.Updates.Next.SetAt;
}
