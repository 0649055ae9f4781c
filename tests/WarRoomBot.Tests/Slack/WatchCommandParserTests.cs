using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

/// <summary><c>/crisis watch</c> takes nothing after it: anything typed there is named back with the usage.</summary>
public sealed class WatchCommandParserTests
{
    [Theory]
    [InlineData("watch")]
    [InlineData("WATCH")]
    [InlineData("  watch  ")]
    public void Watch_alone_asks_for_the_customers_at_risk(string text)
    {
        Assert.Equal(new CrisisCommand.Watch(), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("watch Acme Retail", "`Acme Retail`")]
    [InlineData("watch 30 days", "`30 days`")]
    [InlineData("watch <!channel>", "`&lt;!channel&gt;`")]
    public void Anything_after_watch_is_refused_naming_it(string text, string echoed)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.StartsWith($"`watch` takes nothing after it ({echoed} was added)", invalid.Problem);
        Assert.Equal("`/crisis watch`", invalid.Usage);
    }

    [Fact]
    public void Help_for_watch_says_who_sees_it_and_where_the_thresholds_are_set()
    {
        var help = Usage.Help("watch");

        Assert.StartsWith("*`/crisis watch`* - list the customers at risk now", help);
        Assert.Contains("*Usage:* `/crisis watch`", help);
        Assert.Contains("`WarRoom:Watch` settings", help);
    }
}
