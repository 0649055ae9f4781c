using System.Text.RegularExpressions;
using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

/// <summary>
/// The crisis record beside the diagnosis: facts and questions (playbook §7), and what we ask of the customer (§10). Whether a fact has its source is the rules'
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

    /// <summary>
    /// <c>ask[!] &lt;request&gt; because &lt;why&gt;</c>: the reason runs from the first <c>because</c> to the end, as an update's
    /// does, so a reason may give a reason of its own ("because we cannot reach their LAN because of their firewall").
    /// </summary>
    private static CrisisCommand ParseAsk(string rest, bool anyway)
    {
        if (rest.Length == 0)
            return new CrisisCommand.Invalid("Say what we need from the customer, and why only they can give it.", Usage.For("ask"));
        var becauses = KeywordPositions(rest, "because");
        if (becauses.Count == 0)
            return new CrisisCommand.Ask(PlainText(StripQuotes(TrimPause(rest))), null, anyway);
        var reason = PlainText(StripQuotes(rest[(becauses[0] + "because".Length)..].Trim()));
        return new CrisisCommand.Ask(PlainText(StripQuotes(TrimPause(rest[..becauses[0]]))), reason.Length == 0 ? null : reason, anyway);
    }

    /// <summary><c>asked A1 done [note]</c>.</summary>
    private static CrisisCommand ParseAsked(string rest)
    {
        var usage = Usage.For("asked");
        var id = FirstToken(rest);
        if (!AskNumber().IsMatch(id))
        {
            return new CrisisCommand.Invalid(
                id.Length == 0
                    ? "Say which request is done, e.g. `A1`; `/crisis status` lists the open ones."
                    : $"{Usage.Echo(id)} is not a request to the customer. Requests are written `A1`, `A2`…; `/crisis status` lists the open ones.",
                usage);
        }

        var after = rest[id.Length..].TrimStart();
        if (KeywordPositions(after, "done") is not [0, ..])
            return new CrisisCommand.Invalid($"Say `done` after {id.ToUpperInvariant()}, e.g. `/crisis asked {id.ToUpperInvariant()} done capture received`.", usage);
        var note = PlainText(after["done".Length..]);
        return new CrisisCommand.Asked(new AskId(Number(id)), note.Length == 0 ? null : note);
    }

    [GeneratedRegex(@"^[Aa][1-9][0-9]{0,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex AskNumber();

    [GeneratedRegex(@"^[Qq][1-9][0-9]{0,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex QuestionNumber();
}
