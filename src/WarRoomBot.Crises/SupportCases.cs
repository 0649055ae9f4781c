namespace WarRoomBot.Crises;

/// <summary>How urgent the support desk ranks a case: priority 1 is the most urgent.</summary>
public enum CasePriority
{
    P1 = 1,
    P2 = 2,
    P3 = 3,
    P4 = 4,
}

/// <summary>
/// One support case as the support desk last reported it (playbook: the next crisis shows in the support queue before
/// anyone escalates). The bot keeps the latest report per case id; a report of the same id is an update, not a second case.
/// </summary>
public sealed record SupportCase(string Id, string Customer, CasePriority Priority, DateTimeOffset Opened, DateTimeOffset? Closed)
{
    public bool IsOpen => Closed is null;
}

/// <summary>
/// When a customer's cases make them a customer at risk: at least <paramref name="CasesInWindow"/> cases opened within
/// <paramref name="Window"/>, or at least <paramref name="LongOpenCases"/> cases of <paramref name="HighPriority"/> or more
/// urgent still open after <paramref name="LongOpenAfter"/>.
/// </summary>
public sealed record WatchThresholds(int CasesInWindow, TimeSpan Window, CasePriority HighPriority, TimeSpan LongOpenAfter, int LongOpenCases)
{
    public static readonly WatchThresholds Default = new(5, TimeSpan.FromDays(14), CasePriority.P1, TimeSpan.FromHours(48), 1);
}

/// <summary>
/// A customer the watch list flags, with each reason in numbers ("7 cases in 14 days"), and the crisis already open for
/// them, if any: such a customer is marked, not offered a new crisis.
/// </summary>
public sealed record AtRiskCustomer(string Customer, IReadOnlyList<string> Reasons, CrisisId? OpenCrisis);
