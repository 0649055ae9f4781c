using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Features.OpenCrisis;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;
using WarRoomBot.Storage;

namespace WarRoomBot.Features.Watch;

/// <summary>The watch list at one moment: the customers at risk, worst first, the open crises they were matched with, and the thresholds used.</summary>
public sealed record WatchView(IReadOnlyList<AtRiskCustomer> AtRisk, IReadOnlyDictionary<CrisisId, CrisisListing> Crises, WatchThresholds Thresholds);

/// <summary>
/// <c>/crisis watch</c> and the "Open a crisis" button beside each customer at risk (issue 15): customers who open support
/// cases often, or whose urgent cases stay open for days, are the next crisis, so the bot names them before anyone
/// escalates. The list is worked out afresh from the stored cases and the open crises each time it is asked for.
/// </summary>
public sealed class WatchHandler(
    ICrisisStore crises, ISupportCaseStore cases, TimeProvider time, IOptions<WarRoomOptions> options, SlackSideTasks side)
{
    /// <summary>How many open crises one read of the listings takes; more are read when more are open.</summary>
    private const int OpenCrisesPage = 500;

    /// <summary><c>/crisis watch</c>: the list, for the person who asked only.</summary>
    public async Task<Reply> HandleAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var watch = await ReadAsync(now, ct);
        var (text, blocks) = WatchBlocks.Render("Watch list", watch.AtRisk, watch.Crises, watch.Thresholds);
        return Reply.Private(text, blocks);
    }

    /// <summary>Weighs every customer's recent and open cases against the thresholds at <paramref name="now"/>.</summary>
    public async Task<WatchView> ReadAsync(DateTimeOffset now, CancellationToken ct)
    {
        var thresholds = options.Value.Watch.ToThresholds();
        var open = await crises.ListOpenAsync(OpenCrisesPage, ct);
        if (open.Total > open.Rows.Count)
            open = await crises.ListOpenAsync(open.Total, ct);
        var withCustomer = open.Rows.Where(r => r.Customer is not null).Select(r => (r.Customer!, r.Crisis)).ToList();

        // The window's cases and every case still open: a long-open urgent case counts however long ago it was opened.
        var recent = await cases.RecentOrOpenAsync(now - thresholds.Window, ct);
        var atRisk = WatchList.Flag(recent, withCustomer, thresholds, now);
        return new(atRisk, open.Rows.ToDictionary(r => r.Crisis), thresholds);
    }

    /// <summary>
    /// The button: opens the open-crisis form with the customer, a title and the reasons filled in. A customer whose crisis
    /// was opened since the list was shown gets no form: the clicker is told privately which crisis is open and where, so
    /// the same pain does not get a second crisis and a second war room.
    /// </summary>
    public async Task ClickAsync(Interaction.WatchClicked click, CancellationToken ct)
    {
        var watch = await ReadAsync(time.GetUtcNow(), ct);
        var customer = click.Customer.Trim();
        var alreadyOpen = watch.Crises.Values
            .Where(c => c.Customer is { } name && CustomerName.Comparer.Equals(name, customer))
            .MinBy(c => c.Crisis.Number);
        if (alreadyOpen is not null)
        {
            var where = alreadyOpen.Technical is { } channel ? Mrkdwn.Link(channel) : "its channels are being created";
            side.Tell(click.ResponseUrl,
                $":information_source: Crisis {alreadyOpen.Crisis} is already open for {Mrkdwn.Escape(alreadyOpen.Customer!)}: {where}. "
                + $"Work it there, or see where it stands with `/crisis status {alreadyOpen.Crisis}`.");
            return;
        }

        // A customer no longer at risk (cases closed since the list was shown) still gets the form: the clicker chose to open one.
        var flagged = watch.AtRisk.FirstOrDefault(c => CustomerName.Comparer.Equals(c.Customer, customer));
        var name = flagged?.Customer ?? customer;
        var prefill = new OpenCrisisModal.Prefill(
            $"{name}: at risk from their support cases",
            name,
            flagged is null ? null : $"On the watch list: {string.Join("; ", flagged.Reasons)}.");
        var view = OpenCrisisModal.View(new(click.Channel?.Value, click.ResponseUrl), click.User, options.Value.DefaultSeverity, prefill);
        side.OpenView(click.TriggerId, view, click.ResponseUrl, e =>
            $"{(e.MayHaveApplied ? $":warning: Slack did not confirm that the form opened (`{e.Error}`). If you do not see it, open" : $":x: Slack could not open the form (`{e.Error}`). Open")} "
            + $"the crisis in one line instead:\n`/crisis open <title> customer: {name}`");
    }
}
