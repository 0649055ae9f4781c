using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Features.Updates;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Mitigation;

/// <summary>
/// What both rooms read about a mitigation (issue 15): the pain relieved while the fix goes on, and a relief that failed,
/// each with when the business channel hears from us next and why then (playbook §9). Pure functions of the folded crisis.
/// </summary>
public static class MitigationBlocks
{
    public static SlackMessage Relieved(Crisis crisis, MitigationEntry mitigation, DateTimeOffset now)
    {
        var customer = Mrkdwn.Escape(RecordRules.Customer(crisis));
        return new($"Mitigated: {Mrkdwn.Truncate(Mrkdwn.Escape(mitigation.How), 150)}, fix in progress.", new JsonArray(
            Block.Section($":adhesive_bandage: *Mitigated: the pain for {customer} is relieved while the fix goes on.*\n"
                + $"*What relieves it now:* {Mrkdwn.Escape(mitigation.How)}\nRecorded by {Mrkdwn.Mention(mitigation.By)} at {Mrkdwn.Time(mitigation.At)}. "
                + "The crisis stays open until the cause is fixed."),
            Block.Context(UpdateBlocks.Footer(crisis, mitigation.Next, now))));
    }

    public static SlackMessage RelievedTechnical(Crisis crisis, MitigationEntry mitigation, DateTimeOffset now) => new(
        $"Mitigated: {Mrkdwn.Truncate(Mrkdwn.Escape(mitigation.How), 150)}. The fix goes on.", new JsonArray(
            Block.Section($":adhesive_bandage: *Mitigated* by {Mrkdwn.Mention(mitigation.By)}: {Mrkdwn.Escape(mitigation.How)}\n"
                + $"The fix goes on here: the crisis stays open, and business updates slow to {Mrkdwn.Every(mitigation.Next.Cadence)} until it is fixed. "
                + "If the relief stops working: `/crisis unmitigated because &lt;why&gt;`."),
            Block.Context(UpdateBlocks.Footer(crisis, mitigation.Next, now))));

    public static SlackMessage Failed(Crisis crisis, MitigationEntry mitigation, MitigationFailure failed, DateTimeOffset now)
    {
        var customer = Mrkdwn.Escape(RecordRules.Customer(crisis));
        return new($"The mitigation stopped working: {Mrkdwn.Truncate(Mrkdwn.Escape(failed.Why), 150)}.", new JsonArray(
            Block.Section($":warning: *The mitigation stopped working; the pain for {customer} is back.*\n"
                + $"*What had relieved it:* {Mrkdwn.Escape(mitigation.How)}\n*Why it stopped:* {Mrkdwn.Escape(failed.Why)}\n"
                + $"Recorded by {Mrkdwn.Mention(failed.By)} at {Mrkdwn.Time(failed.At)}. Updates return to the {crisis.Severity.Label()} rhythm."),
            Block.Context(UpdateBlocks.Footer(crisis, failed.Next, now))));
    }
}
