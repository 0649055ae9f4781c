using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Sandbox;

/// <summary>
/// A few support cases for the sandbox's store, the first time it starts, so <c>/crisis watch</c> and the daily post in
/// #customer-watch have someone to show: Acme Retail over both thresholds, Initech with an urgent case open for days,
/// Globex under both. Dated from the sandbox clock, so they are recent whenever the sandbox is first run.
/// </summary>
public sealed class SandboxCases(ISupportCaseStore store, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if ((await store.RecentOrOpenAsync(DateTimeOffset.MinValue, cancellationToken)).Count > 0)
            return;
        var now = time.GetUtcNow();
        SupportCase Case(string id, string customer, CasePriority priority, double daysAgo, double? closedDaysAgo = null) =>
            new(id, customer, priority, now.AddDays(-daysAgo), closedDaysAgo is { } closed ? now.AddDays(-closed) : null);
        await store.UpsertAsync(
        [
            Case("CS-1001", "Acme Retail", CasePriority.P1, 3),
            Case("CS-1002", "Acme Retail", CasePriority.P2, 5, 4),
            Case("CS-1003", "Acme Retail", CasePriority.P3, 7),
            Case("CS-1004", "Acme Retail", CasePriority.P2, 9, 8),
            Case("CS-1005", "Acme Retail", CasePriority.P3, 11, 10),
            Case("CS-1006", "Acme Retail", CasePriority.P4, 12),
            Case("CS-2001", "Initech", CasePriority.P1, 2.5),
            Case("CS-3001", "Globex", CasePriority.P2, 4, 3),
            Case("CS-3002", "Globex", CasePriority.P3, 6),
        ], cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
