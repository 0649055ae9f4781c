using System.Globalization;

namespace WarRoomBot.Crises;

/// <summary>
/// <c>mitigated[!] &lt;what relieves the pain now&gt;</c>; <paramref name="Anyway"/> announces it as written even if the
/// wording check finds it hedged.
/// </summary>
public sealed record Mitigate(string How, UserId By, bool Anyway = false);

/// <summary><c>unmitigated[!] because &lt;why&gt;</c>: the relief failed.</summary>
public sealed record Unmitigate(string Why, UserId By, bool Anyway = false);

/// <summary>
/// Issue 15, relieve the pain first, then fix: a hotel's signage screens showing an error were powered down that evening while
/// the fix took days. A mitigation is recorded apart from the fix: both rooms are told, the business updates slow to
/// <see cref="UpdatePolicy.Mitigated"/> (the pain that set the rhythm is relieved), and the crisis stays open until the fix.
/// A mitigation that fails is recorded too, and the severity's cadence returns.
/// <para>
/// Who: the owner or the sponsor (playbook §3: one accountable voice), because it changes what the business channel is told
/// and how often. Only while the crisis is open: a resolved crisis has its fix. The words go to the business channel, so
/// they are held to the same wording as an update (§8).
/// </para>
/// </summary>
public static class MitigationRules
{
    /// <summary>Longer than this is a report; the detail belongs in the technical channel.</summary>
    public const int MaxTextLength = 300;

    private const string MitigateExample = "`/crisis mitigated the stores switched to the offline tills, so they sell again`";

    private const string UnmitigateExample = "`/crisis unmitigated because the offline tills stop after 500 sales`";

    public static Decision Mitigate(Crisis crisis, Mitigate command, UpdatePolicy updates, DateTimeOffset now)
    {
        var how = command.How.Trim();
        if (LifecycleRules.WhileOpen(crisis, "mitigation") is { } closed)
            return closed;
        if (WhoMayMitigate(crisis, command.By) is { } refused)
            return Decision.Reject(refused);
        if (crisis.Mitigation.Current is { } current)
        {
            return Decision.Reject(
                $"The customer's pain is already recorded as relieved, by {current.By.InSentence} at {Clock(current.At)}: {current.How}. "
                + $"If that relief failed, say so first: {UnmitigateExample}.");
        }

        if (how.Length == 0)
            return Decision.Reject($"Say what relieves the customer's pain now, while the fix goes on, e.g. {MitigateExample}.");
        if (how.Length > MaxTextLength)
            return Decision.Reject($"The mitigation is {how.Length} characters; keep it under {MaxTextLength} and put the detail in the technical channel. Nothing was recorded.");

        // Playbook §8: it is announced in the business channel, so it is held to the same words as an update.
        if (!command.Anyway && Wording.Refusal(how, "nothing was recorded", "announce it as written on purpose with `/crisis mitigated! …`") is { } wording)
            return Decision.Reject(wording);

        var number = crisis.Mitigation.Entries.Count + 1;
        var relieved = crisis with { Mitigation = crisis.Mitigation with { Entries = crisis.Mitigation.Entries.Add(new MitigationEntry(number, how, crisis.Updates.Next, command.Anyway, command.By, now)) } };
        return Decision.Accept(new CrisisEvent.Mitigated(number, how, UpdateRules.Automatic(relieved, updates, now), command.Anyway, command.By, now));
    }

    public static Decision Unmitigate(Crisis crisis, Unmitigate command, UpdatePolicy updates, DateTimeOffset now)
    {
        var why = command.Why.Trim();
        if (LifecycleRules.WhileOpen(crisis, "mitigation change") is { } closed)
            return closed;
        if (WhoMayMitigate(crisis, command.By) is { } refused)
            return Decision.Reject(refused);
        if (crisis.Mitigation.Current is not { } current)
            return Decision.Reject($"No mitigation holds for crisis {crisis.Id}, so there is none to mark failed. Record one with {MitigateExample}.");
        if (why.Length == 0)
            return Decision.Reject($"Say why the mitigation failed, so the record and the business channel know, e.g. {UnmitigateExample}.");
        if (why.Length > MaxTextLength)
            return Decision.Reject($"The reason is {why.Length} characters; keep it under {MaxTextLength} and put the detail in the technical channel. Nothing was recorded.");
        if (!command.Anyway && Wording.Refusal(why, "nothing was recorded", "announce it as written on purpose with `/crisis unmitigated! …`") is { } wording)
            return Decision.Reject(wording);

        // Playbook §9: the pain is back, so the severity's rhythm is too; never later than already promised.
        var promised = crisis.Updates.Next;
        var fresh = UpdateRules.Automatic(crisis with { Mitigation = Mitigation.None }, updates, now);
        return Decision.Accept(new CrisisEvent.MitigationFailed(current.Number, why, fresh.Due < promised.Due ? fresh : promised, command.Anyway, command.By, now));
    }

    /// <summary>
    /// Playbook §3: who may record a mitigation or its failure: the owner and the sponsor, as for the severity. Null when
    /// <paramref name="by"/> may; otherwise the reply naming who can.
    /// </summary>
    public static string? WhoMayMitigate(Crisis crisis, UserId by) =>
        by == crisis.Owner || by == crisis.Ownership.Sponsor
            ? null
            : crisis.Ownership.Sponsor is { } sponsor
                ? $"Only the crisis owner {crisis.Owner.InSentence} or the sponsor {sponsor.InSentence} can record a mitigation or its failure, because it changes what the business channel is told and how often; ask one of them."
                : $"Only the crisis owner {crisis.Owner.InSentence} can record a mitigation or its failure, because it changes what the business channel is told and how often; ask them.";

    private static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm 'UTC on' d MMM", CultureInfo.InvariantCulture);
}
