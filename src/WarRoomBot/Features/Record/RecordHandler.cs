using Humanizer;
using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Record;

/// <summary>
/// The crisis record beside the diagnosis, from the slash command: facts and questions (playbook §7), what we ask of the
/// customer (§10), the parking lot (§12) and time spent (§15). Anyone may add to it, but only in the crisis's own channels, so each entry lands on the right
/// crisis. Only records and answers; the publisher posts in the rooms.
/// </summary>
public sealed class RecordHandler(CrisisTimeline timeline)
{
    public async Task<Reply> HandleAsync(CrisisCommand command, UserId user, ChannelId? channel, CancellationToken ct)
    {
        var verb = command switch
        {
            CrisisCommand.Fact => "fact",
            CrisisCommand.Question => "question",
            CrisisCommand.Answer => "answer",
            CrisisCommand.Ask { Anyway: true } => "ask!",
            CrisisCommand.Ask => "ask",
            CrisisCommand.Asked => "asked",
            CrisisCommand.Park => "park",
            _ => "spent",
        };
        if (channel is not { } here || await timeline.CrisisForChannelAsync(here, ct) is not { } id)
            return Reply.Private($":x: `/crisis {verb}` works in a crisis's technical or business channel, so it goes on that crisis's record. Run it there.");

        switch (command)
        {
            case CrisisCommand.Fact fact:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) => RecordRules.Fact(crisis, new RecordFact(fact.Statement, fact.Source, user), now), ct);
                return DecidedReply.Of(decided, verb, d =>
                {
                    var recorded = (CrisisEvent.FactRecorded)d.Decision.Events[0];
                    return $":pushpin: Recorded *{recorded.Fact}*: {Mrkdwn.Escape(recorded.Statement)} _(source: {Mrkdwn.Escape(recorded.Source)})_. "
                        + "The business digest lists it under what we know.";
                });
            }

            case CrisisCommand.Question question:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) => RecordRules.Question(crisis, new AskQuestion(question.Text, user), now), ct);
                return DecidedReply.Of(decided, verb, d =>
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
                return DecidedReply.Of(decided, verb, d =>
                {
                    var open = d.Crisis.Record.OpenQuestions.Count();
                    var left = open == 0 ? "No question is open now." : $"{"question".ToQuantity(open)} still open.";
                    return $":white_check_mark: *{answer.Id}* answered; the answer and its source join what we know in the business digest. {left}";
                });
            }

            case CrisisCommand.Ask ask:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) =>
                    RecordRules.Ask(crisis, new AskCustomer(ask.Request, ask.Reason, ask.Anyway, user), now), ct);
                return DecidedReply.Of(decided, "ask", d =>
                {
                    var made = d.Crisis.Record.Ask(((CrisisEvent.CustomerAsked)d.Decision.Events[0]).Ask)!;
                    var customer = Mrkdwn.Escape(RecordRules.Customer(d.Crisis));
                    var anyway = made.WordingOverridden ? " Sent past the wording check on purpose; the record keeps that choice and your name." : "";
                    var tooMuch = RecordRules.AskingTooMuch(d.Crisis, made) is { } warning
                        ? $"\n:warning: {UserId.RenderPeople(warning, Mrkdwn.Mention)}"
                        : "";
                    return $":raised_hand: Recorded *{made.Id}*: it goes to {Business(d.Crisis)} now, for the business to pass on to {customer}. "
                        + $"It stays in the digest's \"what we need from {customer}\" until `/crisis asked {made.Id} done [note]`.{anyway}{tooMuch}";
                });
            }

            case CrisisCommand.Asked asked:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) => RecordRules.Close(crisis, new CloseAsk(asked.Id, asked.Note, user), now), ct);
                return DecidedReply.Of(decided, verb, d =>
                {
                    var open = d.Crisis.Record.OpenAsks.Count();
                    var customer = Mrkdwn.Escape(RecordRules.Customer(d.Crisis));
                    var left = open == 0 ? $"Nothing is asked of {customer} now." : $"{"request".ToQuantity(open)} to {customer} still open.";
                    return $":white_check_mark: *{asked.Id}* is done: its post in {Business(d.Crisis)} says so, and it leaves the digest. {left}";
                });
            }

            case CrisisCommand.Park park:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) => RecordRules.Park(crisis, new ParkConcern(park.Concern, user), now), ct);

                // Playbook §12: do not argue and do not block the vent; commit to the debrief and get back to the work.
                return DecidedReply.Of(decided, verb, d =>
                    $":parking: Parked for the debrief: it will be discussed there, with everyone involved, so the crisis work goes on now. "
                    + $"The parking lot holds {"item".ToQuantity(d.Crisis.Record.Parked.Count)}; `/crisis status` lists them.");
            }

            case CrisisCommand.Spent spent:
            {
                var decided = await timeline.DecideAsync(id, (crisis, now) => RecordRules.Spend(crisis, new SpendTime(spent.Duration, spent.Person, spent.Note, user), now), ct);
                return DecidedReply.Of(decided, verb, d =>
                {
                    var entry = (CrisisEvent.TimeSpent)d.Decision.Events[0];
                    var record = d.Crisis.Record;
                    var theirs = record.TimeByPerson.First(p => p.Person == entry.Person).Spent;
                    return $":stopwatch: Recorded {Mrkdwn.Duration(entry.Spent)} for {Mrkdwn.Mention(entry.Person)}. "
                        + $"{Mrkdwn.Mention(entry.Person)} has spent {Mrkdwn.Duration(theirs)} on this crisis; everyone together {Mrkdwn.Duration(record.TotalTimeSpent)}.";
                });
            }

            default:
                return Reply.Private(Usage.Help(null));
        }
    }

    private static string Business(Crisis crisis) => crisis.Business.Channel is { } b ? Mrkdwn.Link(b) : "the business channel";
}
