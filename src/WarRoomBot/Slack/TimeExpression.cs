using System.Globalization;
using System.Text.RegularExpressions;

namespace WarRoomBot.Slack;

/// <summary>
/// A deadline time as typed: a duration from now (<c>45m</c>) or a clock time in the invoker's zone
/// (<c>18:30</c>, <c>tomorrow 09:00</c>) or in a zone it names (<c>23:00 UTC</c>, <c>18:30 Europe/Paris</c>).
/// <see cref="Parse"/> reads syntax only; <see cref="Resolve"/> turns the expression into a UTC instant from a
/// given <c>now</c> and zone, so nothing here reads a clock.
/// </summary>
public abstract partial record TimeExpression
{
    /// <summary>Longer text is refused before any work: the longest time anyone types is about 45 characters.</summary>
    public const int MaxLength = 64;

    /// <summary>Five digits keep every sum far from overflow and still allow any real deadline.</summary>
    private const int MaxDigits = 5;

    private const string Forms =
        "Write a duration (`45m`, `2h`, `1h30m`, `90 minutes`) or a clock time in your time zone (`18:30`, `tomorrow 09:00`) "
        + "or in a named one (`23:00 UTC`, `18:30 Europe/Paris`).";

    /// <summary>Offsets in use run from UTC-12 to UTC+14.</summary>
    private static readonly TimeSpan EarliestOffset = TimeSpan.FromHours(-12);

    private static readonly TimeSpan LatestOffset = TimeSpan.FromHours(14);

    private static readonly TimeZoneInfo Utc = TimeZoneInfo.CreateCustomTimeZone("UTC", TimeSpan.Zero, "UTC", "UTC");

    private static readonly Dictionary<string, int> MinutesPerUnit = new(StringComparer.Ordinal)
    {
        ["d"] = 1440, ["day"] = 1440, ["days"] = 1440,
        ["h"] = 60, ["hr"] = 60, ["hrs"] = 60, ["hour"] = 60, ["hours"] = 60,
        ["m"] = 1, ["min"] = 1, ["mins"] = 1, ["minute"] = 1, ["minutes"] = 1,
    };

    private static readonly Dictionary<string, (int DaysAhead, DayOfWeek? Weekday)> DayWords = ReadDayWords();

    private protected TimeExpression(string typed) => Typed = typed;

    /// <summary>What the person typed, trimmed, for messages.</summary>
    public string Typed { get; }

    /// <summary>True for clock times that name no zone: they need the invoker's time zone; durations do not.</summary>
    public abstract bool NeedsTimeZone { get; }

    /// <summary>The UTC instant, or a problem sentence. <paramref name="now"/> is any offset; <paramref name="zone"/> is the invoker's zone (ignored for durations).</summary>
    public abstract TimeResolution Resolve(DateTimeOffset now, TimeZoneInfo zone);

    /// <summary>A duration from now: <c>45m</c>, <c>1h30m</c>, <c>in 2 days</c>.</summary>
    public sealed record After(TimeSpan Span, string Typed) : TimeExpression(Typed)
    {
        public override bool NeedsTimeZone => false;

        public override TimeResolution Resolve(DateTimeOffset now, TimeZoneInfo zone) =>
            Span <= DateTime.MaxValue - now.UtcDateTime
                ? new(now.ToUniversalTime() + Span, null)
                : new(null, $"{Usage.Echo(Typed)} from now is past the end of the calendar. Write a nearer time, e.g. `2h`.");
    }

    /// <summary>
    /// A clock time in the invoker's zone, or in <see cref="Zone"/> when the text names one: <see cref="DaysAhead"/>
    /// days from today (0 today, 1 tomorrow), or, when <see cref="Weekday"/> is given, the next such day (today while
    /// the time is still ahead). Today is the calendar day in the zone the time is read in.
    /// </summary>
    public sealed record At(int DaysAhead, DayOfWeek? Weekday, TimeOnly Time, string Typed) : TimeExpression(Typed)
    {
        /// <summary>The zone the text names (<c>23:00 UTC</c>, <c>18:30 Europe/Paris</c>); it wins over the invoker's.</summary>
        public TimeZoneInfo? Zone { get; init; }

        public override bool NeedsTimeZone => Zone is null;

        public override TimeResolution Resolve(DateTimeOffset now, TimeZoneInfo zone)
        {
            var named = Zone is not null;
            zone = Zone ?? zone;

            // The calendar day and clock where the invoker is, not in UTC.
            var clock = TimeZoneInfo.ConvertTime(now, zone).DateTime;
            var today = DateOnly.FromDateTime(clock);
            var date = today.AddDays(Weekday is { } weekday ? DaysUntil(weekday, today, clock) : DaysAhead);
            var wall = date.ToDateTime(Time);

            if (zone.IsInvalidTime(wall))
            {
                // An invalid time gets the standard (pre-jump) offset; that instant reads as the clock time just past the jump (02:30 -> 03:30).
                var later = TimeZoneInfo.ConvertTime(new DateTimeOffset(wall - zone.GetUtcOffset(wall), TimeSpan.Zero), zone);
                return new(null, $"{HoursMinutes(Time)} does not exist on {date.ToString("d MMM", CultureInfo.InvariantCulture)} in {zone.Id}: "
                    + $"the clocks jump forward past it. Pick another time that day, such as `{HoursMinutes(TimeOnly.FromDateTime(later.DateTime))}`.");
            }

            // When the clocks fall back an hour repeats; its first occurrence is the one with the larger offset.
            var offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
            var due = new DateTimeOffset(wall - offset, TimeSpan.Zero);
            return due > now
                ? new(due, null)
                : new(null, $"{HoursMinutes(Time)} has already passed today (it is {HoursMinutes(TimeOnly.FromDateTime(clock))} "
                    + (named ? $"in {zone.Id}). For tomorrow, write `tomorrow {HoursMinutes(Time)} {zone.Id}`." : $"where you are, {zone.Id}). For tomorrow, write `tomorrow {HoursMinutes(Time)}`."));
        }

        /// <summary>Today counts while the time is still ahead on the local clock; otherwise the same weekday next week.</summary>
        private int DaysUntil(DayOfWeek weekday, DateOnly today, DateTime clock)
        {
            var days = ((int)weekday - (int)today.DayOfWeek + 7) % 7;
            return days == 0 && Time <= TimeOnly.FromDateTime(clock) ? 7 : days;
        }
    }

    /// <summary>Syntax only. Returns the expression, or a problem sentence a person will read (what was wrong + examples).</summary>
    public static TimeParse Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Refuse("No time was given. " + Forms);

        var typed = text.Trim();
        if (typed.Length > MaxLength)
            return Refuse(NotATime(typed));
        // The clock is checked first: a zone's problem quotes it back as an example, so it must be plain.
        var zone = SplitZone(typed);
        if (Tokenize(zone.Clock, out var tokens) is { } problem)
            return Refuse(problem);
        if (zone.Problem is { } zoneProblem)
            return Refuse(zoneProblem);

        TimeParse parsed;
        if (tokens is [{ Kind: Kind.Word, Text: "in" }, { Glued: false }, ..])
            parsed = ParseDuration(typed, tokens[1..]);
        else if (tokens is [{ Kind: Kind.Number }, { Kind: Kind.Word } unit, ..] && MinutesPerUnit.ContainsKey(unit.Text))
            parsed = ParseDuration(typed, tokens);
        else
            parsed = ParseClock(typed, tokens);

        return (parsed.Expression, zone.Zone) switch
        {
            (_, null) => parsed,
            (At at, { } named) => new(at with { Zone = named }, null),
            (After, _) => Refuse($"{Usage.Echo(typed)} is a duration, the same time from now in every zone: leave out the zone, or give a clock time, e.g. `23:00 UTC`."),
            _ => parsed,
        };
    }

    /// <summary>The text before a named zone, and the zone; or the problem with a zone that cannot be used.</summary>
    private readonly record struct ZoneSplit(string Clock, TimeZoneInfo? Zone, string? Problem);

    /// <summary>
    /// Finds a zone at the end of <paramref name="typed"/>: <c>UTC</c>, <c>GMT</c>, <c>Z</c>, an offset (<c>UTC+2</c>,
    /// <c>+02:00</c>), an IANA name (<c>Europe/Paris</c>) or an abbreviation. People in a crisis work across zones
    /// and say which one they mean; the profile zone is only a default.
    /// </summary>
    private static ZoneSplit SplitZone(string typed)
    {
        var spaced = OffsetAfterPrefix().Replace(typed, "${prefix}${sign}");
        var space = spaced.LastIndexOf(' ');
        if (space > 0)
        {
            var clock = spaced[..space].TrimEnd();
            var word = spaced[(space + 1)..];
            if (ReadZone(typed, clock, word) is { } found)
                return found;
        }

        // Glued to the clock: 23:00Z, 23:00UTC, 18:30+02:00. A glued offset that is not one (18:30-19:00) is no zone.
        if (GluedZone().Match(spaced) is { Success: true } glued
            && ReadZone(typed, glued.Groups["clock"].Value, glued.Groups["zone"].Value) is { Problem: null } gluedZone)
            return gluedZone;
        return new(typed, null, null);
    }

    /// <summary>The zone <paramref name="word"/> names, a problem when it names one that cannot be used, or null when it is no zone.</summary>
    private static ZoneSplit? ReadZone(string typed, string clock, string word)
    {
        var lower = word.ToLowerInvariant();
        if (lower is "utc" or "gmt" or "z")
            return new(clock, Utc, null);

        // A bare sign after something that is not a clock time is a minus, as in `in -5m`.
        if (word[0] is '+' or '-' && !ClockEnd().IsMatch(clock))
            return null;
        if (Offset().Match(word) is { Success: true } offset)
            return ReadOffset(typed, clock, offset);
        if (OffsetLike().IsMatch(word))
            return new(clock, null, $"{Usage.Echo(typed)}: {Usage.Echo(word)} is not an offset I can read. Write it like `UTC+2`, `UTC-05:30` or `+02:00`.");

        if (word.Contains('/', StringComparison.Ordinal))
        {
            return FindZone(word) is { } zone
                ? new(clock, zone, null)
                : new(clock, null, $"{Usage.Echo(typed)}: {Usage.Echo(word)} is not a time zone I know. "
                    + $"Write a zone name such as `{clock} Europe/Paris` or `{clock} America/New_York`, or an offset such as `{clock} UTC+2`.");
        }

        if (Abbreviations.TryGetValue(lower, out var abbreviation))
        {
            return abbreviation.Zone is { } meant
                ? new(clock, TimeZoneInfo.FindSystemTimeZoneById(meant), null)
                : new(clock, null, $"{Usage.Echo(typed)}: `{word.ToUpperInvariant()}` {abbreviation.Why}, so I will not guess. "
                    + $"Write the zone's name, e.g. `{clock} {abbreviation.Name}`, which follows its clocks, or an offset, e.g. `{clock} {abbreviation.Offset}`.");
        }

        return null;
    }

    private static ZoneSplit ReadOffset(string typed, string clock, Match offset)
    {
        var hours = int.Parse(offset.Groups["hours"].Value, CultureInfo.InvariantCulture);
        var minutes = offset.Groups["minutes"].Success ? int.Parse(offset.Groups["minutes"].Value, CultureInfo.InvariantCulture) : 0;
        var span = new TimeSpan(hours, minutes, 0) * (offset.Groups["sign"].Value == "+" ? 1 : -1);
        if (minutes > 59 || minutes % 15 != 0)
            return new(clock, null, $"{Usage.Echo(typed)}: an offset's minutes are 00, 15, 30 or 45, as in `UTC+05:30`.");
        if (span < EarliestOffset || span > LatestOffset)
            return new(clock, null, $"{Usage.Echo(typed)}: no place on Earth is at {Usage.Echo(offset.Value)}; offsets run from `UTC-12` to `UTC+14`.");

        var id = span == TimeSpan.Zero ? "UTC" : $"UTC{(span < TimeSpan.Zero ? '-' : '+')}{span.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture)}";
        return new(clock, TimeZoneInfo.CreateCustomTimeZone(id, span, id, id), null);
    }

    /// <summary>An IANA zone by name, in any letter case (<c>europe/paris</c>).</summary>
    private static TimeZoneInfo? FindZone(string name)
    {
        if (!ZoneName().IsMatch(name))
            return null;
        if (TimeZoneInfo.TryFindSystemTimeZoneById(name, out var exact))
            return exact;
        return ZoneIds.Value.TryGetValue(name, out var id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : null;
    }

    private static readonly Lazy<Dictionary<string, string>> ZoneIds = new(() =>
        TimeZoneInfo.GetSystemTimeZones(skipSorting: true)
            .Select(z => z.Id)
            .Where(id => id.Contains('/', StringComparison.Ordinal))
            .DistinctBy(id => id, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(id => id, StringComparer.OrdinalIgnoreCase));

    /// <summary>What an abbreviation means: <see cref="Zone"/> when it has one meaning all year; otherwise why it is refused and what works.</summary>
    private sealed record Abbreviation(string? Zone, string Why, string Name, string Offset);

    private static Abbreviation OneMeaning(string zone) => new(zone, "", zone, "");

    private static Abbreviation Several(string meanings, string name, string offset) =>
        new(null, $"means different zones ({meanings})", name, offset);

    private static Abbreviation OneSeason(string area, string name, string offset) =>
        new(null, $"names one season of {area} time and is often typed in the other, an hour off", name, offset);

    /// <summary>
    /// A deadline is irrevocable and escalates to executives when missed (playbook §6), so an hour's guess is worse than
    /// one retyped command: abbreviations are read only when they mean one offset all year.
    /// </summary>
    private static readonly Dictionary<string, Abbreviation> Abbreviations = new(StringComparer.Ordinal)
    {
        ["jst"] = OneMeaning("Asia/Tokyo"),
        ["kst"] = OneMeaning("Asia/Seoul"),
        ["hkt"] = OneMeaning("Asia/Hong_Kong"),
        ["sgt"] = OneMeaning("Asia/Singapore"),
        ["msk"] = OneMeaning("Europe/Moscow"),
        ["hst"] = OneMeaning("Pacific/Honolulu"),
        ["cst"] = Several("US Central, China or Cuba", "America/Chicago", "UTC-6"),
        ["cdt"] = Several("US Central or Cuba summer time", "America/Chicago", "UTC-5"),
        ["ist"] = Several("India, Ireland or Israel", "Asia/Kolkata", "UTC+05:30"),
        ["bst"] = Several("British summer time or Bangladesh", "Europe/London", "UTC+1"),
        ["ast"] = Several("Atlantic or Arabia", "America/Halifax", "UTC-4"),
        ["est"] = OneSeason("US Eastern", "America/New_York", "UTC-5"),
        ["edt"] = OneSeason("US Eastern", "America/New_York", "UTC-4"),
        ["et"] = OneSeason("US Eastern", "America/New_York", "UTC-5"),
        ["ct"] = OneSeason("US Central", "America/Chicago", "UTC-6"),
        ["mst"] = OneSeason("US Mountain", "America/Denver", "UTC-7"),
        ["mdt"] = OneSeason("US Mountain", "America/Denver", "UTC-6"),
        ["mt"] = OneSeason("US Mountain", "America/Denver", "UTC-7"),
        ["pst"] = OneSeason("US Pacific", "America/Los_Angeles", "UTC-8"),
        ["pdt"] = OneSeason("US Pacific", "America/Los_Angeles", "UTC-7"),
        ["pt"] = OneSeason("US Pacific", "America/Los_Angeles", "UTC-8"),
        ["akst"] = OneSeason("Alaska", "America/Anchorage", "UTC-9"),
        ["akdt"] = OneSeason("Alaska", "America/Anchorage", "UTC-8"),
        ["cet"] = OneSeason("Central European", "Europe/Paris", "UTC+1"),
        ["cest"] = OneSeason("Central European", "Europe/Paris", "UTC+2"),
        ["eet"] = OneSeason("Eastern European", "Europe/Athens", "UTC+2"),
        ["eest"] = OneSeason("Eastern European", "Europe/Athens", "UTC+3"),
        ["wet"] = OneSeason("Western European", "Europe/Lisbon", "UTC+0"),
        ["west"] = OneSeason("Western European", "Europe/Lisbon", "UTC+1"),
        ["aest"] = OneSeason("Australian Eastern", "Australia/Sydney", "UTC+10"),
        ["aedt"] = OneSeason("Australian Eastern", "Australia/Sydney", "UTC+11"),
        ["nzst"] = OneSeason("New Zealand", "Pacific/Auckland", "UTC+12"),
        ["nzdt"] = OneSeason("New Zealand", "Pacific/Auckland", "UTC+13"),
    };

    /// <summary><c>UTC + 2</c> and <c>UTC +2</c> are <c>UTC+2</c>.</summary>
    [GeneratedRegex(@"(?<prefix>\b(?:utc|gmt))\s*(?<sign>[+-])\s*(?=\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OffsetAfterPrefix();

    [GeneratedRegex(@"^(?:utc|gmt)?(?<sign>[+-])(?<hours>\d{1,2})(?::?(?<minutes>\d{2}))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Offset();

    /// <summary>Something meant as an offset that <see cref="Offset"/> cannot read: <c>UTC+2.5</c>, <c>UTC+</c>, <c>+123</c>.</summary>
    [GeneratedRegex(@"^(?:(?:utc|gmt)[+-]?.*|[+-]\d.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OffsetLike();

    [GeneratedRegex(@"^(?<clock>.*?(?:\d|am|pm|noon))(?<zone>z|utc|gmt|(?:utc|gmt)?[+-]\d[\d:]*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GluedZone();

    [GeneratedRegex(@"(?:\d|am|pm|noon)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClockEnd();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+){1,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex ZoneName();

    private enum Kind { Number, Word, Colon }

    /// <summary>A run of ASCII digits, a run of ASCII letters (lower-cased) or a colon.</summary>
    /// <param name="Glued">No space before it: <c>6:30</c> is a clock time, <c>6 : 30</c> is not.</param>
    private readonly record struct Token(Kind Kind, string Text, bool Glued);

    /// <summary>Splits <paramref name="typed"/> into tokens; returns a problem for any other character.</summary>
    private static string? Tokenize(string typed, out Token[] tokens)
    {
        var found = new List<Token>();
        tokens = [];
        var glued = false;
        for (var i = 0; i < typed.Length;)
        {
            var c = typed[i];
            var start = i;
            if (char.IsWhiteSpace(c))
            {
                glued = false;
                i++;
                continue;
            }

            Kind kind;
            if (char.IsAsciiDigit(c))
            {
                while (i < typed.Length && char.IsAsciiDigit(typed[i]))
                    i++;
                if (i - start > MaxDigits)
                    return $"{Usage.Echo(typed)} has a number longer than {MaxDigits} digits, too far away. Write e.g. `2d` or `90 minutes`.";
                kind = Kind.Number;
            }
            else if (char.IsAsciiLetter(c))
            {
                while (i < typed.Length && char.IsAsciiLetter(typed[i]))
                    i++;
                kind = Kind.Word;
            }
            else if (c == ':')
            {
                i++;
                kind = Kind.Colon;
            }
            else
            {
                return Unreadable(typed, i);
            }

            found.Add(new Token(kind, typed[start..i].ToLowerInvariant(), glued));
            glued = true;
        }

        tokens = [.. found];
        return null;
    }

    /// <summary>The problem with the character at <paramref name="at"/>: a hint for decimals and minus signs, else the forms.</summary>
    private static string Unreadable(string typed, int at)
    {
        var digitBefore = at > 0 && char.IsAsciiDigit(typed[at - 1]);
        var digitAfter = at + 1 < typed.Length && char.IsAsciiDigit(typed[at + 1]);
        if (typed[at] == '.' && digitBefore && digitAfter)
            return $"{Usage.Echo(typed)} has a decimal point; use whole numbers: for an hour and a half write `1h30m`, for a clock time `18:30`.";
        if (typed[at] == '-' && digitAfter && (at == 0 || char.IsWhiteSpace(typed[at - 1])))
            return $"The time must be in the future, and {Usage.Echo(typed)} counts backwards. Write e.g. `45m`.";
        return NotATime(typed);
    }

    /// <summary>Numbers with units, largest unit first, each once, optionally joined by <c>and</c>.</summary>
    private static TimeParse ParseDuration(string typed, Token[] tokens)
    {
        long minutes = 0;
        var lastUnit = int.MaxValue;
        var i = 0;
        while (true)
        {
            if (i >= tokens.Length || tokens[i].Kind != Kind.Number)
                return Refuse(NotATime(typed));
            var number = int.Parse(tokens[i++].Text, CultureInfo.InvariantCulture);
            if (i == tokens.Length)
                return Refuse(NoUnit(typed));
            if (tokens[i++] is not { Kind: Kind.Word } word || !MinutesPerUnit.TryGetValue(word.Text, out var unit))
                return Refuse(NotATime(typed));
            if (unit >= lastUnit)
                return Refuse($"{Usage.Echo(typed)} repeats a unit or puts a smaller one first. Give each unit once, largest first, e.g. `1h30m`.");
            lastUnit = unit;
            minutes += (long)number * unit;

            if (i == tokens.Length)
                break;
            if (tokens[i] is { Kind: Kind.Word, Text: "and" })
                i++;
        }

        return minutes > 0
            ? new(new After(TimeSpan.FromMinutes(minutes), typed), null)
            : Refuse($"The time must be in the future, and {Usage.Echo(typed)} is no time from now. Write e.g. `45m`.");
    }

    /// <summary>An optional day word, then <c>18:30</c>, <c>6:30pm</c>, <c>6pm</c> or <c>noon</c>.</summary>
    private static TimeParse ParseClock(string typed, Token[] tokens)
    {
        var day = (DaysAhead: 0, Weekday: (DayOfWeek?)null);
        string? dayWord = null;
        if (tokens[0].Kind == Kind.Word && DayWords.TryGetValue(tokens[0].Text, out day))
        {
            dayWord = tokens[0].Text;
            tokens = tokens[1..];
        }

        string? problem;
        TimeOnly time;
        switch (tokens)
        {
            case []:
                return Refuse($"{Usage.Echo(typed)} needs a time of day: say which time, e.g. `{dayWord} 09:00`.");
            case [{ Kind: Kind.Word, Text: "noon" }]:
                time = new TimeOnly(12, 0);
                problem = null;
                break;
            case [{ Kind: Kind.Number } hour, { Kind: Kind.Colon, Glued: true }, { Kind: Kind.Number, Glued: true } minute]:
                problem = ReadClock(typed, hour, minute, null, out time);
                break;
            case [{ Kind: Kind.Number } hour, { Kind: Kind.Colon, Glued: true }, { Kind: Kind.Number, Glued: true } minute, { Kind: Kind.Word, Text: "am" or "pm" } half]:
                problem = ReadClock(typed, hour, minute, half.Text, out time);
                break;
            case [{ Kind: Kind.Number } hour, { Kind: Kind.Word, Text: "am" or "pm" } half]:
                problem = ReadClock(typed, hour, null, half.Text, out time);
                break;
            case [{ Kind: Kind.Number }]:
                return Refuse(dayWord is null
                    ? NoUnit(typed)
                    : $"{Usage.Echo(typed)} needs minutes or am/pm, e.g. `{dayWord} 09:00` or `{dayWord} 9am`.");
            default:
                return Refuse(NotATime(typed));
        }

        return problem is null ? new(new At(day.DaysAhead, day.Weekday, time, typed), null) : Refuse(problem);
    }

    /// <summary>Checks the ranges; <paramref name="half"/> is <c>am</c>, <c>pm</c> or null for a 24-hour time.</summary>
    private static string? ReadClock(string typed, Token hour, Token? minute, string? half, out TimeOnly time)
    {
        time = default;
        if (hour.Text.Length > 2)
            return NotATime(typed);
        if (minute is { Text.Length: not 2 })
            return $"{Usage.Echo(typed)} is not a time: minutes take two digits, e.g. `9:05`.";

        var h = int.Parse(hour.Text, CultureInfo.InvariantCulture);
        var m = minute is { } given ? int.Parse(given.Text, CultureInfo.InvariantCulture) : 0;
        if (m > 59)
            return $"{Usage.Echo(typed)} is not a time: minutes run 00-59, e.g. `18:30`.";
        if (half is null)
        {
            if (h > 23)
                return $"{Usage.Echo(typed)} is not a time: hours run 0-23, e.g. `18:30`.";
            time = new TimeOnly(h, m);
            return null;
        }

        if (h is < 1 or > 12)
            return $"{Usage.Echo(typed)} is not a time: with am/pm, hours run 1-12, e.g. `6pm` or `18:00`.";
        // 12am is midnight and 12pm is noon.
        time = new TimeOnly(h % 12 + (half == "pm" ? 12 : 0), m);
        return null;
    }

    private static Dictionary<string, (int DaysAhead, DayOfWeek? Weekday)> ReadDayWords()
    {
        var words = new Dictionary<string, (int DaysAhead, DayOfWeek? Weekday)>(StringComparer.Ordinal)
        {
            ["today"] = (0, null),
            ["tomorrow"] = (1, null),
            ["tmrw"] = (1, null),
        };
        foreach (var weekday in Enum.GetValues<DayOfWeek>())
        {
            var name = weekday.ToString().ToLowerInvariant();
            words[name] = (0, weekday);
            words[name[..3]] = (0, weekday);
        }

        return words;
    }

    private static string HoursMinutes(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string NotATime(string typed) => $"{Usage.Echo(typed)} is not a time I can read. {Forms}";

    private static string NoUnit(string typed) =>
        $"{Usage.Echo(typed)} needs a unit: write `45m` or `2h` for a duration, or `18:30` or `6pm` for a clock time.";

    private static TimeParse Refuse(string problem) => new(null, problem);
}

/// <summary>The result of <see cref="TimeExpression.Parse"/>: exactly one of the two is set.</summary>
public readonly record struct TimeParse(TimeExpression? Expression, string? Problem);

/// <summary>The result of <see cref="TimeExpression.Resolve"/>: <see cref="Due"/> in UTC, or a problem; exactly one is set.</summary>
public readonly record struct TimeResolution(DateTimeOffset? Due, string? Problem);
