using System.Text;
using WarRoomBot.Crises;

namespace WarRoomBot.Slack.Blocks;

/// <summary>
/// <c>/crisis status</c>: where the diagnosis stands, for whoever asks, privately. Theories with their state, open
/// deadlines with the time left, and the count of deadlines kept and missed (playbook §5 and §6). It reads the same
/// folded record as the replies and the posts, so all three say the same thing.
/// </summary>
public static class StatusText
{
    public static string Render(Crisis crisis, DateTimeOffset now)
    {
        var text = new StringBuilder()
            .Append(":clipboard: *Crisis ").Append(crisis.Id).Append(": ").Append(Mrkdwn.Escape(crisis.Title)).Append("*\n")
            .Append(crisis.Severity.Label()).Append(crisis.Customer is { } c ? $" · {Mrkdwn.Escape(c)}" : "")
            .Append(" · owner ").Append(Mrkdwn.Mention(crisis.Owner))
            .Append(crisis.Technical.Channel is { } t ? $" · {Mrkdwn.Link(t)}" : "")
            .Append(Features.Owner.OwnerBlocks.Status(crisis, now))
            .Append(Features.Lifecycle.LifecycleBlocks.Status(crisis))
            .Append('\n');

        text.Append("\n*Working explanation:* ").Append(crisis.WorkingExplanation is { } working
            ? $"{working.Id} {Mrkdwn.Escape(working.Statement)}"
            : "none confirmed yet").Append('\n');

        text.Append("\n*Theories*\n");
        if (crisis.Theories.Count == 0)
            text.Append("None yet. Write one: `/crisis theory <statement> prove <plan> by <time>`\n");
        foreach (var theory in crisis.Theories)
            text.Append("• ").Append(theory.Id).Append(' ').Append(Mrkdwn.Escape(theory.Statement)).Append(" · ").Append(State(crisis, theory)).Append('\n');

        var open = crisis.OpenByDue.ToList();
        text.Append("\n*Open deadlines*\n");
        if (open.Count == 0)
            text.Append(crisis.Deadlines.Any(d => d.Withdrawal is not null) ? "None. Every step has its outcome or was withdrawn.\n" : "None. Every step has its outcome.\n");
        foreach (var deadline in open)
        {
            text.Append("• ").Append(deadline.Id).Append(' ').Append(Mrkdwn.Escape(deadline.Step))
                .Append(deadline.Theory is { } id ? $" (for {id})" : "")
                .Append(" · due ").Append(Mrkdwn.Time(deadline.Due)).Append(' ')
                .Append(deadline.Due > now ? $"({Mrkdwn.In(deadline.Due - now)})" : $"(*overdue by {Mrkdwn.Duration(now - deadline.Due)}*)")
                .Append('\n');
        }

        var kept = crisis.Deadlines.Count(d => d.Record == DeadlineRecord.Kept);
        var missed = crisis.Deadlines.Count(d => d.Record == DeadlineRecord.Missed);
        var extended = crisis.Deadlines.Count(d => d.Outcome?.Outcome == Outcome.Extended);
        var withdrawn = crisis.Deadlines.Count(d => d.Record == DeadlineRecord.Withdrawn);
        text.Append("\n*Deadlines:* ").Append(kept).Append(" kept · ").Append(missed).Append(" missed");
        if (extended > 0)
            text.Append(" (").Append(extended).Append(" of them extended)");
        if (withdrawn > 0)
            text.Append(" · ").Append(withdrawn).Append(" withdrawn (").Append(string.Join(", ", crisis.Deadlines.Where(d => d.Withdrawal is not null).Select(d => d.Id))).Append(')');
        return text.ToString();
    }

    private static string State(Crisis crisis, Theory theory) => theory.Status switch
    {
        TheoryStatus.Confirmed => ":white_check_mark: confirmed",
        TheoryStatus.Disproved => ":x: disproved",
        TheoryStatus.Withdrawn => $":heavy_multiplication_x: withdrawn: {Mrkdwn.Escape(theory.Withdrawal!.Reason)}",
        _ => crisis.PlanOf(theory.Id) is { } plan ? $":mag: being worked; {plan.Id} settles it" : ":mag: being worked",
    };
}
