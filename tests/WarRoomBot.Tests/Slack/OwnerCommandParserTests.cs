using WarRoomBot.Crises;
using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

/// <summary><c>owner</c> and <c>sponsor</c>, as typed after <c>/crisis</c> (issue 11, playbook §3).</summary>
public sealed class OwnerCommandParserTests
{
    [Theory]
    [InlineData("owner <@U0DANA|dana> because Alice is off shift", "U0DANA", null, "Alice is off shift")]
    [InlineData("owner <@U0DANA> phone +1 555 0100 because Alice is off shift", "U0DANA", "+1 555 0100", "Alice is off shift")]
    [InlineData("OWNER <@W0DANA> Phone (555) 0100, because she knows the POS because she built it", "W0DANA", "(555) 0100", "she knows the POS because she built it")]
    [InlineData("owner <@U0DANA> phone +1 555 0100", "U0DANA", "+1 555 0100", null)]
    [InlineData("owner <@U0DANA>", "U0DANA", null, null)]
    [InlineData("owner <@U0DANA> because", "U0DANA", null, null)]
    public void A_handover_reads_the_new_owner_the_phone_and_the_reason_from_the_first_because(string text, string to, string? phone, string? reason)
    {
        Assert.Equal(new CrisisCommand.HandOver(new UserId(to), phone, reason), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("owner", "Name the new owner: type @ and pick them from Slack's list.")]
    [InlineData("owner @dana because off shift", "`@dana` is plain text, not a Slack user.")]
    [InlineData("owner dana because off shift", "`dana` is not a person")]
    [InlineData("owner <!channel> because off shift", "`&lt;!channel&gt;` is not a person")]
    [InlineData("owner <@U0DANA> tomorrow because off shift", "After the new owner say `phone <number>` or `because <reason>`; `tomorrow` is neither.")]
    [InlineData("owner <@U0DANA> phone because off shift", "`phone` needs the number after it")]
    public void A_handover_without_a_person_or_with_stray_words_is_refused_with_the_usage(string text, string problem)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.StartsWith(problem, invalid.Problem);
        Assert.Equal("`/crisis owner @user [phone <number>] because <reason>`", invalid.Usage);
    }

    [Fact]
    public void A_sponsor_is_one_person()
    {
        Assert.Equal(new CrisisCommand.Sponsor(new UserId("U0VERA")), SlashCommandParser.Parse("sponsor <@U0VERA|vera>"));
    }

    [Theory]
    [InlineData("sponsor", "Name the sponsor")]
    [InlineData("sponsor @vera", "`@vera` is plain text, not a Slack user.")]
    [InlineData("sponsor <@U0VERA> <@U0DAVE>", "Name one sponsor and nothing else; `&lt;@U0DAVE&gt;` is extra.")]
    public void A_sponsor_that_is_not_one_person_is_refused_with_the_usage(string text, string problem)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.StartsWith(problem, invalid.Problem);
        Assert.Equal("`/crisis sponsor @user`", invalid.Usage);
    }
}
