using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// The bot behind a firewall: no request URL, an app-level token, and everything Slack sends arriving over the Socket Mode
/// connection the bot opens, with the same replies and records as over HTTP.
/// </summary>
public sealed partial class SocketModeTests
{
    /// <summary>Only so that a failing test ends; each test gets its own.</summary>
    private readonly CancellationToken timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    [Fact]
    public async Task Open_theory_a_button_and_a_form_give_the_same_replies_posts_and_records_over_socket_mode_as_over_http()
    {
        var overHttp = await CrisisTranscriptAsync(socketMode: false);
        var overSocket = await CrisisTranscriptAsync(socketMode: true);

        Assert.Contains(overSocket, line => line.StartsWith("reply to open: ", StringComparison.Ordinal) && line.Contains("Checkout freezes", StringComparison.Ordinal));
        Assert.Contains(overSocket, line => line.StartsWith("errors for an empty reason: ", StringComparison.Ordinal) && line.Contains("reason", StringComparison.Ordinal));
        Assert.Contains(overSocket, line => line.Contains("D1 extended", StringComparison.Ordinal));
        Assert.Contains(overSocket, line => line.StartsWith("events: Opened", StringComparison.Ordinal));
        Assert.Equal(overHttp, overSocket);
    }

    [Fact]
    public async Task A_refresh_in_the_middle_of_a_burst_of_commands_loses_none_doubles_none_and_leaves_no_moment_without_a_connection()
    {
        await using var app = await WarRoomApp.StartAsync(socketMode: true);
        var socket = app.Slack.SocketMode;
        var tech = await OpenCrisisAsync(app);
        var first = Assert.Single(socket.Open);

        var replies = new List<CommandReply>();
        Task? refresh = null;
        for (var i = 1; i <= 20; i++)
        {
            if (i == 6)
                refresh = socket.DisconnectAsync(first, "refresh_requested", timeout);
            replies.Add(await app.CrisisAsync($"fact store {i} froze source its log", WarRoomApp.Carol, tech));
        }
        await refresh!;
        await socket.WaitUntilAsync(s => !first.IsOpen, timeout);
        await app.SettleAsync();

        Assert.Equal(Enumerable.Range(1, 20).Select(i => $":pushpin: Recorded *F{i}*: store {i} froze"), replies.Select(r => r.Text[..r.Text.IndexOf(" _(", StringComparison.Ordinal)]));
        var facts = (await EventsAsync(app)).OfType<CrisisEvent.FactRecorded>().ToList();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"store {i} froze"), facts.Select(f => f.Statement));
        Assert.All(socket.Envelopes, e => Assert.Single(e.Acks));
        Assert.True(first.ClosedByBot);
        Assert.Equal(2, socket.Connections.Count);
        Assert.True(socket.Connections[1].IsOpen);
        Assert.Equal(0, socket.LeftWithoutConnection);
        Assert.Equal(0, socket.WaitedForAConnection);
    }

    [Fact]
    public async Task A_connection_that_stops_answering_pings_is_replaced_and_the_command_sent_into_it_is_still_answered_once()
    {
        await using var app = await WarRoomApp.StartAsync(socketMode: true, extraSettings: new()
        {
            ["Slack:SocketMode:PingInterval"] = "00:00:00.200",
            ["Slack:SocketMode:PingTimeout"] = "00:00:00.500",
        });
        var socket = app.Slack.SocketMode;
        var stalled = Assert.Single(socket.Open);

        socket.Stall(stalled);
        var reply = await app.CrisisAsync("open Checkout freezes sev1 customer: Acme Retail");
        await app.SettleAsync();

        Assert.Contains("Checkout freezes", reply.Text);
        Assert.Equal(2, socket.Connections.Count);
        var envelope = Assert.Single(socket.Envelopes);
        Assert.Equal([stalled.Number, socket.Connections[1].Number], envelope.Deliveries.Select(d => d.Connection));
        Assert.Equal(1, envelope.Deliveries[1].RetryAttempt);
        Assert.Single(app.Slack.Workspace.Channels, c => c.Name == "crisis-1-checkout-freezes");
        Assert.Single((await EventsAsync(app)).OfType<CrisisEvent.Opened>());
        Assert.Equal(HttpStatusCode.OK, (await app.Bot.GetAsync(new Uri("/healthz", UriKind.Relative), timeout)).StatusCode);
    }

    [Fact]
    public async Task A_dropped_connection_is_replaced_at_once_and_commands_go_on_being_answered()
    {
        await using var app = await WarRoomApp.StartAsync(socketMode: true);
        var socket = app.Slack.SocketMode;
        var dropped = Assert.Single(socket.Open);

        socket.Drop(dropped);
        await socket.WaitUntilAsync(s => s.Connections.Count == 2 && s.Connections[1].IsOpen, timeout);
        var reply = await app.CrisisAsync("open Checkout freezes sev1 customer: Acme Retail");

        Assert.False(dropped.ClosedByBot);
        Assert.StartsWith(":rotating_light: Opening crisis 1", reply.Text);
        Assert.Equal(2, socket.UrlsIssued);
        Assert.Equal(socket.Connections[1].Number, Assert.Single(Assert.Single(socket.Envelopes).Deliveries).Connection);
    }

    [Fact]
    public async Task A_retried_envelope_is_acknowledged_again_but_recorded_once()
    {
        await using var app = await WarRoomApp.StartAsync(socketMode: true);
        var socket = app.Slack.SocketMode;
        var tech = await OpenCrisisAsync(app);

        var reply = await app.CrisisAsync("fact only firmware 4.2 freezes source the POS export", WarRoomApp.Carol, tech);
        var envelope = app.Sender.LastEnvelope!;
        socket.Redeliver(envelope);
        await socket.WaitUntilAsync(_ => envelope.Acks.Count == 2, timeout);
        await app.SettleAsync();

        Assert.StartsWith(":pushpin: Recorded *F1*", reply.Text);
        Assert.Equal([0, 1], envelope.Deliveries.Select(d => d.RetryAttempt));
        Assert.Equal("timeout", envelope.Deliveries[1].RetryReason);
        Assert.Null(envelope.Acks[1].Payload);
        Assert.Single((await EventsAsync(app)).OfType<CrisisEvent.FactRecorded>());
        Assert.Single(app.Slack.Workspace.Channel(tech).Messages, m => m.VisibleText.Contains("*F1*", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_slack_turns_socket_mode_off_the_bot_stops_connecting_says_why_and_reports_unhealthy()
    {
        var logs = new LogCapture();
        await using var app = await WarRoomApp.StartAsync(socketMode: true, replaceServices: logs.AddTo);
        var socket = app.Slack.SocketMode;
        var only = Assert.Single(socket.Open);
        Assert.Equal(HttpStatusCode.OK, (await app.Bot.GetAsync(new Uri("/healthz", UriKind.Relative), timeout)).StatusCode);

        await socket.DisconnectAsync(only, "link_disabled", timeout);
        await socket.WaitUntilAsync(_ => !only.IsOpen, timeout);

        Assert.True(only.ClosedByBot);
        var stopped = Assert.Single(logs.Lines, l => l.Level == LogLevel.Critical);
        Assert.StartsWith("Socket Mode stopped: Slack turned Socket Mode off for this app (link_disabled)", stopped.Message);
        Assert.Contains("api.slack.com/apps", stopped.Message);
        Assert.Equal(1, socket.UrlsIssued);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Bot.GetAsync(new Uri("/healthz", UriKind.Relative), timeout)).StatusCode);
    }

    [Fact]
    public async Task Told_there_are_too_many_connections_the_bot_closes_that_one_and_connects_again_only_after_backing_off()
    {
        await using var app = await WarRoomApp.StartAsync(socketMode: true);
        var socket = app.Slack.SocketMode;
        var first = Assert.Single(socket.Open);

        await socket.DisconnectAsync(first, "too_many_websockets", timeout);
        await socket.WaitUntilAsync(_ => !first.IsOpen, timeout);
        app.Time.Advance(TimeSpan.FromSeconds(29));
        var healthWhileBackingOff = (await app.Bot.GetAsync(new Uri("/healthz", UriKind.Relative), timeout)).StatusCode;
        var urlsWhileBackingOff = socket.UrlsIssued;
        app.Time.Advance(TimeSpan.FromSeconds(1));
        await socket.WaitUntilAsync(s => s.Open.Count == 1, timeout);

        Assert.True(first.ClosedByBot);
        Assert.Equal(1, urlsWhileBackingOff);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthWhileBackingOff);
        Assert.Equal(2, socket.UrlsIssued);
        Assert.StartsWith(":rotating_light: Opening crisis 1", (await app.CrisisAsync("open Checkout freezes sev1")).Text);
    }

    [Fact]
    public async Task With_an_app_token_and_no_signing_secret_the_bot_starts_answers_over_socket_mode_and_offers_no_http_edge()
    {
        await using var app = await WarRoomApp.StartAsync(socketMode: true);

        var help = await app.CrisisAsync("help");
        using var posted = await app.Bot.PostAsync(new Uri("/slack/commands", UriKind.Relative), new StringContent("text=help"), timeout);

        Assert.StartsWith("*`/crisis`* runs a customer crisis war room", help.Text);
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Bot.GetAsync(new Uri("/healthz", UriKind.Relative), timeout)).StatusCode);
        Assert.Empty(app.Services.GetRequiredService<IConfiguration>()["Slack:SigningSecret"] ?? "");
    }

    [Fact]
    public void Only_a_bot_without_an_app_token_needs_a_signing_secret_and_an_app_token_must_be_one()
    {
        static IReadOnlyList<string> Problems(params (string Key, string Value)[] settings) =>
            SlackOptions.Problems(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

        Assert.Empty(Problems(("Slack:BotToken", "xoxb-1"), ("Slack:AppToken", "xapp-1-A1-2-abc")));
        Assert.StartsWith("Slack:SigningSecret is missing.", Assert.Single(Problems(("Slack:BotToken", "xoxb-1"))));
        Assert.StartsWith("Slack:AppToken must be an app-level token (xapp-…)", Assert.Single(Problems(("Slack:BotToken", "xoxb-1"), ("Slack:AppToken", "xoxb-1"))));
    }

    /// <summary>
    /// One crisis worked end to end: the opening, a theory, the Extend button on its due post, the form behind it sent once
    /// wrong and once right, and the open form sent empty; then what people saw and what the timeline holds.
    /// </summary>
    private static async Task<List<string>> CrisisTranscriptAsync(bool socketMode)
    {
        await using var app = await WarRoomApp.StartAsync(socketMode: socketMode);
        var transcript = new List<string>();
        var workspace = app.Slack.Workspace;

        // Sev3: its first business update comes hours later, so none is posted, at a moment of the scheduler's choosing, meanwhile.
        transcript.Add("reply to open: " + (await app.CrisisAsync("open Checkout freezes sev3 customer: Acme Retail")).Text);
        await app.SettleAsync();
        var tech = workspace.ChannelNamed(DeadlineRoom.TechName)!.Id;
        transcript.Add("reply to theory: " + (await app.CrisisAsync(DeadlineRoom.Theory, channel: tech)).Text);

        // Posted before the clock moves, so the post reads the same whichever way the command came.
        await app.SettleAsync();
        await app.AdvanceAsync(TimeSpan.FromMinutes(45));

        var due = Assert.Single(workspace.Channel(tech).Messages, m => m.VisibleText.Contains("D1 is due", StringComparison.Ordinal));
        transcript.Add("reply to Extend: " + (await app.Sender.ClickButtonAsync(WarRoomApp.Alice, tech, due, "deadline_extend")).Body);
        await app.SettleAsync();
        var form = Assert.Single(workspace.Views);
        var wrong = await app.Sender.SubmitViewAsync(form, WarRoomApp.Alice, new Dictionary<string, ViewInput>
        {
            ["when"] = new("value", Value: "30m"),
            ["reason"] = new("value", Value: " "),
        });
        transcript.Add("errors for an empty reason: " + wrong.Body);
        var right = await app.Sender.SubmitViewAsync(form, WarRoomApp.Alice, new Dictionary<string, ViewInput>
        {
            ["when"] = new("value", Value: "30m"),
            ["reason"] = new("value", Value: "the replay needs another store's logs"),
        });
        transcript.Add("answer to the right form: " + right.Body);
        transcript.Add("reply to open without a title: " + (await app.CrisisAsync("open")).Body);
        await app.SettleAsync();
        var empty = await app.Sender.SubmitViewAsync(workspace.Views[^1], WarRoomApp.Alice, new Dictionary<string, ViewInput>
        {
            ["title"] = new("value", Value: " "),
            ["severity"] = new("value", SelectedOption: "sev2"),
        });
        transcript.Add("errors for an empty title: " + empty.Body);
        await app.SettleAsync();

        foreach (var channel in workspace.Channels.OrderBy(c => c.Name, StringComparer.Ordinal))
            transcript.AddRange(channel.Messages.Select(m => $"#{channel.Name}: {Permalink().Replace(m.VisibleText, "/p…|")}"));
        transcript.AddRange(workspace.Views.Select(v => $"form {v.CallbackId} closed: {v.Closed}"));
        transcript.Add("events: " + string.Join(", ", (await EventsAsync(app)).Select(e => e.GetType().Name)));
        return transcript;
    }

    /// <summary>A permalink names its message's timestamp, which the emulated Slack takes from the wall clock.</summary>
    [GeneratedRegex(@"/p\d+\|")]
    private static partial Regex Permalink();

    private static async Task<string> OpenCrisisAsync(WarRoomApp app)
    {
        await app.CrisisAsync("open Checkout freezes sev1 customer: Acme Retail");
        await app.SettleAsync();
        return app.Slack.Workspace.ChannelNamed(DeadlineRoom.TechName)!.Id;
    }

    private static async Task<IReadOnlyList<CrisisEvent>> EventsAsync(WarRoomApp app) =>
        (await app.Services.GetRequiredService<ICrisisStore>().LoadAsync(new CrisisId(1), CancellationToken.None))!.Events;
}
