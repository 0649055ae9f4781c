using System.Net;
using System.Text.Json.Nodes;
using SlackEmulator;

namespace WarRoomBot.Tests.Emulator;

public sealed class FaultTests : IAsyncLifetime
{
    private EmulatedSlack slack = null!;
    private EmulatorClient api = null!;

    public async Task InitializeAsync()
    {
        slack = await EmulatedSlack.StartAsync();
        api = new EmulatorClient(slack);
    }

    public async Task DisposeAsync()
    {
        api.Dispose();
        await slack.DisposeAsync();
    }

    private static JsonObject Create(string name) => new() { ["name"] = name };

    [Fact]
    public async Task A_rate_limited_call_is_429_with_retry_after_and_changes_nothing()
    {
        slack.Faults.RateLimit("conversations.create", times: 2, retryAfterSeconds: 7);

        using var first = await api.SendJsonAsync("conversations.create", Create("crisis-1"), slack.Settings.BotToken);
        using var second = await api.SendJsonAsync("conversations.create", Create("crisis-1"), slack.Settings.BotToken);
        var third = await api.CallAsync("conversations.create", Create("crisis-1"));

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), first.Headers.RetryAfter?.Delta);
        Assert.Equal("ratelimited", (await EmulatorClient.BodyAsync(first)).Error());
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.True(third.IsOk());
        Assert.Single(slack.Workspace.Channels);
        Assert.Equal([429, 429, 200], slack.Workspace.Calls.Select(c => c.HttpStatus));
    }

    [Fact]
    public async Task A_rate_limit_on_one_method_leaves_the_others_alone()
    {
        slack.Faults.RateLimit("chat.postMessage", times: 1);

        var created = await api.CallAsync("conversations.create", Create("crisis-1"));

        Assert.True(created.IsOk());
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task A_server_error_returns_that_status_and_changes_nothing(int status)
    {
        slack.Faults.ServerError("*", times: 1, status);

        using var failed = await api.SendJsonAsync("conversations.create", Create("crisis-1"), slack.Settings.BotToken);
        var retried = await api.CallAsync("conversations.create", Create("crisis-1"));

        Assert.Equal((HttpStatusCode)status, failed.StatusCode);
        Assert.True(retried.IsOk());
        Assert.Single(slack.Workspace.Channels);
    }

    [Fact]
    public async Task An_injected_error_is_a_slack_error_and_changes_nothing()
    {
        slack.Faults.Error("conversations.create", "restricted_action");

        var failed = await api.CallAsync("conversations.create", Create("crisis-1"));

        Assert.Equal("restricted_action", failed.Error());
        Assert.Empty(slack.Workspace.Channels);
        Assert.True((await api.CallAsync("conversations.create", Create("crisis-1"))).IsOk());
    }

    [Fact]
    public async Task Faults_are_consumed_in_the_order_they_were_registered()
    {
        slack.Faults.Error("*", "fatal_error");
        slack.Faults.RateLimit("auth.test", times: 1);

        var first = await api.CallAsync("auth.test");
        var second = await api.CallAsync("auth.test");
        var third = await api.CallAsync("auth.test");

        Assert.Equal(("fatal_error", "ratelimited"), (first.Error(), second.Error()));
        Assert.True(third.IsOk());
    }

    [Fact]
    public async Task A_hanging_call_has_taken_effect_but_never_answers_until_the_caller_gives_up()
    {
        slack.Faults.HangAfterApplying("conversations.create");
        using var giveUp = new CancellationTokenSource();

        var call = api.SendJsonAsync("conversations.create", Create("crisis-1"), slack.Settings.BotToken, giveUp.Token);
        var hung = await slack.Faults.WaitForHangAsync(giveUp.Token);

        Assert.Equal(("conversations.create", true, true), (hung.Method, hung.Ok, hung.Hung));
        Assert.False(call.IsCompleted);
        var channel = Assert.Single(slack.Workspace.Channels);
        Assert.Equal("crisis-1", channel.Name);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        // The retry finds its own earlier effect, as a restarted bot would.
        var retry = await api.CallAsync("conversations.create", Create("crisis-1"));
        Assert.Equal("name_taken", retry.Error());
    }

    [Fact]
    public async Task A_hanging_call_fails_for_the_caller_when_the_emulator_goes_away()
    {
        var local = await EmulatedSlack.StartAsync();
        using var client = new EmulatorClient(local);
        local.Faults.HangAfterApplying("auth.test");

        var call = client.SendJsonAsync("auth.test", null, local.Settings.BotToken);
        await local.Faults.WaitForHangAsync();
        await local.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => call);
    }

    [Fact]
    public async Task Disposing_releases_a_call_held_up_by_latency()
    {
        var local = await EmulatedSlack.StartAsync();
        using var client = new EmulatorClient(local);
        local.Faults.Latency = TimeSpan.FromHours(1);

        var call = client.SendJsonAsync("auth.test", null, local.Settings.BotToken);
        await local.DisposeAsync();

        // Depending on how far the request got before the listener closed, the client sees the cut connection either
        // wrapped by HttpClient or as the socket's own error; either way the call ends and nothing was applied.
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => call);
        Assert.True(failure is HttpRequestException or System.Net.Sockets.SocketException, failure.ToString());
        Assert.Empty(local.Workspace.Calls);
    }

    [Fact]
    public async Task A_dropped_answer_has_taken_effect_but_the_caller_only_sees_the_connection_cut()
    {
        slack.Faults.DropAnswerAfterApplying("conversations.create");

        await Assert.ThrowsAsync<HttpRequestException>(() => api.SendJsonAsync("conversations.create", Create("crisis-1"), slack.Settings.BotToken));

        Assert.Equal("crisis-1", Assert.Single(slack.Workspace.Channels).Name);
        var call = Assert.Single(slack.Workspace.Calls);
        Assert.Equal(("conversations.create", true, true), (call.Method, call.Ok, call.AnswerDropped));
        Assert.Equal("name_taken", (await api.CallAsync("conversations.create", Create("crisis-1"))).Error());
    }

    [Fact]
    public async Task Every_third_answer_is_dropped_on_the_chosen_method_only()
    {
        slack.Faults.DropEveryAnswer("conversations.create", every: 3);

        var lost = new List<bool>();
        for (var i = 1; i <= 6; i++)
        {
            try
            {
                await api.CallAsync("conversations.create", Create($"crisis-{i}"));
                lost.Add(false);
            }
            catch (HttpRequestException)
            {
                lost.Add(true);
            }
        }

        Assert.Equal([false, false, true, false, false, true], lost);
        Assert.Equal(6, slack.Workspace.Channels.Count);
        Assert.True((await api.CallAsync("auth.test")).IsOk());
    }

    [Fact]
    public async Task Answers_dropped_by_probability_follow_the_seed()
    {
        await using var other = await EmulatedSlack.StartAsync();
        using var otherApi = new EmulatorClient(other);
        slack.Faults.DropAnswers("auth.test", probability: 0.4, seed: 42);
        other.Faults.DropAnswers("auth.test", probability: 0.4, seed: 42);

        async Task<List<bool>> LostAsync(EmulatorClient client)
        {
            var lost = new List<bool>();
            for (var i = 0; i < 20; i++)
            {
                try
                {
                    await client.CallAsync("auth.test");
                    lost.Add(false);
                }
                catch (HttpRequestException)
                {
                    lost.Add(true);
                }
            }
            return lost;
        }

        var first = await LostAsync(api);
        var second = await LostAsync(otherApi);

        Assert.Equal(first, second);
        Assert.Contains(true, first);
        Assert.Contains(false, first);
    }

    [Fact]
    public async Task A_blocked_response_url_cuts_the_post_and_shows_nothing()
    {
        await using var bot = await RecordingBot.StartAsync();
        var general = slack.Workspace.AddChannel("general");
        var reply = await slack.SenderTo(bot.Client, TimeProvider.System).SlashCommandAsync("U0ALICE", general.Id, "open x");
        using var hooks = new HttpClient();
        var url = new Uri(slack.BaseUrl, "response/" + reply.ResponseUrlId);
        slack.Faults.BlockResponseUrls(times: 1);

        await Assert.ThrowsAsync<HttpRequestException>(() => hooks.PostAsync(url, new StringContent("""{"text":"links"}""", System.Text.Encoding.UTF8, "application/json")));
        Assert.Empty(slack.Workspace.ResponsesFor(reply.ResponseUrlId));

        using var second = await hooks.PostAsync(url, new StringContent("""{"text":"links"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Single(slack.Workspace.ResponsesFor(reply.ResponseUrlId));
    }

    [Fact]
    public async Task A_message_to_a_user_id_lands_in_the_bots_direct_messages_with_them()
    {
        slack.Workspace.AddUser("U0ALICE", "alice");

        var posted = await api.CallAsync("chat.postMessage", new JsonObject { ["channel"] = "U0ALICE", ["text"] = "your links" });

        Assert.True(posted.IsOk());
        Assert.StartsWith("D", posted.Str("channel"), StringComparison.Ordinal);
        Assert.Equal("your links", Assert.Single(slack.Workspace.DirectMessagesTo("U0ALICE")).Text);
        Assert.Empty(slack.Workspace.Channels);
    }

    [Fact]
    public async Task Clear_removes_pending_faults()
    {
        slack.Faults.Error("*", "fatal_error", times: 3);
        slack.Faults.Latency = TimeSpan.FromHours(1);

        slack.Faults.Clear();

        Assert.True((await api.CallAsync("auth.test")).IsOk());
        Assert.Equal(TimeSpan.Zero, slack.Faults.Latency);
    }
}
