using System.Text;
using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Record;

/// <summary>
/// What people read about the crisis record beside the diagnosis: its posts in the technical channel and its part of
/// <c>/crisis status</c>. Pure functions of the folded crisis and the time of rendering.
/// </summary>
public static class RecordBlocks
{
    /// <summary>
    /// The record's part of <c>/crisis status</c>: the questions still open (playbook §7), the parking lot for the debrief
    /// (§12) and the time spent per person and in all (§15). A part with nothing ever recorded is left out.
    /// </summary>
    public static string Status(Crisis crisis, DateTimeOffset now)
    {
        var record = crisis.Record;
        var text = new StringBuilder();
        if (record.Questions.Count > 0)
        {
            var open = record.OpenQuestions.ToList();
            text.Append("\n\n*Open questions*");
            if (open.Count == 0)
                text.Append("\nNone. Every question has its answer.");
            foreach (var question in open)
            {
                text.Append("\n• ").Append(question.Id).Append(' ').Append(Mrkdwn.Escape(question.Text))
                    .Append(" · asked by ").Append(Mrkdwn.Mention(question.By)).Append(' ').Append(Ago(now - question.At));
            }
        }

        if (record.Parked.Count > 0)
        {
            text.Append("\n\n*Parking lot* (").Append(record.Parked.Count).Append(", for the debrief)");
            foreach (var parked in record.Parked)
                text.Append("\n• ").Append(Mrkdwn.Escape(parked.Concern)).Append(" · parked by ").Append(Mrkdwn.Mention(parked.By));
        }

        if (record.TimeSpent.Count > 0)
        {
            text.Append("\n\n*Time spent:* ").Append(Mrkdwn.Duration(record.TotalTimeSpent)).Append(" in all");
            foreach (var (person, spent) in record.TimeByPerson)
                text.Append("\n• ").Append(Mrkdwn.Mention(person)).Append(' ').Append(Mrkdwn.Duration(spent));
        }

        return text.ToString();
    }

    /// <summary>Playbook §7: a fact in the technical channel, so every engineer knows it and how we got it.</summary>
    public static SlackMessage FactPost(Fact fact) => Post(
        $"{fact.Id}: {Mrkdwn.Truncate(Mrkdwn.Escape(fact.Statement), 200)}",
        $":pushpin: *{fact.Id}* {Mrkdwn.Escape(fact.Statement)}\n*Source:* {Mrkdwn.Escape(fact.Source)} · recorded by {Mrkdwn.Mention(fact.By)}");

    /// <summary>An open question in the technical channel, with how to answer it.</summary>
    public static SlackMessage QuestionPost(Question question) => Post(
        $"{question.Id} open: {Mrkdwn.Truncate(Mrkdwn.Escape(question.Text), 200)}",
        $":grey_question: *{question.Id}* {Mrkdwn.Escape(question.Text)}\nAsked by {Mrkdwn.Mention(question.By)}. "
        + $"Answer it with `/crisis answer {question.Id} <answer> source <how we know>`.");

    /// <summary>The answer that closed a question, next to what was asked.</summary>
    public static SlackMessage AnswerPost(Question question, Answer answer) => Post(
        $"{question.Id} answered: {Mrkdwn.Truncate(Mrkdwn.Escape(answer.Text), 200)}",
        $":white_check_mark: *{question.Id} answered* ({Mrkdwn.Escape(question.Text)})\n{Mrkdwn.Escape(answer.Text)}\n"
        + $"*Source:* {Mrkdwn.Escape(answer.Source)} · answered by {Mrkdwn.Mention(answer.By)}");

    /// <summary>
    /// Playbook §10: a request made of the customer, in the business channel, with why only they can give it, who asked and
    /// who follows it up. Once done, the same post says so in place: the request stays on the record.
    /// </summary>
    public static SlackMessage AskPost(Crisis crisis, CustomerAsk ask)
    {
        var customer = Mrkdwn.Escape(RecordRules.Customer(crisis));
        var request = Mrkdwn.Escape(ask.Request);
        var why = $"*Why only they can give it:* {Mrkdwn.Escape(ask.Reason)}";
        if (ask.Done is { } done)
        {
            var note = done.Note is { } n ? $": {Mrkdwn.Escape(n)}" : ".";
            return new(
                $"Done: {ask.Id} from {Mrkdwn.Truncate(customer, 100)}: {Mrkdwn.Truncate(request, 200)}",
                new JsonArray(
                    Block.Section($":white_check_mark: *Done ({ask.Id}), no longer needed from {customer}:* {request}\n{why}"),
                    Block.Context($"Asked by {Mrkdwn.Mention(ask.By)} at {Mrkdwn.Time(ask.At)}; marked done by {Mrkdwn.Mention(done.By)} at {Mrkdwn.Time(done.At)}{note}")));
        }

        return new(
            $"We need from {Mrkdwn.Truncate(customer, 100)} ({ask.Id}): {Mrkdwn.Truncate(request, 200)}",
            new JsonArray(
                Block.Section($":raised_hand: *We need from {customer} ({ask.Id}):* {request}\n{why}"),
                Block.Context($"Asked by {Mrkdwn.Mention(ask.By)}; {Mrkdwn.Mention(crisis.Owner)} owns the crisis and follows it up. "
                    + $"Once we have it: `/crisis asked {ask.Id} done [note]`.")));
    }

    /// <summary>Playbook §10: the owner hears, where the engineers work, that another request made us ask too much of the customer.</summary>
    public static SlackMessage AskingTooMuchPost(Crisis crisis, CustomerAsk ask, string warning) => Post(
        $"{crisis.Record.OpenWhenMade(ask)} requests to {Mrkdwn.Truncate(Mrkdwn.Escape(RecordRules.Customer(crisis)), 100)} are open: we are asking too much of them.",
        $":warning: {UserId.RenderPeople(warning, Mrkdwn.Mention)}");

    /// <summary>One section, cut within Slack's limit; the whole text stays on the record and in <c>/crisis status</c>.</summary>
    private static SlackMessage Post(string text, string mrkdwn) => new(text, new JsonArray(Block.Section(mrkdwn)));

    private static string Ago(TimeSpan span) => span < TimeSpan.FromMinutes(1) ? "just now" : $"{Mrkdwn.Duration(span)} ago";
}
