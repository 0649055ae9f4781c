using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Api;
using WarRoomBot.Slack.Publishing;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>The publisher with many crises waiting while Slack is down, and when Slack comes back.</summary>
public sealed partial class PublisherBacklogTests
{
    [Fact]
    public async Task Ten_thousand_crises_pending_while_slack_is_down_are_held_in_bounded_queues_worked_by_a_fixed_number_of_runs_and_tried_again()
    {
        const int Pending = 10_000;
        var slack = new SlackOutage();
        await using var app = await WarRoomApp.StartAsync(replaceServices: slack.Install);
        var store = app.Services.GetRequiredService<ICrisisStore>();
        var publisher = app.Services.GetRequiredService<SlackPublisher>();
        var limits = app.Services.GetRequiredService<IOptions<PublisherLimits>>().Value;
        slack.Down = true;

        // Opened straight in the store, each announced as an append would announce it.
        foreach (var batch in Enumerable.Range(0, Pending).Chunk(250))
        {
            var opened = await Task.WhenAll(batch.Select(_ => store.OpenAsync([Opened()], CancellationToken.None)));
            foreach (var crisis in opened)
                publisher.Notify(crisis.Id);
        }

        // A crisis tried again first looks for the channel its refused create may have made (auth.test): publishing has
        // paused, then scanned the store from the oldest crisis on.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await slack.WaitUntilAsync(refused => refused.Contains("auth.test"), timeout.Token);

        Assert.InRange(publisher.MostRunsAtOnce, 1, limits.Workers + limits.HeadlineWorkers);
        Assert.InRange(publisher.MostQueuedAtOnce, 1, 4 * limits.Queued);
        Assert.Empty(app.Slack.Workspace.CallsTo("conversations.create"));
        Assert.Equal(Pending, await CountUnpublishedAsync(store));
    }

    [Fact]
    public async Task When_slack_comes_back_the_crises_that_waited_are_published_oldest_first_and_once()
    {
        const int Crises = 6;
        var slack = new SlackOutage();
        var slackTime = new FakeTimeProvider(WarRoomApp.Start);
        await using var app = await WarRoomApp.StartAsync(replaceServices: services =>
        {
            slack.Install(services);

            // Slack's own clock is held still, so the pause after the outage ends only when the test says so. One worker
            // in each lane shows the order crises are taken in.
            services.RemoveAllKeyed<TimeProvider>(SlackApiState.ClockKey);
            services.AddKeyedSingleton<TimeProvider>(SlackApiState.ClockKey, slackTime);
            services.Configure<PublisherLimits>(limits => (limits.Workers, limits.HeadlineWorkers) = (1, 1));
        });

        slack.Down = true;
        for (var n = 1; n <= Crises; n++)
            await app.CrisisAsync($"open Checkout freezes {n}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await slack.WaitUntilAsync(refused => refused.Count(call => call.StartsWith("crisis-", StringComparison.Ordinal)) >= 3, timeout.Token);

        slack.Down = false;
        slackTime.Advance(SlackPublisher.RetryInterval);
        await WaitForAsync(app, () => app.Slack.Workspace.Channels.Count(c => CrisisChannel().IsMatch(c.Name) && c.Messages.Count > 0) == 2 * Crises, timeout.Token);

        var created = app.Slack.Workspace.CallsTo("conversations.create").Select(c => CrisisNumber(c.Arguments["name"]!.ToString())).ToList();
        Assert.Equal(Enumerable.Range(1, Crises).SelectMany(n => new[] { n, n }), created);
        Assert.All(app.Slack.Workspace.Channels.Where(c => CrisisChannel().IsMatch(c.Name)), c => Assert.Single(c.Messages));
    }

    private static CrisisEvent.Opened Opened() =>
        new("Checkout freezes", Severity.Sev2, "Acme Retail", new UserId(WarRoomApp.Alice), new UserId(WarRoomApp.Alice), null, null,
            ValueList<UserId>.Empty, ValueList<UserId>.Empty, true, WarRoomApp.Start.AddHours(1), WarRoomApp.Start);

    private static async Task<int> CountUnpublishedAsync(ICrisisStore store)
    {
        var count = 0;
        CrisisId? after = null;
        while (await store.UnpublishedAsync(after, 1_000, CancellationToken.None) is { Count: > 0 } page)
        {
            count += page.Count;
            after = page[^1];
        }

        return count;
    }

    private static async Task WaitForAsync(WarRoomApp app, Func<bool> done, CancellationToken ct)
    {
        while (true)
        {
            var seen = app.Slack.Workspace.Version;
            if (done())
                return;
            await app.Slack.Workspace.WaitForChangeAsync(seen, ct);
        }
    }

    private static int CrisisNumber(string channel) => int.Parse(CrisisChannel().Match(channel).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^crisis-(\d+)-")]
    private static partial Regex CrisisChannel();

    /// <summary>
    /// The bot's Slack client, refusing every call as unavailable while <see cref="Down"/>, as a Slack outage does once the
    /// client's own retries are spent. It remembers what it refused: the name of a channel to create, the method otherwise.
    /// </summary>
    private sealed class SlackOutage
    {
        private readonly Lock gate = new();
        private readonly List<string> refused = [];
        private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public volatile bool Down;

        public void Install(IServiceCollection services)
        {
            var real = services.Last(d => d.ServiceType == typeof(ISlackApi));
            services.Remove(real);
            services.AddTransient<ISlackApi>(provider => new Client((ISlackApi)real.ImplementationFactory!(provider), this));
        }

        /// <summary>Waits until the refused calls, in order, satisfy <paramref name="enough"/>.</summary>
        public async Task WaitUntilAsync(Func<IReadOnlyList<string>, bool> enough, CancellationToken ct)
        {
            while (true)
            {
                Task next;
                lock (gate)
                {
                    if (enough(refused))
                        return;
                    next = changed.Task;
                }

                await next.WaitAsync(ct);
            }
        }

        private Task<T> Call<T>(string method, Func<Task<T>> call, string? creating = null)
        {
            if (!Down)
                return call();
            lock (gate)
            {
                refused.Add(creating ?? method);
                changed.TrySetResult();
                changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return Task.FromException<T>(new SlackApiException(method, "service_unavailable"));
        }

        private Task Call(string method, Func<Task> call) => Call(method, async () =>
        {
            await call();
            return true;
        });

        private sealed class Client(ISlackApi real, SlackOutage outage) : ISlackApi
        {
            public Task<UserId> WhoAmIAsync(CancellationToken ct) => outage.Call("auth.test", () => real.WhoAmIAsync(ct));

            public Task<SlackChannel> CreateChannelAsync(string name, bool isPrivate, CancellationToken ct) =>
                outage.Call("conversations.create", () => real.CreateChannelAsync(name, isPrivate, ct), creating: name);

            public Task<IReadOnlyList<SlackChannel>> ListChannelsAsync(CancellationToken ct) => outage.Call("conversations.list", () => real.ListChannelsAsync(ct));

            public Task InviteAsync(ChannelId channel, IReadOnlyList<UserId> users, CancellationToken ct) =>
                outage.Call("conversations.invite", () => real.InviteAsync(channel, users, ct));

            public Task SetTopicAsync(ChannelId channel, string topic, CancellationToken ct) => outage.Call("conversations.setTopic", () => real.SetTopicAsync(channel, topic, ct));

            public Task SetPurposeAsync(ChannelId channel, string purpose, CancellationToken ct) =>
                outage.Call("conversations.setPurpose", () => real.SetPurposeAsync(channel, purpose, ct));

            public Task ArchiveAsync(ChannelId channel, CancellationToken ct) => outage.Call("conversations.archive", () => real.ArchiveAsync(channel, ct));

            public Task<string> PostMessageAsync(OutgoingMessage message, CancellationToken ct) => outage.Call("chat.postMessage", () => real.PostMessageAsync(message, ct));

            public Task UpdateMessageAsync(ChannelId channel, string ts, string text, JsonArray? blocks, CancellationToken ct) =>
                outage.Call("chat.update", () => real.UpdateMessageAsync(channel, ts, text, blocks, ct));

            public Task<IReadOnlyList<PostedMessage>> HistoryAsync(ChannelId channel, int limit, CancellationToken ct) =>
                outage.Call("conversations.history", () => real.HistoryAsync(channel, limit, ct));

            public Task<SlackUser> GetUserAsync(UserId user, CancellationToken ct) => outage.Call("users.info", () => real.GetUserAsync(user, ct));

            public Task<string> PermalinkAsync(ChannelId channel, string messageTs, CancellationToken ct) =>
                outage.Call("chat.getPermalink", () => real.PermalinkAsync(channel, messageTs, ct));

            public Task PinAsync(ChannelId channel, string messageTs, CancellationToken ct) => outage.Call("pins.add", () => real.PinAsync(channel, messageTs, ct));

            public Task OpenViewAsync(string triggerId, JsonObject view, CancellationToken ct) => outage.Call("views.open", () => real.OpenViewAsync(triggerId, view, ct));

            public Task UploadFileAsync(ChannelId channel, string fileName, string title, byte[] content, string comment, CancellationToken ct) =>
                outage.Call("files.upload", () => real.UploadFileAsync(channel, fileName, title, content, comment, ct));

            public Task RespondAsync(Uri responseUrl, JsonObject message, CancellationToken ct) => outage.Call("response_url", () => real.RespondAsync(responseUrl, message, ct));
        }
    }
}
