using System.Globalization;
using System.Text.RegularExpressions;
using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

/// <summary>
/// Triage (playbook §1): the impact as numbers and facts, and the severity. Each impact part is a word and its value, in
/// any order; a word the grammar does not know, a number that does not read, or a part given twice is refused naming it,
/// so nothing is half recorded. Whether the severity needs a reason is the rules' to judge.
/// </summary>
public static partial class SlashCommandParser
{
    private static readonly string[] ImpactWords = ["users", "sites", "loss", "deal", "scope", "strategic", "reference"];

    private static CrisisCommand ParseImpact(string rest)
    {
        var usage = Usage.For("impact");
        var words = PlainText(rest).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            return new CrisisCommand.ImpactModal();

        var impact = Impact.None;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i].ToLowerInvariant().TrimEnd(',', ';');
            if (!ImpactWords.Contains(word))
                return new CrisisCommand.Invalid($"{Usage.Echo(words[i])} is not part of an impact: the parts are {string.Join(", ", ImpactWords.Select(w => $"`{w}`"))}.", usage);
            if (!seen.Add(word))
                return new CrisisCommand.Invalid($"`{word}` is given twice; give it once.", usage);

            string? Value() => i + 1 < words.Length ? words[++i].TrimEnd(',', ';') : null;
            switch (word)
            {
                case "strategic":
                    impact = impact with { Strategic = true };
                    break;
                case "reference":
                    impact = impact with { Reference = true };
                    break;
                case "scope":
                    var scope = Value();
                    if (!Enum.TryParse<ImpactScope>(scope, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || scope!.Any(char.IsDigit))
                    {
                        return new CrisisCommand.Invalid(
                            (scope is null ? "`scope` needs a word after it" : $"{Usage.Echo(scope)} is not a scope")
                            + ": use `local`, `regional`, `national` or `global`.",
                            usage);
                    }

                    impact = impact with { Scope = parsed };
                    break;
                case "users":
                    var users = Count(word, Value(), "users 1200");
                    if (users.Problem is { } notUsers)
                        return new CrisisCommand.Invalid(notUsers, usage);
                    impact = impact with { Users = users.Value };
                    break;
                case "sites":
                    var sites = Count(word, Value(), "sites 300 of 410");
                    if (sites.Problem is { } notSites)
                        return new CrisisCommand.Invalid(notSites, usage);
                    var total = new Read<int>(null, null);
                    if (i + 1 < words.Length && words[i + 1].Equals("of", StringComparison.OrdinalIgnoreCase))
                    {
                        i++;
                        total = Count("sites … of", Value(), "sites 300 of 410");
                        if (total.Problem is { } notTotal)
                            return new CrisisCommand.Invalid(notTotal, usage);
                    }

                    impact = impact with { Sites = sites.Value, SitesTotal = total.Value };
                    break;
                case "loss":
                    var loss = Value();
                    if (loss is not null && PerHour().Match(loss) is { Success: true } hourly)
                        loss = hourly.Groups["amount"].Value;
                    else if (i + 1 < words.Length && PerHourWords().IsMatch($"{words[i + 1]} {(i + 2 < words.Length ? words[i + 2] : "")}".Trim()))
                        i += words[i + 1].Equals("/h", StringComparison.OrdinalIgnoreCase) ? 1 : 2;
                    var perHour = Amount(word, loss, "loss 25000/h");
                    if (perHour.Problem is { } notLoss)
                        return new CrisisCommand.Invalid(notLoss, usage);
                    impact = impact with { LossPerHour = perHour.Value };
                    break;
                default:
                    var deal = Amount(word, Value(), "deal 2000000");
                    if (deal.Problem is { } notDeal)
                        return new CrisisCommand.Invalid(notDeal, usage);
                    impact = impact with { Deal = deal.Value };
                    break;
            }
        }

        return new CrisisCommand.AssessImpact(impact);
    }

    /// <summary><c>severity sev1 [because &lt;reason&gt;]</c>: the reason runs from the first <c>because</c> to the end.</summary>
    private static CrisisCommand ParseSeverity(string rest, bool anyway)
    {
        var usage = Usage.For("severity");
        var typed = FirstToken(rest);
        if (typed.Length == 0)
            return new CrisisCommand.Invalid("Say which severity, from sev1 (worst) to sev4, and why.", usage);
        if (!SeverityNames.TryParse(typed, out var severity))
            return new CrisisCommand.Invalid($"{Usage.Echo(typed)} is not a severity: use sev1 (worst) to sev4.", usage);

        var after = rest[typed.Length..].Trim();
        if (after.Length == 0)
            return new CrisisCommand.SetSeverity(severity, null, anyway);
        if (KeywordPositions(after, "because") is not [0, ..])
        {
            return new CrisisCommand.Invalid(
                $"Put `because` before the reason, e.g. `/crisis severity {severity.Label()} because {Usage.Echo(after, 60).Trim('`')}`.", usage);
        }

        var reason = PlainText(after["because".Length..]);
        return new CrisisCommand.SetSeverity(severity, reason.Length == 0 ? null : reason, anyway);
    }

    /// <summary>A number read from the command, or what was wrong with it.</summary>
    private readonly record struct Read<T>(T? Value, string? Problem)
        where T : struct;

    /// <summary>A whole number of people or sites: <c>1200</c>, <c>1,200</c>, <c>1.2k</c>.</summary>
    private static Read<int> Count(string part, string? typed, string example)
    {
        var amount = Amount(part, typed, example);
        if (amount.Problem is not null)
            return new(null, amount.Problem);
        return amount.Value is { } n && n == decimal.Truncate(n) && n <= int.MaxValue
            ? new((int)n, null)
            : new(null, $"{Usage.Echo(typed!)} is not a whole number; `{part}` counts, e.g. `{example}`.");
    }

    /// <summary>An amount: <c>25000</c>, <c>25,000</c>, <c>$25k</c>, <c>2.5m</c>; never negative.</summary>
    private static Read<decimal> Amount(string part, string? typed, string example)
    {
        if (typed is null)
            return new(null, $"`{part}` needs a number after it, e.g. `{example}`.");
        if (AmountForm().Match(typed) is not { Success: true } m
            || !decimal.TryParse(m.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            return new(null, $"{Usage.Echo(typed)} is not a number for `{part}`: write digits, e.g. `{example}` (commas, `k` and `m` are fine).");
        }

        var times = m.Groups["unit"].Value.ToLowerInvariant() switch { "k" => 1_000m, "m" => 1_000_000m, _ => 1m };
        return n * times <= 1_000_000_000_000m
            ? new(n * times, null)
            : new(null, $"{Usage.Echo(typed)} is more than a trillion; check the number for `{part}`.");
    }

    [GeneratedRegex(@"^\$?(?<n>\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?)(?<unit>[kKmM])?$", RegexOptions.CultureInvariant)]
    private static partial Regex AmountForm();

    [GeneratedRegex(@"^(?<amount>.+?)/(h|hr|hour)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PerHour();

    [GeneratedRegex(@"^(/h(\s.*)?|(per|an|a)\s(h|hr|hour))$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PerHourWords();
}
