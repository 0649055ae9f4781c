using System.Text.RegularExpressions;
using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

/// <summary>
/// The crisis record beside the diagnosis: facts and questions (playbook §7). Whether a fact has its source is the rules'
/// to judge, so the refusal reads the same however the command arrived.
/// </summary>
public static partial class SlashCommandParser
{
    /// <summary><c>fact &lt;statement&gt; source &lt;how we know&gt;</c>: <c>source</c> binds to its last occurrence, so "the source of the freeze" stays in the fact.</summary>
    private static CrisisCommand ParseFact(string rest)
    {
        if (rest.Length == 0)
            return new CrisisCommand.Invalid("Say what we know and how we know it.", Usage.For("fact"));
        var (head, values, _) = BindTrailing(rest, ("source", IsText));
        return new CrisisCommand.Fact(PlainText(StripQuotes(head)), values.GetValueOrDefault("source") is { } source ? PlainText(source) : null);
    }

    private static CrisisCommand ParseQuestion(string rest) =>
        rest.Length == 0
            ? new CrisisCommand.Invalid("Say what we do not know yet.", Usage.For("question"))
            : new CrisisCommand.Question(PlainText(StripQuotes(rest)));

    /// <summary><c>answer Q1 &lt;answer&gt; source &lt;how we know&gt;</c>.</summary>
    private static CrisisCommand ParseAnswer(string rest)
    {
        var id = FirstToken(rest);
        if (!QuestionNumber().IsMatch(id))
        {
            return new CrisisCommand.Invalid(
                id.Length == 0
                    ? "Say which question it answers, e.g. `Q1`; `/crisis status` lists the open ones."
                    : $"{Usage.Echo(id)} is not a question. Questions are written `Q1`, `Q2`…; `/crisis status` lists the open ones.",
                Usage.For("answer"));
        }

        var (head, values, _) = BindTrailing(rest[id.Length..], ("source", IsText));
        return new CrisisCommand.Answer(
            new QuestionId(Number(id)), PlainText(StripQuotes(head)), values.GetValueOrDefault("source") is { } source ? PlainText(source) : null);
    }

    [GeneratedRegex(@"^[Qq][1-9][0-9]{0,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex QuestionNumber();
}
