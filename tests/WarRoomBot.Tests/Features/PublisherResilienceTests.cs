using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Api;

namespace WarRoomBot.Tests.Features;

/// <summary>The publisher on a lossy network and with a Slack that refuses some of its calls.</summary>
public sealed class PublisherResilienceTests
{
    private const string Title = "Checkout freezes";
    private const string TechName = "crisis-1-checkout-freezes";
    private const string BizName = "crisis-1-checkout-freezes-biz";
    private const string Theory = "theory Lock contention from the price job prove replay the logs on staging by 45m";

    [Fact]
    public async Task A_channel_created_but_whose_answer_was_lost_is_found_instead_of_created_again_under_another_name()
    {
        await using var app = await WarRoomApp.StartAsync();
        app.Slack.Faults.DropAnswerAfterApplying("conversations.create", times: 2);

        await app.CrisisAsync($"open {Title}");
        await app.SettleAsync();

        Assert.Equal([TechName, BizName], CrisisChannels(app).Select(c => c.Name).Order());
        Assert.All(CrisisChannels(app), c => Assert.Single(c.Messages));
        Assert.Equal(2, app.Slack.Workspace.CallsTo("conversations.create").Count);
    }

    [Fact]
    public async Task A_kickoff_posted_but_whose_answer_was_lost_appears_once_and_is_pinned()
    {
        await using var app = await WarRoomApp.StartAsync();
        app.Slack.Faults.DropAnswerAfterApplying("chat.postMessage", times: 2);

        await app.CrisisAsync($"open {Title}");
        await app.SettleAsync();

        var tech = app.Slack.Workspace.ChannelNamed(TechName)!;
        var biz = app.Slack.Workspace.ChannelNamed(BizName)!;
        Assert.Equal([Assert.Single(tech.Messages).Ts], tech.Pins);
        Assert.Equal([Assert.Single(biz.Messages).Ts], biz.Pins);
    }

    [Fact]
    public async Task When_answers_keep_getting_lost_and_posts_cannot_be_checked_a_post_is_made_at_most_twice_and_the_owner_told()
    {
        await using var app = await WarRoomApp.StartAsync();
        await app.CrisisAsync($"open {Title}");
        await app.SettleAsync();
        var tech = app.Slack.Workspace.ChannelNamed(TechName)!;
        app.Slack.Faults.Error("conversations.history", "missing_scope", times: 20);
        app.Slack.Faults.DropAnswerAfterApplying("chat.postMessage", times: 6);

        await app.CrisisAsync(Theory, channel: tech.Id);
        await app.SettleAsync();
        await app.SettleAsync();

        var messages = app.Slack.Workspace.Channel(tech.Id).Messages;
        Assert.InRange(messages.Count(m => m.VisibleText.Contains("Lock contention from the price job", StringComparison.Ordinal)), 1, 2);
        Assert.Contains(messages, m => m.VisibleText.Contains("missing_scope", StringComparison.Ordinal) || m.VisibleText.Contains("channels:history", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_theory_post_whose_answer_was_lost_appears_once()
    {
        await using var app = await WarRoomApp.StartAsync();
        await app.CrisisAsync($"open {Title}");
        await app.SettleAsync();
        var tech = app.Slack.Workspace.ChannelNamed(TechName)!;
        app.Slack.Faults.DropAnswerAfterApplying("chat.postMessage");

        await app.CrisisAsync(Theory, channel: tech.Id);
        await app.SettleAsync();

        var messages = app.Slack.Workspace.Channel(tech.Id).Messages;
        Assert.Equal(2, messages.Count);
        Assert.Single(messages, m => m.VisibleText.Contains("Lock contention from the price job", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_blocked_response_url_holds_up_neither_pins_nor_theory_posts_and_the_opener_gets_a_direct_message()
    {
        await using var app = await WarRoomApp.StartAsync();
        app.Slack.Faults.BlockResponseUrls(times: 100);

        var ack = await app.CrisisAsync($"open {Title}");
        await app.SettleAsync();
        var tech = app.Slack.Workspace.ChannelNamed(TechName)!;
        await app.CrisisAsync(Theory, channel: tech.Id);
        await app.SettleAsync();

        tech = app.Slack.Workspace.Channel(tech.Id);
        var biz = app.Slack.Workspace.ChannelNamed(BizName)!;
        Assert.Single(tech.Pins);
        Assert.Single(biz.Pins);
        Assert.Contains(tech.Messages, m => m.VisibleText.Contains("Lock contention from the price job", StringComparison.Ordinal));
        Assert.Empty(app.Slack.Workspace.ResponsesFor(ack.ResponseUrlId));
        var links = Assert.Single(app.Slack.Workspace.DirectMessagesTo(WarRoomApp.Alice));
        Assert.Contains($"<#{tech.Id}>", links.Text);
        Assert.Contains($"<#{biz.Id}>", links.Text);
    }

    [Theory]
    [InlineData("ftp://hooks.example.com/commands/1")]
    [InlineData("http://127.0.0.1:1/commands/1")]
    public async Task A_response_url_that_cannot_be_used_does_not_stall_the_crisis_and_the_links_go_by_direct_message(string responseUrl)
    {
        await using var app = await WarRoomApp.StartAsync();

        using var ack = await OpenWithResponseUrlAsync(app, $"open {Title}", responseUrl);
        await app.SettleAsync();
        var tech = app.Slack.Workspace.ChannelNamed(TechName)!;
        await app.CrisisAsync(Theory, channel: tech.Id);
        await app.SettleAsync();

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        tech = app.Slack.Workspace.Channel(tech.Id);
        Assert.Single(tech.Pins);
        Assert.Contains(tech.Messages, m => m.VisibleText.Contains("Lock contention from the price job", StringComparison.Ordinal));
        Assert.Contains($"<#{tech.Id}>", Assert.Single(app.Slack.Workspace.DirectMessagesTo(WarRoomApp.Alice)).Text);
    }

    [Fact]
    public async Task When_recovery_may_not_read_the_channel_the_kickoff_is_still_posted_and_pinned_and_the_owner_is_told_what_to_fix()
    {
        await using var app = await WarRoomApp.StartAsync();
        app.Slack.Faults.HangAfterApplying("chat.postMessage");

        await app.CrisisAsync($"open {Title}");
        using var wait = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await app.Slack.Faults.WaitForHangAsync(wait.Token);
        // Before the restart: the new host starts publishing, and looking for the kickoff, as soon as it is up.
        app.Slack.Faults.Error("conversations.history", "missing_scope", times: 100);
        await app.RestartAsync();
        await app.SettleAsync();

        var tech = app.Slack.Workspace.ChannelNamed(TechName)!;
        var kickoffs = tech.Messages.Where(m => m.VisibleText.Contains("/crisis theory", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(kickoffs);
        Assert.Single(tech.Pins);
        Assert.Contains(tech.Pins.Single(), kickoffs.Select(k => k.Ts));
        var told = Assert.Single(tech.Messages, m => m.VisibleText.Contains("missing_scope", StringComparison.Ordinal));
        Assert.Contains("<@U0ALICE>", told.VisibleText);
        Assert.Contains("channels:history", told.VisibleText);
        Assert.Contains("reinstall", told.VisibleText);
        Assert.Single(app.Slack.Workspace.ChannelNamed(BizName)!.Pins);
    }

    [Fact]
    public async Task When_slack_refuses_to_create_the_technical_channel_the_owner_is_told_by_direct_message_what_an_admin_should_do()
    {
        await using var app = await WarRoomApp.StartAsync();
        app.Slack.Faults.Error("conversations.create", "missing_scope");

        await app.CrisisAsync($"open {Title} owner: <@{WarRoomApp.Bob}|bob>");
        await app.SettleAsync();

        var told = Assert.Single(app.Slack.Workspace.DirectMessagesTo(WarRoomApp.Bob));
        Assert.Contains("creating the technical channel", told.Text);
        Assert.Contains("missing_scope", told.Text);
        Assert.Contains("channels:manage", told.Text);
        Assert.NotNull(app.Slack.Workspace.ChannelNamed(BizName));
    }

    [Theory]
    [InlineData(nameof(ISlackApi.PinAsync), "pinning the kickoff in the technical channel")]
    [InlineData(nameof(ISlackApi.SetTopicAsync), "preparing the technical channel")]
    public async Task A_step_that_fails_unexpectedly_is_reported_once_and_the_other_steps_go_on(string failing, string step)
    {
        await using var app = await WarRoomApp.StartAsync(replaceServices: services =>
        {
            var real = services.Last(d => d.ServiceType == typeof(ISlackApi));
            services.Remove(real);
            services.AddTransient<ISlackApi>(provider => new Buggy((ISlackApi)real.ImplementationFactory!(provider), failing));
        });

        await app.CrisisAsync($"open {Title}");
        await app.SettleAsync();
        var tech = app.Slack.Workspace.ChannelNamed(TechName)!;
        await app.CrisisAsync(Theory, channel: tech.Id);
        await app.SettleAsync();

        var messages = app.Slack.Workspace.Channel(tech.Id).Messages;
        var told = Assert.Single(messages, m => m.VisibleText.Contains(step, StringComparison.Ordinal));
        Assert.Contains("failed unexpectedly", told.VisibleText);
        Assert.Contains(messages, m => m.VisibleText.Contains("Lock contention from the price job", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.VisibleText.Contains("/crisis theory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Opening_a_crisis_for_someone_else_invites_the_opener_to_both_rooms()
    {
        await using var app = await WarRoomApp.StartAsync();

        await app.CrisisAsync($"open {Title} owner: <@{WarRoomApp.Bob}|bob>", user: WarRoomApp.Alice);
        await app.SettleAsync();

        var tech = app.Slack.Workspace.ChannelNamed(TechName)!;
        var biz = app.Slack.Workspace.ChannelNamed(BizName)!;
        Assert.Contains(WarRoomApp.Alice, tech.Members);
        Assert.Contains(WarRoomApp.Alice, biz.Members);
        Assert.Contains(WarRoomApp.Bob, biz.Members);
    }

    private static List<ChannelRecord> CrisisChannels(WarRoomApp app) =>
        [.. app.Slack.Workspace.Channels.Where(c => c.Name.StartsWith("crisis-", StringComparison.Ordinal))];

    /// <summary>A signed <c>/crisis</c> command as Slack sends it, but carrying the given response_url.</summary>
    private static Task<HttpResponseMessage> OpenWithResponseUrlAsync(WarRoomApp app, string text, string responseUrl)
    {
        var body = string.Join('&', new (string Key, string Value)[]
        {
            ("team_id", app.Slack.Settings.TeamId),
            ("channel_id", app.General),
            ("channel_name", "general"),
            ("user_id", WarRoomApp.Alice),
            ("user_name", "alice"),
            ("command", "/crisis"),
            ("text", text),
            ("api_app_id", "A0EMULATOR"),
            ("response_url", responseUrl),
            ("trigger_id", "1.2.3"),
        }.Select(f => WebUtility.UrlEncode(f.Key) + "=" + WebUtility.UrlEncode(f.Value)));
        return app.Sender.SendRawAsync("slack/commands", body, "application/x-www-form-urlencoded");
    }

    /// <summary>The real client, except that the <paramref name="failing"/> method throws as a bug would.</summary>
    private sealed class Buggy(ISlackApi real, string failing) : ISlackApi
    {
        public Task PinAsync(ChannelId channel, string messageTs, CancellationToken ct) =>
            failing == nameof(PinAsync) ? Bug() : real.PinAsync(channel, messageTs, ct);

        public Task<UserId> WhoAmIAsync(CancellationToken ct) => real.WhoAmIAsync(ct);

        public Task<SlackChannel> CreateChannelAsync(string name, bool isPrivate, CancellationToken ct) => real.CreateChannelAsync(name, isPrivate, ct);

        public Task<IReadOnlyList<SlackChannel>> ListChannelsAsync(CancellationToken ct) => real.ListChannelsAsync(ct);

        public Task InviteAsync(ChannelId channel, IReadOnlyList<UserId> users, CancellationToken ct) => real.InviteAsync(channel, users, ct);

        public Task SetTopicAsync(ChannelId channel, string topic, CancellationToken ct) =>
            failing == nameof(SetTopicAsync) ? Bug() : real.SetTopicAsync(channel, topic, ct);

        public Task SetPurposeAsync(ChannelId channel, string purpose, CancellationToken ct) => real.SetPurposeAsync(channel, purpose, ct);

        public Task ArchiveAsync(ChannelId channel, CancellationToken ct) => real.ArchiveAsync(channel, ct);

        public Task<string> PostMessageAsync(OutgoingMessage message, CancellationToken ct) => real.PostMessageAsync(message, ct);

        public Task UpdateMessageAsync(ChannelId channel, string ts, string text, JsonArray? blocks, CancellationToken ct) =>
            real.UpdateMessageAsync(channel, ts, text, blocks, ct);

        public Task<IReadOnlyList<PostedMessage>> HistoryAsync(ChannelId channel, int limit, CancellationToken ct) => real.HistoryAsync(channel, limit, ct);

        public Task<SlackUser> GetUserAsync(UserId user, CancellationToken ct) => real.GetUserAsync(user, ct);

        public Task<string> PermalinkAsync(ChannelId channel, string messageTs, CancellationToken ct) => real.PermalinkAsync(channel, messageTs, ct);

        public Task OpenViewAsync(string triggerId, JsonObject view, CancellationToken ct) => real.OpenViewAsync(triggerId, view, ct);

        public Task UploadFileAsync(ChannelId channel, string fileName, string title, byte[] content, string comment, CancellationToken ct) =>
            real.UploadFileAsync(channel, fileName, title, content, comment, ct);

        public Task RespondAsync(Uri responseUrl, JsonObject message, CancellationToken ct) => real.RespondAsync(responseUrl, message, ct);

        private Task Bug() => Task.FromException(new InvalidOperationException($"A bug in {failing}."));
    }
}
