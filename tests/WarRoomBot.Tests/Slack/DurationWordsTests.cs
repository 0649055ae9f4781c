using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Tests.Slack;

/// <summary>
/// The words next to every date token and cadence the rooms read: "in 45 minutes", "overdue by 30 minutes",
/// "every hour". Whole minutes, days as the largest unit, English whatever the server's culture.
/// </summary>
public sealed class DurationWordsTests
{
    [Theory]
    [InlineData(0, "now")]
    [InlineData(30, "now")]
    [InlineData(59, "in 1 minute")]
    [InlineData(60, "in 1 minute")]
    [InlineData(59 * 60, "in 59 minutes")]
    [InlineData(45 * 60 - 1, "in 45 minutes")] // posted a second after setting: rounded, not cut to 44
    [InlineData(60 * 60, "in 1 hour")]
    [InlineData(90 * 60, "in 1 hour 30 minutes")]
    [InlineData(23 * 3600, "in 23 hours")]
    [InlineData(24 * 3600, "in 1 day")]
    [InlineData(24 * 3600 + 30 * 60, "in 1 day 30 minutes")]
    [InlineData(3 * 24 * 3600, "in 3 days")]
    [InlineData(3 * 24 * 3600 + 4 * 3600 + 5 * 60, "in 3 days 4 hours 5 minutes")]
    [InlineData(7 * 24 * 3600, "in 7 days")]
    [InlineData(-30, "now")] // a reminder or deadline post that reaches Slack a little after its time
    [InlineData(-10 * 60, "now")]
    public void A_time_ahead_reads_in_whole_minutes_hours_and_days(int seconds, string words) =>
        Assert.Equal(words, Mrkdwn.In(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(0, "less than a minute")]
    [InlineData(30, "less than a minute")]
    [InlineData(60, "1 minute")]
    [InlineData(59 * 60, "59 minutes")]
    [InlineData(60 * 60, "1 hour")]
    [InlineData(90 * 60, "1 hour 30 minutes")]
    [InlineData(23 * 3600, "23 hours")]
    [InlineData(24 * 3600, "1 day")]
    [InlineData(3 * 24 * 3600, "3 days")]
    [InlineData(7 * 24 * 3600, "7 days")]
    public void A_length_of_time_reads_in_whole_minutes_hours_and_days(int seconds, string words) =>
        Assert.Equal(words, Mrkdwn.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(1, "every minute")]
    [InlineData(30, "every 30 minutes")]
    [InlineData(60, "every hour")]
    [InlineData(90, "every 1 hour 30 minutes")]
    [InlineData(4 * 60, "every 4 hours")]
    [InlineData(24 * 60, "every day")]
    [InlineData(7 * 24 * 60, "every 7 days")]
    public void A_cadence_of_one_unit_says_every_minute_hour_or_day(int minutes, string words) =>
        Assert.Equal(words, Mrkdwn.Every(TimeSpan.FromMinutes(minutes)));
}
