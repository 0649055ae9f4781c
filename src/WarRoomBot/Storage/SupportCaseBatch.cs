using WarRoomBot.Crises;

namespace WarRoomBot.Storage;

/// <summary>How both engines read a batch of support cases before storing it.</summary>
internal static class SupportCaseBatch
{
    /// <summary>
    /// Each case id once, as the last report of it in the batch says: a batch is the desk's reports in order, so a later
    /// line about the same case is its newer state, and the store keeps one case per id (counted once, added or updated).
    /// </summary>
    public static IReadOnlyList<SupportCase> LastOfEach(IReadOnlyList<SupportCase> cases)
    {
        var latest = new Dictionary<string, SupportCase>(StringComparer.Ordinal);
        foreach (var c in cases)
            latest[Key(c.Id)] = c;
        return latest.Count == cases.Count ? cases : [.. latest.Values];
    }

    /// <summary>
    /// What a case is stored under: its id in upper case, so <c>cs-1</c> and <c>CS-1</c> are one case on both engines
    /// (LiteDB compares its keys without regard to case, PostgreSQL with). The case keeps the id as last reported.
    /// </summary>
    public static string Key(string id) => id.ToUpperInvariant();
}
