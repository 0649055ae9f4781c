namespace WarRoomBot.Tests.Features;

/// <summary>Issue 7, "Forgiving at 3 a.m.": what a tired person reads back after typing a command wrong.</summary>
public sealed class ForgivingCommandTests
{
    [Fact]
    public async Task A_mistyped_verb_is_answered_with_the_verb_it_was_meant_to_be_and_records_nothing()
    {
        await using var app = await WarRoomApp.StartAsync();

        var reply = await app.CrisisAsync("theroy the payment cache is stale prove flush one cache by 45m");
        await app.SettleAsync();

        Assert.True(reply.IsEphemeral);
        // Slack shows &lt; and &gt; as < and >; raw, they would be read as markup.
        Assert.Equal(
            ":x: `theroy` is not a /crisis command. Did you mean `theory`?\n"
            + "You typed `/crisis theroy the payment cache is stale prove flush one cache by 45m`\n"
            + "*Usage:* `/crisis theory [anyway] &lt;statement&gt; prove &lt;plan&gt; by &lt;time&gt;`\n"
            + "*Example:* `/crisis theory the payment cache is stale prove flush one store's cache by 45m`",
            reply.Text);
        Assert.Empty(app.Slack.Workspace.Calls);
    }

    [Fact]
    public async Task A_verb_not_built_yet_echoes_the_command_and_shows_only_its_usage()
    {
        await using var app = await WarRoomApp.StartAsync();

        var reply = await app.CrisisAsync("park Acme's CIO wants to know why monitoring missed this");
        await app.SettleAsync();

        Assert.True(reply.IsEphemeral);
        // Slack shows &lt; and &gt; as < and >; raw, they would be read as markup.
        Assert.Equal(
            ":construction: `/crisis park` is coming but is not built yet, so nothing was recorded.\n"
            + "You typed `/crisis park Acme's CIO wants to know why monitoring missed this`\n"
            + "*Usage:* `/crisis park &lt;complaint or concern&gt;`\n"
            + "*Example:* `/crisis park Acme's CIO wants to know why monitoring missed this`",
            reply.Text);
        Assert.Empty(app.Slack.Workspace.Calls);
    }
}
