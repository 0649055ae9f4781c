using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Owner;

/// <summary>
/// Ownership from the slash command and the "I own this" button (playbook §3): handing the crisis over, the owner's phone,
/// and the sponsor. Typed in the crisis's own channels, so it lands on the right crisis. Only records and answers; the
/// publisher announces it in the rooms and brings their topics and kickoffs up to date.
/// </summary>
public sealed class OwnerHandler(CrisisTimeline timeline, SlackSideTasks side, IOptions<WarRoomOptions> options)
{
    public async Task<Reply> HandleAsync(CrisisCommand command, UserId user, ChannelId? channel, CancellationToken ct)
    {
        var verb = command is CrisisCommand.Sponsor ? "sponsor" : "owner";
        if (channel is not { } here || await timeline.CrisisForChannelAsync(here, ct) is not { } id)
            return Reply.Private($":x: `/crisis {verb}` works in a crisis's technical or business channel, so it applies to that crisis. Run it there.");

        switch (command)
        {
            case CrisisCommand.HandOver handOver:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) =>
                    OwnerRules.HandOver(crisis, new HandOver(handOver.To, handOver.Phone, handOver.Reason, user), now), ct);
                return DecidedReply.Of(decided, verb, HandedOver);
            }

            case CrisisCommand.Sponsor sponsor:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) => OwnerRules.Sponsor(crisis, new NameSponsor(sponsor.Person, user), now), ct);
                return DecidedReply.Of(decided, verb, d =>
                    $":bust_in_silhouette: {Mrkdwn.Mention(sponsor.Person)} is the executive sponsor of crisis {d.Crisis.Id}: invited to {Business(d.Crisis)}, "
                    + "named in the digests and `/crisis status`, and the one the bot asks to step in when a handover is not accepted or a deadline is missed.");
            }

            default:
                return Reply.Private(Usage.Help(null));
        }
    }

    /// <summary>"I own this": only the new owner may press it; anyone else is told privately who can.</summary>
    public async Task AcceptAsync(Interaction.OwnershipAccepted accepted, CancellationToken ct)
    {
        var decided = await timeline.DecideAsync(accepted.Crisis, (crisis, now) =>
            OwnerRules.Accept(crisis, new AcceptOwnership(accepted.Handover, accepted.User), now), ct);
        var reply = decided is null ? $":x: Crisis {accepted.Crisis} no longer exists."
            : decided.Decision.RejectedBecause is { } because ? $":x: {UserId.RenderPeople(because, Mrkdwn.Mention)}"
            : $":white_check_mark: You own crisis {decided.Crisis.Id} now. The handover post in {Technical(decided.Crisis)} says so; "
                + "theories, deadlines and business updates look to you from here.";
        side.Tell(accepted.ResponseUrl, reply);
    }

    private string HandedOver(Decided decided)
    {
        if (decided.Decision.Events[0] is CrisisEvent.OwnerPhoneGiven given)
        {
            return $":telephone_receiver: Recorded {Mrkdwn.Escape(given.Phone)} as the number the customer calls {Mrkdwn.Mention(given.Owner)} on; "
                + "the topics and pinned kickoffs show it.";
        }

        var handover = decided.Crisis.Ownership.Handovers[^1];
        var shown = "It is recorded and announced in both channels, and their topics and pinned kickoffs show the new owner.";
        if (handover.IsAccepted)
            return $":handshake: You own crisis {decided.Crisis.Id} now, taking over from {Mrkdwn.Mention(handover.From)}. {shown}";
        var within = Mrkdwn.Duration(options.Value.Owner.AcceptWithin);
        return $":handshake: Crisis {decided.Crisis.Id} is handed over to {Mrkdwn.Mention(handover.To)}. {shown} "
            + $"{Mrkdwn.Mention(handover.To)} confirms with *I own this* in {Technical(decided.Crisis)}; if nobody does within {within}, "
            + $"{Mrkdwn.Mention(OwnerRules.EscalationTarget(decided.Crisis, handover))} is asked to step in.";
    }

    private static string Business(Crisis crisis) => crisis.Business.Channel is { } b ? Mrkdwn.Link(b) : "the business channel";

    private static string Technical(Crisis crisis) => crisis.Technical.Channel is { } t ? Mrkdwn.Link(t) : "the technical channel";
}
