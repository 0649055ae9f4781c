using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Storage;

/// <summary>What every store promises the watch list (issue 15): support cases kept by id, and one watch post a day.</summary>
public abstract partial class CrisisStoreContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private static readonly DateOnly Monday = new(2026, 11, 30);

    private ISupportCaseStore CaseStore() => (ISupportCaseStore)Store();

    private async Task<ISupportCaseStore> ReopenCases() => (ISupportCaseStore)await Reopen();

    private static SupportCase Case(string id, string customer = "Acme Retail", CasePriority priority = CasePriority.P1, int openedDaysAgo = 1, DateTimeOffset? closed = null) =>
        new(id, customer, priority, T.AddDays(-openedDaysAgo), closed);

    private static async Task<SupportCase[]> AllAsync(ISupportCaseStore store) =>
        [.. (await store.RecentOrOpenAsync(DateTimeOffset.MinValue, None)).OrderBy(c => c.Id, StringComparer.Ordinal)];

    [ContractFact]
    public async Task Support_cases_are_kept_by_id_a_known_id_replaces_the_case_and_the_batch_says_how_many_of_each()
    {
        var store = CaseStore();

        Assert.Equal(new CaseImport(2, 0), await store.UpsertAsync([Case("CS-1"), Case("CS-2", "Globex", CasePriority.P3, 3)], None));
        var closedLater = Case("CS-2", "Globex Corp", CasePriority.P2, 3, closed: T.AddHours(-2));
        Assert.Equal(new CaseImport(1, 1), await store.UpsertAsync([closedLater, Case("CS-3", openedDaysAgo: 2)], None));

        Assert.Equal([Case("CS-1"), closedLater, Case("CS-3", openedDaysAgo: 2)], await AllAsync(await ReopenCases()));
    }

    [ContractFact]
    public async Task A_case_reported_twice_in_one_batch_is_one_case_as_its_last_report_says()
    {
        var store = CaseStore();
        await store.UpsertAsync([Case("CS-1")], None);

        var import = await store.UpsertAsync([Case("CS-1", priority: CasePriority.P2), Case("CS-2"), Case("CS-1", priority: CasePriority.P4), Case("CS-2", "Globex")], None);

        Assert.Equal(new CaseImport(1, 1), import);
        Assert.Equal([Case("CS-1", priority: CasePriority.P4), Case("CS-2", "Globex")], await AllAsync(store));
    }

    [ContractFact]
    public async Task Case_ids_differing_only_in_letter_case_are_one_case_keeping_the_id_as_last_reported()
    {
        var store = CaseStore();
        await store.UpsertAsync([Case("CS-1")], None);

        Assert.Equal(new CaseImport(0, 1), await store.UpsertAsync([Case("cs-1", priority: CasePriority.P3)], None));
        Assert.Equal(new CaseImport(1, 0), await store.UpsertAsync([Case("Cs-2"), Case("CS-2", "Globex")], None));

        Assert.Equal([Case("CS-2", "Globex"), Case("cs-1", priority: CasePriority.P3)], await AllAsync(await ReopenCases()));
    }

    [ContractFact]
    public async Task Recent_or_open_is_every_case_opened_since_including_the_instant_and_every_open_case_however_old()
    {
        var store = CaseStore();
        var since = T.AddDays(-14);
        SupportCase[] cases =
        [
            Case("at-the-instant", openedDaysAgo: 14, closed: T),
            Case("recent-closed", openedDaysAgo: 3, closed: T.AddDays(-2)),
            Case("old-open", openedDaysAgo: 90),
            Case("old-closed", openedDaysAgo: 30, closed: T.AddDays(-20)),
            new("just-before", "Acme Retail", CasePriority.P1, since.AddSeconds(-1), T.AddDays(-1)),
        ];
        await store.UpsertAsync(cases, None);

        var found = await store.RecentOrOpenAsync(since, None);

        Assert.Equal(["at-the-instant", "old-open", "recent-closed"], found.Select(c => c.Id).Order(StringComparer.Ordinal));
    }

    [ContractFact]
    public async Task Case_times_keep_their_instant_whatever_offset_they_were_reported_in()
    {
        var store = CaseStore();
        var opened = new DateTimeOffset(2026, 11, 20, 10, 30, 15, TimeSpan.FromHours(1));
        await store.UpsertAsync([new SupportCase("CS-1", "Acme Retail", CasePriority.P1, opened, opened.AddHours(5))], None);

        var back = Assert.Single(await AllAsync(await ReopenCases()));

        Assert.Equal(opened.UtcDateTime, back.Opened.UtcDateTime);
        Assert.Equal(opened.AddHours(5).UtcDateTime, back.Closed!.Value.UtcDateTime);
    }

    [ContractFact]
    public async Task The_days_watch_post_is_claimed_once_again_only_after_the_lease_of_an_unmarked_claim_and_never_after_it_is_marked()
    {
        var store = CaseStore();

        Assert.True(await store.TryClaimWatchPostAsync(Monday, T, Lease, None));
        Assert.False(await store.TryClaimWatchPostAsync(Monday, T, Lease, None));
        Assert.False(await store.TryClaimWatchPostAsync(Monday, T + Lease - TimeSpan.FromSeconds(1), Lease, None));
        Assert.True(await store.TryClaimWatchPostAsync(Monday.AddDays(1), T, Lease, None));

        // The claimant died without marking it: once the lease has run, another takes it, and holds it for a lease of its own.
        store = await ReopenCases();
        Assert.True(await store.TryClaimWatchPostAsync(Monday, T + Lease, Lease, None));
        Assert.False(await store.TryClaimWatchPostAsync(Monday, T + Lease + TimeSpan.FromMinutes(1), Lease, None));

        await store.MarkWatchPostedAsync(Monday, None);
        Assert.False(await (await ReopenCases()).TryClaimWatchPostAsync(Monday, T.AddDays(1), Lease, None));
    }

    [ContractFact]
    public async Task A_day_marked_posted_without_a_claim_is_not_claimed()
    {
        var store = CaseStore();

        await store.MarkWatchPostedAsync(Monday, None);

        Assert.False(await store.TryClaimWatchPostAsync(Monday, T, Lease, None));
        Assert.True(await store.TryClaimWatchPostAsync(Monday.AddDays(-1), T, Lease, None));
    }
}
