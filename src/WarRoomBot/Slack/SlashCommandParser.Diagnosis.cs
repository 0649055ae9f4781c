using System.Globalization;
using System.Text.RegularExpressions;
using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

/// <summary>Theories, deadlines and their outcomes (playbook §5 and §6), and <c>status</c>.</summary>
public static partial class SlashCommandParser
{
    private static CrisisCommand ParseTheory(string rest)
    {
        var usage = Usage.For("theory");
        var anyway = TakeAnyway(ref rest);
        var (head, values, _) = BindTrailing(rest, ("by", IsTime), ("prove", IsText));
        if (values.GetValueOrDefault("by") is not { } due)
            return new CrisisCommand.Invalid(MissingTime(rest, "A theory needs a deadline for its proof"), usage);
        if (values.GetValueOrDefault("prove") is not { } plan)
            return new CrisisCommand.Invalid(
                "Say how you will prove or disprove the theory: put the plan after `prove`, before `by`.", usage);
        var statement = PlainText(StripQuotes(head));
        if (statement.Length == 0)
            return new CrisisCommand.Invalid("The theory is missing: write what you believe is happening before `prove`.", usage);
        return new CrisisCommand.ProposeTheory(statement, PlainText(plan), Time(due), anyway);
    }

    private static CrisisCommand ParseDeadline(string rest)
    {
        var usage = Usage.For("deadline");
        var anyway = TakeAnyway(ref rest);
        var (head, values, end) = BindTrailing(rest, ("by", IsTime), ("for", v => TheoryNumber().IsMatch(v)));
        if (values.GetValueOrDefault("by") is not { } due)
            return new CrisisCommand.Invalid(MissingTime(rest[..end], "A deadline needs its time"), usage);
        var step = PlainText(StripQuotes(head));
        if (step.Length == 0)
            return new CrisisCommand.Invalid("The step is missing: write what will be done before `by`.", usage);
        TheoryId? theory = values.GetValueOrDefault("for") is { } t ? new TheoryId(Number(t)) : null;
        return new CrisisCommand.SetDeadline(step, Time(due), theory, anyway);
    }

    private static CrisisCommand ParseOutcome(string rest, Outcome outcome, string verb)
    {
        var id = FirstToken(rest);
        if (!DeadlineNumber().IsMatch(id))
            return new CrisisCommand.Invalid(WhichDeadline(id), Usage.For(verb));
        var note = PlainText(rest[id.Length..]);
        return new CrisisCommand.RecordOutcome(new DeadlineId(Number(id)), outcome, note.Length == 0 ? null : note);
    }

    /// <summary>
    /// <c>extend D1 to 19:30 because …</c>: the time runs to the first <c>because</c> that leaves a readable time, so a
    /// reason may itself mention times ("because the upload ends at 19:00").
    /// </summary>
    private static CrisisCommand ParseExtend(string rest)
    {
        var usage = Usage.For("extend");
        var id = FirstToken(rest);
        if (!DeadlineNumber().IsMatch(id))
            return new CrisisCommand.Invalid(WhichDeadline(id), usage);
        var after = rest[id.Length..].TrimStart();
        if (!after.StartsWith("to ", StringComparison.OrdinalIgnoreCase))
            return new CrisisCommand.Invalid($"Say the new time after `to`, e.g. `/crisis extend {id.ToUpperInvariant()} to 19:30 because <reason>`.", usage);
        var timeAndReason = after[3..];

        var becauses = KeywordPositions(timeAndReason, "because");
        foreach (var at in becauses)
        {
            var time = timeAndReason[..at].Trim();
            if (IsTime(time))
                return new CrisisCommand.Extend(new DeadlineId(Number(id)), Time(time), Reason(timeAndReason[(at + "because".Length)..]));
        }

        var parsed = TimeExpression.Parse(becauses.Count > 0 ? timeAndReason[..becauses[0]].Trim() : timeAndReason.Trim());
        return parsed.Expression is { } due
            ? new CrisisCommand.Extend(new DeadlineId(Number(id)), due, null)
            : new CrisisCommand.Invalid(parsed.Problem!, usage);
    }

    /// <summary>
    /// <c>withdraw T4 because duplicate of T3</c>. A reason typed without <c>because</c> is still the reason: at 3 a.m. the
    /// intent is plain, and whether the reason is good enough is the rules' to judge (playbook §6: nothing is deleted).
    /// </summary>
    private static CrisisCommand ParseWithdraw(string rest)
    {
        var usage = Usage.For("withdraw");
        var id = FirstToken(rest);
        if (id.Length == 0)
            return new CrisisCommand.Invalid("Say which entry to withdraw, e.g. `T4` or `D2`; `/crisis status` lists them.", usage);
        if (!TheoryNumber().IsMatch(id) && !DeadlineNumber().IsMatch(id))
            return new CrisisCommand.Invalid(
                $"{Usage.Echo(id)} is not a theory or a deadline. Theories are written `T1`, `T2`…, deadlines `D1`, `D2`…; `/crisis status` lists them.",
                usage);

        var after = rest[id.Length..].TrimStart();
        if (KeywordPositions(after, "because") is [0, ..])
            after = after["because".Length..];
        var reason = Reason(after);
        return char.ToUpperInvariant(id[0]) == 'T'
            ? new CrisisCommand.Withdraw(new TheoryId(Number(id)), null, reason)
            : new CrisisCommand.Withdraw(null, new DeadlineId(Number(id)), reason);
    }

    /// <summary>
    /// <c>theory anyway …</c> / <c>deadline anyway …</c>: the word right after the verb records an entry the rules would
    /// refuse as a likely duplicate of one typed a moment ago.
    /// </summary>
    private static bool TakeAnyway(ref string rest)
    {
        if (KeywordPositions(rest, "anyway") is not [0, ..])
            return false;
        rest = rest["anyway".Length..].TrimStart();
        return true;
    }

    private static CrisisCommand ParseStatus(string rest)
    {
        if (rest.Length == 0)
            return new CrisisCommand.Status(null);
        var typed = rest.Trim().TrimStart('#');
        return int.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? new CrisisCommand.Status(new CrisisId(number))
            : new CrisisCommand.Invalid($"{Usage.Echo(rest)} is not a crisis number. Name it like `/crisis status 42`, or run `/crisis status` in its channel.", Usage.For("status"));
    }

    private static string? Reason(string text)
    {
        var reason = PlainText(text);
        return reason.Length == 0 ? null : reason;
    }

    private static string WhichDeadline(string typed) => typed.Length == 0
        ? "Say which deadline, e.g. `D1`; `/crisis status` lists them."
        : $"{Usage.Echo(typed)} is not a deadline. Deadlines are written `D1`, `D2`…; `/crisis status` lists them.";

    /// <summary>Why no <c>by</c> clause bound: none at all, or the last one's time did not parse.</summary>
    private static string MissingTime(string text, string need)
    {
        var positions = KeywordPositions(text, "by");
        if (positions.Count == 0)
            return $"{need}: end with `by <time>`, e.g. `by 45m` or `by 18:30`.";
        var last = text[(positions[^1] + "by".Length)..].Trim();
        return TimeExpression.Parse(last).Problem ?? $"{need}: end with `by <time>`, e.g. `by 45m` or `by 18:30`.";
    }

    /// <summary>
    /// DESIGN "Command grammar": trailing clauses bind to their last occurrence that parses. Working from the end, the
    /// rightmost keyword occurrence whose value (up to the clauses already bound) parses is bound, until none is left;
    /// what remains in front is the head. So "caused by the cache … by 18:30" keeps "caused by the cache" in the text.
    /// </summary>
    private static (string Head, Dictionary<string, string> Values, int End) BindTrailing(string text, params (string Keyword, Func<string, bool> Parses)[] clauses)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var end = text.Length;
        while (true)
        {
            (string Keyword, int At, string Value)? best = null;
            foreach (var (keyword, parses) in clauses)
            {
                if (values.ContainsKey(keyword))
                    continue;
                var positions = KeywordPositions(text[..end], keyword);
                for (var k = positions.Count - 1; k >= 0; k--)
                {
                    var at = positions[k];
                    var value = text[(at + keyword.Length)..end].Trim();
                    if (!parses(value))
                        continue;
                    if (best is null || at > best.Value.At)
                        best = (keyword, at, value);
                    break;
                }
            }

            if (best is not { } bound)
                return (text[..end].Trim(), values, end);
            values[bound.Keyword] = bound.Value;
            end = bound.At;
        }
    }

    /// <summary>Where <paramref name="keyword"/> stands as a word followed by a space (or ends the text).</summary>
    private static List<int> KeywordPositions(string text, string keyword)
    {
        var found = new List<int>();
        for (var i = text.IndexOf(keyword, StringComparison.OrdinalIgnoreCase); i >= 0; i = text.IndexOf(keyword, i + 1, StringComparison.OrdinalIgnoreCase))
        {
            var startsWord = i == 0 || text[i - 1] == ' ';
            var endsWord = i + keyword.Length == text.Length || text[i + keyword.Length] == ' ';
            if (startsWord && endsWord)
                found.Add(i);
        }

        return found;
    }

    /// <summary>
    /// Whether a clause's value reads as a time. Values longer than any time are turned down before parsing: binding tries
    /// every keyword occurrence, and a refusal message per try would make a long command cost a noticeable fraction of a second.
    /// </summary>
    private static bool IsTime(string value) => value.Length <= TimeExpression.MaxLength && TimeExpression.Parse(value).Expression is not null;

    private static bool IsText(string value) => PlainText(value).Length > 0;

    private static TimeExpression Time(string value) => TimeExpression.Parse(value).Expression!;

    private static int Number(string id) =>
        int.TryParse(id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    [GeneratedRegex(@"^[Dd][1-9][0-9]{0,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex DeadlineNumber();

    [GeneratedRegex(@"^[Tt][1-9][0-9]{0,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex TheoryNumber();
}
