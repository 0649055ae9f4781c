using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace WarRoomBot.Slack.Api;

public static class SlackApiServiceCollectionExtensions
{
    public static IServiceCollection AddSlackApi(this IServiceCollection services)
    {
        services.TryAddKeyedSingleton(SlackApiState.ClockKey, TimeProvider.System);
        services.AddOptions<PacingOptions>()
            .BindConfiguration(PacingOptions.Section)
            .Validate(o => o.Burst >= 1, "Slack:Pacing:Burst must be at least 1 (e.g. 3): the posts one channel may take at once.")
            .Validate(o => o.WorkspacePerSecond >= 1 && o.WorkspaceBurst >= 1,
                "Slack:Pacing:WorkspacePerSecond and WorkspaceBurst must each be at least 1 (e.g. 200): posts a second across the workspace, and at once.")
            .ValidateOnStart();
        services.TryAddSingleton<SlackApiState>();
        services.AddHttpClient<ISlackApi, SlackApi>((provider, client) =>
        {
            var baseUrl = provider.GetRequiredService<IOptions<SlackOptions>>().Value.ApiBaseUrl;
            // Method names are appended as relative URIs, which only works when the base ends with '/'.
            client.BaseAddress = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
            // Each attempt has its own timeout inside SlackApi; an overall one would cut retries and rate-limit waits short.
            client.Timeout = Timeout.InfiniteTimeSpan;
        });
        return services;
    }
}
