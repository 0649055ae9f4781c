using System.Globalization;
using System.Text.RegularExpressions;
using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

/// <summary>Debrief action items (playbook §14): each with one owner and a due date, and marking one done.</summary>
public static partial class SlashCommandParser
{
    /// <summary>
    /// A due date given as a day alone (<c>due friday</c>, <c>due tomorrow</c>) means the end of that working day where the
    /// person typing is: an action item is due on a day, and its owner is reminded when the day's work is over.
    /// </summary>
    private static readonly TimeOnly EndOfWorkingDay = new(17, 0);

    /// <summary>
    /// <c>action &lt;text&gt; owner @user due &lt;date&gt;</c>, the two clauses in either order: <c>owner</c> is the last one followed
    /// by a mention, and <c>due</c> binds to its last occurrence that reads, so "owner of the runbook" or "due to the cache"
    /// stays in the text. The owner is never assumed: an action item is someone's work only when that someone is named
    /// (playbook §3).
    /// </summary>
    private static CrisisCommand ParseAction(string rest)
    {
        var usage = Usage.For("action");
        var (crisis, problem) = NamedCrisis(ref rest, bare: false);
        if (problem is not null)
            return new CrisisCommand.Invalid(problem, usage);
        if (rest.Length == 0)
            return new CrisisCommand.Invalid("Say what will be done, who owns it and when it is due.", usage);
        if (OwnerClause().Matches(rest) is not [.., var owner])
            return new CrisisCommand.Invalid(MissingOwner(rest), usage);
        var withoutOwner = (rest[..owner.Index].TrimEnd() + " " + rest[(owner.Index + owner.Length)..].TrimStart()).Trim();
        var (head, values, _) = BindTrailing(withoutOwner, ("due", IsDue));
        if (values.GetValueOrDefault("due") is not { } due)
            return new CrisisCommand.Invalid(MissingDue(withoutOwner), usage);
        var text = PlainText(StripQuotes(head));
        if (text.Length == 0)
            return new CrisisCommand.Invalid("The action item is missing: say what will be done, before `owner` and `due`.", usage);
        return new CrisisCommand.Action(text, new UserId(owner.Groups["id"].Value), Due(due)!, crisis);
    }

    /// <summary><c>done [#42] AI1 [note]</c>.</summary>
    private static CrisisCommand ParseDone(string rest)
    {
        var (crisis, problem) = NamedCrisis(ref rest, bare: true);
        if (problem is not null)
            return new CrisisCommand.Invalid(problem, Usage.For("done"));
        var id = FirstToken(rest);
        if (!ActionItemNumber().IsMatch(id))
        {
            return new CrisisCommand.Invalid(
                id.Length == 0
                    ? "Say which action item is done, e.g. `AI1`; `/crisis status` lists the open ones."
                    : $"{Usage.Echo(id)} is not an action item. Action items are written `AI1`, `AI2`…; `/crisis status` lists the open ones.",
                Usage.For("done"));
        }

        var note = PlainText(rest[id.Length..]);
        return new CrisisCommand.Done(new ActionItemId(Number(id[1..])), note.Length == 0 ? null : note, crisis);
    }

    /// <summary>
    /// A crisis named before the rest: <c>#42</c>, or <c>42</c> where <paramref name="bare"/> (where nothing else could start
    /// with a number). The closing commands outlive the crisis's rooms, which are archived when it closes and then take no
    /// command, so they may be typed anywhere that names the crisis. A <c>#</c> not followed by a crisis number is refused
    /// rather than read as text; text that starts with one is quoted.
    /// </summary>
    private static (CrisisId? Crisis, string? Problem) NamedCrisis(ref string rest, bool bare)
    {
        var token = FirstToken(rest);
        var hashed = token.StartsWith('#');
        if (!hashed && !(bare && token.Length > 0 && token.All(char.IsAsciiDigit)))
            return (null, null);
        if (!int.TryParse(token.AsSpan(hashed ? 1 : 0), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0)
            return (null, $"{Usage.Echo(token)} is not a crisis number: name the crisis like `#42`, or run the command in its channel. Quote text that starts with `#`.");
        rest = rest[token.Length..].TrimStart();
        return (new CrisisId(number), null);
    }

    private static bool IsDue(string value) => value.Length <= TimeExpression.MaxLength && Due(value) is not null;

    /// <summary>
    /// A day alone (<c>friday</c>, <c>tomorrow</c>) or a date (<c>2026-12-14</c>) at the end of the working day, a date with a
    /// clock time, or any time a deadline takes.
    /// </summary>
    private static TimeExpression? Due(string value)
    {
        var typed = value.Trim();
        var word = typed.ToLowerInvariant();
        if (word is "today")
            return new TimeExpression.At(0, null, EndOfWorkingDay, typed);
        if (word is "tomorrow" or "tmrw")
            return new TimeExpression.At(1, null, EndOfWorkingDay, typed);
        foreach (var weekday in Enum.GetValues<DayOfWeek>())
        {
            var name = weekday.ToString().ToLowerInvariant();
            if (word == name || word == name[..3])
                return new TimeExpression.At(0, weekday, EndOfWorkingDay, typed);
        }

        if (IsoDate().Match(typed) is { Success: true } iso)
            return IsoDue(typed, iso.Groups["date"].Value, iso.Groups["time"].Value);
        return TimeExpression.Parse(typed).Expression;
    }

    /// <summary><c>2026-12-14</c> at the end of the working day, or <c>2026-12-14 09:00</c>; null for a date that does not exist.</summary>
    private static TimeExpression? IsoDue(string typed, string date, string time)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return null;
        if (time.Length == 0)
            return new TimeExpression.OnDate(day, EndOfWorkingDay, typed);
        return TimeExpression.Parse(time).Expression is TimeExpression.At { DaysAhead: 0, Weekday: null, Zone: null } clock
            ? new TimeExpression.OnDate(day, clock.Time, typed)
            : null;
    }

    /// <summary>Why no <c>owner</c> clause bound: none at all, or what followed the last one is not a person.</summary>
    private static string MissingOwner(string text)
    {
        var positions = KeywordPositions(text, "owner");
        if (positions.Count == 0)
            return "An action item needs one owner: add `owner @user`, picking the person from Slack's @ autocomplete.";
        var after = FirstToken(text[(positions[^1] + "owner".Length)..].Trim());
        return after.StartsWith('@')
            ? $"{Usage.Echo(after)} is plain text, not a Slack user. Type @ and pick the owner from Slack's autocomplete so the name becomes a mention."
            : "`owner` needs one person after it: type @ and pick them from Slack's list, e.g. `owner @dave`.";
    }

    /// <summary>Why no <c>due</c> clause bound: none at all, or the last one's date did not read.</summary>
    private static string MissingDue(string text)
    {
        const string Need = "An action item needs a due date: add `due <date>`, e.g. `due friday`, `due 2026-12-14`, `due tomorrow 09:00` or `due 14 days`.";
        var positions = KeywordPositions(text, "due");
        if (positions.Count == 0)
            return Need;
        var last = text[(positions[^1] + "due".Length)..].Trim();
        if (IsoDate().IsMatch(last))
            return $"{Usage.Echo(last)} is not a date and time I can read: write the date as year-month-day, optionally with a clock time, e.g. `due 2026-12-14` or `due 2026-12-14 09:00`.";
        return TimeExpression.Parse(last).Problem ?? Need;
    }

    [GeneratedRegex(@"(?<=^| )owner <@(?<id>[UW][A-Z0-9]{2,})(?:\|[^<>]*)?>(?= |$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OwnerClause();

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})(?: +(?<time>\S.*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^[Aa][Ii][1-9][0-9]{0,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex ActionItemNumber();
}
