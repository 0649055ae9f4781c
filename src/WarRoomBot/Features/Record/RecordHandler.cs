using Humanizer;
using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Record;

/// <summary>
/// The crisis record beside the diagnosis, from the slash command: facts and questions (playbook §7). Anyone may add to
/// it, but only in the crisis's own channels, so each entry lands on the right crisis. Only records and answers.
/// </summary>
public sealed class RecordHandler(CrisisTimeline timeline)
{
    public async Task<Reply> HandleAsync(CrisisCommand command, UserId user, ChannelId? channel, CancellationToken ct)
    {
        var verb = command switch
        {
            CrisisCommand.Fact => "fact",
            CrisisCommand.Question => "question",
            _ => "answer",
        };
        if (channel is not { } here || await timeline.CrisisForChannelAsync(here, ct) is not { } id)
            return Reply.Private($":x: `/crisis {verb}` works in a crisis's technical or business channel, so it goes on that crisis's record. Run it there.");

        switch (command)
        {
            case CrisisCommand.Fact fact:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) => RecordRules.Fact(crisis, new RecordFact(fact.Statement, fact.Source, user), now), ct);
                return Answer(decided, verb, d =>
                {
                    var recorded = (CrisisEvent.FactRecorded)d.Decision.Events[0];
                    return $":pushpin: Recorded *{recorded.Fact}*: {Mrkdwn.Escape(recorded.Statement)} _(source: {Mrkdwn.Escape(recorded.Source)})_. "
                        + "The business digest lists it under what we know.";
                });
            }

            case CrisisCommand.Question question:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) => RecordRules.Ask(crisis, new AskQuestion(question.Text, user), now), ct);
                return Answer(decided, verb, d =>
                {
                    var asked = (CrisisEvent.QuestionAsked)d.Decision.Events[0];
                    return $":grey_question: Opened *{asked.Question}*: {Mrkdwn.Escape(asked.Text)}. It shows in `/crisis status` until someone answers it: "
                        + $"`/crisis answer {asked.Question} <answer> source <how we know>`.";
                });
            }

            case CrisisCommand.Answer answer:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) =>
                    RecordRules.Answer(crisis, new AnswerQuestion(answer.Id, answer.Text, answer.Source, user), now), ct);
                return Answer(decided, verb, d =>
                {
                    var open = d.Crisis.Record.OpenQuestions.Count();
                    var left = open == 0 ? "No question is open now." : $"{"question".ToQuantity(open)} still open.";
                    return $":white_check_mark: *{answer.Id}* answered; the answer and its source join what we know in the business digest. {left}";
                });
            }

            default:
                return Reply.Private(Usage.Help(null));
        }
    }

    private static Reply Answer(Decided? decided, string verb, Func<Decided, string> accepted)
    {
        if (decided is null)
            return Reply.Private(":x: That crisis no longer exists.");

        // A refusal may quote what someone typed earlier (the answer a question already has), so it is escaped like any of their words.
        return decided.Decision.RejectedBecause is { } because
            ? Reply.Private($":x: {UserId.RenderPeople(Mrkdwn.Escape(because), Mrkdwn.Mention)}\nUsage: {Usage.For(verb)}")
            : Reply.Private(accepted(decided));
    }
}
