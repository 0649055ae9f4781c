using System.Globalization;
using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Api;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Owner;

/// <summary>
/// What people read about who owns the crisis (playbook §3): the handover in both rooms, the new owner's "I own this"
/// button, the escalation when nobody accepts, the sponsor, and the owner's part of <c>/crisis status</c>. Pure functions
/// of the folded crisis and the owner's Slack profile.
/// </summary>
public static class OwnerBlocks
{
    public const string AcceptAction = "owner_accept";

    /// <summary>The number the customer calls the owner on: as typed with the handover, else from their Slack profile.</summary>
    public static string? Phone(Crisis crisis, SlackUser? owner) => crisis.Ownership.OwnerPhone ?? owner?.Phone;

    /// <summary>The owner, with their phone when there is one.</summary>
    public static string OwnerLine(Crisis crisis, SlackUser? owner) =>
        Phone(crisis, owner) is { } phone ? $"{Mrkdwn.Mention(crisis.Owner)} :telephone_receiver: {Mrkdwn.Escape(phone)}" : Mrkdwn.Mention(crisis.Owner);

    /// <summary>Playbook §3: the customer must be able to call the owner, so a kickoff without a phone asks for one.</summary>
    public static string NoPhone(Crisis crisis) =>
        $":warning: *No phone number is on record for {Mrkdwn.Mention(crisis.Owner)}*, and the customer must be able to call the owner. "
        + $"{Mrkdwn.Mention(crisis.Owner)}, add it to your Slack profile, or type `/crisis owner @you phone &lt;number&gt;`.";

    /// <summary>The digest's and the status's "who owns it": the owner, and the sponsor behind them once there is one.</summary>
    public static string Sponsor(Crisis crisis) =>
        crisis.Ownership.Sponsor is { } sponsor ? $"; {Mrkdwn.Mention(sponsor)}, executive sponsor" : "";

    /// <summary>Playbook §3 and §11: a missed deadline still open is escalated to the sponsor too, who backs the owner.</summary>
    public static string SponsorOnMissedDeadline(Crisis crisis) =>
        crisis.Ownership.Sponsor is { } sponsor
            ? $" {Mrkdwn.Mention(sponsor)}, as executive sponsor: make sure {Mrkdwn.Mention(crisis.Owner)} has what it takes to get that answer."
            : "";

    /// <summary>The button's value names the crisis and the handover, so a click needs no lookup of the message.</summary>
    public static string AcceptValue(CrisisId crisis, int handover) => string.Create(CultureInfo.InvariantCulture, $"{crisis.Number}:{handover}");

    public static (CrisisId Crisis, int Handover)? ReadAccept(string? value)
    {
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0
            || !int.TryParse(value.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var crisis)
            || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var handover)
            || crisis <= 0 || handover <= 0)
            return null;
        return (new CrisisId(crisis), handover);
    }

    /// <summary>
    /// The handover where the engineers work, with the new owner's button; once accepted, the same post says so in place.
    /// <paramref name="newOwner"/> is the new owner's profile, or null when it is not theirs to show (they handed it on since).
    /// </summary>
    public static SlackMessage HandoverPost(Crisis crisis, Handover handover, SlackUser? newOwner, OwnerPolicy policy)
    {
        var to = Mrkdwn.Mention(handover.To);
        var phone = (handover.Phone ?? newOwner?.Phone) is { } p ? $" :telephone_receiver: {Mrkdwn.Escape(p)}" : "";
        var what = $":handshake: *Crisis {crisis.Id} handed over to {to}*{phone}\n"
            + $"From {Mrkdwn.Mention(handover.From)}{By(handover)} at {Mrkdwn.Time(handover.At)}. *Why:* {Mrkdwn.Escape(handover.Reason)}";
        var text = $"Crisis {crisis.Id} handed over to {to}.";
        if (handover.AcceptedAt is { } accepted)
            return new(text, new JsonArray(Block.Section(what), Block.Context($":white_check_mark: {to} accepted ownership at {Mrkdwn.Time(accepted)}.")));

        return new(text, new JsonArray(
            Block.Section(what),
            Block.Section($"{to}, confirm that you own this crisis now. If nobody does within {Mrkdwn.Duration(policy.AcceptWithin)}, "
                + $"{Mrkdwn.Mention(OwnerRules.EscalationTarget(crisis, handover))} is asked to step in."),
            Block.Actions($"owner_accept_{handover.Number}", Block.Button("I own this", AcceptAction, AcceptValue(crisis.Id, handover.Number), "primary"))));
    }

    /// <summary>The handover in the business room: who answers for the crisis from now on, and how to reach them.</summary>
    public static SlackMessage HandoverNotice(Crisis crisis, Handover handover, SlackUser? newOwner)
    {
        var to = Mrkdwn.Mention(handover.To);
        var phone = (handover.Phone ?? newOwner?.Phone) is { } p ? $" :telephone_receiver: {Mrkdwn.Escape(p)}" : "";
        return new($"New accountable owner of crisis {crisis.Id}: {to}.", new JsonArray(
            Block.Section($":handshake: *New accountable owner:* {to}{phone}, taking over from {Mrkdwn.Mention(handover.From)}.\n*Why:* {Mrkdwn.Escape(handover.Reason)}"),
            Block.Context($"Handed over{By(handover)} at {Mrkdwn.Time(handover.At)}.")));
    }

    /// <summary>Playbook §3: a handover nobody accepted leaves the crisis without an owner who knows it; the sponsor steps in.</summary>
    public static SlackMessage EscalationPost(Crisis crisis, Handover handover, UserId to, OwnerPolicy policy)
    {
        var target = Mrkdwn.Mention(to);
        var owner = Mrkdwn.Mention(handover.To);
        return new($"{owner} has not accepted ownership of crisis {crisis.Id}.", new JsonArray(
            Block.Section($":rotating_light: {target} *{owner} has not accepted ownership of crisis {crisis.Id}*, "
                + $"handed over {Mrkdwn.Duration(policy.AcceptWithin)} ago by {Mrkdwn.Mention(handover.By)}. "
                + "The crisis needs one accountable owner who knows it is theirs.\n"
                + $"Reach {owner}, or hand it to someone who can take it now: `/crisis owner @user because &lt;reason&gt;`.")));
    }

    /// <summary>The sponsor, named in the business room they were just invited to.</summary>
    public static SlackMessage SponsorPost(Crisis crisis) => new(
        $"{Mrkdwn.Mention(crisis.Ownership.Sponsor!.Value)} is the executive sponsor of crisis {crisis.Id}.",
        new JsonArray(Block.Section(
            $":bust_in_silhouette: {Mrkdwn.Mention(crisis.Ownership.Sponsor!.Value)} is the *executive sponsor* of crisis {crisis.Id}, named by "
            + $"{Mrkdwn.Mention(crisis.Ownership.SponsorNamedBy!.Value)}. {Mrkdwn.Mention(crisis.Owner)} owns the crisis and answers to them; "
            + "the bot asks the sponsor to step in when a handover is not accepted or a deadline is missed.")));

    /// <summary>The owner's part of <c>/crisis status</c>: the sponsor, and a handover still waiting for its "I own this".</summary>
    public static string Status(Crisis crisis, DateTimeOffset now)
    {
        var sponsor = crisis.Ownership.Sponsor is { } s ? $"\n*Sponsor:* {Mrkdwn.Mention(s)}" : "";
        var waiting = crisis.Ownership.AwaitingAcceptance is { } h
            ? $"\n:hourglass: {Mrkdwn.Mention(h.To)} has not yet accepted ownership (handed over {Mrkdwn.Duration(now - h.At)} ago)"
                + (h.EscalatedTo is { } e ? $"; {Mrkdwn.Mention(e)} was asked to step in." : ".")
            : "";
        return sponsor + waiting;
    }

    private static string By(Handover handover) => handover.By == handover.From ? "" : $", by {Mrkdwn.Mention(handover.By)}";
}
