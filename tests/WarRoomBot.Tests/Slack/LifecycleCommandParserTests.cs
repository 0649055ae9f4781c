using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

/// <summary>The grammar of resolution and follow-up: <c>resolve</c>, <c>accepted</c> and <c>reopen</c>.</summary>
public sealed class LifecycleCommandParserTests
{
    [Theory]
    [InlineData("resolve rolled back firmware 4.2", "rolled back firmware 4.2", false)]
    [InlineData("resolve rolled back firmware 4.2, abandon", "rolled back firmware 4.2", true)]
    [InlineData("RESOLVE we will not abandon the rollback ABANDON", "we will not abandon the rollback", true)]
    [InlineData("resolve stopped the abandoned job", "stopped the abandoned job", false)]
    public void Resolve_reads_what_fixed_it_and_a_last_word_abandon(string text, string fix, bool abandon)
    {
        Assert.Equal(new CrisisCommand.Resolve(fix, abandon), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("resolve")]
    [InlineData("resolve abandon")]
    public void Resolve_without_what_fixed_it_is_refused_with_the_usage(string text)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Equal("Say what fixed it, so the record and the business channel know.", invalid.Problem);
        Assert.Equal("`/crisis resolve <what fixed it> [abandon]`", invalid.Usage);
    }

    [Theory]
    [InlineData("accepted", null)]
    [InlineData("accepted  Acme's ops lead confirmed ", "Acme's ops lead confirmed")]
    public void Accepted_takes_an_optional_note(string text, string? note)
    {
        Assert.Equal(new CrisisCommand.Accepted(note), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("reopen because store 12 froze again", "store 12 froze again")]
    [InlineData("reopen store 12 froze again", "store 12 froze again")]
    [InlineData("reopen because", null)]
    [InlineData("reopen", null)]
    public void Reopen_reads_its_reason_and_leaves_a_missing_one_to_the_rules(string text, string? reason)
    {
        Assert.Equal(new CrisisCommand.Reopen(reason), SlashCommandParser.Parse(text));
    }
}
