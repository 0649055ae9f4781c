using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using SlackEmulator;

namespace WarRoomBot.Tests.Emulator;

/// <summary>Slack's limits on chat.postMessage, per channel and across the workspace, on a clock the test moves.</summary>
public sealed class PostingLimitTests
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.Parse("2026-11-30T09:00:00Z", CultureInfo.InvariantCulture));

    [Fact]
    public async Task A_fourth_post_to_a_channel_within_the_second_is_refused_and_not_posted()
    {
        await using var slack = await EmulatedSlack.StartAsync(clock: clock);
        using var api = new EmulatorClient(slack);
        var room = await CreateAsync(api, "war-room");

        var burst = new List<JsonObject>();
        for (var i = 1; i <= 3; i++)
            burst.Add(await api.CallAsync("chat.postMessage", Post(room, $"update {i}")));
        using var refused = await api.SendJsonAsync("chat.postMessage", Post(room, "update 4"), slack.Settings.BotToken);

        Assert.All(burst, posted => Assert.True(posted.IsOk()));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("ratelimited", (await EmulatorClient.BodyAsync(refused)).Error());
        Assert.Equal(["update 1", "update 2", "update 3"], slack.Workspace.Channel(room).Messages.Select(m => m.Text));

        // A second on, the channel has room for one more.
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await api.CallAsync("chat.postMessage", Post(room, "update 4"))).IsOk());
        using var again = await api.SendJsonAsync("chat.postMessage", Post(room, "update 5"), slack.Settings.BotToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
    }

    [Fact]
    public async Task The_workspace_limit_counts_posts_to_every_channel()
    {
        await using var slack = await EmulatedSlack.StartAsync(
            new EmulatorSettings { PostingLimits = new PostingLimits { WorkspacePerSecond = 5, WorkspaceBurst = 5 } }, clock);
        using var api = new EmulatorClient(slack);
        var rooms = new List<string>();
        for (var i = 1; i <= 6; i++)
            rooms.Add(await CreateAsync(api, $"room-{i}"));

        for (var i = 0; i < 5; i++)
            Assert.True((await api.CallAsync("chat.postMessage", Post(rooms[i], "due"))).IsOk());
        using var refused = await api.SendJsonAsync("chat.postMessage", Post(rooms[5], "due"), slack.Settings.BotToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Empty(slack.Workspace.Channel(rooms[5]).Messages);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True((await api.CallAsync("chat.postMessage", Post(rooms[5], "due"))).IsOk());
    }

    [Fact]
    public async Task Without_limits_every_post_goes()
    {
        await using var slack = await EmulatedSlack.StartAsync(new EmulatorSettings { PostingLimits = null }, clock);
        using var api = new EmulatorClient(slack);
        var room = await CreateAsync(api, "war-room");

        for (var i = 1; i <= 10; i++)
            Assert.True((await api.CallAsync("chat.postMessage", Post(room, $"update {i}"))).IsOk());

        Assert.Equal(10, slack.Workspace.Channel(room).Messages.Count);
    }

    private static JsonObject Post(string channel, string text) => new() { ["channel"] = channel, ["text"] = text };

    private static async Task<string> CreateAsync(EmulatorClient api, string name)
    {
        var created = await api.CallAsync("conversations.create", new() { ["name"] = name });
        Assert.True(created.IsOk(), created.ToJsonString());
        return created["channel"]!.Str("id");
    }
}
