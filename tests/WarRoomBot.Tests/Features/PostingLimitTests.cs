using Microsoft.Extensions.DependencyInjection;
using SlackEmulator;
using WarRoomBot.Slack.Api;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// The bot against a Slack that enforces its limits on chat.postMessage, per channel and across the workspace: what
/// falls due together goes out as fast as Slack allows, and Slack never has to refuse a post.
/// </summary>
public sealed class PostingLimitTests
{
    [Fact]
    public async Task Deadlines_falling_due_together_go_out_in_a_burst_then_one_a_second_and_none_is_refused()
    {
        await using var app = await WarRoomApp.StartAsync(emulator: new EmulatorSettings { PostingLimits = new PostingLimits() });
        await app.CrisisAsync("open Checkout freezes sev3 customer: Acme Retail");
        await app.SettleAsync();
        var tech = app.Slack.Workspace.ChannelNamed(DeadlineRoom.TechName)!.Id;
        for (var i = 1; i <= 4; i++)
            await app.CrisisAsync($"theory Lock contention in store {i} prove replay the logs of store {i} by 45m", channel: tech);
        await app.SettleAsync();
        app.Slack.Workspace.ForgetCalls();

        // The theories' own posts spent the channel's burst. Slack's pace runs on real time, so the test lets it come back
        // whole: the pacer says when one post may go, and the two more of a burst of three follow a second apart.
        var slack = app.Services.GetRequiredService<SlackApiState>();
        var whole = slack.Pacer.ReadyAt(tech) + TimeSpan.FromSeconds(2) - slack.Time.GetUtcNow();
        if (whole > TimeSpan.Zero)
            await Task.Delay(whole, slack.Time);

        // Four due posts at once, all for one channel (the clock passes the reminders' time with them: none is owed).
        await app.AdvanceAsync(TimeSpan.FromMinutes(46));

        var posts = app.Slack.Workspace.CallsTo("chat.postMessage");
        Assert.All(posts, call => Assert.True(call.Ok, $"{call.HttpStatus} {call.Error}"));
        var messages = app.Slack.Workspace.Channel(tech).Messages;
        for (var i = 1; i <= 4; i++)
            Assert.Single(messages, m => m.VisibleText.Contains($"D{i} is due", StringComparison.Ordinal));

        // The first three left together; the channel's steady pace followed.
        var arrivals = posts.Where(c => c.Arguments["channel"]?.GetValue<string>() == tech).Select(c => c.At).Order().ToList();
        Assert.True(arrivals.Count >= 4);
        Assert.True(arrivals[2] - arrivals[0] < TimeSpan.FromSeconds(1), $"the burst took {arrivals[2] - arrivals[0]}");
        Assert.True(arrivals[3] - arrivals[0] >= TimeSpan.FromSeconds(1), $"the fourth post came {arrivals[3] - arrivals[0]} after the first");
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
