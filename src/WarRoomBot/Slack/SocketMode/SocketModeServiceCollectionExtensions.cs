using Microsoft.Extensions.Options;

namespace WarRoomBot.Slack.SocketMode;

public static class SocketModeServiceCollectionExtensions
{
    /// <summary>The Socket Mode edge: the client that keeps a connection to Slack open, and its report on <c>/healthz</c>.</summary>
    public static IServiceCollection AddSocketMode(this IServiceCollection services)
    {
        services.AddOptions<SocketModeOptions>()
            .BindConfiguration(SocketModeOptions.Section)
            .Validate(o => o.PingInterval > TimeSpan.Zero && o.PingTimeout > TimeSpan.Zero,
                "Slack:SocketMode:PingInterval and PingTimeout must be positive (e.g. 00:00:10).")
            .Validate(o => o.HelloTimeout > TimeSpan.Zero && o.TooManyConnectionsBackoff > TimeSpan.Zero && o.MaxRetryWait >= TimeSpan.FromSeconds(1),
                "Slack:SocketMode:HelloTimeout and TooManyConnectionsBackoff must be positive, and MaxRetryWait at least a second.")
            .ValidateOnStart();
        services.AddHttpClient(SocketModeClient.HttpClientName, (provider, client) =>
        {
            var baseUrl = provider.GetRequiredService<IOptions<SlackOptions>>().Value.ApiBaseUrl;
            client.BaseAddress = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        });
        services.AddSingleton<SocketModeEnvelopes>();
        services.AddSingleton<SocketModeClient>();
        services.AddHostedService(sp => sp.GetRequiredService<SocketModeClient>());
        services.AddHealthChecks().AddCheck<SocketModeHealthCheck>("slack-socket-mode");
        return services;
    }
}
