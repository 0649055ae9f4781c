using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SlackEmulator;
using WarRoomBot.Tests.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Requests Slack would never send, reaching the real host signed with the real secret: replays of a captured request,
/// records without an author, payloads of the wrong shape. Each is refused and leaves nothing recorded or posted.
/// </summary>
public sealed class HostileRequestTests
{
    private const string Form = "application/x-www-form-urlencoded";

    private static IReadOnlyList<ChannelRecord> CrisisChannels(WarRoomApp app) =>
        [.. app.Slack.Workspace.Channels.Where(c => c.Name.StartsWith("crisis-", StringComparison.Ordinal))];

    private static string Encode(string text) => WebUtility.UrlEncode(text);

    // ---------------------------------------------------------------- replays

    [Fact]
    public async Task A_signed_open_sent_twice_opens_one_crisis_and_the_repeat_is_refused()
    {
        var log = new LogCapture();
        await using var app = await WarRoomApp.StartAsync(replaceServices: log.AddTo);

        var first = await app.CrisisAsync("open Checkout freezes sev1");
        var replay = await app.Sender.ReplayAsync(app.Sender.LastSent!);
        await app.SettleAsync();

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal(["crisis-1-checkout-freezes", "crisis-1-checkout-freezes-biz"], CrisisChannels(app).Select(c => c.Name).Order());
        Assert.Single(log.Containing("replayed"), l => l.Level == LogLevel.Warning && l.Message.Contains("/slack/commands", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_signed_theory_sent_three_times_records_one_theory()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var first = await room.CrisisAsync(DeadlineRoom.Theory);
        var captured = room.App.Sender.LastSent!;
        var second = await room.App.Sender.ReplayAsync(captured);
        var third = await room.App.Sender.ReplayAsync(captured);
        await room.App.SettleAsync();

        Assert.Contains("T1", first.Text);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], new[] { second.StatusCode, third.StatusCode });
        Assert.Single(room.InTech("Working theory:"));
        Assert.Empty(room.InTech("T2"));
        var status = await room.StatusAsync();
        Assert.Contains("T1", status);
        Assert.DoesNotContain("T2", status);
        Assert.DoesNotContain("D2", status);
    }

    [Fact]
    public async Task A_replayed_click_is_refused_and_nobody_is_told_the_deadline_already_has_its_outcome()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(45));

        var click = await room.ClickAsync(WarRoomApp.Alice, room.DuePost(), "deadline_confirmed");
        var replay = await room.App.Sender.ReplayAsync(room.App.Sender.LastSent!);
        await room.App.SettleAsync();

        Assert.Equal(HttpStatusCode.OK, click.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Single(room.InTech("is now the working explanation"));
        Assert.Empty(room.RefusalsTo(WarRoomApp.Alice));
    }

    [Fact]
    public async Task The_same_text_typed_again_is_a_new_request_not_a_replay()
    {
        await using var app = await WarRoomApp.StartAsync();

        await app.CrisisAsync("open Checkout freezes");
        var again = await app.Sender.SendRawAsync("/slack/commands", app.Sender.LastSent!.Body, Form,
            timestampOverride: app.Time.GetUtcNow().AddSeconds(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        var replay = await app.Sender.ReplayAsync(app.Sender.LastSent!);
        await app.SettleAsync();

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal(4, CrisisChannels(app).Count);
    }

    [Fact]
    public async Task An_event_slack_redelivers_is_acknowledged_each_time_and_handled_once()
    {
        var log = new LogCapture();
        await using var app = await WarRoomApp.StartAsync(replaceServices: log.AddTo);
        const string json = """
            {"token":"x","team_id":"T0EMULATOR","api_app_id":"A0EMULATOR","type":"event_callback","event_id":"Ev0TEST1","event_time":1763820000,
             "event":{"type":"reaction_added","user":"U0ALICE","reaction":"eyes","item":{"type":"message","channel":"C1","ts":"1.2"},"event_ts":"1.3"}}
            """;

        var delivered = await app.Sender.SendEventAsync(json);
        app.Time.Advance(TimeSpan.FromSeconds(3));
        var firstRetry = await app.Sender.SendEventAsync(json, retryNum: 1);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        var secondRetry = await app.Sender.SendEventAsync(json, retryNum: 2, retryReason: "http_error");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { delivered.StatusCode, firstRetry.StatusCode, secondRetry.StatusCode });
        var redeliveries = log.Containing("Ev0TEST1");
        Assert.Equal(2, redeliveries.Count);
        Assert.Contains("retry 1, http_timeout", redeliveries[0].Message);
        Assert.Contains("retry 2, http_error", redeliveries[1].Message);
    }

    [PostgresFact]
    public async Task On_a_shared_store_a_replayed_open_and_a_redelivered_event_are_still_known_after_a_restart()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var log = new LogCapture();
        await using var app = await WarRoomApp.StartAsync(
            new() { ["Storage:Provider"] = "Postgres", ["Storage:ConnectionString"] = database.ConnectionString }, log.AddTo);
        const string json = """
            {"token":"x","team_id":"T0EMULATOR","api_app_id":"A0EMULATOR","type":"event_callback","event_id":"Ev0TEST2","event_time":1763820000,
             "event":{"type":"reaction_added","user":"U0ALICE","reaction":"eyes","item":{"type":"message","channel":"C1","ts":"1.2"},"event_ts":"1.3"}}
            """;
        await app.CrisisAsync("open Checkout freezes sev1");
        var open = app.Sender.LastSent!;
        await app.Sender.SendEventAsync(json);

        // What one process remembered, the next one (or another replica on the same database) knows too.
        await app.RestartAsync();
        var replay = await app.Sender.ReplayAsync(open);
        var redelivered = await app.Sender.SendEventAsync(json, retryNum: 1);
        await app.SettleAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Single(log.Containing("Ev0TEST2"));
        Assert.Equal(["crisis-1-checkout-freezes", "crisis-1-checkout-freezes-biz"], CrisisChannels(app).Select(c => c.Name).Order());
    }

    // ---------------------------------------------------------------- records without an author

    [Theory]
    [InlineData("")]
    [InlineData("<!channel>")]
    [InlineData("<@U0ALICE>")]
    [InlineData("u0alice")]
    public async Task A_command_whose_user_is_not_a_slack_user_id_is_refused_and_records_nothing(string user)
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.App.SettleAsync();
        var before = room.TechMessages.Count;

        var replies = new List<CommandReply>();
        foreach (var text in new[] { "theory Cache stampede prove flush one store by 30m", "deadline collect heap dumps by 20m", "confirmed D1", "open Payments down" })
            replies.Add(await room.App.Sender.SlashCommandAsync(user, room.Tech, text));
        await room.App.SettleAsync();

        Assert.All(replies, r => Assert.Equal(HttpStatusCode.BadRequest, r.Status));
        Assert.All(replies, r => Assert.Contains("user_id", r.Body));
        Assert.Equal(before, room.TechMessages.Count);
        Assert.Equal(2, CrisisChannels(room.App).Count);
        var status = await room.StatusAsync();
        Assert.DoesNotContain("T2", status);
        Assert.DoesNotContain("D2", status);
        Assert.Contains("none confirmed yet", status);
        Assert.Contains("0 kept · 0 missed", status);
    }

    [Fact]
    public async Task A_command_without_user_id_gets_a_client_error_not_a_chat_reply()
    {
        await using var app = await WarRoomApp.StartAsync();
        var body = $"command=%2Fcrisis&text={Encode("open Checkout freezes")}&channel_id={app.General}&team_id=T0EMULATOR&response_url={Encode(new Uri(app.Slack.BaseUrl, "response/x").ToString())}&trigger_id=1.2.3";

        var response = await app.Sender.SendRawAsync("/slack/commands", body, Form);
        await app.SettleAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("user_id is missing", await response.Content.ReadAsStringAsync());
        Assert.Empty(CrisisChannels(app));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("<!channel>")]
    [InlineData("U0BOB|bob")]
    public async Task A_click_without_a_slack_user_records_no_outcome(string? user)
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(45));
        var due = room.DuePost();

        var click = await room.App.Sender.ClickButtonAsync(WarRoomApp.Bob, room.Tech, due, "deadline_confirmed",
            alter: payload => payload["user"] = user is null ? null : new JsonObject { ["id"] = user });
        await room.App.SettleAsync();

        Assert.Equal(HttpStatusCode.BadRequest, click.Status);
        Assert.Contains("user.id", click.Body);
        Assert.Empty(room.InTech("is now the working explanation"));
        Assert.Equal(["deadline_confirmed", "deadline_disproved", "deadline_extend"], DeadlineRoom.Buttons(room.DuePost()));
        Assert.Contains("0 kept · 0 missed", await room.StatusAsync());
    }

    [Theory]
    [InlineData("<!channel>")]
    [InlineData("<!here>")]
    [InlineData("C0GENERAL")]
    public async Task The_open_form_with_an_owner_who_is_not_a_slack_user_opens_nothing(string owner)
    {
        await using var app = await WarRoomApp.StartAsync();
        await app.CrisisAsync("open");
        await app.SettleAsync();

        var submitted = await app.Sender.SubmitViewAsync(app.Slack.Workspace.Views[0], WarRoomApp.Alice, new Dictionary<string, ViewInput>
        {
            ["title"] = new("value", Value: "Payments rejected"),
            ["severity"] = new("value", SelectedOption: "sev1"),
            ["owner"] = new("value", SelectedUser: owner),
        });
        await app.SettleAsync();

        Assert.Equal(HttpStatusCode.BadRequest, submitted.Status);
        Assert.Contains("owner", submitted.Body);
        Assert.Empty(CrisisChannels(app));
        Assert.DoesNotContain(app.Slack.Workspace.Calls, c => c.Method == "chat.postMessage");
    }

    [Fact]
    public async Task The_open_form_submitted_by_no_slack_user_opens_nothing()
    {
        await using var app = await WarRoomApp.StartAsync();
        await app.CrisisAsync("open");
        await app.SettleAsync();

        var submitted = await app.Sender.SubmitViewAsync(app.Slack.Workspace.Views[0], WarRoomApp.Alice, new Dictionary<string, ViewInput>
        {
            ["title"] = new("value", Value: "Payments rejected"),
            ["severity"] = new("value", SelectedOption: "sev1"),
        }, alter: payload => payload["user"] = new JsonObject { ["id"] = "<!channel>" });
        await app.SettleAsync();

        Assert.Equal(HttpStatusCode.BadRequest, submitted.Status);
        Assert.Empty(CrisisChannels(app));
    }

    // ---------------------------------------------------------------- payloads Slack could not have sent

    [Theory]
    [InlineData("nothing=here")]
    [InlineData("payload=")]
    [InlineData("payload=null")]
    [InlineData("payload=%5B%5D")]
    [InlineData("payload=%22s%22")]
    [InlineData("payload=%7Bnot+json")]
    [InlineData("payload=%7B%7D&payload=%7B%7D")]
    public async Task An_interaction_without_a_payload_object_gets_a_client_error_with_the_reason(string body)
    {
        await using var app = await WarRoomApp.StartAsync();

        var response = await app.Sender.SendRawAsync("/slack/interactions", body, Form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("payload", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("""{ "values": [] }""")]
    public async Task The_open_form_submitted_without_its_state_gets_a_client_error_and_opens_nothing(string state)
    {
        await using var app = await WarRoomApp.StartAsync();
        await app.CrisisAsync("open");
        await app.SettleAsync();

        var submitted = await app.Sender.SubmitViewAsync(app.Slack.Workspace.Views[0], WarRoomApp.Alice, new Dictionary<string, ViewInput>
        {
            ["title"] = new("value", Value: "Payments rejected"),
        }, alter: payload => payload["view"]!["state"] = JsonNode.Parse(state));
        await app.SettleAsync();

        Assert.Equal(HttpStatusCode.BadRequest, submitted.Status);
        Assert.Contains("state.values", submitted.Body);
        Assert.Empty(CrisisChannels(app));
    }

    [Theory]
    [InlineData("""{"type":"url_verification"}""")]
    [InlineData("""{"type":"url_verification","challenge":null}""")]
    [InlineData("""{"type":"url_verification","challenge":7}""")]
    [InlineData("""{"type":"url_verification","challenge":{"a":"b"}}""")]
    public async Task A_url_verification_without_a_string_challenge_gets_a_client_error(string json)
    {
        await using var app = await WarRoomApp.StartAsync();

        var response = await app.Sender.SendEventAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("challenge", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"s\"")]
    [InlineData("""{"type":"event_callback","event":{"type":"reaction_added"}}""")]
    [InlineData("""{"type":"event_callback","event_id":7,"event":{"type":"reaction_added"}}""")]
    public async Task An_event_body_slack_could_not_have_sent_gets_a_client_error(string json)
    {
        await using var app = await WarRoomApp.StartAsync();

        var response = await app.Sender.SendEventAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsStringAsync());
    }

    // ---------------------------------------------------------------- refused signatures, as an operator reads them

    [Fact]
    public async Task Each_refused_signature_is_logged_once_with_its_reason_and_never_with_the_body_or_secret()
    {
        var log = new LogCapture();
        await using var app = await WarRoomApp.StartAsync(replaceServices: log.AddTo);
        const string body = "command=%2Fcrisis&text=open+Secret+Project+Falcon&user_id=U0ALICE&channel_id=C1";
        string At(int minutes) => app.Time.GetUtcNow().AddMinutes(minutes).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        var refused = new[]
        {
            await app.Sender.SendRawAsync("/slack/commands", body, Form, sign: false),
            await app.Sender.SendRawAsync("/slack/commands", body, Form, timestampOverride: At(-6)),
            await app.Sender.SendRawAsync("/slack/commands", body, Form, timestampOverride: At(6)),
            await app.Sender.SendRawAsync("/slack/commands", body, Form, signatureOverride: "v0=" + new string('0', 64)),
            await app.Sender.SendRawAsync("/slack/commands", body, Form, timestampOverride: "yesterday"),
            await app.Sender.SendRawAsync("/slack/interactions", "payload=" + new string('x', 70 * 1024), Form),
        };

        Assert.All(refused, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        var lines = log.Containing("Refused a request to /slack/");
        Assert.Equal(6, lines.Count);
        Assert.Collection(lines,
            l => Assert.Equal((LogLevel.Information, true), (l.Level, l.Message.Contains("missing", StringComparison.Ordinal))),
            l => Assert.Equal((LogLevel.Warning, true), (l.Level, l.Message.Contains("stale", StringComparison.Ordinal))),
            l => Assert.Equal((LogLevel.Warning, true), (l.Level, l.Message.Contains("future-dated", StringComparison.Ordinal))),
            l => Assert.Equal((LogLevel.Warning, true), (l.Level, l.Message.Contains("bad signature", StringComparison.Ordinal))),
            l => Assert.Equal((LogLevel.Warning, true), (l.Level, l.Message.Contains("not whole seconds", StringComparison.Ordinal))),
            l => Assert.Equal((LogLevel.Warning, true), (l.Level, l.Message.Contains("larger than 64 KiB", StringComparison.Ordinal))));
        Assert.All(log.Lines, l =>
        {
            Assert.DoesNotContain("Falcon", l.Message);
            Assert.DoesNotContain("xxxxxxxx", l.Message);
            Assert.DoesNotContain(app.Slack.Settings.SigningSecret, l.Message);
        });
    }
}
