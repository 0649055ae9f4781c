using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;

namespace WarRoomBot.Crises;

/// <summary>What is wrong with a phrase bound for the business channel (playbook §8).</summary>
public enum WordingProblem
{
    /// <summary>Hedged wording that fuels escalation ("I think", "maybe", "hopefully").</summary>
    Hedge,

    /// <summary>Pointing elsewhere instead of owning the problem ("not our fault", "user error").</summary>
    Blame,
}

/// <summary>
/// A phrase of <see cref="Wording.Phrases"/> found in <c>text</c> at <paramref name="Index"/> (length <paramref name="Length"/>,
/// covering the words as written there), and a firmer way to say it.
/// </summary>
public sealed record WordingFinding(string Phrase, int Index, int Length, WordingProblem Problem, string Alternative);

/// <summary>A phrase the check looks for, what is wrong with it, and the firmer way to say it.</summary>
public sealed record WordingPhrase(string Phrase, WordingProblem Problem, string Alternative);

/// <summary>Playbook §8: be crisp and authoritative. Business-bound text is checked before it is posted.</summary>
/// <remarks>
/// A phrase matches whole words only, whatever the case ("Maybe" yes, "Maybelline" no; "I think" yes, "thinking" no). Curly
/// and straight apostrophes are the same letter (we’ll, we'll); quotes and punctuation around a phrase do not hide it; the
/// words of a phrase may be apart by any run of whitespace, line breaks included, or by one hyphen ("fingers-crossed"),
/// but not by punctuation ("not, sure" is two thoughts). Where phrases overlap, the longest from the leftmost word is
/// reported once. The text is read once, word by word, so a 4,000-character update takes well under a millisecond.
/// </remarks>
public static class Wording
{
    private const int ListedAtMost = 10;
    private const int ExcerptContext = 24;

    // The alternatives speak in the playbook's voice (§8): say what we know, state uncertainty with certainty, commit to a
    // time, and own the problem.
    private const string SayWhatYouKnow = "Say what you know: \"Our recommendation is …\" or \"We have confirmed that …\"";
    private const string UncertaintyWithCertainty = "State the uncertainty with certainty: \"We do not know X yet; we will know by <time>.\"";
    private const string Commit = "Commit to an action and a time: \"We will <action> by <time>; if that fails we will <next step>.\"";
    private const string ShowTheEvidence = "Say what you have seen, not what you expect: \"The fix is deployed; we will confirm it holds by <time>.\"";
    private const string BeExact = "Be exact: name what is affected and what is not: \"Checkout fails at 300 of 1,200 stores.\"";
    private const string OwnIt = "Own it: \"It's our problem: we are <doing what> and will report by <time>.\"";
    private const string OwnTheOtherSide = "Own it: \"It's our problem: we are working with <whom> on <what> and will report by <time>.\"";
    private const string OwnTheMistakes = "Own it: \"It's our problem: we are making <step> impossible to get wrong.\"";

    /// <summary>
    /// What the check looks for. Bare "should" and "may" are not in it: they also state an obligation or a month ("stores
    /// should restart their tills", "since May"); only their hedging uses are.
    /// </summary>
    public static readonly ImmutableArray<WordingPhrase> Phrases =
    [
        // Opinion offered instead of a recommendation.
        new("I think", WordingProblem.Hedge, SayWhatYouKnow),
        new("we think", WordingProblem.Hedge, SayWhatYouKnow),
        new("I believe", WordingProblem.Hedge, SayWhatYouKnow),
        new("we believe", WordingProblem.Hedge, SayWhatYouKnow),
        new("I feel", WordingProblem.Hedge, SayWhatYouKnow),
        new("I suspect", WordingProblem.Hedge, SayWhatYouKnow),
        new("we suspect", WordingProblem.Hedge, SayWhatYouKnow),
        new("I assume", WordingProblem.Hedge, SayWhatYouKnow),
        new("we assume", WordingProblem.Hedge, SayWhatYouKnow),
        new("in my opinion", WordingProblem.Hedge, SayWhatYouKnow),

        // Odds in place of facts.
        new("maybe", WordingProblem.Hedge, UncertaintyWithCertainty),
        new("perhaps", WordingProblem.Hedge, UncertaintyWithCertainty),
        new("probably", WordingProblem.Hedge, UncertaintyWithCertainty),
        new("possibly", WordingProblem.Hedge, UncertaintyWithCertainty),
        new("presumably", WordingProblem.Hedge, UncertaintyWithCertainty),
        new("most likely", WordingProblem.Hedge, UncertaintyWithCertainty),
        new("might", WordingProblem.Hedge, UncertaintyWithCertainty),
        new("may be", WordingProblem.Hedge, UncertaintyWithCertainty),
        new("may have", WordingProblem.Hedge, UncertaintyWithCertainty),
        new("not sure", WordingProblem.Hedge, UncertaintyWithCertainty),
        new("not certain", WordingProblem.Hedge, UncertaintyWithCertainty),
        new("unsure", WordingProblem.Hedge, UncertaintyWithCertainty),
        new("no idea", WordingProblem.Hedge, UncertaintyWithCertainty),
        new("guess", WordingProblem.Hedge, UncertaintyWithCertainty),
        new("guessing", WordingProblem.Hedge, UncertaintyWithCertainty),
        new("best guess", WordingProblem.Hedge, UncertaintyWithCertainty),
        new("guesstimate", WordingProblem.Hedge, UncertaintyWithCertainty),

        // Hope and luck in place of a plan.
        new("hopefully", WordingProblem.Hedge, Commit),
        new("I hope", WordingProblem.Hedge, Commit),
        new("we hope", WordingProblem.Hedge, Commit),
        new("fingers crossed", WordingProblem.Hedge, Commit),
        new("knock on wood", WordingProblem.Hedge, Commit),
        new("touch wood", WordingProblem.Hedge, Commit),
        new("if all goes well", WordingProblem.Hedge, Commit),
        new("if everything goes well", WordingProblem.Hedge, Commit),
        new("with any luck", WordingProblem.Hedge, Commit),
        new("with luck", WordingProblem.Hedge, Commit),

        // Effort promised in place of an outcome.
        new("we'll try", WordingProblem.Hedge, Commit),
        new("we will try", WordingProblem.Hedge, Commit),
        new("try to", WordingProblem.Hedge, Commit),
        new("trying to", WordingProblem.Hedge, Commit),
        new("do our best", WordingProblem.Hedge, Commit),
        new("we'll see", WordingProblem.Hedge, Commit),
        new("we will see", WordingProblem.Hedge, Commit),
        new("wait and see", WordingProblem.Hedge, Commit),

        // Expectation in place of evidence.
        new("should work", WordingProblem.Hedge, ShowTheEvidence),
        new("should fix", WordingProblem.Hedge, ShowTheEvidence),
        new("should help", WordingProblem.Hedge, ShowTheEvidence),
        new("should resolve", WordingProblem.Hedge, ShowTheEvidence),
        new("should be fixed", WordingProblem.Hedge, ShowTheEvidence),
        new("should be resolved", WordingProblem.Hedge, ShowTheEvidence),
        new("should be restored", WordingProblem.Hedge, ShowTheEvidence),
        new("should be working", WordingProblem.Hedge, ShowTheEvidence),
        new("should be back", WordingProblem.Hedge, ShowTheEvidence),
        new("should be fine", WordingProblem.Hedge, ShowTheEvidence),
        new("should be ok", WordingProblem.Hedge, ShowTheEvidence),
        new("should be okay", WordingProblem.Hedge, ShowTheEvidence),
        new("should be good", WordingProblem.Hedge, ShowTheEvidence),
        new("should be done", WordingProblem.Hedge, ShowTheEvidence),
        new("shouldn't happen", WordingProblem.Hedge, ShowTheEvidence),
        new("should not happen", WordingProblem.Hedge, ShowTheEvidence),

        // Vagueness in place of scope.
        new("kind of", WordingProblem.Hedge, BeExact),
        new("sort of", WordingProblem.Hedge, BeExact),
        new("kinda", WordingProblem.Hedge, BeExact),
        new("sorta", WordingProblem.Hedge, BeExact),
        new("seems to", WordingProblem.Hedge, BeExact),
        new("seems like", WordingProblem.Hedge, BeExact),
        new("it seems", WordingProblem.Hedge, BeExact),
        new("appears to", WordingProblem.Hedge, BeExact),

        // Whose fault instead of what we do about it.
        new("not our fault", WordingProblem.Blame, OwnIt),
        new("not our problem", WordingProblem.Blame, OwnIt),
        new("not our issue", WordingProblem.Blame, OwnIt),
        new("their fault", WordingProblem.Blame, OwnIt),
        new("your fault", WordingProblem.Blame, OwnIt),
        new("nothing to do with us", WordingProblem.Blame, OwnIt),
        new("out of our hands", WordingProblem.Blame, OwnIt),
        new("beyond our control", WordingProblem.Blame, OwnIt),
        new("outside our control", WordingProblem.Blame, OwnIt),

        // Someone else's system named as the culprit.
        new("their vendor", WordingProblem.Blame, OwnTheOtherSide),
        new("your vendor", WordingProblem.Blame, OwnTheOtherSide),
        new("the vendor's fault", WordingProblem.Blame, OwnTheOtherSide),
        new("customer's network", WordingProblem.Blame, OwnTheOtherSide),
        new("their network", WordingProblem.Blame, OwnTheOtherSide),
        new("your network", WordingProblem.Blame, OwnTheOtherSide),
        new("their firewall", WordingProblem.Blame, OwnTheOtherSide),
        new("your firewall", WordingProblem.Blame, OwnTheOtherSide),
        new("their ISP", WordingProblem.Blame, OwnTheOtherSide),
        new("your ISP", WordingProblem.Blame, OwnTheOtherSide),
        new("on their side", WordingProblem.Blame, OwnTheOtherSide),
        new("on their end", WordingProblem.Blame, OwnTheOtherSide),
        new("on your side", WordingProblem.Blame, OwnTheOtherSide),
        new("on your end", WordingProblem.Blame, OwnTheOtherSide),
        new("a third party", WordingProblem.Blame, OwnTheOtherSide),
        new("the third party", WordingProblem.Blame, OwnTheOtherSide),

        // The people who use the product blamed for it.
        new("user error", WordingProblem.Blame, OwnTheMistakes),
        new("operator error", WordingProblem.Blame, OwnTheMistakes),
        new("customer error", WordingProblem.Blame, OwnTheMistakes),
        new("the customer's fault", WordingProblem.Blame, OwnTheMistakes),
        new("PEBKAC", WordingProblem.Blame, OwnTheMistakes),
    ];

    /// <summary>
    /// After these words "kind of" and "sort of" name a kind ("what kind of tills", "the sort of failure we saw in March");
    /// elsewhere they hedge ("it is kind of slow").
    /// </summary>
    private static readonly FrozenSet<string> NameAKind = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, "what", "which", "this", "that", "these", "those", "the", "any", "each", "every", "same", "no", "one", "all");

    /// <summary>The phrases by their first word, longest first, so the first that matches is the longest.</summary>
    private static readonly FrozenDictionary<string, (string[] Words, WordingPhrase Phrase)[]> ByFirstWord = Phrases
        .Select(p => (Words: p.Phrase.Split(' '), Phrase: p))
        .GroupBy(p => p.Words[0], StringComparer.OrdinalIgnoreCase)
        .ToFrozenDictionary(g => g.Key, g => g.OrderByDescending(p => p.Words.Length).ToArray(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Every hedge and deflection in <paramref name="text"/>, in the order they appear.</summary>
    public static ImmutableArray<WordingFinding> Check(string text)
    {
        var words = Words(text);
        var found = ImmutableArray.CreateBuilder<WordingFinding>();
        for (var at = 0; at < words.Count;)
        {
            if (Longest(text, words, at) is ({ } phrase, var count))
            {
                var start = words[at].Start;
                found.Add(new WordingFinding(phrase.Phrase, start, words[at + count - 1].End - start, phrase.Problem, phrase.Alternative));
                at += count;
            }
            else
            {
                at++;
            }
        }

        return found.ToImmutable();
    }

    /// <summary>
    /// Playbook §8: the refusal of a text bound for the business channel and the reason given with it, naming each hedge
    /// or deflection, where it is and a firmer phrasing; null when both read firmly. <paramref name="notDone"/> says what
    /// did not happen ("it was not posted"), <paramref name="anyway"/> how to do it on purpose anyway.
    /// </summary>
    /// <summary>The same refusal for business-bound words that are only a reason (a severity change's).</summary>
    public static string? Refusal(string reason, string notDone, string anyway)
    {
        var found = Check(reason);
        return found.IsEmpty
            ? null
            : $"The business channel reads this as uncertainty or blame, so {notDone}:\n{Explain(reason, found)}"
                + $"\nRephrase it, or {anyway} (the record keeps that choice and your name).";
    }

    public static string? Refusal(string text, string reason, string notDone, string anyway)
    {
        var inText = Check(text);
        var inReason = Check(reason);
        if (inText.IsEmpty && inReason.IsEmpty)
            return null;
        var found = new List<string>();
        if (!inText.IsEmpty)
            found.Add(Explain(text, inText));
        if (!inReason.IsEmpty)
            found.Add("In the reason: " + Explain(reason, inReason));
        return $"The business channel reads this as uncertainty or blame, so {notDone}:\n" + string.Join("\n", found)
            + $"\nRephrase it, or {anyway} (the record keeps that choice and your name).";
    }

    /// <summary>
    /// The findings as a person reads them in a Slack reply (mrkdwn): each phrase, a short excerpt of the words around it with
    /// the phrase in bold, and the firmer alternative. People's words are escaped so they cannot mention or link.
    /// </summary>
    public static string Explain(string text, ImmutableArray<WordingFinding> findings)
    {
        var lines = findings.Take(ListedAtMost)
            .Select(f => $"• “{Escape(OneLine(text.AsSpan(f.Index, f.Length)))}”: {Excerpt(text, f)} → {Escape(f.Alternative)}");
        return findings.Length > ListedAtMost
            ? string.Join("\n", lines.Append($"…and {findings.Length - ListedAtMost} more."))
            : string.Join("\n", lines);
    }

    private readonly record struct Word(int Start, int End, string Text);

    /// <summary>The longest phrase whose words start at <paramref name="at"/>, apart only by whitespace or one hyphen.</summary>
    private static (WordingPhrase? Phrase, int Words) Longest(string text, List<Word> words, int at)
    {
        if (!ByFirstWord.TryGetValue(words[at].Text, out var candidates))
            return (null, 0);
        foreach (var (phraseWords, phrase) in candidates)
        {
            if (at + phraseWords.Length > words.Count || NamesAKind(text, words, at, phrase))
                continue;
            var matches = true;
            for (var i = 1; i < phraseWords.Length && matches; i++)
            {
                matches = Same(words[at + i].Text, phraseWords[i], isLast: i == phraseWords.Length - 1)
                    && JoinsAPhrase(text.AsSpan(words[at + i - 1].End, words[at + i].Start - words[at + i - 1].End));
            }

            if (matches)
                return (phrase, phraseWords.Length);
        }

        return (null, 0);
    }

    /// <summary>
    /// The last word may be possessive ("their vendor's bug", "your network's"): the phrase is there all the same. The
    /// first word is already known to be the phrase's own, as the lookup found it.
    /// </summary>
    private static bool Same(string written, string phraseWord, bool isLast) =>
        string.Equals(written, phraseWord, StringComparison.OrdinalIgnoreCase)
        || (isLast && written.EndsWith("'s", StringComparison.OrdinalIgnoreCase)
            && written.Length == phraseWord.Length + 2
            && written.StartsWith(phraseWord, StringComparison.OrdinalIgnoreCase));

    private static bool NamesAKind(string text, List<Word> words, int at, WordingPhrase phrase) =>
        phrase.Phrase is "kind of" or "sort of"
        && at > 0
        && NameAKind.Contains(words[at - 1].Text)
        && JoinsAPhrase(text.AsSpan(words[at - 1].End, words[at].Start - words[at - 1].End));

    private static bool JoinsAPhrase(ReadOnlySpan<char> gap)
    {
        var hyphens = 0;
        foreach (var c in gap)
        {
            if (IsHyphen(c))
                hyphens++;
            else if (!char.IsWhiteSpace(c))
                return false;
        }

        return hyphens <= 1;
    }

    /// <summary>
    /// The words of <paramref name="text"/>: runs of letters and digits, with an apostrophe inside a word (we’ll, customer's)
    /// kept as a straight one so both spellings match the table.
    /// </summary>
    private static List<Word> Words(string text)
    {
        var words = new List<Word>();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]) || IsApostrophe(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            var hasApostrophe = false;
            while (i < text.Length)
            {
                // U+02BC is a letter to Unicode, so apostrophes are told apart first.
                if (IsApostrophe(text[i]))
                {
                    if (i + 1 == text.Length || !char.IsLetter(text[i + 1]) || IsApostrophe(text[i + 1]))
                        break;
                    hasApostrophe = true;
                    i++;
                }
                else if (char.IsLetterOrDigit(text[i]))
                {
                    i++;
                }
                else
                {
                    break;
                }
            }

            var word = text[start..i];
            if (hasApostrophe)
                word = string.Create(word.Length, word, static (span, w) =>
                {
                    for (var k = 0; k < w.Length; k++)
                        span[k] = IsApostrophe(w[k]) ? '\'' : w[k];
                });
            words.Add(new Word(start, i, word));
        }

        return words;
    }

    private static bool IsApostrophe(char c) => c is '\'' or '’' or 'ʼ' or '‘';

    private static bool IsHyphen(char c) => c is '-' or '‐' or '‑';

    /// <summary>A few words either side of the finding, on one line, with the phrase in bold: <c>…we will *probably* restore the…</c>.</summary>
    private static string Excerpt(string text, WordingFinding finding)
    {
        var end = finding.Index + finding.Length;
        var from = WordBoundaryBefore(text, Math.Max(finding.Index - ExcerptContext, 0), finding.Index);
        var to = WordBoundaryAfter(text, Math.Min(end + ExcerptContext, text.Length), end);
        var before = OneLine(text.AsSpan(from, finding.Index - from)).TrimStart();
        var after = OneLine(text.AsSpan(end, to - end)).TrimEnd();
        return new StringBuilder()
            .Append(from > 0 ? "…" : "")
            .Append(Escape(before))
            .Append('*').Append(Escape(OneLine(text.AsSpan(finding.Index, finding.Length)))).Append('*')
            .Append(Escape(after))
            .Append(to < text.Length ? "…" : "")
            .ToString();
    }

    /// <summary>Moves <paramref name="from"/> forward to the start of a word, so the excerpt does not open mid-word.</summary>
    private static int WordBoundaryBefore(string text, int from, int phraseStart)
    {
        if (from == 0 || char.IsWhiteSpace(text[from - 1]))
            return from;
        for (var i = from; i < phraseStart; i++)
        {
            if (char.IsWhiteSpace(text[i]))
                return i + 1;
        }

        return phraseStart;
    }

    /// <summary>Moves <paramref name="to"/> back to the end of a word, so the excerpt does not close mid-word.</summary>
    private static int WordBoundaryAfter(string text, int to, int phraseEnd)
    {
        if (to == text.Length || char.IsWhiteSpace(text[to]))
            return to;
        for (var i = to - 1; i >= phraseEnd; i--)
        {
            if (char.IsWhiteSpace(text[i]))
                return i;
        }

        return phraseEnd;
    }

    /// <summary>Runs of whitespace, line breaks included, as one space: a finding is listed on one line.</summary>
    private static string OneLine(ReadOnlySpan<char> part)
    {
        var line = new StringBuilder(part.Length);
        foreach (var c in part)
        {
            if (!char.IsWhiteSpace(c))
                line.Append(c);
            else if (line.Length == 0 || line[^1] != ' ')
                line.Append(' ');
        }

        return line.ToString();
    }

    // Slack reads &, < and > as markup in mrkdwn and decodes exactly these three entities, so people's words read as typed
    // and can never mention, link or notify.
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
