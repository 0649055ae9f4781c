using Microsoft.Extensions.Configuration;
using WarRoomBot.Sandbox;

namespace WarRoomBot.Tests.Sandbox;

public sealed class StartupChoiceTests
{
    private static readonly Dictionary<string, string?> Slack = new()
    {
        ["Slack:BotToken"] = "xoxb-real",
        ["Slack:SigningSecret"] = "secret",
    };

    private static IConfiguration Settings(Dictionary<string, string?>? values = null) =>
        new ConfigurationBuilder().AddInMemoryCollection(values ?? []).Build();

    [Fact]
    public void No_Slack_settings_in_Development_start_the_sandbox()
    {
        var choice = StartupChoice.Decide(Settings(), isDevelopment: true, []);

        Assert.Equal((StartupMode.Sandbox, false), (choice.Mode, choice.Fresh));
        Assert.Empty(choice.Problems);
    }

    [Fact]
    public void No_Slack_settings_in_Production_stop_start_up_naming_both_and_the_sandbox_flag()
    {
        var choice = StartupChoice.Decide(Settings(), isDevelopment: false, []);

        Assert.Equal(StartupMode.Slack, choice.Mode);
        Assert.Collection(choice.Problems,
            p => Assert.StartsWith("Slack:BotToken is missing.", p),
            p => Assert.StartsWith("Slack:SigningSecret is missing.", p),
            p => Assert.Equal("To try the bot without Slack, run it with --sandbox (or in Development, where it is the default).", p));
    }

    [Fact]
    public void Slack_settings_given_in_part_in_Development_name_the_missing_one_rather_than_open_a_sandbox()
    {
        var choice = StartupChoice.Decide(Settings(new() { ["Slack:BotToken"] = "xoxb-real" }), isDevelopment: true, []);

        Assert.Equal(StartupMode.Slack, choice.Mode);
        Assert.StartsWith("Slack:SigningSecret is missing.", Assert.Single(choice.Problems));
    }

    [Fact]
    public void Slack_settings_in_Development_connect_to_Slack()
    {
        var choice = StartupChoice.Decide(Settings(Slack), isDevelopment: true, []);

        Assert.Equal(StartupMode.Slack, choice.Mode);
        Assert.Empty(choice.Problems);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_sandbox_flag_starts_the_sandbox_anywhere_even_with_Slack_settings(bool isDevelopment)
    {
        var choice = StartupChoice.Decide(Settings(Slack), isDevelopment, ["--sandbox"]);

        Assert.Equal(StartupMode.Sandbox, choice.Mode);
        Assert.Empty(choice.Problems);
    }

    [Fact]
    public void Fresh_starts_the_sandbox_empty()
    {
        var choice = StartupChoice.Decide(Settings(), isDevelopment: true, ["--fresh"]);

        Assert.Equal(StartupMode.Sandbox, choice.Mode);
        Assert.True(choice.Fresh);
    }

    [Fact]
    public void Fresh_with_a_Slack_workspace_is_refused_because_it_would_throw_away_the_record()
    {
        var choice = StartupChoice.Decide(Settings(Slack), isDevelopment: false, ["--fresh"]);

        Assert.Equal(
            "--fresh starts the sandbox empty and is refused with a Slack workspace, where it would throw away the crisis record. Remove it, or add --sandbox.",
            Assert.Single(choice.Problems));
    }

    [Fact]
    public void The_flags_are_taken_out_of_the_command_line_and_settings_stay()
    {
        var (flags, rest) = StartupChoice.SplitFlags(["--sandbox", "--Sandbox:Port", "5090", "--fresh"]);

        Assert.Equal(["--fresh", "--sandbox"], flags.Order(StringComparer.Ordinal));
        Assert.Equal(["--Sandbox:Port", "5090"], rest);
    }
}
