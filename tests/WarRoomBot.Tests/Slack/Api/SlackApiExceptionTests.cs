using WarRoomBot.Slack.Api;

namespace WarRoomBot.Tests.Slack.Api;

public sealed class SlackApiExceptionTests
{
    [Theory]
    [InlineData("ratelimited", true)]
    [InlineData("timeout", true)]
    [InlineData("unreachable", true)]
    [InlineData("http_500", true)]
    [InlineData("http_503", true)]
    [InlineData("internal_error", true)]
    [InlineData("service_unavailable", true)]
    [InlineData("http_404", false)]
    [InlineData("name_taken", false)]
    [InlineData("restricted_action", false)]
    [InlineData("missing_scope", false)]
    public void Only_unavailability_is_worth_trying_again_later(string error, bool transient) =>
        Assert.Equal(transient, new SlackApiException("chat.postMessage", error).IsTransient);
}
