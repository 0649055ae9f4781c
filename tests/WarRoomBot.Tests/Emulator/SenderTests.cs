using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SlackEmulator;

namespace WarRoomBot.Tests.Emulator;

public sealed class SenderTests : IAsyncLifetime
{
    // Slack's worked example (api.slack.com/authentication/verifying-requests-from-slack), kept here verbatim.
    private const string VectorSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const long VectorTimestamp = 1531420618;
    private const string VectorBody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string VectorSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private readonly FakeTimeProvider clock = new(DateTimeOffset.FromUnixTimeSeconds(1_767_600_000));
    private EmulatedSlack slack = null!;
    private RecordingBot bot = null!;
    private SlackSender sender = null!;
    private EmulatorClient api = null!;

    public async Task InitializeAsync()
    {
        slack = await EmulatedSlack.StartAsync();
        slack.Workspace.AddUser("UALICE", "alice", "Alice Moreau");
        bot = await RecordingBot.StartAsync();
        sender = slack.SenderTo(bot.Client, clock);
        api = new EmulatorClient(slack);
    }

    public async Task DisposeAsync()
    {
        api.Dispose();
        await bot.DisposeAsync();
        await slack.DisposeAsync();
    }

    /// <summary>An implementation independent of the emulator's, checked against Slack's own example first.</summary>
    private static string ExpectedSignature(string secret, string timestamp, string body) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));

    [Fact]
    public void The_independent_verifier_reproduces_slacks_worked_example()
    {
        Assert.Equal(VectorSignature, ExpectedSignature(VectorSecret, VectorTimestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), VectorBody));
    }

    [Fact]
    public async Task Sent_requests_carry_slacks_signature_for_slacks_own_example()
    {
        await using var vectorSlack = await EmulatedSlack.StartAsync(new EmulatorSettings { SigningSecret = VectorSecret });
        var vectorSender = vectorSlack.SenderTo(bot.Client, new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp)));

        using var response = await vectorSender.SendRawAsync("/slack/commands", VectorBody, "application/x-www-form-urlencoded");

        var received = Assert.Single(bot.Received);
        Assert.Equal("/slack/commands", received.Path);
        Assert.Equal(VectorBody, received.Body);
        Assert.Equal("1531420618", received.Header("X-Slack-Request-Timestamp"));
        Assert.Equal(VectorSignature, received.Header("X-Slack-Signature"));
        Assert.Equal("application/x-www-form-urlencoded", received.ContentType);
    }

    [Fact]
    public async Task Every_kind_of_request_is_signed_over_its_raw_body_at_the_clocks_time()
    {
        await sender.SlashCommandAsync("UALICE", "C1", "status");
        using var _ = await sender.SendEventAsync("""{"type":"url_verification","challenge":"abc"}""");
        clock.Advance(TimeSpan.FromMinutes(10));
        using var __ = await sender.SendRawAsync("slack/interactions", "payload=%7B%7D", "application/x-www-form-urlencoded");

        Assert.Equal(3, bot.Received.Count);
        Assert.All(bot.Received, r =>
        {
            var timestamp = r.Header("X-Slack-Request-Timestamp")!;
            Assert.Equal(ExpectedSignature(slack.Settings.SigningSecret, timestamp, r.Body), r.Header("X-Slack-Signature"));
        });
        Assert.Equal("1767600000", bot.Received[0].Header("X-Slack-Request-Timestamp"));
        Assert.Equal("1767600600", bot.Received[2].Header("X-Slack-Request-Timestamp"));
        Assert.Equal("/slack/events", bot.Received[1].Path);
        Assert.Equal("application/json", bot.Received[1].ContentType);
    }

    [Fact]
    public async Task An_event_redelivery_carries_slacks_retry_headers()
    {
        using var _ = await sender.SendEventAsync("""{"type":"event_callback","event_id":"Ev1"}""", retryNum: 2);

        var received = Assert.Single(bot.Received);
        Assert.Equal(("2", "http_timeout"), (received.Header("X-Slack-Retry-Num"), received.Header("X-Slack-Retry-Reason")));
        Assert.Equal(ExpectedSignature(slack.Settings.SigningSecret, received.Header("X-Slack-Request-Timestamp")!, received.Body), received.Header("X-Slack-Signature"));
    }

    [Fact]
    public async Task Raw_requests_can_be_unsigned_or_carry_forged_headers()
    {
        using var unsigned = await sender.SendRawAsync("slack/commands", "text=x", "application/x-www-form-urlencoded", sign: false);
        using var forged = await sender.SendRawAsync("slack/commands", "text=x", "application/x-www-form-urlencoded", timestampOverride: "1", signatureOverride: "v0=00");

        Assert.Null(bot.Received[0].Header("X-Slack-Signature"));
        Assert.Null(bot.Received[0].Header("X-Slack-Request-Timestamp"));
        Assert.Equal(("1", "v0=00"), (bot.Received[1].Header("X-Slack-Request-Timestamp"), bot.Received[1].Header("X-Slack-Signature")));
    }

    [Fact]
    public async Task A_slash_command_carries_slacks_full_field_set()
    {
        var general = slack.Workspace.AddChannel("general", creator: "UALICE");

        var reply = await sender.SlashCommandAsync("UALICE", general.Id, "open Payments down sev1");

        var form = Assert.Single(bot.Received).Form;
        Assert.Equal("/crisis", form["command"]);
        Assert.Equal("open Payments down sev1", form["text"]);
        Assert.Equal(("UALICE", "alice"), (form["user_id"], form["user_name"]));
        Assert.Equal((general.Id, "general"), (form["channel_id"], form["channel_name"]));
        Assert.Equal(("T0EMULATOR", "false"), (form["team_id"], form["is_enterprise_install"]));
        Assert.True(form.ContainsKey("token") && form.ContainsKey("team_domain") && form.ContainsKey("api_app_id"));
        Assert.Equal(new Uri(slack.BaseUrl, "response/" + reply.ResponseUrlId).ToString(), form["response_url"]);
        Assert.Equal(reply.TriggerId, form["trigger_id"]);
        Assert.Contains("command=%2Fcrisis", bot.Received[0].Body);
        Assert.Contains("text=open+Payments+down+sev1", bot.Received[0].Body);
    }

    [Fact]
    public async Task A_command_reply_exposes_what_the_person_reads()
    {
        bot.Reply = _ => Results.Json(new
        {
            response_type = "in_channel",
            text = "Crisis opened",
            blocks = new object[] { new { type = "section", text = new { type = "mrkdwn", text = "*Owner:* <@UALICE>" } } },
        });

        var reply = await sender.SlashCommandAsync("UALICE", "C1", "open x");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.StartsWith("application/json", reply.ContentType);
        Assert.Equal("Crisis opened\n*Owner:* <@UALICE>", reply.Text);
        Assert.False(reply.IsEphemeral);
    }

    [Fact]
    public async Task A_plain_text_command_reply_is_ephemeral_text()
    {
        bot.Reply = _ => Results.Text("Usage: /crisis open <title>");

        var reply = await sender.SlashCommandAsync("UALICE", "C1", "");

        Assert.Null(reply.Json);
        Assert.Equal("Usage: /crisis open <title>", reply.Text);
        Assert.True(reply.IsEphemeral);
    }

    [Fact]
    public async Task A_response_url_records_up_to_five_posts_then_answers_used_url()
    {
        var reply = await sender.SlashCommandAsync("UALICE", "C1", "status");
        using var http = new HttpClient();
        var url = new Uri(slack.BaseUrl, "response/" + reply.ResponseUrlId);

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 6; i++)
        {
            using var posted = await http.PostAsJsonAsync(url, new JsonObject { ["text"] = $"reply {i}" });
            statuses.Add(posted.StatusCode);
            if (i == 6) Assert.Equal("used_url", await posted.Content.ReadAsStringAsync());
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.NotFound], statuses);
        var recorded = slack.Workspace.ResponsesFor(reply.ResponseUrlId);
        Assert.Equal(["reply 1", "reply 2", "reply 3", "reply 4", "reply 5"], recorded.Select(r => r.Body["text"]!.GetValue<string>()));
        Assert.Equal(5, slack.Workspace.Responses.Count);
        Assert.Equal(5, slack.Workspace.Ephemerals.Count(e => e.ResponseUrlId == reply.ResponseUrlId && e.User == "UALICE"));
    }

    [Fact]
    public async Task An_unknown_response_url_is_404()
    {
        using var http = new HttpClient();

        using var posted = await http.PostAsJsonAsync(new Uri(slack.BaseUrl, "response/nope"), new JsonObject { ["text"] = "x" });

        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Empty(slack.Workspace.Responses);
    }

    [Fact]
    public async Task An_in_channel_response_is_posted_in_the_channel_by_the_bot()
    {
        var general = slack.Workspace.AddChannel("general", creator: "UALICE");
        var reply = await sender.SlashCommandAsync("UALICE", general.Id, "digest");
        using var http = new HttpClient();

        using var _ = await http.PostAsJsonAsync(new Uri(slack.BaseUrl, "response/" + reply.ResponseUrlId),
            new JsonObject { ["response_type"] = "in_channel", ["text"] = "Digest for everyone" });

        var message = Assert.Single(slack.Workspace.Channel(general.Id).Messages);
        Assert.Equal(("UBOT", "Digest for everyone"), (message.User, message.Text));
    }

    [Fact]
    public async Task A_trigger_opens_one_modal_for_the_person_who_issued_it()
    {
        var reply = await sender.SlashCommandAsync("UALICE", "C1", "open");
        var view = new JsonObject
        {
            ["type"] = "modal", ["callback_id"] = "open_crisis", ["private_metadata"] = "C1",
            ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Open a crisis" },
            ["submit"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Open" },
            ["blocks"] = new JsonArray(),
        };

        var opened = await api.CallAsync("views.open", new() { ["trigger_id"] = reply.TriggerId, ["view"] = view.DeepClone() });
        var reused = await api.CallAsync("views.open", new() { ["trigger_id"] = reply.TriggerId, ["view"] = view.DeepClone() });
        var invented = await api.CallAsync("views.open", new() { ["trigger_id"] = "123.456.abc", ["view"] = view.DeepClone() });

        Assert.True(opened.IsOk(), opened.ToJsonString());
        Assert.StartsWith("V", opened["view"]!.Str("id"));
        Assert.Equal("exchanged_trigger_id", reused.Error());
        Assert.Equal("invalid_trigger_id", invented.Error());
        var stored = Assert.Single(slack.Workspace.Views);
        Assert.Equal((opened["view"]!.Str("id"), reply.TriggerId, "UALICE", "open_crisis", "C1", "Open a crisis"),
            (stored.ViewId, stored.TriggerId, stored.UserId, stored.CallbackId, stored.PrivateMetadata, stored.Title));
    }

    [Theory]
    [InlineData("""{"type":"home","title":{"type":"plain_text","text":"t"},"blocks":[]}""")]
    [InlineData("""{"type":"modal","title":{"type":"plain_text","text":"A title far too long for Slack"},"blocks":[]}""")]
    [InlineData("""{"type":"modal","title":{"type":"plain_text","text":"t"}}""")]
    [InlineData("""[]""")]
    public async Task An_invalid_modal_is_invalid_arguments_and_leaves_the_trigger_usable(string view)
    {
        var reply = await sender.SlashCommandAsync("UALICE", "C1", "open");

        var result = await api.FormAsync("views.open", [new("trigger_id", reply.TriggerId), new("view", view)]);

        Assert.Equal("invalid_arguments", result.Error());
        Assert.Empty(slack.Workspace.Views);
    }

    [Fact]
    public async Task A_modal_with_more_than_a_hundred_blocks_is_refused()
    {
        var reply = await sender.SlashCommandAsync("UALICE", "C1", "open");
        var view = new JsonObject
        {
            ["type"] = "modal", ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = "t" },
            ["blocks"] = new JsonArray([.. Enumerable.Range(0, 101).Select(_ => new JsonObject { ["type"] = "divider" })]),
        };

        var result = await api.CallAsync("views.open", new() { ["trigger_id"] = reply.TriggerId, ["view"] = view });

        Assert.Equal("invalid_arguments", result.Error());
    }

    [Fact]
    public async Task A_submission_carries_the_opened_view_and_every_input_as_slack_shapes_it()
    {
        var view = await OpenImpactModalAsync();
        bot.Reply = _ => Results.Ok();

        var reply = await sender.SubmitViewAsync(view, "UALICE", new Dictionary<string, ViewInput>
        {
            ["title"] = new("title_input", Value: "Payments down"),
            ["severity"] = new("severity_select", SelectedOption: "sev1"),
            ["owner"] = new("owner_select", SelectedUser: "UALICE"),
        });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var received = bot.Received[^1];
        Assert.Equal("/slack/interactions", received.Path);
        Assert.Equal(ExpectedSignature(slack.Settings.SigningSecret, received.Header("X-Slack-Request-Timestamp")!, received.Body), received.Header("X-Slack-Signature"));
        var payload = JsonNode.Parse(received.Form["payload"])!;
        Assert.Equal("view_submission", payload.Str("type"));
        Assert.Equal("UALICE", payload["user"]!.Str("id"));
        Assert.Equal("T0EMULATOR", payload["team"]!.Str("id"));
        Assert.NotEmpty(payload.Str("trigger_id"));
        var submitted = payload["view"]!;
        Assert.Equal((view.ViewId, "modal", "open_crisis", "C1", view.Hash),
            (submitted.Str("id"), submitted.Str("type"), submitted.Str("callback_id"), submitted.Str("private_metadata"), submitted.Str("hash")));
        var values = submitted["state"]!["values"]!;
        Assert.Equal("Payments down", values["title"]!["title_input"]!.Str("value"));
        Assert.Equal("plain_text_input", values["title"]!["title_input"]!.Str("type"));
        Assert.Equal("sev1", values["severity"]!["severity_select"]!["selected_option"]!.Str("value"));
        Assert.Equal("SEV1", values["severity"]!["severity_select"]!["selected_option"]!["text"]!.Str("text"));
        Assert.Equal("UALICE", values["owner"]!["owner_select"]!.Str("selected_user"));
        Assert.Null(values["customer"]!["customer_input"]!["value"]);
        Assert.True(slack.Workspace.View(view.ViewId).Closed);
    }

    [Fact]
    public async Task Validation_errors_keep_the_modal_open_and_an_update_replaces_it()
    {
        var view = await OpenImpactModalAsync();
        bot.Reply = _ => Results.Json(new { response_action = "errors", errors = new { title = "A title is needed." } });

        var rejected = await sender.SubmitViewAsync(view, "UALICE", new Dictionary<string, ViewInput>());
        bot.Reply = _ => Results.Json(new
        {
            response_action = "update",
            view = new { type = "modal", callback_id = "confirm", title = new { type = "plain_text", text = "Confirm" }, blocks = Array.Empty<object>() },
        });
        await sender.SubmitViewAsync(view, "UALICE", new Dictionary<string, ViewInput> { ["title"] = new("title_input", "x") });

        Assert.Equal("A title is needed.", rejected.Json!["errors"]!.Str("title"));
        var current = slack.Workspace.View(view.ViewId);
        Assert.False(current.Closed);
        Assert.Equal("confirm", current.CallbackId);
        Assert.NotEqual(view.Hash, current.Hash);
    }

    [Fact]
    public async Task Submitting_an_input_the_modal_does_not_have_is_a_test_error()
    {
        var view = await OpenImpactModalAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            sender.SubmitViewAsync(view, "UALICE", new Dictionary<string, ViewInput> { ["nope"] = new("nope", "x") }));
    }

    [Fact]
    public async Task Views_update_replaces_an_open_view_and_checks_the_hash()
    {
        var view = await OpenImpactModalAsync();
        var replacement = new JsonObject
        {
            ["type"] = "modal", ["callback_id"] = "second",
            ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Second" }, ["blocks"] = new JsonArray(),
        };

        var stale = await api.CallAsync("views.update", new() { ["view_id"] = view.ViewId, ["hash"] = "old", ["view"] = replacement.DeepClone() });
        var updated = await api.CallAsync("views.update", new() { ["view_id"] = view.ViewId, ["hash"] = view.Hash, ["view"] = replacement.DeepClone() });
        var missing = await api.CallAsync("views.update", new() { ["view_id"] = "VNOPE", ["view"] = replacement.DeepClone() });

        Assert.Equal("hash_conflict", stale.Error());
        Assert.True(updated.IsOk());
        Assert.Equal("not_found", missing.Error());
        Assert.Equal("second", slack.Workspace.View(view.ViewId).CallbackId);
    }

    [Fact]
    public async Task A_replay_sends_the_same_bytes_with_the_same_timestamp_and_signature_later()
    {
        await sender.SlashCommandAsync("UALICE", "C1", "theory cache prove flush by 30m");
        var captured = sender.LastSent!;
        clock.Advance(TimeSpan.FromMinutes(2));

        using var _ = await sender.ReplayAsync(captured);

        Assert.Equal(2, bot.Received.Count);
        var (original, replay) = (bot.Received[0], bot.Received[1]);
        Assert.Equal((original.Path, original.Body, original.ContentType), (replay.Path, replay.Body, replay.ContentType));
        Assert.Equal(original.Header("X-Slack-Request-Timestamp"), replay.Header("X-Slack-Request-Timestamp"));
        Assert.Equal(original.Header("X-Slack-Signature"), replay.Header("X-Slack-Signature"));
        Assert.Equal(ExpectedSignature(slack.Settings.SigningSecret, replay.Header("X-Slack-Request-Timestamp")!, replay.Body), replay.Header("X-Slack-Signature"));
    }

    [Fact]
    public async Task An_altered_click_is_signed_over_the_altered_payload()
    {
        var channel = (await api.CallAsync("conversations.create", new() { ["name"] = "crisis-1" }))["channel"]!.Str("id");
        await api.CallAsync("chat.postMessage", new()
        {
            ["channel"] = channel, ["text"] = "Deadline D1 is due",
            ["blocks"] = JsonNode.Parse("""[{"type":"actions","elements":[{"type":"button","action_id":"confirm","value":"1:1","text":{"type":"plain_text","text":"Confirmed"}}]}]"""),
        });
        var message = slack.Workspace.Channel(channel).Messages[0];

        await sender.ClickButtonAsync("UALICE", channel, message, "confirm", alter: payload => payload.Remove("user"));

        var received = Assert.Single(bot.Received);
        Assert.Null(JsonNode.Parse(received.Form["payload"])!["user"]);
        Assert.Equal(ExpectedSignature(slack.Settings.SigningSecret, received.Header("X-Slack-Request-Timestamp")!, received.Body), received.Header("X-Slack-Signature"));
    }

    [Fact]
    public async Task Clicking_a_button_sends_block_actions_for_that_message()
    {
        var channel = (await api.CallAsync("conversations.create", new() { ["name"] = "crisis-1" }))["channel"]!.Str("id");
        await api.CallAsync("chat.postMessage", new()
        {
            ["channel"] = channel, ["text"] = "Deadline D1 is due",
            ["blocks"] = JsonNode.Parse("""
                [{"type":"section","text":{"type":"mrkdwn","text":"Deadline D1 is due"}},
                 {"type":"actions","block_id":"d1","elements":[
                   {"type":"button","action_id":"confirm:D1","value":"D1","text":{"type":"plain_text","text":"Confirmed"}},
                   {"type":"button","action_id":"disprove:D1","value":"D1","text":{"type":"plain_text","text":"Disproved"}}]}]
                """),
        });
        var message = slack.Workspace.Channel(channel).Messages[0];

        await sender.ClickButtonAsync("UALICE", channel, message, "disprove:D1");

        var payload = JsonNode.Parse(Assert.Single(bot.Received).Form["payload"])!;
        Assert.Equal("block_actions", payload.Str("type"));
        var action = payload["actions"]![0]!;
        Assert.Equal(("disprove:D1", "d1", "button", "D1"), (action.Str("action_id"), action.Str("block_id"), action.Str("type"), action.Str("value")));
        Assert.NotEmpty(action.Str("action_ts"));
        Assert.Equal(("message", message.Ts, channel), (payload["container"]!.Str("type"), payload["container"]!.Str("message_ts"), payload["container"]!.Str("channel_id")));
        Assert.Equal(("crisis-1", message.Ts), (payload["channel"]!.Str("name"), payload["message"]!.Str("ts")));
        Assert.Equal(2, payload["message"]!["blocks"]!.AsArray().Count);
        Assert.NotEmpty(payload.Str("trigger_id"));
        Assert.StartsWith(new Uri(slack.BaseUrl, "response/").ToString(), payload.Str("response_url"));
    }

    [Fact]
    public async Task Replacing_the_original_through_a_clicks_response_url_edits_the_message()
    {
        var channel = (await api.CallAsync("conversations.create", new() { ["name"] = "crisis-1" }))["channel"]!.Str("id");
        await api.CallAsync("chat.postMessage", new()
        {
            ["channel"] = channel, ["text"] = "Take ownership?",
            ["blocks"] = JsonNode.Parse("""[{"type":"actions","elements":[{"type":"button","action_id":"accept","text":{"type":"plain_text","text":"Accept"}}]}]"""),
        });
        var message = slack.Workspace.Channel(channel).Messages[0];
        await sender.ClickButtonAsync("UALICE", channel, message, "accept");
        var responseUrl = JsonNode.Parse(bot.Received[0].Form["payload"])!.Str("response_url");
        using var http = new HttpClient();

        using var _ = await http.PostAsJsonAsync(responseUrl, new JsonObject { ["replace_original"] = "true", ["text"] = "Accepted by <@UALICE>" });

        var edited = Assert.Single(slack.Workspace.Channel(channel).Messages);
        Assert.Equal((message.Ts, "Accepted by <@UALICE>", true), (edited.Ts, edited.VisibleText, edited.Edited));
        Assert.Single(slack.Workspace.Responses);
    }

    [Fact]
    public async Task Clicking_a_button_the_message_does_not_have_is_a_test_error()
    {
        var message = slack.Workspace.PostMessage(slack.Workspace.AddChannel("general").Id, "UALICE", "hello");

        await Assert.ThrowsAsync<InvalidOperationException>(() => sender.ClickButtonAsync("UALICE", message.Channel, message, "nope"));
    }

    private async Task<ViewRecord> OpenImpactModalAsync()
    {
        var reply = await sender.SlashCommandAsync("UALICE", "C1", "open");
        var view = JsonNode.Parse("""
            {"type":"modal","callback_id":"open_crisis","private_metadata":"C1",
             "title":{"type":"plain_text","text":"Open a crisis"},"submit":{"type":"plain_text","text":"Open"},
             "blocks":[
               {"type":"input","block_id":"title","label":{"type":"plain_text","text":"Title"},"element":{"type":"plain_text_input","action_id":"title_input"}},
               {"type":"input","block_id":"severity","label":{"type":"plain_text","text":"Severity"},"element":{"type":"static_select","action_id":"severity_select",
                 "options":[{"text":{"type":"plain_text","text":"SEV1"},"value":"sev1"},{"text":{"type":"plain_text","text":"SEV2"},"value":"sev2"}]}},
               {"type":"input","block_id":"owner","label":{"type":"plain_text","text":"Owner"},"element":{"type":"users_select","action_id":"owner_select"}},
               {"type":"input","block_id":"customer","optional":true,"label":{"type":"plain_text","text":"Customer"},"element":{"type":"plain_text_input","action_id":"customer_input"}}]}
            """);
        var opened = await api.CallAsync("views.open", new() { ["trigger_id"] = reply.TriggerId, ["view"] = view });
        Assert.True(opened.IsOk(), opened.ToJsonString());
        return slack.Workspace.View(opened["view"]!.Str("id"));
    }
}
