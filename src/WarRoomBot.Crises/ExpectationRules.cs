using System.Collections.Immutable;
using System.Globalization;

namespace WarRoomBot.Crises;

/// <summary>
/// <c>/crisis target &lt;time&gt; worst &lt;time&gt; because &lt;reason&gt;</c>: new expectations from the owner or sponsor.
/// <paramref name="Anyway"/> (<c>target!</c>) announces the reason as written even if the wording check finds it hedged.
/// </summary>
public sealed record SetExpectations(DateTimeOffset Target, DateTimeOffset Worst, string? Reason, bool Anyway, UserId By);

/// <summary>
/// Playbook §11, set expectations and deliver bad news quickly. Each severity promises a target and a worst-case resolution
/// time counted from the report; the owner may set their own, with a reason the business channel reads. A severity change
/// brings its severity's expectations, unless the owner has set their own: those were agreed, and only the owner moves them.
/// </summary>
public static class ExpectationRules
{
    /// <summary>A reason longer than this is an update, not a reason.</summary>
    public const int MaxReasonLength = 300;

    private const string Example = "`/crisis target 18:00 worst tomorrow 12:00 because the fix needs a full regression run`";

    /// <summary>
    /// Whether expectations still apply to <paramref name="crisis"/>: shown, checked by the clock, and changeable. Only while
    /// it is worked: once resolved, the fix is in and the customer's word is what we wait for (playbook §13).
    /// </summary>
    public static bool Apply(Crisis crisis) => crisis.IsOpened && crisis.Lifecycle.Stage == Stage.Open;

    /// <summary>The severity's expectations, recorded with the crisis as it opens.</summary>
    public static CrisisEvent.ExpectationsDefaulted AtOpening(CrisisEvent.Opened opened, ExpectationPolicy policy) =>
        Defaults(opened.Severity, opened.At, policy, opened.At);

    /// <summary>
    /// <paramref name="decision"/> with the new severity's expectations added when it changes the severity, counted from the
    /// report as always; expectations the owner set stay as they are.
    /// </summary>
    public static Decision FollowSeverity(Crisis crisis, Decision decision, ExpectationPolicy policy)
    {
        if (!decision.IsAccepted || !Apply(crisis) || crisis.Expectations.Current is { ByOwner: true })
            return decision;
        var changed = decision.Events.OfType<CrisisEvent.SeverityChanged>().LastOrDefault();
        return changed is null ? decision : decision with { Events = decision.Events.Add(Defaults(changed.To, crisis.OpenedAt, policy, changed.At)) };
    }

    public static Decision Set(Crisis crisis, SetExpectations command, DateTimeOffset now)
    {
        if (LifecycleRules.WhileOpen(crisis, "new expectations") is { } notOpen)
            return notOpen;
        if (WhoMaySet(crisis, command.By) is { } refused)
            return Decision.Reject(refused);

        var reason = command.Reason?.Trim() ?? "";
        if (reason.Length == 0)
            return Decision.Reject($"Say why, e.g. {Example}: the business channel reads the reason with the new times.");
        if (reason.Length > MaxReasonLength)
            return Decision.Reject($"The reason is {reason.Length} characters; keep it under {MaxReasonLength}. Put the detail in the technical channel.");
        if (command.Target <= now)
            return Decision.Reject("The target is in the past: name a time still to come for the fix, e.g. `target 18:00` or `target tomorrow 09:00`.");
        if (command.Worst < command.Target)
            return Decision.Reject("The worst case is before the target: the worst case is the latest the fix can come, so it is the target or later.");
        if (crisis.Expectations.Current is { } current && current.Target == command.Target && current.Worst == command.Worst)
            return Decision.Reject("Those are the target and worst case already given; nothing changed.");

        // Playbook §8: the reason is announced in the business channel, so it is held to the same words as an update.
        if (!command.Anyway && Wording.Refusal(reason, "the expectations were not changed", "set them as they are on purpose with `/crisis target! …`") is { } wording)
            return Decision.Reject(wording);

        return Decision.Accept(new CrisisEvent.ExpectationsSet(command.Target, command.Worst, reason, command.By, command.Anyway, now));
    }

    /// <summary>
    /// Playbook §3: the expectations are a promise to the customer, so the owner, who answers for the crisis, or the
    /// sponsor, who backs them, sets them. Null when <paramref name="by"/> may; otherwise the reply naming who can.
    /// </summary>
    public static string? WhoMaySet(Crisis crisis, UserId by) =>
        by == crisis.Owner || by == crisis.Ownership.Sponsor
            ? null
            : crisis.Ownership.Sponsor is { } sponsor
                ? $"Only the crisis owner {crisis.Owner.InSentence} or the sponsor {sponsor.InSentence} can set the target and worst case, because they are a promise to the customer; ask one of them."
                : $"Only the crisis owner {crisis.Owner.InSentence} can set the target and worst case, because they are a promise to the customer; ask them.";

    /// <summary>
    /// The update the bot drafts for the owner when the target is at risk: the bad news first, in firm words, then where we
    /// stand and the next step, from the record. Plain text: it is posted as the owner's own words, which the business
    /// channel reads as written, so times are spelled out in UTC.
    /// </summary>
    public static string Draft(Crisis crisis, Expected expected, AtRiskCause cause, Deadline? missed, DateTimeOffset now)
    {
        var why = cause == AtRiskCause.DeadlineMissed && missed is not null
            ? $"we missed diagnostic deadline {missed.Id} ({OneLine(missed.Step)})"
            : $"{Percent(now - crisis.OpenedAt, expected.Target - crisis.OpenedAt)} of the time to it has passed without a fix";
        var lines = new List<string>
        {
            $"The target we gave for a fix, {Plain(expected.Target)}, is at risk: {why}. We are telling you now, not at the deadline.",
            crisis.WorkingExplanation is { } working
                ? $"Where we stand: the cause is identified ({working.Id}: {OneLine(working.Statement)}) and the fix is being worked."
                : crisis.Theories.FirstOrDefault(t => t.Status == TheoryStatus.Open) is { } testing
                ? $"Where we stand: the cause is not identified yet; we are testing {testing.Id}: {OneLine(testing.Statement)}."
                : "Where we stand: the cause is not identified yet; the engineers are gathering the facts.",
        };
        if (crisis.Deadlines.Where(d => d.IsOpen && d.Due > now).OrderBy(d => d.Due).FirstOrDefault() is { } next)
            lines.Add($"Next step: {next.Id}, {OneLine(next.Step)}, by {Plain(next.Due)}.");
        lines.Add(now < expected.Worst
            ? $"The worst case we gave, {Plain(expected.Worst)}, stands."
            : $"The worst case we gave, {Plain(expected.Worst)}, has passed; new times follow.");
        return string.Join("\n", lines);
    }

    /// <summary>
    /// The update in which the business channel heard from the owner or sponsor after <paramref name="risk"/> was found, or
    /// null. The digest the clock sends by itself does not count: the prompt asks for the bad news in a person's words.
    /// </summary>
    public static BusinessUpdate? Told(Crisis crisis, AtRisk risk) =>
        crisis.Updates.Given.FirstOrDefault(u => u.Kind == UpdateKind.Owner && u.At >= risk.At);

    /// <summary>"14:00 UTC on 23 Nov": a time in words that read the same for everyone, where no date token can go.</summary>
    public static string Plain(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm 'UTC on' d MMM", CultureInfo.InvariantCulture);

    private static CrisisEvent.ExpectationsDefaulted Defaults(Severity severity, DateTimeOffset reported, ExpectationPolicy policy, DateTimeOffset now)
    {
        var times = policy.For(severity);
        return new(severity, reported + times.Target, reported + times.Worst, now);
    }

    private static string Percent(TimeSpan used, TimeSpan whole) =>
        whole <= TimeSpan.Zero ? "all" : string.Create(CultureInfo.InvariantCulture, $"{Math.Min(100, (int)Math.Floor(100 * used / whole))}%");

    private static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>
/// What the passing of time does to the expectations (playbook §11): when most of the time to the target is used, or a
/// diagnostic deadline is missed, the owner is prompted once for the promise in force; when the worst case passes, the
/// business channel is told, once. Asking late, or twice, records each once.
/// </summary>
public static class ExpectationClock
{
    public static ImmutableArray<CrisisEvent> Tick(Crisis crisis, ClockPolicy policy, DateTimeOffset now)
    {
        if (!ExpectationRules.Apply(crisis) || crisis.Expectations.Current is not { } current)
            return [];
        var happened = ImmutableArray.CreateBuilder<CrisisEvent>();
        if (!current.AtRiskRaised)
        {
            var missed = Missed(crisis, current, policy.Deadlines).Where(m => m.At <= now).OrderBy(m => m.At).Select(m => m.Deadline).FirstOrDefault();
            var cause = missed is not null ? AtRiskCause.DeadlineMissed
                : now >= MostUsed(crisis, current, policy.Expectations) ? AtRiskCause.MostOfTargetUsed
                : (AtRiskCause?)null;
            if (cause is { } why)
            {
                happened.Add(new CrisisEvent.TargetAtRisk(crisis.Expectations.AtRisk.Count + 1, why, missed?.Id, current.Target, current.Worst,
                    ExpectationRules.Draft(crisis, current, why, missed, now), now));
            }
        }

        if (!current.WorstPassed && now >= current.Worst)
            happened.Add(new CrisisEvent.WorstCasePassed(current.Worst, now));
        return happened.ToImmutable();
    }

    public static DateTimeOffset? NextWake(Crisis crisis, ClockPolicy policy)
    {
        if (!ExpectationRules.Apply(crisis) || crisis.Expectations.Current is not { } current)
            return null;
        DateTimeOffset? next = current.WorstPassed ? null : current.Worst;
        if (!current.AtRiskRaised)
        {
            foreach (var at in Missed(crisis, current, policy.Deadlines).Select(m => m.At).Append(MostUsed(crisis, current, policy.Expectations)))
                next = next is null || at < next ? at : next;
        }

        return next;
    }

    /// <summary>When the share of the time from the report to the target that puts it at risk is used.</summary>
    private static DateTimeOffset MostUsed(Crisis crisis, Expected current, ExpectationPolicy policy) =>
        crisis.OpenedAt + (current.Target - crisis.OpenedAt) * policy.AtRiskFraction;

    /// <summary>
    /// Deadlines missed, or to be missed, while this promise stands, with the time each is (or will be) escalated as missed:
    /// a miss before the promise was made was known when it was made.
    /// </summary>
    private static IEnumerable<(Deadline Deadline, DateTimeOffset At)> Missed(Crisis crisis, Expected current, DeadlinePolicy policy) =>
        crisis.Deadlines
            .Where(d => d.Withdrawal is null && (d.Escalated || d.IsOpen))
            .Select(d => (Deadline: d, At: d.Due + policy.EscalateAfter))
            .Where(m => m.At > current.SetAt);
}
