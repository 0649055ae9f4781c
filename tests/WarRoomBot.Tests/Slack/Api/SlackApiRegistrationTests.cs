using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Api;

namespace WarRoomBot.Tests.Slack.Api;

public sealed class SlackApiRegistrationTests
{
    [Fact]
    public async Task AddSlackApi_uses_the_configured_base_url_and_slacks_own_clock()
    {
        var slack = new ScriptedSlackHandler
        {
            Otherwise = _ => Task.FromResult(ScriptedSlackHandler.Json("""{"ok":true,"ts":"1.2"}""")),
        };
        var clock = new AutoAdvancingTimeProvider();
        using var provider = Services(slack, clock, new Uri("http://localhost:5099/api/"));

        // The typed client is transient; pacing must hold across instances all the same.
        var channel = new ChannelId("C1");
        await provider.GetRequiredService<ISlackApi>().PostMessageAsync(new OutgoingMessage(channel, "one", null, null), CancellationToken.None);
        await provider.GetRequiredService<ISlackApi>().PostMessageAsync(new OutgoingMessage(channel, "two", null, null), CancellationToken.None);

        Assert.Equal(
            ["http://localhost:5099/api/chat.postMessage", "http://localhost:5099/api/chat.postMessage"],
            slack.Requests.Select(r => r.Uri.ToString()));
        Assert.All(slack.Requests, r => Assert.Equal("xoxb-di", r.Authorization?.Parameter));
        Assert.Equal([TimeSpan.FromSeconds(1)], clock.Waits);
    }

    [Fact]
    public async Task AddSlackApi_accepts_a_base_url_without_a_trailing_slash()
    {
        var slack = new ScriptedSlackHandler();
        slack.ThenJson("""{"ok":true,"user_id":"UBOT"}""");
        using var provider = Services(slack, new AutoAdvancingTimeProvider(), new Uri("http://localhost:5099/api"));

        await provider.GetRequiredService<ISlackApi>().WhoAmIAsync(CancellationToken.None);

        Assert.Equal("http://localhost:5099/api/auth.test", Assert.Single(slack.Requests).Uri.ToString());
    }

    private static ServiceProvider Services(ScriptedSlackHandler slack, TimeProvider clock, Uri baseUrl)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddKeyedSingleton(SlackApiState.ClockKey, clock);
        services.Configure<SlackOptions>(o =>
        {
            o.BotToken = "xoxb-di";
            o.ApiBaseUrl = baseUrl;
        });
        services.AddSlackApi();
        services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => slack));
        return services.BuildServiceProvider();
    }
}
