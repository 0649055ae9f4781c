using System.Text;
using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Features.Updates;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Triage;

/// <summary>
/// What people read about triage (playbook §1): the impact in plain words for the digest, the score with its breakdown
/// and the suggested severity for <c>/crisis status</c>, and the severity change announced in both rooms. Pure functions
/// of the folded crisis, the policy and the time of rendering.
/// </summary>
public static class TriageBlocks
{
    /// <summary>The digest's impact line: "1,200 users, 300 of 410 sites, …; strategic reference customer", or that nobody has assessed it yet.</summary>
    public static string Impact(Crisis crisis) =>
        crisis.Triage.IsAssessed ? TriageRules.Describe(crisis.Triage.Impact) : "not yet assessed";

    /// <summary>"score 108 (users 12 + sites 21 + …) suggests sev1": the arithmetic in the open, so anyone can check or challenge it.</summary>
    public static string Score(Priority priority)
    {
        var parts = priority.Breakdown.Select(p => $"{Factor(p.Factor)} {p.Points}").ToList();
        var breakdown = parts.Count == 0 ? "" : $" ({string.Join(" + ", parts)})";
        return $"score {priority.Score}{breakdown} suggests *{priority.Suggested.Label()}*";
    }

    /// <summary>
    /// The triage part of <c>/crisis status</c>: impact, score, suggestion against the severity set, and each severity
    /// change. Left out while nothing was ever triaged; the digest above it already says the impact is not yet assessed.
    /// </summary>
    public static string Status(Crisis crisis, PriorityPolicy policy)
    {
        if (!crisis.Triage.IsAssessed && crisis.Triage.Changes.Count == 0)
            return "";
        var text = new StringBuilder("\n\n*Priority:* ");
        if (!crisis.Triage.IsAssessed)
        {
            text.Append("no impact recorded yet; `/crisis impact` gives a score and a suggested severity.");
        }
        else
        {
            var priority = Priority.Of(crisis.Triage.Impact, policy);
            text.Append(TriageRules.Describe(crisis.Triage.Impact)).Append(": ").Append(Score(priority))
                .Append(priority.Suggested == crisis.Severity ? $"; the crisis is {crisis.Severity.Label()}." : $"; the crisis is *{crisis.Severity.Label()}*.")
                .Append(" Assessed by ").Append(Mrkdwn.Mention(crisis.Triage.AssessedBy!.Value)).Append(" at ").Append(Mrkdwn.Time(crisis.Triage.AssessedAt!.Value)).Append('.');
        }

        foreach (var change in crisis.Triage.Changes)
            text.Append("\n• ").Append(Changed(change));
        return text.ToString();
    }

    /// <summary>
    /// Playbook §1 and §9: the change, why, against which suggestion, and what it means for the business channel: the new
    /// cadence and the next update with its reason. The technical channel also sees the impact the score came from.
    /// </summary>
    public static SlackMessage SeverityPost(Crisis crisis, SeverityChange change, UpdatePolicy policy, bool technical, DateTimeOffset now)
    {
        var lines = new List<JsonObject>
        {
            Block.Section($":rotating_light: *Crisis {crisis.Id} is now {change.To.Label()}* (was {change.From.Label()}), set by {Mrkdwn.Mention(change.By)}"
                + (change.Reason is { } reason ? $" because {Mrkdwn.Escape(reason)}." : ".")
                + (change.Score is { } score ? $" The recorded impact scores {score} and suggests {change.Suggested!.Value.Label()}." : "")),
        };
        if (technical && crisis.Triage.IsAssessed)
            lines.Add(Block.Context($"*Impact:* {TriageRules.Describe(crisis.Triage.Impact)}. `/crisis status` shows the score's breakdown."));
        lines.Add(Block.Context($"Business updates now come {Mrkdwn.Every(policy.Cadence.For(change.To))}. {UpdateBlocks.Footer(crisis, change.Next, now)}"));
        return new(
            $"Crisis {crisis.Id} is now {change.To.Label()} (was {change.From.Label()}).",
            new JsonArray([.. lines]));
    }

    private static string Changed(SeverityChange change) =>
        $"{Mrkdwn.Time(change.At)} {change.From.Label()} → *{change.To.Label()}* by {Mrkdwn.Mention(change.By)}"
        + (change.Reason is { } reason ? $": {Mrkdwn.Escape(reason)}" : "")
        + (change.Suggested is { } suggested && suggested != change.To ? $" (against the suggested {suggested.Label()})" : "");

    private static string Factor(PriorityFactor factor) => factor switch
    {
        PriorityFactor.LossPerHour => "loss per hour",
        _ => factor.ToString().ToLowerInvariant(),
    };
}
