using System.Globalization;

namespace WarRoomBot.Crises;

/// <summary>The impact as numbers and facts; only the parts given are recorded, the rest keep what was recorded before.</summary>
public sealed record AssessImpact(Impact Given, UserId By);

/// <summary>A new severity, and why; a missing reason is the rules' to judge against the suggestion.</summary>
/// <paramref name="Anyway"/> (<c>severity!</c>) announces the reason as written even if the wording check finds it hedged.
public sealed record ChangeSeverity(Severity To, string? Reason, UserId By, bool Anyway = false);

/// <summary>
/// Playbook §1, triage by the customer's pain: the impact is recorded as numbers and facts, the priority score and the
/// severity it suggests follow from them (<see cref="Priority.Of"/>), and a severity chosen against the suggestion needs
/// a stated reason. Playbook §9: a new severity brings its own update cadence from the moment it is set.
/// <para>
/// Who: anyone in the crisis's channels records the impact (support and account managers know the numbers first); the
/// severity is changed only by whoever <see cref="MayChangeSeverity"/> names, because it sets how often the business
/// channel hears from us (§3: one accountable voice).
/// </para>
/// </summary>
public static class TriageRules
{
    /// <summary>A reason longer than this is an update, not a reason.</summary>
    public const int MaxReasonLength = 300;

    private const string ImpactExample = "`/crisis impact users 1200 sites 300 of 410 loss 25000/h scope global`";

    public static Decision Assess(Crisis crisis, AssessImpact command, DateTimeOffset now)
    {
        var given = command.Given;
        if (LifecycleRules.UntilClosed(crisis) is { } closed)
            return closed;
        if (given.IsEmpty)
            return Decision.Reject($"Say what the impact is, e.g. {ImpactExample}.");
        if (given.SitesTotal is not null && given.Sites is null)
            return Decision.Reject("Say how many sites are affected before how many there are, e.g. `sites 300 of 410`.");
        if (given.SitesTotal is 0)
            return Decision.Reject("The customer has at least one site: `sites 300 of 410` counts the sites affected of all their sites.");
        if (given.Sites is { } sites && given.SitesTotal is { } total && sites > total)
            return Decision.Reject($"{Count(sites)} of {Count(total)} sites is more sites affected than the customer has. Nothing was recorded; check the numbers.");

        var merged = crisis.Triage.Impact.With(given);
        if (crisis.Triage.IsAssessed && merged == crisis.Triage.Impact)
            return Decision.Reject("That is the impact already on record; nothing changed. `/crisis status` shows it with its score.");

        return Decision.Accept(new CrisisEvent.ImpactAssessed(given, command.By, now));
    }

    public static Decision ChangeSeverity(Crisis crisis, ChangeSeverity command, PriorityPolicy priority, UpdatePolicy updates, DateTimeOffset now)
    {
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
        var to = command.To;
        if (LifecycleRules.WhileOpen(crisis, "severity change") is { } closed)
            return closed;
        if (WhoMayChangeSeverity(crisis, command.By) is { } refused)
            return Decision.Reject(refused);
        if (to == crisis.Severity)
            return Decision.Reject($"Crisis {crisis.Id} is already {to.Label()}; nothing changed.");
        if (reason is { Length: > MaxReasonLength })
            return Decision.Reject($"The reason is {reason.Length} characters; keep it under {MaxReasonLength}. Put the detail in the technical channel.");

        // Playbook §8: the reason is announced in the business channel, so it is held to the same words as an update.
        if (reason is not null && !command.Anyway
            && Wording.Refusal(reason, "the severity was not changed", "set it as it is on purpose with `/crisis severity! …`") is { } wording)
            return Decision.Reject(wording);

        // Playbook §1: the score suggests; a person decides, and says why when they decide otherwise.
        var suggestion = crisis.Triage.IsAssessed ? Priority.Of(crisis.Triage.Impact, priority) : null;
        if (reason is null && suggestion is null)
        {
            return Decision.Reject(
                $"No impact is recorded yet, so there is no suggested severity to go by: say why, e.g. `/crisis severity {to.Label()} because all 300 stores are now affected`, "
                + $"or record the impact first with {ImpactExample}. Nothing changed.");
        }

        if (reason is null && suggestion!.Suggested != to)
        {
            return Decision.Reject(
                $"The recorded impact scores {suggestion.Score}, which suggests {suggestion.Suggested.Label()}. To set {to.Label()} against the suggestion, say why: "
                + $"`/crisis severity {to.Label()} because <reason>`. Nothing changed.");
        }

        return Decision.Accept(new CrisisEvent.SeverityChanged(
            crisis.Severity, to, reason, suggestion?.Suggested, suggestion?.Score, NextUpdate(crisis, to, updates, now), command.By, now,
            WordingOverridden: reason is not null && command.Anyway));
    }

    /// <summary>
    /// Playbook §3: who may change the severity: the owner, who answers for the crisis, and the executive sponsor, who backs
    /// them. Null when <paramref name="by"/> may; otherwise the reply naming who can.
    /// </summary>
    public static string? WhoMayChangeSeverity(Crisis crisis, UserId by) =>
        by == crisis.Owner || by == crisis.Ownership.Sponsor
            ? null
            : crisis.Ownership.Sponsor is { } sponsor
                ? $"Only the crisis owner {crisis.Owner.InSentence} or the sponsor {sponsor.InSentence} can change the severity, because it sets how often the business channel hears from us; ask one of them."
                : $"Only the crisis owner {crisis.Owner.InSentence} can change the severity, because it sets how often the business channel hears from us; ask them.";

    /// <summary>
    /// Playbook §9: from the change on, the new severity's cadence (or an open deadline before it, as always) sets the next
    /// business update; but a time already promised is never put off: the business channel was told to expect us then.
    /// </summary>
    public static NextUpdate NextUpdate(Crisis crisis, Severity to, UpdatePolicy policy, DateTimeOffset now)
    {
        var promised = crisis.Updates.Next;
        var fresh = UpdateRules.Automatic(crisis with { Severity = to }, policy, now);
        if (fresh.Due < promised.Due)
            return fresh;

        // A promise made for the old cadence would read as the new severity's rhythm; a deadline's or the owner's reason still holds.
        return promised.Cause == NextUpdateCause.Cadence
            ? promised with { Cause = NextUpdateCause.Promised, Cadence = policy.Cadence.For(to) }
            : promised;
    }

    /// <summary>The impact's plain words for the rooms, the digest and status: "1,200 users, 300 of 410 sites, …; strategic reference customer".</summary>
    public static string Describe(Impact impact)
    {
        var parts = new List<string>();
        if (impact.Users is { } users)
            parts.Add(users == 1 ? "1 user" : $"{Count(users)} users");
        if (impact.Sites is { } sites)
            parts.Add(impact.SitesTotal is { } total ? $"{Count(sites)} of {Count(total)} sites" : sites == 1 ? "1 site" : $"{Count(sites)} sites");
        if (impact.LossPerHour is { } loss)
            parts.Add($"{Money(loss)} an hour");
        if (impact.Deal is { } deal)
            parts.Add($"a {Money(deal)} deal at stake");
        if (impact.Scope is { } scope)
            parts.Add(scope.ToString().ToLowerInvariant());
        var customer = (impact.Strategic, impact.Reference) switch
        {
            (true, true) => "strategic reference customer",
            (true, false) => "strategic customer",
            (false, true) => "reference customer",
            _ => null,
        };
        var text = string.Join(", ", parts);
        return customer is null ? text : text.Length == 0 ? customer : $"{text}; {customer}";
    }

    /// <summary>Dollars, with cents only when there are any.</summary>
    public static string Money(decimal amount) =>
        "$" + amount.ToString(amount == decimal.Truncate(amount) ? "N0" : "N2", CultureInfo.InvariantCulture);

    /// <summary>A count with thousands separators, the same for every reader.</summary>
    public static string Count(int count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
