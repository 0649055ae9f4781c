using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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

        // The typed client is transient; pacing must hold across instances all the same: a burst of three, then a wait.
        var channel = new ChannelId("C1");
        foreach (var text in new[] { "one", "two", "three", "four" })
            await provider.GetRequiredService<ISlackApi>().PostMessageAsync(new OutgoingMessage(channel, text, null, null), CancellationToken.None);

        Assert.Equal(Enumerable.Repeat("http://localhost:5099/api/chat.postMessage", 4), slack.Requests.Select(r => r.Uri.ToString()));
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

    [Fact]
    public async Task The_burst_per_channel_is_the_one_configured()
    {
        var slack = new ScriptedSlackHandler
        {
            Otherwise = _ => Task.FromResult(ScriptedSlackHandler.Json("""{"ok":true,"ts":"1.2"}""")),
        };
        var clock = new AutoAdvancingTimeProvider();
        using var provider = Services(slack, clock, new Uri("http://localhost:5099/api/"), new() { ["Slack:Pacing:Burst"] = "1" });

        var channel = new ChannelId("C1");
        foreach (var text in new[] { "one", "two", "three" })
            await provider.GetRequiredService<ISlackApi>().PostMessageAsync(new OutgoingMessage(channel, text, null, null), CancellationToken.None);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)], clock.Waits);
    }

    [Theory]
    [InlineData("Slack:Pacing:Burst", "0", "Slack:Pacing:Burst must be at least 1")]
    [InlineData("Slack:Pacing:WorkspacePerSecond", "0", "Slack:Pacing:WorkspacePerSecond and WorkspaceBurst must each be at least 1")]
    [InlineData("Slack:Pacing:WorkspaceBurst", "-5", "Slack:Pacing:WorkspacePerSecond and WorkspaceBurst must each be at least 1")]
    public void A_pace_that_would_stop_posting_is_refused_naming_the_setting(string setting, string value, string message)
    {
        using var provider = Services(new ScriptedSlackHandler(), new AutoAdvancingTimeProvider(), new Uri("http://localhost:5099/api/"), new() { [setting] = value });

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PacingOptions>>().Value);

        Assert.Contains(message, refused.Message);
    }

    private static ServiceProvider Services(ScriptedSlackHandler slack, TimeProvider clock, Uri baseUrl, Dictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build());
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
