using System.Text;
using System.Text.RegularExpressions;
using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

/// <summary>
/// Parses the text after <c>/crisis</c> once, into a typed <see cref="CrisisCommand"/>. Nothing after this
/// reads the raw text. Slack sends it with <c>should_escape</c> on: <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>
/// are entities and every raw <c>&lt;…&gt;</c> is Slack markup (mentions, channels, links).
/// </summary>
public static partial class SlashCommandParser
{
    /// <summary>Longer text is refused before any work is done on it.</summary>
    public const int MaxTextLength = 4000;

    private const string CustomerKeyword = "customer:";
    private const string OwnerKeyword = "owner:";

    public static CrisisCommand Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return new CrisisCommand.Help(null);

        if (text.Length > MaxTextLength)
        {
            var start = text.AsSpan().TrimStart();
            var typed = start[..Math.Min(start.Length, 16)].ToString().Split((char[]?)null)[0].ToLowerInvariant();
            return new CrisisCommand.Invalid(
                $"That command is {text.Length} characters long; `/crisis` takes at most {MaxTextLength}. Put the detail in the technical channel.",
                Usage.For(typed));
        }

        var clean = PeopleText.Clean(text);
        if (clean.Length == 0)
            return new CrisisCommand.Help(null);

        var verbTyped = FirstToken(clean);
        var rest = clean.Length > verbTyped.Length ? clean[(verbTyped.Length + 1)..] : "";
        var verb = verbTyped.ToLowerInvariant();

        return verb switch
        {
            "help" => new CrisisCommand.Help(rest.Length == 0 ? null : WithoutBang(FirstToken(rest).ToLowerInvariant())),
            "open" => ParseOpen(rest),
            "theory" => ParseTheory(rest),
            "deadline" => ParseDeadline(rest),
            "confirmed" => ParseOutcome(rest, Outcome.Confirmed, verb),
            "disproved" => ParseOutcome(rest, Outcome.Disproved, verb),
            "extend" => ParseExtend(rest),
            "withdraw" => ParseWithdraw(rest),
            "status" => ParseStatus(rest),
            "update" => ParseUpdate(rest, anyway: false),
            "update!" => ParseUpdate(rest, anyway: true),
            "digest" => ParseDigest(rest),
            "fact" => ParseFact(rest),
            "question" => ParseQuestion(rest),
            "answer" => ParseAnswer(rest),
            "ask" => ParseAsk(rest, anyway: false),
            "ask!" => ParseAsk(rest, anyway: true),
            "asked" => ParseAsked(rest),
            "park" => ParsePark(rest),
            "spent" => ParseSpent(rest),
            "owner" => ParseHandOver(rest),
            "sponsor" => ParseSponsor(rest),
            "impact" => ParseImpact(rest),
            "severity" => ParseSeverity(rest, anyway: false),
            "severity!" => ParseSeverity(rest, anyway: true),
            "action" => ParseAction(rest),
            "done" => ParseDone(rest),
            "resolve" => ParseResolve(rest),
            "accepted" => ParseAccepted(rest),
            "reopen" => ParseReopen(rest),
            "list" => ParseList(rest),
            "watch" => ParseWatch(rest),
            "target" => ParseTarget(rest, anyway: false),
            "target!" => ParseTarget(rest, anyway: true),
            "debrief" => ParseDebrief(rest),
            "context" => ParseContext(rest),
            "mitigated" => ParseMitigated(rest, anyway: false),
            "mitigated!" => ParseMitigated(rest, anyway: true),
            "unmitigated" => ParseUnmitigated(rest, anyway: false),
            "unmitigated!" => ParseUnmitigated(rest, anyway: true),
            _ => NotAVerb(verb, clean),
        };
    }

    /// <summary>
    /// Issue 7, "Forgiving at 3 a.m.": a mistyped verb gets the verb it was probably meant to be, the command as the bot
    /// read it, and that one verb's usage; the whole help would bury the answer.
    /// </summary>
    private static CrisisCommand.Invalid NotAVerb(string verb, string typed)
    {
        if (Usage.Suggest(verb) is not { } meant)
            return new CrisisCommand.Invalid($"{Usage.Echo(verb)} is not a /crisis command.", Usage.For(verb));
        return new CrisisCommand.Invalid(
            $"{Usage.Echo(verb)} is not a /crisis command. Did you mean `{meant}`?\nYou typed {Usage.Echo("/crisis " + typed, Usage.EchoedCommandLength)}",
            Usage.Brief(meant));
    }

    private static CrisisCommand ParseOpen(string rest)
    {
        if (rest.Length == 0)
            return new CrisisCommand.OpenModal();

        var usage = Usage.For("open");
        var clauses = FindClauses(rest);
        var titlePart = clauses.Count == 0 ? rest : rest[..clauses[0].KeywordAt].TrimEnd();

        // Every severity token at either end of the title is taken, so "Checkout slow sev3 sev2" is two severities,
        // not a title ending in "sev3".
        var severities = new List<string>();
        titlePart = TakeSeverities(titlePart, fromEnd: false, severities);
        titlePart = TakeSeverities(titlePart, fromEnd: true, severities);
        if (clauses.Count > 0)
        {
            // "customer: Acme sev1" means what it says: a trailing severity is not part of the last clause.
            var last = clauses[^1];
            clauses[^1] = last with { Value = TakeSeverities(last.Value, fromEnd: true, severities) };
        }

        var given = new List<Severity>();
        foreach (var typed in severities)
        {
            if (!SeverityNames.TryParse(typed, out var parsed))
                return new CrisisCommand.Invalid($"{Usage.Echo(typed)} is not a severity: use sev1 (worst) to sev4.", usage);
            if (!given.Contains(parsed))
                given.Add(parsed);
        }

        // The same severity twice says one thing; two different ones leave the triage undecided (playbook §1).
        if (given.Count > 1)
        {
            var labels = given.Select(s => s.Label()).ToList();
            return new CrisisCommand.Invalid(
                $"{(given.Count == 2 ? "Two" : "Several")} severities were given ({string.Join(", ", labels[..^1])} and {labels[^1]}); give one.", usage);
        }

        Severity? severity = given.Count == 1 ? given[0] : null;

        var title = PlainText(StripQuotes(titlePart));
        if (title.Length == 0)
        {
            var problem = clauses.Count > 0
                ? $"The title is missing: write what the customer is suffering before `{clauses[0].Keyword}`."
                : $"The title is missing: {Usage.Echo(titlePart.Length > 0 ? titlePart : severities[0])} alone is not a title. Write what the customer is suffering.";
            return new CrisisCommand.Invalid(problem, usage);
        }

        if (title.Length > OpeningRules.MaxTitleLength)
            return new CrisisCommand.Invalid(
                $"The title is {title.Length} characters; keep it to {OpeningRules.MaxTitleLength} so it fits a channel header. Put the detail in the technical channel once it is open.",
                usage);

        // DESIGN "Command grammar": a clause binds to its last occurrence that parses.
        var customer = Pick(clauses, CustomerKeyword, ParseCustomer);
        if (customer.Problem is { } customerProblem)
            return new CrisisCommand.Invalid(customerProblem, usage);
        if (customer.Value is { Length: > OpeningRules.MaxCustomerLength } name)
            return new CrisisCommand.Invalid(
                $"The customer name is {name.Length} characters; keep it to {OpeningRules.MaxCustomerLength}.", usage);

        var owner = Pick(clauses, OwnerKeyword, ParseOwner);
        if (owner.Problem is { } ownerProblem)
            return new CrisisCommand.Invalid(ownerProblem, usage);

        return new CrisisCommand.Open(title, severity, customer.Value, owner.Value is { } id ? new UserId(id) : null);
    }

    private sealed record Clause(string Keyword, int KeywordAt, string Value);

    private readonly record struct Parsed(string? Value, string? Problem);

    /// <summary>Every <c>customer:</c> and <c>owner:</c> that starts a word; each value runs to the next one or the end.</summary>
    private static List<Clause> FindClauses(string text)
    {
        var found = new List<(string Keyword, int At)>();
        for (var i = 0; i < text.Length; i++)
        {
            if (i > 0 && text[i - 1] != ' ')
                continue;
            var here = text.AsSpan(i);
            if (here.StartsWith(CustomerKeyword, StringComparison.OrdinalIgnoreCase))
                found.Add((CustomerKeyword, i));
            else if (here.StartsWith(OwnerKeyword, StringComparison.OrdinalIgnoreCase))
                found.Add((OwnerKeyword, i));
        }

        var clauses = new List<Clause>(found.Count);
        for (var k = 0; k < found.Count; k++)
        {
            var start = found[k].At + found[k].Keyword.Length;
            var end = k + 1 < found.Count ? found[k + 1].At : text.Length;
            clauses.Add(new Clause(found[k].Keyword, found[k].At, text[start..end].Trim()));
        }

        return clauses;
    }

    /// <summary>The last occurrence of <paramref name="keyword"/> that parses; if none does, the last one's problem.</summary>
    private static Parsed Pick(List<Clause> clauses, string keyword, Func<string, Parsed> parse)
    {
        Parsed? lastFailure = null;
        for (var k = clauses.Count - 1; k >= 0; k--)
        {
            if (clauses[k].Keyword != keyword)
                continue;
            var parsed = parse(clauses[k].Value);
            if (parsed.Problem is null)
                return parsed;
            lastFailure ??= parsed;
        }

        return lastFailure ?? default;
    }

    private static Parsed ParseCustomer(string value)
    {
        var name = PlainText(StripQuotes(value));
        return name.Length > 0
            ? new Parsed(name, null)
            : new Parsed(null, "`customer:` needs a name after it, e.g. `customer: Acme Retail`.");
    }

    // Playbook §3: the owner is one named person, so only a real Slack user will do.
    private static Parsed ParseOwner(string value)
    {
        if (value.Length == 0)
            return new Parsed(null, "`owner:` needs a person after it: type @ and pick them from Slack's list, e.g. `owner: @alice`.");
        if (UserMention().Match(value) is { Success: true } mention)
            return new Parsed(mention.Groups["id"].Value, null);
        if (value.StartsWith('@'))
            return new Parsed(null,
                $"{Usage.Echo(value)} is plain text, not a Slack user. Type @ and pick the owner from Slack's autocomplete so the name becomes a mention.");
        if (value.StartsWith("<@", StringComparison.Ordinal) && value.Contains(' ', StringComparison.Ordinal))
            return new Parsed(null, "Name one owner: a crisis has exactly one accountable person. Add the others once the channels exist.");
        return new Parsed(null,
            $"`owner:` takes one person picked from Slack's @ autocomplete; {Usage.Echo(value)} is not a person.");
    }

    /// <summary>
    /// Moves the run of standalone severity tokens (sev1, SEV-2, …) at one end of <paramref name="text"/> into
    /// <paramref name="found"/>, in the order they were typed.
    /// </summary>
    private static string TakeSeverities(string text, bool fromEnd, List<string> found)
    {
        var run = new List<string>();
        while (text.Length > 0)
        {
            var space = fromEnd ? text.LastIndexOf(' ') : text.IndexOf(' ', StringComparison.Ordinal);
            var token = space < 0 ? text : fromEnd ? text[(space + 1)..] : text[..space];
            if (!SeverityLike().IsMatch(token))
                break;
            run.Add(token);
            text = space < 0 ? "" : fromEnd ? text[..space].TrimEnd() : text[(space + 1)..].TrimStart();
        }

        if (fromEnd)
            run.Reverse();
        found.AddRange(run);
        return text;
    }

    /// <summary>
    /// Titles and names are stored as plain text, as the person typed them: Slack markup becomes what it
    /// showed (<c>&lt;!channel&gt;</c> → <c>@channel</c>, so a title can never ping a channel later) and the
    /// three entities Slack escapes are unescaped. Mentions were already parsed on the escaped form.
    /// </summary>
    private static string PlainText(string text)
    {
        var plain = SlackMarkup().Replace(text, m => MarkupAsText(m.Groups["inner"].Value));
        return Unescape(plain).Trim();
    }

    private static string MarkupAsText(string inner)
    {
        var bar = inner.IndexOf('|', StringComparison.Ordinal);
        var target = bar < 0 ? inner : inner[..bar];
        var label = bar < 0 ? "" : inner[(bar + 1)..];
        switch (inner[0])
        {
            case '@':
                return label.Length > 0 ? "@" + label.TrimStart('@') : target;
            case '#':
                return label.Length > 0 ? "#" + label : "#channel";
            case '!':
                var special = target[1..];
                var caret = special.IndexOf('^', StringComparison.Ordinal);
                var name = caret < 0 ? special : special[..caret];
                if (label.Length > 0)
                    return name is "subteam" ? "@" + label.TrimStart('@') : label;
                return "@" + name;
            default:
                return label.Length > 0 ? label : target;
        }
    }

    private static string Unescape(string text)
    {
        if (!text.Contains('&', StringComparison.Ordinal))
            return text;
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var here = text.AsSpan(i);
            if (here.StartsWith("&amp;", StringComparison.Ordinal))
            {
                result.Append('&');
                i += 4;
            }
            else if (here.StartsWith("&lt;", StringComparison.Ordinal))
            {
                result.Append('<');
                i += 3;
            }
            else if (here.StartsWith("&gt;", StringComparison.Ordinal))
            {
                result.Append('>');
                i += 3;
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    /// <summary><c>open "Checkout freezes"</c>: quotes around the whole title are not part of it.</summary>
    private static string StripQuotes(string text)
    {
        if (text.Length < 2)
            return text;
        var close = text[0] switch
        {
            '"' => '"',
            '\u201C' => '\u201D',
            '\'' => '\'',
            '\u2018' => '\u2019',
            _ => '\0',
        };
        if (close == '\0' || text[^1] != close)
            return text;
        var inner = text[1..^1];
        return inner.Contains(text[0], StringComparison.Ordinal) || inner.Contains(close, StringComparison.Ordinal) ? text : inner.Trim();
    }

    private static string FirstToken(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? text : text[..space];
    }

    [GeneratedRegex(@"^sev-?\d+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SeverityLike();

    [GeneratedRegex(@"^<@(?<id>[UW][A-Z0-9]{2,})(\|[^<>]*)?>$", RegexOptions.CultureInvariant)]
    private static partial Regex UserMention();

    [GeneratedRegex(@"<(?<inner>[@#!][^<>]*|[a-zA-Z][a-zA-Z0-9+.\-]*:[^<>\s]*(\|[^<>]*)?)>", RegexOptions.CultureInvariant)]
    private static partial Regex SlackMarkup();
}
