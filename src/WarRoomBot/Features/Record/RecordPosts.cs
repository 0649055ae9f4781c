using System.Globalization;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Publishing;

namespace WarRoomBot.Features.Record;

/// <summary>
/// What the rooms are owed about the crisis record: each fact, question and answer in the technical channel, where the
/// engineers work (playbook §4 and §7).
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
    }

    private static string Key(Crisis crisis, string entry) => string.Create(CultureInfo.InvariantCulture, $"crisis-{crisis.Id.Number}-{entry}");

    private static string Step(string entry, string words) => $"posting {entry}'s {words} {OwedPosts.In(ChannelKind.Technical)}";
}
