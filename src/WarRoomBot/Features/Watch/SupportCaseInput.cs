using System.Globalization;
using System.Text.RegularExpressions;
using WarRoomBot.Crises;

namespace WarRoomBot.Features.Watch;

/// <summary>One support case as the desk sent it, each field as written (null when absent), before it is read.</summary>
public sealed record CaseReport(string? Id, string? Customer, string? Priority, string? Opened, string? Closed);

/// <summary>A case that cannot be stored: where it was (a batch's index or a file's line), its id if it had one, and every problem.</summary>
public sealed record CaseProblem(int At, string? Id, IReadOnlyList<string> Problems);

/// <summary>
/// The one place both ways in (<c>POST /support/cases</c> and <c>cases import</c>) read a support case, so a case refused by
/// one is refused by the other in the same words. Each problem says what was wrong and the right form.
/// </summary>
public static partial class SupportCaseInput
{
    public const int MaxIdLength = 100;
    public const int MaxCustomerLength = 200;

    private const string PriorityForm = "give 1 to 4 or P1 to P4 (1 is the most urgent)";
    private const string DateForm = "give a date and time in ISO 8601 with an offset, e.g. 2026-11-20T09:00:00Z or 2026-11-20T10:00:00+01:00";

    /// <summary>How much of a wrong value a problem quotes back: enough to find it, never a whole pasted document.</summary>
    private const int Quoted = 40;

    /// <summary>
    /// Reads every report; a batch is stored only when <see cref="Read"/> found no problem (never half of it).
    /// <paramref name="at"/> says where the report at each index came from (its index itself, or its line in a file).
    /// </summary>
    public static (IReadOnlyList<SupportCase> Cases, IReadOnlyList<CaseProblem> Problems) Read(IReadOnlyList<CaseReport> reports, Func<int, int> at)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(at);
        var cases = new List<SupportCase>(reports.Count);
        var problems = new List<CaseProblem>();
        for (var i = 0; i < reports.Count; i++)
        {
            var (read, wrong) = Read(reports[i]);
            if (read is not null)
                cases.Add(read);
            else
                problems.Add(new CaseProblem(at(i), Blank(reports[i].Id) ? null : reports[i].Id!.Trim(), wrong));
        }

        return (cases, problems);
    }

    /// <summary>The case, or every problem with it: a report with two mistakes is told both at once.</summary>
    public static (SupportCase? Case, IReadOnlyList<string> Problems) Read(CaseReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var problems = new List<string>();
        var id = Text(report.Id, "id", "give the support desk's case id, e.g. CS-1", MaxIdLength, problems);
        var customer = Text(report.Customer, "customer", "give the customer's name, e.g. Acme Retail", MaxCustomerLength, problems);

        CasePriority? priority = null;
        if (Blank(report.Priority))
            problems.Add($"priority is missing: {PriorityForm}");
        else if ((priority = Priority(report.Priority)) is null)
            problems.Add($"priority {Quote(report.Priority!)} is not a priority: {PriorityForm}");

        var opened = Blank(report.Opened) ? Missing("opened", problems) : Date(report.Opened!, "opened", problems);
        var closed = Blank(report.Closed) ? null : Date(report.Closed!, "closed", problems);
        if (opened is { } o && closed is { } c && c < o)
            problems.Add($"closed {Quote(report.Closed!)} is before opened {Quote(report.Opened!)}: a case closes after it opens");

        return problems.Count > 0 || id is null || customer is null || priority is null || opened is null
            ? (null, problems)
            : (new SupportCase(id, customer, priority.Value, opened.Value, closed), problems);
    }

    /// <summary>"1" to "4" or "P1" to "P4", in any case and with spaces around: how support desks write a priority.</summary>
    public static CasePriority? Priority(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 2 && value[0] is 'P' or 'p')
            value = value[1..];
        return value is ['1' or '2' or '3' or '4'] ? (CasePriority)(value[0] - '0') : null;
    }

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);

    private static string? Text(string? text, string field, string form, int maxLength, List<string> problems)
    {
        if (Blank(text))
        {
            problems.Add($"{field} is missing: {form}");
            return null;
        }

        var value = text!.Trim();
        if (value.Length > maxLength)
        {
            problems.Add($"{field} is {value.Length} characters long: keep it to {maxLength}");
            return null;
        }

        if (value.Any(char.IsControl))
        {
            problems.Add($"{field} holds a line break or another control character: {form}");
            return null;
        }

        return value;
    }

    private static DateTimeOffset? Missing(string field, List<string> problems)
    {
        problems.Add($"{field} is missing: {DateForm}");
        return null;
    }

    /// <summary>
    /// ISO 8601 with its offset written out: a time without one would be read in this server's zone, which is nobody's
    /// intent, and a case's age decides whether the watch list names the customer.
    /// </summary>
    private static DateTimeOffset? Date(string text, string field, List<string> problems)
    {
        var value = text.Trim();
        if (IsoWithOffset().IsMatch(value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var at))
            return at;

        var why = IsoWithoutOffset().IsMatch(value) ? "has no offset" : "is not a date";
        problems.Add($"{field} {Quote(text)} {why}: {DateForm}{(field == "closed" ? ", or leave it empty while the case is open" : "")}");
        return null;
    }

    private static string Quote(string text)
    {
        var value = text.Trim();
        return $"'{(value.Length > Quoted ? value[..Quoted] + "…" : value)}'";
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex IsoWithOffset();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?)?$")]
    private static partial Regex IsoWithoutOffset();
}
