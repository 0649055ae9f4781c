using WarRoomBot.Crises;
using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

/// <summary><c>action</c>, <c>done</c> and <c>debrief</c>, as typed after <c>/crisis</c> (issue 12 item 4, playbook §14).</summary>
public sealed class ActionCommandParserTests
{
    private static readonly UserId Dave = new("U0DAVE");

    [Theory]
    [InlineData("action add an alert on cache misses owner <@U0DAVE|dave> due friday 12:00", "add an alert on cache misses")]
    [InlineData("action add an alert on cache misses due friday 12:00 owner <@U0DAVE>", "add an alert on cache misses")]
    [InlineData("Action \"ask the owner of the runbook\" OWNER <@U0DAVE> DUE friday 12:00", "ask the owner of the runbook")]
    [InlineData("action find out why we were due to fail owner <@U0DAVE> due friday 12:00", "find out why we were due to fail")]
    public void An_action_item_reads_its_text_owner_and_due_time_in_either_order(string text, string expected)
    {
        var action = Assert.IsType<CrisisCommand.Action>(SlashCommandParser.Parse(text));

        Assert.Equal(expected, action.Text);
        Assert.Equal(Dave, action.Owner);
        var due = Assert.IsType<TimeExpression.At>(action.Due);
        Assert.Equal((DayOfWeek.Friday, new TimeOnly(12, 0)), (due.Weekday!.Value, due.Time));
    }

    [Theory]
    [InlineData("friday", 0, DayOfWeek.Friday)]
    [InlineData("Fri", 0, DayOfWeek.Friday)]
    [InlineData("tomorrow", 1, null)]
    [InlineData("today", 0, null)]
    public void A_day_alone_is_due_at_17_00_that_day(string day, int daysAhead, DayOfWeek? weekday)
    {
        var action = Assert.IsType<CrisisCommand.Action>(SlashCommandParser.Parse($"action write the runbook owner <@U0DAVE> due {day}"));

        var due = Assert.IsType<TimeExpression.At>(action.Due);
        Assert.Equal((daysAhead, weekday, new TimeOnly(17, 0)), (due.DaysAhead, due.Weekday, due.Time));
    }

    [Fact]
    public void A_duration_is_due_that_long_from_now()
    {
        var action = Assert.IsType<CrisisCommand.Action>(SlashCommandParser.Parse("action write the runbook owner <@U0DAVE> due 14 days"));

        Assert.Equal(TimeSpan.FromDays(14), Assert.IsType<TimeExpression.After>(action.Due).Span);
    }

    [Theory]
    [InlineData("2026-12-14", 17, 0)]
    [InlineData("2026-12-14 09:30", 9, 30)]
    public void A_date_is_due_at_17_00_that_day_or_at_the_time_given(string typed, int hour, int minute)
    {
        var action = Assert.IsType<CrisisCommand.Action>(SlashCommandParser.Parse($"action write the runbook owner <@U0DAVE> due {typed}"));

        Assert.Equal(new TimeExpression.OnDate(new DateOnly(2026, 12, 14), new TimeOnly(hour, minute), typed), action.Due);
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("2026-12-14 25:00")]
    public void A_date_that_does_not_read_is_invalid_saying_how_to_write_one(string typed)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse($"action write the runbook owner <@U0DAVE> due {typed}"));

        Assert.Contains("write the date as year-month-day", invalid.Problem);
    }

    [Theory]
    [InlineData("done AI1", 1, null)]
    [InlineData("done ai12 alert live, see PR 4711", 12, "alert live, see PR 4711")]
    public void Done_reads_the_item_and_its_note(string text, int number, string? note)
    {
        Assert.Equal(new CrisisCommand.Done(new ActionItemId(number), note), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("done A1")]
    [InlineData("done AI0")]
    [InlineData("done D1")]
    [InlineData("done")]
    public void Done_without_an_action_item_is_invalid_with_its_usage(string text)
    {
        Assert.Equal("`/crisis done [#<crisis number>] AI1 [note]`", Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text)).Usage);
    }

    [Theory]
    [InlineData("done #42 AI1", 42, 1, null)]
    [InlineData("done 42 ai3 shipped in 4.2", 42, 3, "shipped in 4.2")]
    [InlineData("done #7 AI2 #fixed", 7, 2, "#fixed")]
    public void Done_may_name_its_crisis_before_the_item(string text, int crisis, int item, string? note)
    {
        Assert.Equal(new CrisisCommand.Done(new ActionItemId(item), note, new CrisisId(crisis)), SlashCommandParser.Parse(text));
    }

    [Fact]
    public void An_action_item_may_name_its_crisis_with_a_hash_and_a_number_alone_stays_text()
    {
        var named = Assert.IsType<CrisisCommand.Action>(SlashCommandParser.Parse("action #42 write the cache runbook owner <@U0DAVE> due friday"));
        var text = Assert.IsType<CrisisCommand.Action>(SlashCommandParser.Parse("action 2 more replicas for the cache owner <@U0DAVE> due friday"));
        var quoted = Assert.IsType<CrisisCommand.Action>(SlashCommandParser.Parse("action \"#1 priority: page on cache misses\" owner <@U0DAVE> due friday"));

        Assert.Equal((new CrisisId(42), "write the cache runbook"), (named.Crisis, named.Text));
        Assert.Equal((null, "2 more replicas for the cache"), (text.Crisis, text.Text));
        Assert.Equal((null, "#1 priority: page on cache misses"), (quoted.Crisis, quoted.Text));
    }

    [Theory]
    [InlineData("done #x AI1", "done", "`#x` is not a crisis number")]
    [InlineData("done #0 AI1", "done", "`#0` is not a crisis number")]
    [InlineData("action #1a write the runbook owner <@U0DAVE> due friday", "action", "`#1a` is not a crisis number")]
    [InlineData("debrief #", "debrief", "`#` is not a crisis number")]
    public void A_hash_that_is_not_a_crisis_number_is_invalid_rather_than_read_as_text(string text, string verb, string problem)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.StartsWith(problem, invalid.Problem);
        Assert.Contains("Quote text that starts with `#`", invalid.Problem);
        Assert.Equal(Usage.For(verb), invalid.Usage);
    }

    [Theory]
    [InlineData("debrief", null)]
    [InlineData("debrief #42", 42)]
    [InlineData("debrief 42", 42)]
    public void Debrief_may_name_its_crisis(string text, int? crisis)
    {
        Assert.Equal(new CrisisCommand.Debrief(crisis is { } n ? new CrisisId(n) : null), SlashCommandParser.Parse(text));
    }
}
