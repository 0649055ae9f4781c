using SlackEmulator;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// The bot against a Slack that enforces its limits on chat.postMessage, per channel and across the workspace: what
/// falls due together goes out as fast as Slack allows, and Slack never has to refuse a post.
/// </summary>
public sealed class PostingLimitTests
{
    [Fact]
    public async Task Deadlines_falling_due_together_in_a_channel_whose_burst_is_spent_are_each_posted_once_and_none_is_refused()
    {
        await using var app = await WarRoomApp.StartAsync(emulator: new EmulatorSettings { PostingLimits = new PostingLimits() });
        await app.CrisisAsync("open Checkout freezes sev3 customer: Acme Retail");
        await app.SettleAsync();
        var tech = app.Slack.Workspace.ChannelNamed(DeadlineRoom.TechName)!.Id;
        for (var i = 1; i <= 4; i++)
            await app.CrisisAsync($"theory Lock contention in store {i} prove replay the logs of store {i} by 45m", channel: tech);
        await app.SettleAsync();
        app.Slack.Workspace.ForgetCalls();

        // The theories' own posts spent the channel's burst, so four due posts falling due at once, all for this channel,
        // wait for its pace (the burst's shape is specified with a fake clock in ChannelPacerTests). The clock passes the
        // reminders' time with them: none is owed.
        await app.AdvanceAsync(TimeSpan.FromMinutes(46));

        var posts = app.Slack.Workspace.CallsTo("chat.postMessage");
        Assert.All(posts, call => Assert.True(call.Ok, $"{call.HttpStatus} {call.Error}"));
        var messages = app.Slack.Workspace.Channel(tech).Messages;
        for (var i = 1; i <= 4; i++)
            Assert.Single(messages, m => m.VisibleText.Contains($"D{i} is due", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Crises_opened_together_stay_inside_the_workspace_limit_and_each_kickoff_is_posted_once()
    {
        var limit = new Dictionary<string, string?> { ["Slack:Pacing:WorkspacePerSecond"] = "4", ["Slack:Pacing:WorkspaceBurst"] = "4" };
        await using var app = await WarRoomApp.StartAsync(limit,
            emulator: new EmulatorSettings { PostingLimits = new PostingLimits { WorkspacePerSecond = 4, WorkspaceBurst = 4 } });

        var names = new[] { "Checkout freezes", "Search is empty", "Payments time out", "Login loops" };
        foreach (var name in names)
            await app.CrisisAsync($"open {name} sev2 customer: Acme Retail");
        await app.SettleAsync();

        var posts = app.Slack.Workspace.CallsTo("chat.postMessage");
        Assert.All(posts, call => Assert.True(call.Ok, $"{call.HttpStatus} {call.Error}"));
        Assert.True(posts.Count >= 2 * names.Length);
        for (var i = 1; i <= names.Length; i++)
        {
            var slug = names[i - 1].ToLowerInvariant().Replace(' ', '-');
            foreach (var channel in new[] { $"crisis-{i}-{slug}", $"crisis-{i}-{slug}-biz" })
            {
                var kept = app.Slack.Workspace.ChannelNamed(channel)!.Messages;
                Assert.Single(kept, m => m.VisibleText.Contains("/crisis", StringComparison.Ordinal) || m.VisibleText.Contains(names[i - 1], StringComparison.Ordinal));
            }
        }

        // Nothing posted twice: every post the bot keyed is in Slack once.
        var keys = app.Slack.Workspace.Channels.SelectMany(c => c.Messages).Select(m => m.MetadataPayload?["key"]?.GetValue<string>()).OfType<string>().ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }
}
