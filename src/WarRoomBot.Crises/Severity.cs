namespace WarRoomBot.Crises;

public enum Severity
{
    Sev1 = 1,
    Sev2 = 2,
    Sev3 = 3,
    Sev4 = 4,
}

public static class SeverityNames
{
    public static string Label(this Severity severity) => $"sev{(int)severity}";

    public static bool TryParse(string text, out Severity severity)
    {
        severity = default;
        var t = text.Trim().ToLowerInvariant().Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (t.Length != 4 || !t.StartsWith("sev", StringComparison.Ordinal) || t[3] is < '1' or > '4')
            return false;
        severity = (Severity)(t[3] - '0');
        return true;
    }
}
