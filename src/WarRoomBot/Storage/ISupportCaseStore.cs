using WarRoomBot.Crises;

namespace WarRoomBot.Storage;

/// <summary>What one batch of support cases did to the store.</summary>
public sealed record CaseImport(int Added, int Updated);

/// <summary>
/// The support cases the watch list reads (issue 15), kept beside the crisis timelines in the same store and engine, and
/// the record of which day's watch list has been posted, so replicas post it once a day.
/// </summary>
public interface ISupportCaseStore
{
    /// <summary>Adds or replaces each case by its id, all in one transaction: a batch is stored whole or not at all.</summary>
    Task<CaseImport> UpsertAsync(IReadOnlyList<SupportCase> cases, CancellationToken ct);

    /// <summary>Every case opened at or after <paramref name="since"/>, and every case still open, however old.</summary>
    Task<IReadOnlyList<SupportCase>> RecentOrOpenAsync(DateTimeOffset since, CancellationToken ct);

    /// <summary>
    /// Takes the day's watch post for this process: true when nobody has it, or when whoever took it at least
    /// <paramref name="lease"/> before <paramref name="now"/> has not marked it posted (that replica died); false otherwise.
    /// </summary>
    Task<bool> TryClaimWatchPostAsync(DateOnly day, DateTimeOffset now, TimeSpan lease, CancellationToken ct);

    /// <summary>Records that the day's watch list is in Slack: no replica claims that day again.</summary>
    Task MarkWatchPostedAsync(DateOnly day, CancellationToken ct);

    /// <summary>Every day whose watch list is recorded as in Slack, earliest first.</summary>
    Task<IReadOnlyList<DateOnly>> WatchPostedDaysAsync(CancellationToken ct);
}
