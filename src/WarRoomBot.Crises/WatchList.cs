using System.Globalization;

namespace WarRoomBot.Crises;

/// <summary>
/// Issue 15, the watch list: customers who open support cases often, or whose urgent cases stay open for days, are the
/// next crisis (playbook: act before the escalation). A pure function of the cases, the open crises and <c>now</c>.
/// </summary>
public static class WatchList
{
    /// <summary>
    /// The customers <paramref name="cases"/> put at risk under <paramref name="thresholds"/>, each with its reasons in numbers.
    /// <list type="bullet">
    /// <item>A customer is a name as <see cref="CustomerName"/> compares it; it is shown as written on its most recently
    /// opened case, so a corrected spelling wins.</item>
    /// <item>"Cases in the window" counts every case, open or closed, opened from <c>now - Window</c> (inclusive) up to
    /// <c>now</c>: how often they call, not how it ended. A case opened after <c>now</c> counts for nothing: the desk's
    /// clock is ahead, and it has not happened yet on ours.</item>
    /// <item>"Long open" counts cases of <see cref="WatchThresholds.HighPriority"/> or more urgent, open at <c>now</c> (not
    /// closed, or closed only after <c>now</c>), opened more than <see cref="WatchThresholds.LongOpenAfter"/> before it.</item>
    /// </list>
    /// Most at risk first: a customer over both thresholds before one over a single one; then more long-open urgent cases
    /// (pain going on now outweighs frequency); then more cases in the window; then by name, so the order is stable.
    /// A customer with an open crisis (matched by name the same way) stays listed, with <see cref="AtRiskCustomer.OpenCrisis"/>
    /// set to the earliest such crisis: the reader sees it is already handled rather than opening a second one.
    /// </summary>
    public static IReadOnlyList<AtRiskCustomer> Flag(
        IEnumerable<SupportCase> cases, IReadOnlyCollection<(string Customer, CrisisId Crisis)> openCrises, WatchThresholds thresholds, DateTimeOffset now)
    {
        var windowStart = now - thresholds.Window;
        var crisisOf = openCrises
            .GroupBy(o => o.Customer, CustomerName.Comparer)
            .ToDictionary(g => g.Key, g => g.Min(o => o.Crisis.Number), CustomerName.Comparer);

        return cases
            .GroupBy(c => c.Customer, CustomerName.Comparer)
            .Select(customer => new
            {
                Name = customer.OrderBy(c => c.Opened).Last().Customer.Trim(),
                Recent = customer.Count(c => c.Opened >= windowStart && c.Opened <= now),
                LongOpen = customer.Count(c => IsLongOpen(c, thresholds, now)),
            })
            .Select(c => new { c.Name, c.Recent, c.LongOpen, OverWindow = c.Recent >= thresholds.CasesInWindow, OverLongOpen = c.LongOpen >= thresholds.LongOpenCases })
            .Where(c => c.OverWindow || c.OverLongOpen)
            .OrderByDescending(c => (c.OverWindow ? 1 : 0) + (c.OverLongOpen ? 1 : 0))
            .ThenByDescending(c => c.LongOpen)
            .ThenByDescending(c => c.Recent)
            .ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Select(c => new AtRiskCustomer(
                c.Name,
                Reasons(c.OverWindow ? c.Recent : null, c.OverLongOpen ? c.LongOpen : null, thresholds),
                crisisOf.TryGetValue(c.Name, out var crisis) ? new CrisisId(crisis) : null))
            .ToList();
    }

    private static bool IsLongOpen(SupportCase c, WatchThresholds thresholds, DateTimeOffset now) =>
        c.Priority <= thresholds.HighPriority
        && (c.Closed is null || c.Closed > now)
        && now - c.Opened > thresholds.LongOpenAfter;

    private static IReadOnlyList<string> Reasons(int? recent, int? longOpen, WatchThresholds thresholds)
    {
        var reasons = new List<string>(2);
        if (recent is { } r)
            reasons.Add($"{Cases(r)} in {Span(thresholds.Window, days: true)}");
        if (longOpen is { } l)
            reasons.Add($"{Cases(l, Priorities(thresholds.HighPriority))} open more than {Span(thresholds.LongOpenAfter, days: false)}");
        return reasons;
    }

    private static string Cases(int count, string? kind = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(kind is null ? "" : kind + " ")}{(count == 1 ? "case" : "cases")}");

    /// <summary>"priority-1", "priority-1 or priority-2", "priority-1 to priority-3": the desk's own words for its ranks.</summary>
    public static string Priorities(CasePriority high) => (int)high switch
    {
        1 => "priority-1",
        2 => "priority-1 or priority-2",
        var n => string.Create(CultureInfo.InvariantCulture, $"priority-1 to priority-{n}"),
    };

    /// <summary>
    /// The window reads in days ("14 days"), as the desk reviews its queue; the open time in hours ("48 h"), as support
    /// response times are agreed. A span that is not whole falls back to hours, then minutes.
    /// </summary>
    public static string Span(TimeSpan span, bool days)
    {
        if (days && span.Ticks % TimeSpan.TicksPerDay == 0)
            return span.Days == 1 ? "1 day" : string.Create(CultureInfo.InvariantCulture, $"{span.Days} days");
        return span.Ticks % TimeSpan.TicksPerHour == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalHours} h")
            : string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalMinutes} min");
    }
}
