using System.Text.RegularExpressions;
using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

/// <summary>
/// The crisis record beside the diagnosis: facts and questions (playbook §7), what we ask of the customer (§10), the
/// parking lot (§12) and time spent (§15). Whether a fact has its source is the rules'
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

    private static CrisisCommand ParsePark(string rest) =>
        rest.Length == 0
            ? new CrisisCommand.Invalid("Say what to park for the debrief.", Usage.For("park"))
            : new CrisisCommand.Park(PlainText(StripQuotes(rest)));

    /// <summary>A duration is at most this many words: <c>1 hour 30 minutes</c>.</summary>
    private const int MaxDurationWords = 4;

    /// <summary>
    /// <c>spent &lt;duration&gt; [@user] [note]</c>, or with the person first (<c>spent @dave 3h</c>). The duration is the longest
    /// run of words that reads as one (<c>1h30m</c>, <c>1h 30m</c>, <c>90 minutes</c>); a minus sign is read, so that the rules
    /// can say why time is never taken back.
    /// </summary>
    private static CrisisCommand ParseSpent(string rest)
    {
        var usage = Usage.For("spent");
        var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count == 0)
            return new CrisisCommand.Invalid("Say how long, e.g. `/crisis spent 3h` or `/crisis spent 1h30m @dave log review`.", usage);

        UserId? person = null;
        if (UserMention().Match(words[0]) is { Success: true } first)
        {
            person = new UserId(first.Groups["id"].Value);
            words.RemoveAt(0);
        }

        TimeSpan? spent = null;
        var taken = 0;
        for (var n = Math.Min(words.Count, MaxDurationWords); n > 0 && spent is null; n--)
        {
            if (Duration(string.Concat(words.Take(n))) is { } read)
                (spent, taken) = (read, n);
        }

        if (spent is null)
        {
            var typed = words.Count == 0 ? "" : words[0];
            return new CrisisCommand.Invalid(
                typed.Length == 0
                    ? "Say how long, e.g. `/crisis spent 3h`."
                    : $"{Usage.Echo(typed)} is not a duration. Write hours and minutes, e.g. `3h`, `90m` or `1h30m`.",
                usage);
        }

        words.RemoveRange(0, taken);
        if (person is null && words.Count > 0 && UserMention().Match(words[0]) is { Success: true } named)
        {
            person = new UserId(named.Groups["id"].Value);
            words.RemoveAt(0);
        }
        else if (words.Count > 0 && words[0].StartsWith('@'))
        {
            return new CrisisCommand.Invalid(
                $"{Usage.Echo(words[0])} is plain text, not a Slack user. Type @ and pick the person from Slack's autocomplete so the name becomes a mention.", usage);
        }

        var note = PlainText(string.Join(' ', words));
        return new CrisisCommand.Spent(spent.Value, person, note.Length == 0 ? null : note);
    }

    /// <summary><c>3h</c>, <c>90m</c>, <c>1h30m</c>, <c>2hours</c> (the words of <c>2 hours</c> run together), or null.</summary>
    private static TimeSpan? Duration(string text)
    {
        if (DurationForm().Match(text) is not { Success: true } match || (!match.Groups["h"].Success && !match.Groups["m"].Success))
            return null;
        var hours = match.Groups["h"].Success ? int.Parse(match.Groups["h"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var minutes = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var span = TimeSpan.FromHours(hours) + TimeSpan.FromMinutes(minutes);
        return match.Groups["minus"].Success ? -span : span;
    }

    [GeneratedRegex(@"^(?<minus>-)?(?:(?<h>\d{1,4})(?:h|hr|hrs|hour|hours))?(?:(?<m>\d{1,5})(?:m|min|mins|minute|minutes))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DurationForm();

    [GeneratedRegex(@"^[Aa][1-9][0-9]{0,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex AskNumber();

    [GeneratedRegex(@"^[Qq][1-9][0-9]{0,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex QuestionNumber();
}
