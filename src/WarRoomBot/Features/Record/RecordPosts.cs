using System.Globalization;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Publishing;

namespace WarRoomBot.Features.Record;

/// <summary>
/// What the rooms are owed about the crisis record: each fact, question and answer in the technical channel, where the
/// engineers work (playbook §4 and §7); each request made of the customer in the business channel, where the business
/// passes it on, shown done in place once it is (§10); and the owner's warning when we ask too much.
/// </summary>
public static class RecordPosts
{
    public static IEnumerable<OwedPost> Owed(Crisis crisis)
    {
        foreach (var fact in crisis.Record.Facts)
            yield return new OwedPost(Key(crisis, $"f{fact.Id.Number}"), ChannelKind.Technical, Step(fact.Id.ToString(), "fact"), _ => RecordBlocks.FactPost(fact));

        foreach (var question in crisis.Record.Questions)
        {
            yield return new OwedPost(Key(crisis, $"q{question.Id.Number}"), ChannelKind.Technical, Step(question.Id.ToString(), "question"),
                _ => RecordBlocks.QuestionPost(question));
            if (question.Answer is { } answer)
            {
                yield return new OwedPost(Key(crisis, $"q{question.Id.Number}-answer"), ChannelKind.Technical, Step(question.Id.ToString(), "answer"),
                    _ => RecordBlocks.AnswerPost(question, answer));
            }
        }

        foreach (var owed in Asks(crisis))
            yield return owed;
    }

    /// <summary>Each request made of the customer, then shown done; and the owner's warning when it was one too many.</summary>
    private static IEnumerable<OwedPost> Asks(Crisis crisis)
    {
        foreach (var ask in crisis.Record.Asks)
        {
            var id = ask.Id;
            var post = new OwedPost(Key(crisis, $"a{id.Number}"), ChannelKind.Business, $"posting {id}, a request to the customer, {OwedPosts.In(ChannelKind.Business)}",
                c => RecordBlocks.AskPost(c.Crisis, c.Crisis.Record.Ask(id)!))
            {
                Final = !ask.IsOpen,
            };
            yield return post;

            // Nothing is deleted: the request stays where the business read it, shown as done.
            if (!ask.IsOpen && crisis.PostFor(post.Key) is { Updated: false } posted)
                yield return post with { Step = $"showing {id} done {OwedPosts.In(ChannelKind.Business)}", Replaces = posted, Final = false };

            // The owner who typed it read the warning in the reply; anyone else's request tells the owner where they work.
            if (ask.By != crisis.Owner && RecordRules.AskingTooMuch(crisis, ask) is { } warning)
            {
                yield return new OwedPost(Key(crisis, $"a{id.Number}-too-many"), ChannelKind.Technical,
                    $"warning the owner about {id} {OwedPosts.In(ChannelKind.Technical)}", c => RecordBlocks.AskingTooMuchPost(c.Crisis, ask, warning));
            }
        }
    }

    private static string Key(Crisis crisis, string entry) => string.Create(CultureInfo.InvariantCulture, $"crisis-{crisis.Id.Number}-{entry}");

    private static string Step(string entry, string words) => $"posting {entry}'s {words} {OwedPosts.In(ChannelKind.Technical)}";
}
