using System.Diagnostics;
using Humanizer;
using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Actions;

/// <summary>
/// Debrief action items from the slash command (playbook §14): recording one with its owner and due date, and marking one
/// done. Anyone may, in the crisis's own channels or naming the crisis (its rooms take no command once archived), so each
/// item lands on the right crisis. Only records and answers; the publisher announces the item and reminds its owner when it
/// falls due.
/// </summary>
public sealed class ActionsHandler(CrisisTimeline timeline, UserTimeZones zones)
{
    public async Task<Reply> HandleAsync(CrisisCommand command, UserId user, ChannelId? channel, CancellationToken ct)
    {
        var (verb, named, example) = command switch
        {
            CrisisCommand.Action a => ("action", a.Crisis, "`/crisis action #42 <what will be done> owner @user due <date>`"),
            CrisisCommand.Done d => ("done", d.Crisis, $"`/crisis done #42 {d.Item}`"),
            _ => throw new ArgumentException($"{command} is neither `action` nor `done`.", nameof(command)),
        };
        var (found, why) = await timeline.NamedOrHereAsync(named, channel, example, ct);
        if (found is not { } id)
            return Reply.Private($":x: {why}\nUsage: {Usage.For(verb)}");
        var here = named is null ? "" : $" #{id}";

        switch (command)
        {
            case CrisisCommand.Action action:
            {
                // A day or a clock time is read where the person typing is, as every time in the grammar is.
                var due = await zones.ResolveAsync(action.Due, user, timeline.Now, ct);
                if (due.Problem is { } problem)
                    return Reply.Private($":x: {problem}\nUsage: {Usage.For(verb)}");
                var decided = await timeline.DecideAsync(id, (crisis, now) =>
                    ActionRules.Record(crisis, new RecordAction(action.Text, action.Owner, due.Due!.Value, user), now), ct);
                return DecidedReply.Of(decided, verb, d =>
                {
                    var recorded = (CrisisEvent.ActionItemRecorded)d.Decision.Events[0];
                    return $":dart: Recorded action item *{recorded.Item}*: {Mrkdwn.Escape(recorded.Text)}. Owner {Mrkdwn.Mention(recorded.Owner)}, "
                        + $"due {Mrkdwn.Time(recorded.Due)} ({Mrkdwn.In(recorded.Due - d.Now)}). {Mrkdwn.Mention(recorded.Owner)} is reminded "
                        + $"{(ActionPosts.RoomsArchived(d.Crisis) ? "by direct message" : "in the technical channel")} if it is still open then; "
                        + $"close it with `/crisis done{here} {recorded.Item} [note]`.";
                });
            }

            case CrisisCommand.Done done:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) => ActionRules.Done(crisis, new CloseAction(done.Item, done.Note, user), now), ct);
                return DecidedReply.Of(decided, verb, d =>
                {
                    var open = d.Crisis.Actions.Open.Count();
                    var left = open == 0 ? "No action item is open now." : $"{"action item".ToQuantity(open)} still open.";
                    return $":white_check_mark: *{done.Item}* is done; it stays on the record with your name. {left}";
                });
            }

            default:
                throw new UnreachableException();
        }
    }
}
