using System.Globalization;
using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

public sealed class TimeExpressionTests
{
    private const string Forms =
        "Write a duration (`45m`, `2h`, `1h30m`, `90 minutes`) or a clock time in your time zone (`18:30`, `tomorrow 09:00`) "
        + "or in a named one (`23:00 UTC`, `18:30 Europe/Paris`).";

    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    /// <summary>Sunday 22 Nov 2026: 09:00 in New York (UTC-5), 23:00 the same Sunday in Tokyo (UTC+9).</summary>
    private static readonly DateTimeOffset Now = Utc("2026-11-22T14:00:00Z");

    [Theory]
    [InlineData("45m", 45)]
    [InlineData("45 m", 45)]
    [InlineData("45min", 45)]
    [InlineData("45 mins", 45)]
    [InlineData("45 minute", 45)]
    [InlineData("45 minutes", 45)]
    [InlineData("45M", 45)]
    [InlineData("in 45m", 45)]
    [InlineData("In 45 Minutes", 45)]
    [InlineData("  45m \t", 45)]
    [InlineData("1m", 1)]
    [InlineData("2h", 120)]
    [InlineData("2 h", 120)]
    [InlineData("2hr", 120)]
    [InlineData("2hrs", 120)]
    [InlineData("2 hour", 120)]
    [InlineData("2 hours", 120)]
    [InlineData("in 2 hours", 120)]
    [InlineData("1h30m", 90)]
    [InlineData("1h 30m", 90)]
    [InlineData("1 hour 30 minutes", 90)]
    [InlineData("1 hour and 30 minutes", 90)]
    [InlineData("in 1h and 30m", 90)]
    [InlineData("90 minutes", 90)]
    [InlineData("0h30m", 30)]
    [InlineData("2d", 2880)]
    [InlineData("2 days", 2880)]
    [InlineData("1 day", 1440)]
    [InlineData("1d 2h 30m", 1590)]
    [InlineData("1 day and 2 hours and 30 minutes", 1590)]
    [InlineData("00045m", 45)]
    [InlineData("99999 minutes", 99999)]
    public void A_duration_is_that_long_after_now_whatever_the_zone(string typed, int minutes)
    {
        var after = Assert.IsType<TimeExpression.After>(Parsed(typed));

        Assert.False(after.NeedsTimeZone);
        Assert.Equal(typed.Trim(), after.Typed);
        Assert.Equal(TimeSpan.FromMinutes(minutes), after.Span);
        Assert.Equal(Now.AddMinutes(minutes), Due(after, Now, NewYork));
        Assert.Equal(Now.AddMinutes(minutes), Due(after, Now, Tokyo));
    }

    // Null expected instant: refused because that time has already passed today there.
    [Theory]
    [InlineData("18:30", "2026-11-22T23:30:00Z", null)]
    [InlineData("today 18:30", "2026-11-22T23:30:00Z", null)]
    [InlineData("TODAY 18:30", "2026-11-22T23:30:00Z", null)]
    [InlineData("9:05", "2026-11-22T14:05:00Z", null)]
    [InlineData("09:00", null, null)]
    [InlineData("23:45", "2026-11-23T04:45:00Z", "2026-11-22T14:45:00Z")]
    [InlineData("  23:45  ", "2026-11-23T04:45:00Z", "2026-11-22T14:45:00Z")]
    [InlineData("6pm", "2026-11-22T23:00:00Z", null)]
    [InlineData("6 pm", "2026-11-22T23:00:00Z", null)]
    [InlineData("6PM", "2026-11-22T23:00:00Z", null)]
    [InlineData("6:30pm", "2026-11-22T23:30:00Z", null)]
    [InlineData("6:30 PM", "2026-11-22T23:30:00Z", null)]
    [InlineData("11:30pm", "2026-11-23T04:30:00Z", "2026-11-22T14:30:00Z")]
    [InlineData("12pm", "2026-11-22T17:00:00Z", null)]
    [InlineData("noon", "2026-11-22T17:00:00Z", null)]
    [InlineData("Noon", "2026-11-22T17:00:00Z", null)]
    [InlineData("12am", null, null)]
    [InlineData("tomorrow 12am", "2026-11-23T05:00:00Z", "2026-11-22T15:00:00Z")]
    [InlineData("tomorrow 12:30am", "2026-11-23T05:30:00Z", "2026-11-22T15:30:00Z")]
    [InlineData("tomorrow 0:00", "2026-11-23T05:00:00Z", "2026-11-22T15:00:00Z")]
    [InlineData("tomorrow 09:00", "2026-11-23T14:00:00Z", "2026-11-23T00:00:00Z")]
    [InlineData("Tomorrow 9am", "2026-11-23T14:00:00Z", "2026-11-23T00:00:00Z")]
    [InlineData("tmrw 9am", "2026-11-23T14:00:00Z", "2026-11-23T00:00:00Z")]
    [InlineData("TMRW 09:00", "2026-11-23T14:00:00Z", "2026-11-23T00:00:00Z")]
    [InlineData("  tomorrow \t 09:00 ", "2026-11-23T14:00:00Z", "2026-11-23T00:00:00Z")]
    [InlineData("tomorrow noon", "2026-11-23T17:00:00Z", "2026-11-23T03:00:00Z")]
    [InlineData("tomorrow 23:59", "2026-11-24T04:59:00Z", "2026-11-23T14:59:00Z")]
    [InlineData("monday 9am", "2026-11-23T14:00:00Z", "2026-11-23T00:00:00Z")]
    [InlineData("friday 17:00", "2026-11-27T22:00:00Z", "2026-11-27T08:00:00Z")]
    [InlineData("Fri 5pm", "2026-11-27T22:00:00Z", "2026-11-27T08:00:00Z")]
    [InlineData("saturday 10:00", "2026-11-28T15:00:00Z", "2026-11-28T01:00:00Z")]
    [InlineData("sunday 18:00", "2026-11-22T23:00:00Z", "2026-11-29T09:00:00Z")]
    [InlineData("sun 08:00", "2026-11-29T13:00:00Z", "2026-11-28T23:00:00Z")]
    public void A_clock_time_is_read_in_the_invokers_zone(string typed, string? newYork, string? tokyo)
    {
        var at = Assert.IsType<TimeExpression.At>(Parsed(typed));

        Assert.True(at.NeedsTimeZone);
        Assert.Equal(typed.Trim(), at.Typed);
        AssertResolves(at, NewYork, newYork);
        AssertResolves(at, Tokyo, tokyo);

        static void AssertResolves(TimeExpression at, TimeZoneInfo zone, string? expected)
        {
            var resolved = at.Resolve(Now, zone);
            if (expected is null)
            {
                Assert.Null(resolved.Due);
                Assert.Contains("has already passed today", resolved.Problem, StringComparison.Ordinal);
            }
            else
            {
                Assert.Null(resolved.Problem);
                Assert.Equal(Utc(expected), resolved.Due);
                Assert.Equal(TimeSpan.Zero, resolved.Due!.Value.Offset);
            }
        }
    }

    // Now is Sunday 22 Nov 2026 14:00 UTC: 09:00 in New York, 23:00 in Tokyo, 15:00 in Paris.
    [Theory]
    [InlineData("23:00 UTC", "2026-11-22T23:00:00Z")]
    [InlineData("23:00 utc", "2026-11-22T23:00:00Z")]
    [InlineData("23:00 GMT", "2026-11-22T23:00:00Z")]
    [InlineData("23:00Z", "2026-11-22T23:00:00Z")]
    [InlineData("23:00 Z", "2026-11-22T23:00:00Z")]
    [InlineData("23:00UTC", "2026-11-22T23:00:00Z")]
    [InlineData("11pm UTC", "2026-11-22T23:00:00Z")]
    [InlineData("23:00 UTC+0", "2026-11-22T23:00:00Z")]
    [InlineData("18:30 UTC+2", "2026-11-22T16:30:00Z")]
    [InlineData("18:30 UTC +2", "2026-11-22T16:30:00Z")]
    [InlineData("18:30 utc + 2", "2026-11-22T16:30:00Z")]
    [InlineData("18:30 GMT+2", "2026-11-22T16:30:00Z")]
    [InlineData("18:30 UTC+02:00", "2026-11-22T16:30:00Z")]
    [InlineData("18:30 +02:00", "2026-11-22T16:30:00Z")]
    [InlineData("18:30 +0200", "2026-11-22T16:30:00Z")]
    [InlineData("18:30 +02", "2026-11-22T16:30:00Z")]
    [InlineData("18:30+02:00", "2026-11-22T16:30:00Z")]
    [InlineData("18:30 UTC-05:30", "2026-11-23T00:00:00Z")]
    [InlineData("18:30 -05:00", "2026-11-22T23:30:00Z")]
    [InlineData("20:30 UTC+05:45", "2026-11-22T14:45:00Z")]
    [InlineData("15:00 UTC+14", "2026-11-23T01:00:00Z")] // already Monday 04:00 there
    [InlineData("18:30 UTC-12", "2026-11-23T06:30:00Z")] // still Sunday 02:00 there
    [InlineData("tomorrow 09:00 UTC", "2026-11-23T09:00:00Z")]
    [InlineData("monday 9am GMT", "2026-11-23T09:00:00Z")]
    [InlineData("18:30 Europe/Paris", "2026-11-22T17:30:00Z")]
    [InlineData("18:30 europe/paris", "2026-11-22T17:30:00Z")]
    [InlineData("18:30 America/New_York", "2026-11-22T23:30:00Z")]
    [InlineData("18:30 America/Argentina/Buenos_Aires", "2026-11-22T21:30:00Z")]
    [InlineData("tomorrow noon JST", "2026-11-23T03:00:00Z")]
    [InlineData("tomorrow 09:00 Asia/Kolkata", "2026-11-23T03:30:00Z")]
    public void A_clock_time_that_names_its_zone_is_read_there_whoever_types_it(string typed, string due)
    {
        var at = Assert.IsType<TimeExpression.At>(Parsed(typed));

        Assert.False(at.NeedsTimeZone);
        Assert.Equal(typed, at.Typed);
        Assert.Equal(Utc(due), Due(at, Now, NewYork));
        Assert.Equal(Utc(due), Due(at, Now, Tokyo));
    }

    [Theory]
    [InlineData("12:00 UTC", "12:00 has already passed today (it is 14:00 in UTC). For tomorrow, write `tomorrow 12:00 UTC`.", "2026-11-23T12:00:00Z")]
    [InlineData("15:00 Europe/Paris", "15:00 has already passed today (it is 15:00 in Europe/Paris). For tomorrow, write `tomorrow 15:00 Europe/Paris`.", "2026-11-23T14:00:00Z")]
    [InlineData("9am +02:00", "09:00 has already passed today (it is 16:00 in UTC+02:00). For tomorrow, write `tomorrow 09:00 UTC+02:00`.", "2026-11-23T07:00:00Z")]
    [InlineData("9am UTC-03:30", "09:00 has already passed today (it is 10:30 in UTC-03:30). For tomorrow, write `tomorrow 09:00 UTC-03:30`.", "2026-11-23T12:30:00Z")]
    public void A_named_zones_time_already_gone_says_the_time_there_and_a_tomorrow_that_works(string typed, string problem, string tomorrow)
    {
        var resolved = Parsed(typed).Resolve(Now, NewYork);

        Assert.Null(resolved.Due);
        Assert.Equal(problem, resolved.Problem);
        var suggested = problem[(problem.IndexOf("write `", StringComparison.Ordinal) + 7)..^2];
        Assert.Equal(Utc(tomorrow), Due(Parsed(suggested), Now, NewYork));
    }

    [Fact]
    public void A_time_the_clocks_skip_in_a_named_zone_is_refused_there()
    {
        var resolved = Parsed("02:30 Europe/Paris").Resolve(Utc("2026-03-28T23:00:00Z"), NewYork);

        Assert.Equal(
            "02:30 does not exist on 29 Mar in Europe/Paris: the clocks jump forward past it. Pick another time that day, such as `03:30`.",
            resolved.Problem);
    }

    [Theory]
    [InlineData("18:30 CST", "`18:30 CST`: `CST` means different zones (US Central, China or Cuba), so I will not guess. "
        + "Write the zone's name, e.g. `18:30 America/Chicago`, which follows its clocks, or an offset, e.g. `18:30 UTC-6`.")]
    [InlineData("18:30 ist", "`18:30 ist`: `IST` means different zones (India, Ireland or Israel), so I will not guess. "
        + "Write the zone's name, e.g. `18:30 Asia/Kolkata`, which follows its clocks, or an offset, e.g. `18:30 UTC+05:30`.")]
    [InlineData("9am BST", "`9am BST`: `BST` means different zones (British summer time or Bangladesh), so I will not guess. "
        + "Write the zone's name, e.g. `9am Europe/London`, which follows its clocks, or an offset, e.g. `9am UTC+1`.")]
    [InlineData("tomorrow 09:00 AST", "`tomorrow 09:00 AST`: `AST` means different zones (Atlantic or Arabia), so I will not guess. "
        + "Write the zone's name, e.g. `tomorrow 09:00 America/Halifax`, which follows its clocks, or an offset, e.g. `tomorrow 09:00 UTC-4`.")]
    [InlineData("18:30 PST", "`18:30 PST`: `PST` names one season of US Pacific time and is often typed in the other, an hour off, so I will not guess. "
        + "Write the zone's name, e.g. `18:30 America/Los_Angeles`, which follows its clocks, or an offset, e.g. `18:30 UTC-8`.")]
    [InlineData("18:30 EST", "`18:30 EST`: `EST` names one season of US Eastern time and is often typed in the other, an hour off, so I will not guess. "
        + "Write the zone's name, e.g. `18:30 America/New_York`, which follows its clocks, or an offset, e.g. `18:30 UTC-5`.")]
    [InlineData("18:30 CEST", "`18:30 CEST`: `CEST` names one season of Central European time and is often typed in the other, an hour off, so I will not guess. "
        + "Write the zone's name, e.g. `18:30 Europe/Paris`, which follows its clocks, or an offset, e.g. `18:30 UTC+2`.")]
    public void A_zone_abbreviation_that_could_be_an_hour_off_is_refused_with_a_form_that_works(string typed, string problem)
    {
        var parsed = TimeExpression.Parse(typed);

        Assert.Null(parsed.Expression);
        Assert.Equal(problem, parsed.Problem);
        var suggested = problem.Split("e.g. `")[1].Split('`')[0];
        Assert.IsType<TimeExpression.At>(Parsed(suggested));
    }

    [Theory]
    [InlineData("18:30 UTC+15", "`18:30 UTC+15`: no place on Earth is at `UTC+15`; offsets run from `UTC-12` to `UTC+14`.")]
    [InlineData("18:30 UTC-13", "`18:30 UTC-13`: no place on Earth is at `UTC-13`; offsets run from `UTC-12` to `UTC+14`.")]
    [InlineData("18:30 +14:30", "`18:30 +14:30`: no place on Earth is at `+14:30`; offsets run from `UTC-12` to `UTC+14`.")]
    [InlineData("18:30 +99", "`18:30 +99`: no place on Earth is at `+99`; offsets run from `UTC-12` to `UTC+14`.")]
    [InlineData("18:30 +02:70", "`18:30 +02:70`: an offset's minutes are 00, 15, 30 or 45, as in `UTC+05:30`.")]
    [InlineData("18:30 UTC+05:20", "`18:30 UTC+05:20`: an offset's minutes are 00, 15, 30 or 45, as in `UTC+05:30`.")]
    [InlineData("18:30 UTC+2.5", "`18:30 UTC+2.5`: `UTC+2.5` is not an offset I can read. Write it like `UTC+2`, `UTC-05:30` or `+02:00`.")]
    [InlineData("18:30 UTC+", "`18:30 UTC+`: `UTC+` is not an offset I can read. Write it like `UTC+2`, `UTC-05:30` or `+02:00`.")]
    [InlineData("18:30 +2h", "`18:30 +2h`: `+2h` is not an offset I can read. Write it like `UTC+2`, `UTC-05:30` or `+02:00`.")]
    [InlineData("18:30 GMT+1:2", "`18:30 GMT+1:2`: `GMT+1:2` is not an offset I can read. Write it like `UTC+2`, `UTC-05:30` or `+02:00`.")]
    [InlineData("18:30 Europe/Pariss", "`18:30 Europe/Pariss`: `Europe/Pariss` is not a time zone I know. "
        + "Write a zone name such as `18:30 Europe/Paris` or `18:30 America/New_York`, or an offset such as `18:30 UTC+2`.")]
    [InlineData("18:30 ../../etc/passwd", "`18:30 ../../etc/passwd`: `../../etc/passwd` is not a time zone I know. "
        + "Write a zone name such as `18:30 Europe/Paris` or `18:30 America/New_York`, or an offset such as `18:30 UTC+2`.")]
    [InlineData("45m UTC", "`45m UTC` is a duration, the same time from now in every zone: leave out the zone, or give a clock time, e.g. `23:00 UTC`.")]
    [InlineData("in 2 hours Europe/Paris", "`in 2 hours Europe/Paris` is a duration, the same time from now in every zone: leave out the zone, or give a clock time, e.g. `23:00 UTC`.")]
    [InlineData("25:00 UTC", "`25:00 UTC` is not a time: hours run 0-23, e.g. `18:30`.")]
    [InlineData("tomorrow UTC", "`tomorrow UTC` needs a time of day: say which time, e.g. `tomorrow 09:00`.")]
    [InlineData("<!channel> CST", "`&lt;!channel&gt;` is not a time I can read. " + Forms)]
    public void A_zone_that_cannot_be_used_is_refused_saying_why(string typed, string problem)
    {
        Assert.Equal(problem, TimeExpression.Parse(typed).Problem);
    }

    public static TheoryData<string, TimeExpression> Expressions => new()
    {
        { "45m", new TimeExpression.After(TimeSpan.FromMinutes(45), "45m") },
        { "in 1 hour and 30 minutes", new TimeExpression.After(TimeSpan.FromMinutes(90), "in 1 hour and 30 minutes") },
        { "18:30", new TimeExpression.At(0, null, new TimeOnly(18, 30), "18:30") },
        { "today 6:30pm", new TimeExpression.At(0, null, new TimeOnly(18, 30), "today 6:30pm") },
        { "12am", new TimeExpression.At(0, null, new TimeOnly(0, 0), "12am") },
        { "12:15am", new TimeExpression.At(0, null, new TimeOnly(0, 15), "12:15am") },
        { "12pm", new TimeExpression.At(0, null, new TimeOnly(12, 0), "12pm") },
        { "noon", new TimeExpression.At(0, null, new TimeOnly(12, 0), "noon") },
        { "1am", new TimeExpression.At(0, null, new TimeOnly(1, 0), "1am") },
        { "tomorrow 09:00", new TimeExpression.At(1, null, new TimeOnly(9, 0), "tomorrow 09:00") },
        { "tmrw 9am", new TimeExpression.At(1, null, new TimeOnly(9, 0), "tmrw 9am") },
        { "wed 14:00", new TimeExpression.At(0, DayOfWeek.Wednesday, new TimeOnly(14, 0), "wed 14:00") },
    };

    [Theory]
    [MemberData(nameof(Expressions))]
    public void Parsing_keeps_what_was_typed_and_what_it_means(string typed, TimeExpression expected)
    {
        Assert.Equal(expected, Parsed(typed));
    }

    [Theory]
    [InlineData("monday", DayOfWeek.Monday)]
    [InlineData("mon", DayOfWeek.Monday)]
    [InlineData("tuesday", DayOfWeek.Tuesday)]
    [InlineData("tue", DayOfWeek.Tuesday)]
    [InlineData("wednesday", DayOfWeek.Wednesday)]
    [InlineData("wed", DayOfWeek.Wednesday)]
    [InlineData("thursday", DayOfWeek.Thursday)]
    [InlineData("thu", DayOfWeek.Thursday)]
    [InlineData("friday", DayOfWeek.Friday)]
    [InlineData("fri", DayOfWeek.Friday)]
    [InlineData("saturday", DayOfWeek.Saturday)]
    [InlineData("sat", DayOfWeek.Saturday)]
    [InlineData("sunday", DayOfWeek.Sunday)]
    [InlineData("SUN", DayOfWeek.Sunday)]
    public void Weekday_names_and_their_three_letter_forms_name_the_day(string word, DayOfWeek weekday)
    {
        var at = Assert.IsType<TimeExpression.At>(Parsed($"{word} 10:00"));

        Assert.Equal(weekday, at.Weekday);
        Assert.Equal(new TimeOnly(10, 0), at.Time);
    }

    // Now is Sunday 22 Nov, 09:00 in New York.
    [Theory]
    [InlineData("sunday 10:00", "2026-11-22T15:00:00Z")] // today, still ahead
    [InlineData("sunday 08:00", "2026-11-29T13:00:00Z")] // today, gone: next week
    [InlineData("sunday 09:00", "2026-11-29T14:00:00Z")] // today, this very minute: next week
    [InlineData("monday 08:00", "2026-11-23T13:00:00Z")]
    [InlineData("wednesday 10:00", "2026-11-25T15:00:00Z")]
    [InlineData("saturday 23:59", "2026-11-29T04:59:00Z")]
    public void A_weekday_is_the_next_such_day_today_included_while_the_time_is_ahead(string typed, string due)
    {
        Assert.Equal(Utc(due), Due(Parsed(typed), Now, NewYork));
    }

    // All four instants fall on 22 Nov in UTC; the answer follows the calendar day where the invoker is.
    [Theory]
    [InlineData("America/New_York", "2026-11-22T04:30:00Z", "2026-11-22T14:00:00Z")] // Sat 23:30 local: tomorrow is Sunday
    [InlineData("America/New_York", "2026-11-22T05:30:00Z", "2026-11-23T14:00:00Z")] // Sun 00:30 local: tomorrow is Monday
    [InlineData("Asia/Tokyo", "2026-11-22T14:30:00Z", "2026-11-23T00:00:00Z")] // Sun 23:30 local: tomorrow is Monday
    [InlineData("Asia/Tokyo", "2026-11-22T15:30:00Z", "2026-11-24T00:00:00Z")] // Mon 00:30 local: tomorrow is Tuesday
    public void Tomorrow_is_the_next_calendar_day_in_the_invokers_zone(string zone, string now, string due)
    {
        Assert.Equal(Utc(due), Due(Parsed("tomorrow 09:00"), Utc(now), TimeZoneInfo.FindSystemTimeZoneById(zone)));
    }

    [Fact]
    public void Now_may_carry_any_offset_and_the_instant_comes_back_in_utc()
    {
        var sameMomentInIndia = new DateTimeOffset(2026, 11, 22, 19, 30, 0, TimeSpan.FromHours(5.5));

        var clock = Parsed("18:30").Resolve(sameMomentInIndia, NewYork).Due!.Value;
        var duration = Parsed("45m").Resolve(sameMomentInIndia, NewYork).Due!.Value;

        Assert.Equal((Utc("2026-11-22T23:30:00Z"), TimeSpan.Zero), (clock, clock.Offset));
        Assert.Equal((Utc("2026-11-22T14:45:00Z"), TimeSpan.Zero), (duration, duration.Offset));
    }

    [Fact]
    public void A_time_already_gone_today_says_the_local_time_and_how_to_mean_tomorrow()
    {
        var sevenPastSevenInNewYork = Utc("2026-11-23T00:02:00Z");

        var resolved = Parsed("6:30pm").Resolve(sevenPastSevenInNewYork, NewYork);

        Assert.Null(resolved.Due);
        Assert.Equal(
            "18:30 has already passed today (it is 19:02 where you are, America/New_York). For tomorrow, write `tomorrow 18:30`.",
            resolved.Problem);
    }

    // US clocks spring forward on Sunday 8 Mar 2026 at 02:00 EST, to 03:00 EDT.
    [Theory]
    [InlineData("02:30", "2026-03-08T05:00:00Z", "02:30", "`03:30`")] // Sunday 00:00 EST
    [InlineData("2am", "2026-03-08T05:00:00Z", "02:00", "`03:00`")]
    [InlineData("tomorrow 2:30am", "2026-03-07T17:00:00Z", "02:30", "`03:30`")] // Saturday noon EST
    [InlineData("sunday 02:59", "2026-03-07T17:00:00Z", "02:59", "`03:59`")]
    public void A_time_the_clocks_skip_is_refused_with_a_time_that_exists(string typed, string now, string time, string example)
    {
        var resolved = Parsed(typed).Resolve(Utc(now), NewYork);

        Assert.Null(resolved.Due);
        Assert.Equal(
            $"{time} does not exist on 8 Mar in America/New_York: the clocks jump forward past it. Pick another time that day, such as {example}.",
            resolved.Problem);
    }

    [Theory]
    [InlineData("01:59", "2026-03-08T05:00:00Z", "2026-03-08T06:59:00Z")] // still EST
    [InlineData("03:00", "2026-03-08T05:00:00Z", "2026-03-08T07:00:00Z")] // already EDT
    [InlineData("tomorrow 09:00", "2026-03-07T17:00:00Z", "2026-03-08T13:00:00Z")]
    [InlineData("24h", "2026-03-07T17:00:00Z", "2026-03-08T17:00:00Z")] // a duration is elapsed time, 23 hours on the clock
    public void Times_around_spring_forward_use_the_offset_of_their_own_moment(string typed, string now, string due)
    {
        Assert.Equal(Utc(due), Due(Parsed(typed), Utc(now), NewYork));
    }

    // US clocks fall back on Sunday 1 Nov 2026 at 02:00 EDT, to 01:00 EST: 01:00-01:59 happens twice.
    [Theory]
    [InlineData("01:30", "2026-11-01T04:00:00Z", "2026-11-01T05:30:00Z")] // Sunday 00:00 EDT; first 01:30 (EDT), not 06:30Z (EST)
    [InlineData("1am", "2026-11-01T04:00:00Z", "2026-11-01T05:00:00Z")]
    [InlineData("tomorrow 1:30am", "2026-10-31T16:00:00Z", "2026-11-01T05:30:00Z")]
    [InlineData("sunday 01:59", "2026-10-31T16:00:00Z", "2026-11-01T05:59:00Z")]
    [InlineData("02:00", "2026-11-01T04:00:00Z", "2026-11-01T07:00:00Z")] // after the repeat: EST
    public void A_time_that_happens_twice_when_the_clocks_fall_back_takes_the_first(string typed, string now, string due)
    {
        Assert.Equal(Utc(due), Due(Parsed(typed), Utc(now), NewYork));
    }

    [Fact]
    public void A_duration_past_the_end_of_the_calendar_is_refused_rather_than_overflowing()
    {
        var resolved = Parsed("99999d").Resolve(DateTimeOffset.MaxValue.AddDays(-1), NewYork);

        Assert.Null(resolved.Due);
        Assert.Equal("`99999d` from now is past the end of the calendar. Write a nearer time, e.g. `2h`.", resolved.Problem);
    }

    [Theory]
    [InlineData("0m", "must be in the future", "`45m`")]
    [InlineData("0 hours and 0 minutes", "must be in the future", "`45m`")]
    [InlineData("in 0d", "must be in the future", "`45m`")]
    [InlineData("-5m", "must be in the future", "`45m`")]
    [InlineData("in -5m", "must be in the future", "`45m`")]
    [InlineData("1.5h", "use whole numbers", "`1h30m`")]
    [InlineData("in 0.5 hours", "use whole numbers", "`1h30m`")]
    [InlineData("9.30", "use whole numbers", "`18:30`")]
    [InlineData("25:00", "hours run 0-23", "`18:30`")]
    [InlineData("24:00", "hours run 0-23", "`18:30`")]
    [InlineData("tomorrow 99:00", "hours run 0-23", "`18:30`")]
    [InlineData("18:75", "minutes run 00-59", "`18:30`")]
    [InlineData("18:60", "minutes run 00-59", "`18:30`")]
    [InlineData("6:99pm", "minutes run 00-59", "`18:30`")]
    [InlineData("9:5", "minutes take two digits", "`9:05`")]
    [InlineData("9:005", "minutes take two digits", "`9:05`")]
    [InlineData("13pm", "with am/pm, hours run 1-12", "`6pm`")]
    [InlineData("0am", "with am/pm, hours run 1-12", "`6pm`")]
    [InlineData("18:30pm", "with am/pm, hours run 1-12", "`18:00`")]
    [InlineData("tomorrow", "needs a time of day", "`tomorrow 09:00`")]
    [InlineData("Tomorrow", "needs a time of day", "`tomorrow 09:00`")]
    [InlineData("tmrw", "needs a time of day", "`tmrw 09:00`")]
    [InlineData("today", "needs a time of day", "`today 09:00`")]
    [InlineData("friday", "needs a time of day", "`friday 09:00`")]
    [InlineData("tomorrow 9", "needs minutes or am/pm", "`tomorrow 9am`")]
    [InlineData("fri 17", "needs minutes or am/pm", "`fri 09:00`")]
    [InlineData("45", "needs a unit", "`45m`")]
    [InlineData("in 45", "needs a unit", "`45m`")]
    [InlineData("1h30", "needs a unit", "`45m`")]
    [InlineData("30m 1h", "largest first", "`1h30m`")]
    [InlineData("45m 45m", "repeats a unit", "`1h30m`")]
    [InlineData("1h 2h", "repeats a unit", "`1h30m`")]
    [InlineData("90 minutes 1 hour", "largest first", "`1h30m`")]
    [InlineData("123456m", "longer than 5 digits", "`2d`")]
    [InlineData("tomorrow 123456:00", "longer than 5 digits", "`90 minutes`")]
    public void A_refusal_says_what_was_wrong_and_gives_an_example(string typed, string reason, string example)
    {
        var parsed = TimeExpression.Parse(typed);

        Assert.Null(parsed.Expression);
        Assert.Contains(reason, parsed.Problem, StringComparison.Ordinal);
        Assert.Contains(example, parsed.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("25:00", "`25:00` is not a time: hours run 0-23, e.g. `18:30`.")]
    [InlineData("13pm", "`13pm` is not a time: with am/pm, hours run 1-12, e.g. `6pm` or `18:00`.")]
    [InlineData("0m", "The time must be in the future, and `0m` is no time from now. Write e.g. `45m`.")]
    [InlineData("1.5h", "`1.5h` has a decimal point; use whole numbers: for an hour and a half write `1h30m`, for a clock time `18:30`.")]
    [InlineData("tomorrow", "`tomorrow` needs a time of day: say which time, e.g. `tomorrow 09:00`.")]
    [InlineData("soonish", "`soonish` is not a time I can read. " + Forms)]
    [InlineData(" ", "No time was given. " + Forms)]
    public void Refusals_read_as_whole_sentences(string typed, string problem)
    {
        Assert.Equal(problem, TimeExpression.Parse(typed).Problem);
    }

    public static TheoryData<string> Unreadable => new()
    {
        "soonish", "eod", "EOD", "asap", "later", "now", "midnight", "noonish", "by 45m", "by 18:30",
        "18:30:00", "18 : 30", "18:30 tomorrow", "45m tomorrow", "tomorrow tomorrow 9am", "tomorrow in 45m", "today 45m",
        "in", "in in 45m", "in 18:30", "in noon", "45 parsecs", "45mm", "1h30m and", "and 45m", "6 p.m.", "6pm pm", "18:30.",
        "٤٥m", "６pm", "4\u200B5m", "\u200B45m", "45m\u200B", "Ⅻ:00", "45m 🔥", "🔥", "👩‍💻", "<!channel>", "<@U123ABC>",
        "`45m`", "+5m", "UTC", "Z", "UTC 23:00", "18:30 UTC UTC", "1,5h", "1_000m", "1e3m", "0x10m", "5--m", "18:30-19:00", "%s", "{0}", "null", "\0", "45m\0",
        new string('9', 1000), new string('a', 10_000), string.Concat(Enumerable.Repeat("45m ", 2_500)),
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void Anything_else_is_refused_naming_it_and_listing_the_forms(string typed)
    {
        var parsed = TimeExpression.Parse(typed);

        Assert.Null(parsed.Expression);
        Assert.Equal($"{Usage.Echo(typed.Trim())} is not a time I can read. {Forms}", parsed.Problem);
    }

    [Fact]
    public void What_was_typed_is_shown_without_slack_markup_and_shortened()
    {
        var channel = TimeExpression.Parse("<!channel>").Problem;
        var long10k = TimeExpression.Parse(new string('a', 10_000)).Problem;

        Assert.StartsWith("`&lt;!channel&gt;` is not a time", channel, StringComparison.Ordinal);
        Assert.StartsWith($"`{new string('a', 40)}…` is not a time", long10k, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n ")]
    [InlineData("\u00A0\u2003")]
    public void No_time_at_all_is_refused_with_the_forms(string typed)
    {
        var parsed = TimeExpression.Parse(typed);

        Assert.Null(parsed.Expression);
        Assert.Equal("No time was given. " + Forms, parsed.Problem);
    }

    private static TimeExpression Parsed(string typed)
    {
        var parsed = TimeExpression.Parse(typed);
        Assert.Null(parsed.Problem);
        return parsed.Expression!;
    }

    private static DateTimeOffset Due(TimeExpression expression, DateTimeOffset now, TimeZoneInfo zone)
    {
        var resolved = expression.Resolve(now, zone);
        Assert.Null(resolved.Problem);
        return resolved.Due!.Value;
    }

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);
}
