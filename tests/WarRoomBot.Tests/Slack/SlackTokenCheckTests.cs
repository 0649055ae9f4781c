using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Api;

namespace WarRoomBot.Tests.Slack;

/// <summary>The start-up token check once the bot is running: Slack was out of reach at start and answers later.</summary>
public sealed class SlackTokenCheckTests
{
    private readonly WatchedClock slackTime = new();
    private readonly ApplicationLifetime lifetime = new(NullLogger<ApplicationLifetime>.Instance);
    private readonly LogCapture logs = new();

    [Fact]
    public async Task An_unreachable_Slack_is_asked_again_in_the_background_until_it_accepts_the_token()
    {
        var check = Check(new SlackApiException("auth.test", "unreachable"), null);

        Assert.Null(await check.RefusalAsync(CancellationToken.None));
        await check.StartAsync(CancellationToken.None);
        await slackTime.Waiting;
        slackTime.Fake.Advance(SlackTokenCheck.RetryInterval);
        await check.ExecuteTask!;

        Assert.Equal(
            [
                "Slack could not be reached to check Slack:BotToken (unreachable); running anyway, commands are kept and carried to Slack when it answers, checking again every 00:00:30",
                "Slack accepted Slack:BotToken; the bot is user U0BOT",
            ],
            logs.Lines.Select(l => l.Message));
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
    }

    [Fact]
    public async Task A_token_Slack_refuses_once_it_answers_stops_the_bot_with_one_line()
    {
        var check = Check(new SlackApiException("auth.test", "http_503"), new SlackApiException("auth.test", "token_revoked"));

        Assert.Null(await check.RefusalAsync(CancellationToken.None));
        await check.StartAsync(CancellationToken.None);
        await slackTime.Waiting;
        slackTime.Fake.Advance(SlackTokenCheck.RetryInterval);
        await check.ExecuteTask!;

        var stopping = Assert.Single(logs.Lines, l => l.Level == LogLevel.Critical);
        Assert.Equal(
            "WarRoomBot is stopping: Slack refused Slack:BotToken (token_revoked). Set it (environment variable Slack__BotToken) " +
            "to the app's Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page.",
            stopping.Message);
        Assert.True(lifetime.ApplicationStopping.IsCancellationRequested);
        Assert.True(check.RefusedAfterStart);
    }

    private SlackTokenCheck Check(params SlackApiException?[] answers)
    {
        var factory = LoggerFactory.Create(logging => logging.AddProvider(logs));
        return new SlackTokenCheck(new ScriptedAuth(answers), lifetime, slackTime, factory.CreateLogger<SlackTokenCheck>());
    }

    /// <summary>Slack's clock, which says when the background check starts waiting for its next round.</summary>
    private sealed class WatchedClock : TimeProvider
    {
        private readonly TaskCompletionSource waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public FakeTimeProvider Fake { get; } = new();

        public Task Waiting => waiting.Task;

        public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = Fake.CreateTimer(callback, state, dueTime, period);
            waiting.TrySetResult();
            return timer;
        }
    }

    /// <summary>auth.test answering in turn: each exception is thrown, each null is Slack accepting the token.</summary>
    private sealed class ScriptedAuth(IEnumerable<SlackApiException?> answers) : ISlackApi
    {
        private readonly Queue<SlackApiException?> answers = new(answers);

        public Task<UserId> WhoAmIAsync(CancellationToken ct) =>
            answers.Dequeue() is { } failure ? Task.FromException<UserId>(failure) : Task.FromResult(new UserId("U0BOT"));

        public Task<SlackChannel> CreateChannelAsync(string name, bool isPrivate, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<SlackChannel>> ListChannelsAsync(CancellationToken ct) => throw new NotSupportedException();

        public Task InviteAsync(ChannelId channel, IReadOnlyList<UserId> users, CancellationToken ct) => throw new NotSupportedException();

        public Task SetTopicAsync(ChannelId channel, string topic, CancellationToken ct) => throw new NotSupportedException();

        public Task SetPurposeAsync(ChannelId channel, string purpose, CancellationToken ct) => throw new NotSupportedException();

        public Task ArchiveAsync(ChannelId channel, CancellationToken ct) => throw new NotSupportedException();

        public Task<string> PostMessageAsync(OutgoingMessage message, CancellationToken ct) => throw new NotSupportedException();

        public Task UpdateMessageAsync(ChannelId channel, string ts, string text, JsonArray? blocks, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<PostedMessage>> HistoryAsync(ChannelId channel, int limit, CancellationToken ct) => throw new NotSupportedException();

        public Task PinAsync(ChannelId channel, string messageTs, CancellationToken ct) => throw new NotSupportedException();

        public Task<SlackUser> GetUserAsync(UserId user, CancellationToken ct) => throw new NotSupportedException();

        public Task<string> PermalinkAsync(ChannelId channel, string messageTs, CancellationToken ct) => throw new NotSupportedException();

        public Task OpenViewAsync(string triggerId, JsonObject view, CancellationToken ct) => throw new NotSupportedException();

        public Task UploadFileAsync(ChannelId channel, string fileName, string title, byte[] content, string comment, CancellationToken ct) =>
            throw new NotSupportedException();

        public Task RespondAsync(Uri responseUrl, JsonObject message, CancellationToken ct) => throw new NotSupportedException();
    }
}
