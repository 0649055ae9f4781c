namespace WarRoomBot.Slack;

/// <summary>Business updates (playbook §9 and §11): the owner's own <c>update</c>, and the <c>digest</c> on demand.</summary>
public static partial class SlashCommandParser
{
    private const string UpdateExample = "`/crisis update stores 1-50 are back next 19:00 because the rollout to the rest finishes then`";

    private const string NextExample = "`next 19:00 because the rollout to the rest finishes then`";

    /// <summary>Longer than any time <see cref="TimeExpression.Parse"/> reads, so a <c>because</c> further on cannot close one: long text stays linear work.</summary>
    private const int LongestTime = 80;

    /// <summary>A time is at most this many words (<c>in 1 hour and 30 minutes</c>).</summary>
    private const int MaxTimeWords = 6;

    /// <summary>What an update's clauses bound to: the text in front of <c>next</c>, the time, and the reason as typed.</summary>
    private readonly record struct UpdateClauses(string Head, string Time, string Reason);

    /// <summary>
    /// <c>update[!] &lt;text&gt; next &lt;time&gt; because &lt;why&gt;</c>. Playbook §9: every update says when the next one comes and why
    /// then, so a missing <c>next</c> or reason is refused here, with an example, before anything reaches the business channel.
    /// </summary>
    private static CrisisCommand ParseUpdate(string rest, bool anyway)
    {
        if (rest.Length == 0)
            return new CrisisCommand.UpdateModal();

        var usage = Usage.For("update");
        if ((NextThenBecause(rest) ?? BecauseThenNext(rest)) is not { } clauses)
            return new CrisisCommand.Invalid(UnboundNext(rest), usage);

        var text = PlainText(StripQuotes(TrimPause(clauses.Head)));
        if (text.Length == 0)
            return new CrisisCommand.Invalid($"The update is missing: write what the business channel should hear before `next`, e.g. {UpdateExample}.", usage);
        var reason = PlainText(StripQuotes(clauses.Reason.Trim()));
        if (reason.Length == 0)
            return new CrisisCommand.Invalid(
                $"The reason after `because` is empty. Say why the next update comes then, e.g. {NextExample}; an update without a reason is not accepted.",
                usage);
        return new CrisisCommand.Update(text, Time(clauses.Time), reason, anyway);
    }

    /// <summary>
    /// DESIGN "Command grammar": <c>next</c> binds to its last occurrence that parses, so "the next batch" stays in the text.
    /// The reason is the last clause and runs from the first <c>because</c> that leaves a readable time to the end, as in
    /// <c>extend</c>: a reason may itself say "next week", name a time, or give a reason for the reason. The reason may be
    /// empty here, so that its refusal can say so.
    /// </summary>
    private static UpdateClauses? NextThenBecause(string text)
    {
        var nexts = KeywordPositions(text, "next");
        for (var k = nexts.Count - 1; k >= 0; k--)
        {
            var after = text[(nexts[k] + "next".Length)..];
            foreach (var at in KeywordPositions(after, "because"))
            {
                if (at > LongestTime)
                    break;
                var time = TrimPause(after[..at]);
                if (IsTime(time))
                    return new UpdateClauses(text[..nexts[k]], time, after[(at + "because".Length)..]);
            }
        }

        return null;
    }

    /// <summary><c>update stores are back because the rollout finishes then next 19:00</c>: the clauses in the other order still bind.</summary>
    private static UpdateClauses? BecauseThenNext(string text)
    {
        var (head, values, _) = BindTrailing(text, ("next", IsTime), ("because", IsText));
        return values.GetValueOrDefault("next") is { } time && values.GetValueOrDefault("because") is { } reason
            ? new UpdateClauses(head, time, reason)
            : null;
    }

    /// <summary>Why no <c>next &lt;time&gt; because &lt;why&gt;</c> bound: no <c>next</c>, a time with no reason, or a time that cannot be read.</summary>
    private static string UnboundNext(string text)
    {
        var nexts = KeywordPositions(text, "next");
        if (nexts.Count == 0)
            return $"Say when the next update comes and why then: end with `next <time> because <why>`, e.g. {UpdateExample}.";

        var shape = $"An update ends with `next <time> because <why>`, e.g. {NextExample}.";
        for (var k = nexts.Count - 1; k >= 0; k--)
        {
            var value = text[(nexts[k] + "next".Length)..];
            if (KeywordPositions(value, "because").Count == 0 && StartsWithTime(value))
                return $"Say why the next update comes then: add `because <why>` after the time, e.g. {NextExample}. An update without a reason is not accepted.";
        }

        var last = text[(nexts[^1] + "next".Length)..];
        var becauses = KeywordPositions(last, "because");
        var problem = TimeExpression.Parse(TrimPause(becauses.Count > 0 ? last[..becauses[0]] : last)).Problem ?? shape;
        return becauses.Count > 0 ? problem : $"{problem} {shape}";
    }

    /// <summary><c>help update!</c> explains <c>update</c> (likewise <c>ask!</c>, <c>severity!</c> and <c>target!</c>): the mark is how it is typed to post anyway, not another command.</summary>
    private static string WithoutBang(string verb) => verb is "update!" or "ask!" or "severity!" or "target!" ? verb[..^1] : verb;

    /// <summary>Whether <paramref name="text"/> begins with a readable time, as in "19:00 since the rollout ends then".</summary>
    private static bool StartsWithTime(string text)
    {
        var words = text.Trim().Split(' ', MaxTimeWords + 1);
        for (var n = Math.Min(words.Length, MaxTimeWords); n > 0; n--)
        {
            if (IsTime(TrimPause(string.Join(' ', words[..n]))))
                return true;
        }

        return false;
    }

    /// <summary>"stores are back, next 19:00, because …": the pause before a clause is punctuation, not part of the text or time.</summary>
    private static string TrimPause(string text) => text.Trim().TrimEnd(',', ';', '\u2013', '\u2014').TrimEnd();

    /// <summary>
    /// <c>digest</c> posts the digest as the record stands; words after it would be silently dropped, so they are refused
    /// and the owner is pointed at <c>update</c>, which carries their own.
    /// </summary>
    private static CrisisCommand ParseDigest(string rest) => rest.Length == 0
        ? new CrisisCommand.Digest()
        : new CrisisCommand.Invalid(
            $"`digest` takes nothing after it ({Usage.Echo(rest)} was added); it posts the digest now. "
            + "To post your own words, use `/crisis update <text> next <time> because <why>`.",
            Usage.For("digest"));
}
