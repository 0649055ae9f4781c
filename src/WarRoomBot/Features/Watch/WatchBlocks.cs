using System.Globalization;
using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Blocks;
using WarRoomBot.Storage;

namespace WarRoomBot.Features.Watch;

/// <summary>
/// The watch list as read in Slack (issue 15), for <c>/crisis watch</c> and the daily post alike: one section a customer
/// at risk, worst first, with the reasons in numbers. A customer without an open crisis has an "Open a crisis" button
/// beside it (playbook: act before the escalation); one with a crisis already open is marked with its number and technical
/// channel, so nobody opens a second crisis for the same pain.
/// </summary>
public static class WatchBlocks
{
    /// <summary>The button's action id; its value is the customer's name, so a click needs no lookup of the message.</summary>
    public const string OpenAction = "watch_open_crisis";

    /// <summary>
    /// The most customers shown: a screenful to act on, and well within Slack's 50 blocks a message (a section each, one
    /// above them and two below).
    /// </summary>
    public const int MaxRows = 20;

    /// <summary>Slack refuses a button value over 2,000 characters; a customer name is far shorter, but comes from the desk.</summary>
    private const int MaxValueLength = 2000;

    /// <summary>The customers at risk now, as one message; <paramref name="heading"/> names it (the command or the day's post).</summary>
    /// <param name="crises">The open crises' listings by number, for the technical channel of a customer's crisis.</param>
    public static (string Text, JsonArray Blocks) Render(
        string heading, IReadOnlyList<AtRiskCustomer> atRisk, IReadOnlyDictionary<CrisisId, CrisisListing> crises, WatchThresholds thresholds)
    {
        if (atRisk.Count == 0)
        {
            // Executives read a quiet line as "we are watching": silence would read as a bot that stopped.
            var quiet = $":white_check_mark: *{heading}: nobody at risk.* {NobodyAtRisk(thresholds)}";
            return (quiet, [Block.Section(quiet)]);
        }

        var count = atRisk.Count == 1 ? "1 customer at risk" : $"{atRisk.Count} customers at risk, worst first";
        var top = $":eyes: *{heading}: {count}*";
        var shown = atRisk.Take(MaxRows).ToList();
        JsonArray blocks = [Block.Section(top), .. shown.Select(c => Row(c, crises))];
        var text = string.Join("\n", [top, .. shown.Select(c => Line(c, crises))]);
        if (atRisk.Count - shown.Count is var more and > 0)
        {
            var notShown = $"…and {more} more not shown (the {shown.Count} most at risk are above).";
            blocks.Add(Block.Context(notShown));
            text += "\n" + notShown;
        }

        var rule = $"At risk: {Thresholds(thresholds)}.";
        blocks.Add(Block.Context(rule));
        return (text + "\n" + rule, blocks);
    }

    /// <summary>The customer a button was for, or null when the value is not one this message could carry.</summary>
    public static string? ReadValue(string? value) => value?.Trim() is { Length: > 0 and <= MaxValueLength } customer ? customer : null;

    /// <summary>The thresholds in words: "5 or more support cases opened within 14 days, or a priority-1 case open more than 48 h".</summary>
    public static string Thresholds(WatchThresholds thresholds) =>
        $"{Plural(thresholds.CasesInWindow, "support case")} opened within {WatchList.Span(thresholds.Window, days: true)}, "
        + $"or {LongOpen(thresholds)} open more than {WatchList.Span(thresholds.LongOpenAfter, days: false)}";

    /// <summary>Why nobody is listed, in the thresholds' own words, so the reader knows what was looked for.</summary>
    public static string NobodyAtRisk(WatchThresholds thresholds) =>
        $"No customer has {Plural(thresholds.CasesInWindow, "support case")} opened within {WatchList.Span(thresholds.Window, days: true)}, "
        + $"or {LongOpen(thresholds)} open more than {WatchList.Span(thresholds.LongOpenAfter, days: false)}.";

    private static JsonObject Row(AtRiskCustomer customer, IReadOnlyDictionary<CrisisId, CrisisListing> crises)
    {
        var section = Block.Section(Line(customer, crises));
        if (customer.OpenCrisis is null)
            section["accessory"] = Block.Button("Open a crisis", OpenAction, customer.Customer[..Math.Min(customer.Customer.Length, MaxValueLength)], "primary");
        return section;
    }

    private static string Line(AtRiskCustomer customer, IReadOnlyDictionary<CrisisId, CrisisListing> crises)
    {
        var line = $"*{Mrkdwn.Escape(customer.Customer)}*: {Mrkdwn.Escape(string.Join("; ", customer.Reasons))}";
        if (customer.OpenCrisis is not { } crisis)
            return line;
        var where = crises.TryGetValue(crisis, out var listing) && listing.Technical is { } channel
            ? Mrkdwn.Link(channel)
            : "_(channel being created)_";
        return $"{line}\n:rotating_light: Crisis {crisis} is open for them: {where}";
    }

    private static string LongOpen(WatchThresholds thresholds) =>
        Plural(thresholds.LongOpenCases, WatchList.Priorities(thresholds.HighPriority) + " case");

    /// <summary>"a support case" or "5 or more support cases": each threshold is a least number.</summary>
    private static string Plural(int count, string what) =>
        count == 1 ? $"a {what}" : string.Create(CultureInfo.InvariantCulture, $"{count} or more {what}s");
}
