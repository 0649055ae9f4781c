namespace WarRoomBot.Slack;

/// <summary>Expectations (playbook §11): the target for a fix and the worst case, with the reason the business channel reads.</summary>
public static partial class SlashCommandParser
{
    private const string TargetExample = "`/crisis target 18:00 worst tomorrow 12:00 because the fix needs a full regression run`";

    /// <summary>
    /// <c>target[!] &lt;time&gt; worst &lt;time&gt; because &lt;reason&gt;</c>: the target runs to a <c>worst</c> that leaves a readable
    /// time in front of it, the worst case to the first <c>because</c> that leaves a readable time, and the reason to the end,
    /// as in <c>extend</c>, so the reason may itself name a time.
    /// </summary>
    private static CrisisCommand ParseTarget(string rest, bool anyway)
    {
        var usage = Usage.For("target");
        if (rest.Length == 0)
            return new CrisisCommand.Invalid($"Say the target for a fix, the worst case and why, e.g. {TargetExample}.", usage);

        var worsts = KeywordPositions(rest, "worst");
        if (worsts.Count == 0)
            return new CrisisCommand.Invalid($"Give the worst case too: `worst <time>` after the target, e.g. {TargetExample}.", usage);

        foreach (var at in worsts)
        {
            var target = TrimPause(rest[..at]);
            if (!IsTime(target))
                continue;
            var after = rest[(at + "worst".Length)..];
            foreach (var because in KeywordPositions(after, "because"))
            {
                var worst = TrimPause(after[..because]);
                if (!IsTime(worst))
                    continue;
                var reason = PlainText(after[(because + "because".Length)..]);
                return reason.Length == 0
                    ? new CrisisCommand.Invalid($"The reason after `because` is empty. Say why these times, e.g. {TargetExample}.", usage)
                    : new CrisisCommand.SetTarget(Time(target), Time(worst), reason, anyway);
            }

            var typed = KeywordPositions(after, "because") is [var first, ..] ? after[..first] : after;
            return TimeExpression.Parse(TrimPause(typed)).Problem is { } badWorst
                ? new CrisisCommand.Invalid($"The worst case: {badWorst}", usage)
                : new CrisisCommand.Invalid($"Say why these times: add `because <reason>` after the worst case, e.g. {TargetExample}.", usage);
        }

        var problem = TimeExpression.Parse(TrimPause(rest[..worsts[0]])).Problem ?? "The target is not a time.";
        return new CrisisCommand.Invalid($"The target: {problem}", usage);
    }
}
