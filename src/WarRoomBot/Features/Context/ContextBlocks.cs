using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Context;

/// <summary>
/// Issue 15: the customer's context as the business room reads it, first in the business kickoff and every digest, in the
/// customer's words, so whoever reads the room starts from the customer's pain rather than ours.
/// </summary>
public static class ContextBlocks
{
    /// <summary>"What this means for Acme Retail", then each entry as quoted, in the order it was given; null when none is recorded.</summary>
    public static JsonObject? Section(Crisis crisis)
    {
        if (crisis.Context.IsEmpty)
            return null;
        var entries = crisis.Context.Entries.Select(e => "> " + Mrkdwn.Escape(e.Text).Replace("\n", "\n> ", StringComparison.Ordinal));
        return Block.Section($"*{Heading(crisis)}*\n{string.Join("\n", entries)}");
    }

    public static string Heading(Crisis crisis) => $"What this means for {Mrkdwn.Escape(RecordRules.Customer(crisis))}";
}
