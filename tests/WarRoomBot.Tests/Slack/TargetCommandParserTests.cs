using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

/// <summary><c>/crisis target &lt;time&gt; worst &lt;time&gt; because &lt;reason&gt;</c> read once, and every malformed one refused with the usage.</summary>
public sealed class TargetCommandParserTests
{
    [Theory]
    [InlineData("target 18:00 worst tomorrow 12:00 because the fix needs a full regression run", "18:00", "tomorrow 12:00", "the fix needs a full regression run", false)]
    [InlineData("target! 8h worst 2 days because the vendor ships the patch by 17:00 worst case", "8h", "2 days", "the vendor ships the patch by 17:00 worst case", true)]
    [InlineData("TARGET 8h, worst 20h, because the rollout takes a night", "8h", "20h", "the rollout takes a night", false)]
    public void A_target_a_worst_case_and_a_reason_are_read_and_the_reason_may_name_times(string text, string target, string worst, string reason, bool anyway)
    {
        var command = Assert.IsType<CrisisCommand.SetTarget>(SlashCommandParser.Parse(text));

        Assert.Equal(
            (TimeExpression.Parse(target).Expression, TimeExpression.Parse(worst).Expression, reason, anyway),
            (command.Target, command.Worst, command.Reason, command.Anyway));
    }

    [Theory]
    [InlineData("target", "Say the target for a fix, the worst case and why")]
    [InlineData("target 18:00 because the patch ships then", "Give the worst case too: `worst <time>`")]
    [InlineData("target soon worst 20h because the patch ships then", "The target: ")]
    [InlineData("target 8h worst whenever because the patch ships then", "The worst case: ")]
    [InlineData("target 8h worst 20h", "Say why these times: add `because <reason>`")]
    [InlineData("target 8h worst 20h because  ", "The reason after `because` is empty")]
    public void A_malformed_target_is_refused_saying_what_is_missing_with_the_usage(string text, string problem)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.StartsWith(problem, invalid.Problem);
        Assert.Contains("target <time> worst <time> because <reason>", invalid.Usage);
    }

    [Fact]
    public void Help_for_target_bang_explains_target()
    {
        var help = Assert.IsType<CrisisCommand.Help>(SlashCommandParser.Parse("help target!"));

        Assert.Contains("sev1 24 hours and 48 hours, sev2 3 days and 5 days", Usage.Help(help.Verb));
    }
}
