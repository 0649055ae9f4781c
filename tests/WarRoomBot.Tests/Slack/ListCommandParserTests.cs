using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

/// <summary><c>/crisis list</c> takes nothing after it: anything typed there is named back with the usage.</summary>
public sealed class ListCommandParserTests
{
    [Theory]
    [InlineData("list")]
    [InlineData("LIST")]
    [InlineData("  list  ")]
    public void List_alone_asks_for_the_open_crises(string text)
    {
        Assert.Equal(new CrisisCommand.ListOpen(), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("list open", "`open`")]
    [InlineData("list 42", "`42`")]
    [InlineData("list <!channel>", "`&lt;!channel&gt;`")]
    public void Anything_after_list_is_refused_naming_it(string text, string echoed)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.StartsWith($"`list` takes nothing after it ({echoed} was added)", invalid.Problem);
        Assert.Equal("`/crisis list`", invalid.Usage);
    }
}
