using System.Collections.Immutable;

namespace WarRoomBot.Crises;

/// <summary>Hand the crisis to <paramref name="To"/> for <paramref name="Reason"/>; <paramref name="Phone"/> when typed.</summary>
public sealed record HandOver(UserId To, string? Phone, string? Reason, UserId By);

/// <summary>The new owner of handover <paramref name="Handover"/> accepts it.</summary>
public sealed record AcceptOwnership(int Handover, UserId By);

/// <summary>Name <paramref name="Sponsor"/> the crisis's executive sponsor.</summary>
public sealed record NameSponsor(UserId Sponsor, UserId By);

/// <summary>
/// Playbook §3, one accountable owner, always. A handover is recorded with from whom, to whom, when and why; the new owner
/// says "I own this", and until they do the crisis is at risk of having nobody who knows it is theirs, so after
/// <see cref="OwnerPolicy.AcceptWithin"/> the sponsor is asked to step in (the opener, when there is no sponsor). The customer
/// must be able to call the owner, so the owner's phone is on record: typed with the handover, or from their Slack profile.
/// <para>
/// Who may: the current owner, the sponsor or whoever opened the crisis hands it over (the opener keeps the right because
/// they put the crisis in the owner's hands in the first place). The sponsor is named by the owner or the opener: the
/// sponsor is who the bot escalates to, so it is not theirs to appoint themselves.
/// </para>
/// </summary>
public static class OwnerRules
{
    public const int MaxReasonLength = 500;

    private const string HandOverExample = "`/crisis owner @dana phone +1 555 0100 because Alice is off shift`";

    public static Decision HandOver(Crisis crisis, HandOver command, DateTimeOffset now)
    {
        if (NotOpen(crisis) is { } closed)
            return closed;
        if (!command.To.IsWellFormed)
            return Decision.Reject($"Name the new owner with a Slack mention, e.g. {HandOverExample}.");
        if (MayHandOver(crisis, command.By) is { } refused)
            return Decision.Reject(refused);

        var reason = command.Reason?.Trim() ?? "";
        var phone = command.Phone?.Trim();
        if (phone is not null && CheckPhone(phone) is { } badPhone)
            return Decision.Reject(badPhone);
        if (command.To == crisis.Owner)
        {
            // Handing the crisis to its owner changes nothing, except the number the customer calls them on.
            return phone is null
                ? Decision.Reject($"{crisis.Owner.InSentence} already owns this crisis. To hand it over name someone else, e.g. {HandOverExample}.")
                : Decision.Accept(new CrisisEvent.OwnerPhoneGiven(crisis.Owner, phone, command.By, now));
        }

        if (reason.Length == 0)
            return Decision.Reject($"A handover needs its reason, so the record says why the owner changed, e.g. {HandOverExample}.");
        if (reason.Length > MaxReasonLength)
            return Decision.Reject($"The reason is {reason.Length} characters; keep it under {MaxReasonLength}.");

        var number = crisis.Ownership.Handovers.Count + 1;
        CrisisEvent handedOver = new CrisisEvent.OwnerHandedOver(number, crisis.Owner, command.To, phone, reason, command.By, now);

        // Whoever takes the crisis themselves has accepted it by doing so.
        return command.By == command.To
            ? Decision.Accept(handedOver, new CrisisEvent.OwnershipAccepted(number, command.By, now))
            : Decision.Accept(handedOver);
    }

    public static Decision Accept(Crisis crisis, AcceptOwnership command, DateTimeOffset now)
    {
        if (NotOpen(crisis) is { } closed)
            return closed;
        if (crisis.Ownership.Handover(command.Handover) is not { } handover)
            return Decision.Reject("That handover is not on this crisis's record.");
        if (handover.Number != crisis.Ownership.Handovers.Count)
            return Decision.Reject($"This crisis was handed over again since; {crisis.Owner.InSentence} owns it now.");
        if (command.By != handover.To)
            return Decision.Reject($"Only {handover.To.InSentence}, the new owner, can accept this handover.");
        if (handover.IsAccepted)
            return Decision.Reject("You already accepted this crisis; it is yours.");

        return Decision.Accept(new CrisisEvent.OwnershipAccepted(handover.Number, command.By, now));
    }

    public static Decision Sponsor(Crisis crisis, NameSponsor command, DateTimeOffset now)
    {
        if (NotOpen(crisis) is { } closed)
            return closed;
        if (!command.Sponsor.IsWellFormed)
            return Decision.Reject("Name the sponsor with a Slack mention, e.g. `/crisis sponsor @vera`.");
        if (command.By != crisis.Owner && command.By != crisis.OpenedBy)
        {
            return Decision.Reject(crisis.Owner == crisis.OpenedBy
                ? $"Only the owner {crisis.Owner.InSentence} can name the sponsor; ask them."
                : $"Only the owner {crisis.Owner.InSentence} or {crisis.OpenedBy.InSentence}, who opened the crisis, can name the sponsor; ask one of them.");
        }

        if (command.Sponsor == crisis.Owner)
            return Decision.Reject($"{crisis.Owner.InSentence} owns the crisis; the sponsor is someone else, the executive who backs the owner and whom the bot escalates to.");
        if (command.Sponsor == crisis.Ownership.Sponsor)
            return Decision.Reject($"{command.Sponsor.InSentence} is already the sponsor of this crisis.");

        return Decision.Accept(new CrisisEvent.SponsorNamed(command.Sponsor, command.By, now));
    }

    /// <summary>Null when <paramref name="by"/> may hand the crisis over; otherwise who can.</summary>
    public static string? MayHandOver(Crisis crisis, UserId by)
    {
        if (by == crisis.Owner || by == crisis.Ownership.Sponsor || by == crisis.OpenedBy)
            return null;
        var who = new List<string> { $"the owner {crisis.Owner.InSentence}" };
        if (crisis.Ownership.Sponsor is { } sponsor)
            who.Add($"the sponsor {sponsor.InSentence}");
        if (crisis.OpenedBy != crisis.Owner)
            who.Add($"{crisis.OpenedBy.InSentence}, who opened it");
        return who.Count == 1
            ? $"Only {who[0]} can hand this crisis over; ask them."
            : $"Only {string.Join(", ", who[..^1])} or {who[^1]} can hand this crisis over; ask one of them.";
    }

    /// <summary>
    /// Whom to ask when <paramref name="handover"/> is not accepted: the sponsor, else the opener; never the new owner
    /// themselves, who is the one not answering, so then the previous owner.
    /// </summary>
    public static UserId EscalationTarget(Crisis crisis, Handover handover)
    {
        UserId[] candidates = crisis.Ownership.Sponsor is { } sponsor ? [sponsor, crisis.OpenedBy, handover.From] : [crisis.OpenedBy, handover.From];
        return candidates.FirstOrDefault(c => c != handover.To && c.IsWellFormed, handover.From);
    }

    /// <summary>A number a person can dial: digits with the usual separators, optionally starting with +.</summary>
    public static string? CheckPhone(string phone)
    {
        var digits = phone.Count(char.IsAsciiDigit);
        var allowed = phone.Length <= 30 && phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')' or '+')
            && phone.LastIndexOf('+') <= 0;
        return allowed && digits >= 5
            ? null
            : $"`{phone.Replace("`", "", StringComparison.Ordinal)}` is not a phone number. Write it as the customer would dial it, e.g. `phone +1 555 0100`.";
    }

    /// <summary>Playbook §3: someone owns the crisis until it is closed, the follow-up included.</summary>
    private static Decision? NotOpen(Crisis crisis) => LifecycleRules.UntilClosed(crisis);
}

/// <summary>
/// What the passing of time does to a handover: a new owner who has not said "I own this" within
/// <see cref="OwnerPolicy.AcceptWithin"/> is escalated once to the sponsor, or the opener when there is none.
/// </summary>
public static class OwnerClock
{
    public static ImmutableArray<CrisisEvent> Tick(Crisis crisis, OwnerPolicy policy, DateTimeOffset now)
    {
        if (crisis.Ownership.AwaitingAcceptance is not { EscalatedTo: null } handover || now < handover.At + policy.AcceptWithin)
            return [];
        var to = OwnerRules.EscalationTarget(crisis, handover);
        return [new CrisisEvent.OwnerAcceptanceEscalated(handover.Number, to, to == crisis.Ownership.Sponsor, now)];
    }

    public static DateTimeOffset? NextWake(Crisis crisis, OwnerPolicy policy) =>
        crisis.Ownership.AwaitingAcceptance is { EscalatedTo: null } handover ? handover.At + policy.AcceptWithin : null;
}
