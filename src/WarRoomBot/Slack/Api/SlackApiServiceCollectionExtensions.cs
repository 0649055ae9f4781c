using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace WarRoomBot.Slack.Api;

public static class SlackApiServiceCollectionExtensions
{
    public static IServiceCollection AddSlackApi(this IServiceCollection services)
    {
        services.TryAddKeyedSingleton(SlackApiState.ClockKey, TimeProvider.System);
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
