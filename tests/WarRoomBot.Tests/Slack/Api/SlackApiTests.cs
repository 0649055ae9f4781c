using System.Net;
using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Api;

namespace WarRoomBot.Tests.Slack.Api;

public sealed class SlackApiTests
{
    private const string Ok = """{"ok":true}""";

    private static readonly ChannelId Room = new("C0WARROOM");
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly SlackApiHarness _h = new();

    [Fact]
    public async Task PostMessage_sends_bearer_token_and_json_body_and_returns_ts()
    {
        _h.Slack.ThenJson("""{"ok":true,"channel":"C0WARROOM","ts":"1700000000.000100"}""");
        var blocks = new JsonArray(new JsonObject { ["type"] = "section" });

        var ts = await _h.Api.PostMessageAsync(new OutgoingMessage(Room, "Crisis 42 opened", blocks, "crisis-42-kickoff"), None);

        Assert.Equal("1700000000.000100", ts);
        var sent = Assert.Single(_h.Slack.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://slack.test/api/chat.postMessage", sent.Uri.ToString());
        Assert.Equal("Bearer", sent.Authorization?.Scheme);
        Assert.Equal(SlackApiHarness.Token, sent.Authorization?.Parameter);
        Assert.Equal("application/json; charset=utf-8", sent.ContentType);
        var body = sent.Json;
        Assert.Equal("C0WARROOM", (string?)body["channel"]);
        Assert.Equal("Crisis 42 opened", (string?)body["text"]);
        Assert.Equal("section", (string?)body["blocks"]![0]!["type"]);
        Assert.Equal("warroom_post", (string?)body["metadata"]!["event_type"]);
        Assert.Equal("crisis-42-kickoff", (string?)body["metadata"]!["event_payload"]!["key"]);
        Assert.False((bool)body["unfurl_links"]!);
        Assert.Null(blocks.Parent);
    }

    [Fact]
    public async Task PostMessage_without_blocks_or_key_sends_neither()
    {
        _h.Slack.ThenJson("""{"ok":true,"ts":"1.2"}""");

        await _h.Api.PostMessageAsync(new OutgoingMessage(Room, "hello", null, null), None);

        var body = Assert.Single(_h.Slack.Requests).Json;
        Assert.False(body.ContainsKey("blocks"));
        Assert.False(body.ContainsKey("metadata"));
    }

    [Fact]
    public async Task Ok_false_throws_with_slacks_code_and_is_not_retried()
    {
        _h.Slack.ThenJson("""{"ok":false,"error":"name_taken"}""");

        var e = await Assert.ThrowsAsync<SlackApiException>(() => _h.Api.CreateChannelAsync("crisis-42-acme", false, None));

        Assert.Equal("conversations.create", e.Method);
        Assert.Equal("name_taken", e.Error);
        Assert.Single(_h.Slack.Requests);
        Assert.Empty(_h.Clock.Waits);
    }

    [Fact]
    public async Task CreateChannel_maps_the_channel()
    {
        _h.Slack.ThenJson("""{"ok":true,"channel":{"id":"C123","name":"crisis-42-acme","is_private":true,"creator":"UBOT"}}""");

        var channel = await _h.Api.CreateChannelAsync("crisis-42-acme", true, None);

        Assert.Equal(new SlackChannel(new ChannelId("C123"), "crisis-42-acme", true, new UserId("UBOT")), channel);
        var body = Assert.Single(_h.Slack.Requests).Json;
        Assert.Equal("crisis-42-acme", (string?)body["name"]);
        Assert.True((bool)body["is_private"]!);
    }

    [Fact]
    public async Task Http_429_waits_exactly_retry_after_then_delivers_once()
    {
        _h.Slack.ThenRateLimited(3).ThenJson("""{"ok":true,"ts":"1.2"}""");

        var ts = await _h.Api.PostMessageAsync(new OutgoingMessage(Room, "update", null, null), None);

        Assert.Equal("1.2", ts);
        Assert.Equal([TimeSpan.FromSeconds(3)], _h.Clock.Waits);
        Assert.Equal(2, _h.Slack.Requests.Count);
    }

    [Fact]
    public async Task Http_429_without_retry_after_waits_one_second()
    {
        _h.Slack.ThenRateLimited(null).ThenJson(Ok);

        await _h.Api.SetTopicAsync(Room, "topic", None);

        Assert.Equal([TimeSpan.FromSeconds(1)], _h.Clock.Waits);
    }

    [Fact]
    public async Task Ratelimited_error_in_a_200_is_treated_like_429()
    {
        _h.Slack.ThenJson("""{"ok":false,"error":"ratelimited"}""").ThenJson(Ok);

        await _h.Api.SetPurposeAsync(Room, "purpose", None);

        Assert.Equal([TimeSpan.FromSeconds(1)], _h.Clock.Waits);
        Assert.Equal(2, _h.Slack.Requests.Count);
    }

    [Fact]
    public async Task Rate_limits_do_not_use_up_the_failure_budget()
    {
        for (var i = 0; i < 8; i++)
        {
            _h.Slack.ThenRateLimited(2);
        }

        _h.Slack.ThenJson(Ok);

        await _h.Api.SetTopicAsync(Room, "topic", None);

        Assert.Equal(Enumerable.Repeat(TimeSpan.FromSeconds(2), 8), _h.Clock.Waits);
    }

    [Fact]
    public async Task Endless_rate_limits_eventually_throw_ratelimited()
    {
        _h.Slack.Otherwise = _ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.TooManyRequests));

        var e = await Assert.ThrowsAsync<SlackApiException>(() => _h.Api.SetTopicAsync(Room, "topic", None));

        Assert.Equal("ratelimited", e.Error);
        Assert.Equal(11, _h.Slack.Requests.Count);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_until_success()
    {
        _h.Slack.ThenStatus(HttpStatusCode.InternalServerError).ThenStatus(HttpStatusCode.ServiceUnavailable).ThenJson(Ok);

        await _h.Api.PinAsync(Room, "1.2", None);

        Assert.Equal(3, _h.Slack.Requests.Count);
        Assert.Equal(2, _h.Clock.Waits.Count);
        Assert.All(_h.Clock.Waits, wait => Assert.InRange(wait, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(8)));
    }

    [Theory]
    [InlineData("internal_error")]
    [InlineData("fatal_error")]
    [InlineData("service_unavailable")]
    [InlineData("request_timeout")]
    public async Task Slacks_transient_error_codes_are_retried(string code)
    {
        _h.Slack.ThenJson($$"""{"ok":false,"error":"{{code}}"}""").ThenJson(Ok);

        await _h.Api.SetTopicAsync(Room, "topic", None);

        Assert.Equal(2, _h.Slack.Requests.Count);
    }

    [Fact]
    public async Task Server_errors_forever_give_up_after_six_bounded_attempts()
    {
        _h.Slack.Otherwise = _ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadGateway));

        var e = await Assert.ThrowsAsync<SlackApiException>(() => _h.Api.SetTopicAsync(Room, "topic", None));

        Assert.Equal("conversations.setTopic", e.Method);
        Assert.Equal("http_502", e.Error);
        Assert.Equal(6, _h.Slack.Requests.Count);
        Assert.Equal(5, _h.Clock.Waits.Count);
        Assert.All(_h.Clock.Waits, wait => Assert.InRange(wait, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(8)));
    }

    [Fact]
    public async Task A_timed_out_attempt_is_retried()
    {
        _h.Slack.Then(_h.NoAnswer).ThenJson("""{"ok":true,"user_id":"UBOT"}""");

        var me = await _h.Api.WhoAmIAsync(None);

        Assert.Equal(new UserId("UBOT"), me);
        Assert.Equal(2, _h.Slack.Requests.Count);
    }

    [Fact]
    public async Task Timeouts_forever_throw_timeout()
    {
        _h.Slack.Otherwise = _h.NoAnswer;

        var e = await Assert.ThrowsAsync<SlackApiException>(() => _h.Api.SetTopicAsync(Room, "topic", None));

        Assert.Equal("timeout", e.Error);
        Assert.Equal(6, _h.Slack.Requests.Count);
    }

    [Fact]
    public async Task Connection_failures_forever_throw_unreachable()
    {
        _h.Slack.Otherwise = _ => throw new HttpRequestException(HttpRequestError.ConnectionError, "connection refused");

        var e = await Assert.ThrowsAsync<SlackApiException>(() => _h.Api.SetTopicAsync(Room, "topic", None));

        Assert.Equal("unreachable", e.Error);
        Assert.Equal(6, _h.Slack.Requests.Count);
    }

    [Fact]
    public async Task Caller_cancellation_during_a_request_propagates_without_retry()
    {
        using var cts = new CancellationTokenSource();
        _h.Slack.Otherwise = async ct =>
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            throw new InvalidOperationException("unreachable");
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.Api.SetTopicAsync(Room, "topic", cts.Token));

        Assert.Single(_h.Slack.Requests);
    }

    [Fact]
    public async Task Caller_cancellation_before_a_retry_propagates()
    {
        using var cts = new CancellationTokenSource();
        _h.Slack.Otherwise = async _ =>
        {
            await cts.CancelAsync();
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.Api.SetTopicAsync(Room, "topic", cts.Token));

        Assert.Single(_h.Slack.Requests);
    }

    [Fact]
    public async Task Three_posts_to_one_channel_go_at_once_and_the_fourth_waits_a_second()
    {
        _h.Slack.Otherwise = _ => Task.FromResult(ScriptedSlackHandler.Json("""{"ok":true,"ts":"1.2"}"""));

        foreach (var text in new[] { "one", "two", "three", "four" })
            await _h.Api.PostMessageAsync(new OutgoingMessage(Room, text, null, null), None);

        Assert.Equal([TimeSpan.FromSeconds(1)], _h.Clock.Waits);
        Assert.Equal(["one", "two", "three", "four"], _h.Slack.Requests.Select(r => (string?)r.Json["text"]));
    }

    [Fact]
    public async Task Posts_to_different_channels_do_not_wait()
    {
        _h.Slack.Otherwise = _ => Task.FromResult(ScriptedSlackHandler.Json("""{"ok":true,"ts":"1.2"}"""));

        await Task.WhenAll(
            _h.Api.PostMessageAsync(new OutgoingMessage(Room, "one", null, null), None),
            _h.Api.PostMessageAsync(new OutgoingMessage(new ChannelId("C0OTHER"), "two", null, null), None));

        Assert.Empty(_h.Clock.Waits);
        Assert.Equal(2, _h.Slack.Requests.Count);
    }

    [Fact]
    public async Task Concurrent_posts_to_one_channel_are_spaced()
    {
        _h.Slack.Otherwise = _ => Task.FromResult(ScriptedSlackHandler.Json("""{"ok":true,"ts":"1.2"}"""));

        await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            _h.Api.PostMessageAsync(new OutgoingMessage(Room, $"update {i}", null, null), None)));

        // A burst of three, then one a second.
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)], _h.Clock.Waits);
        Assert.Equal(5, _h.Slack.Requests.Count);
    }

    [Fact]
    public async Task Invite_sends_comma_joined_users_with_force_and_accepts_already_in_channel()
    {
        _h.Slack.ThenJson("""{"ok":false,"error":"already_in_channel"}""");

        await _h.Api.InviteAsync(Room, [new UserId("U1"), new UserId("U2")], None);

        var body = Assert.Single(_h.Slack.Requests).Json;
        Assert.Equal("https://slack.test/api/conversations.invite", _h.Slack.Requests[0].Uri.ToString());
        Assert.Equal("C0WARROOM", (string?)body["channel"]);
        Assert.Equal("U1,U2", (string?)body["users"]);
        Assert.True((bool)body["force"]!);
    }

    [Fact]
    public async Task Invite_splits_into_batches_of_one_hundred()
    {
        _h.Slack.Otherwise = _ => Task.FromResult(ScriptedSlackHandler.Json(Ok));
        var users = Enumerable.Range(0, 250).Select(i => new UserId($"U{i}")).ToList();

        await _h.Api.InviteAsync(Room, users, None);

        Assert.Equal([100, 100, 50], _h.Slack.Requests.Select(r => ((string)r.Json["users"]!).Split(',').Length));
    }

    [Fact]
    public async Task Invite_of_nobody_makes_no_call()
    {
        await _h.Api.InviteAsync(Room, [], None);

        Assert.Empty(_h.Slack.Requests);
    }

    [Fact]
    public async Task Invite_failure_other_than_already_in_channel_throws()
    {
        _h.Slack.ThenJson("""{"ok":false,"error":"is_archived"}""");

        var e = await Assert.ThrowsAsync<SlackApiException>(() => _h.Api.InviteAsync(Room, [new UserId("U1")], None));

        Assert.Equal("is_archived", e.Error);
    }

    [Fact]
    public async Task Pin_sends_channel_and_timestamp_and_accepts_already_pinned()
    {
        _h.Slack.ThenJson("""{"ok":false,"error":"already_pinned"}""");

        await _h.Api.PinAsync(Room, "1700000000.000100", None);

        var sent = Assert.Single(_h.Slack.Requests);
        Assert.Equal("/api/pins.add", sent.Path);
        Assert.Equal("C0WARROOM", (string?)sent.Json["channel"]);
        Assert.Equal("1700000000.000100", (string?)sent.Json["timestamp"]);
    }

    [Fact]
    public async Task Topic_is_cut_to_slacks_250_characters()
    {
        _h.Slack.ThenJson(Ok);

        await _h.Api.SetTopicAsync(Room, new string('x', 400), None);

        var topic = (string)Assert.Single(_h.Slack.Requests).Json["topic"]!;
        Assert.Equal(250, topic.Length);
        Assert.EndsWith("…", topic, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListChannels_follows_the_cursor_with_a_get_and_the_token_in_the_header()
    {
        _h.Slack
            .ThenJson("""
                {"ok":true,"channels":[{"id":"C1","name":"crisis-1","is_private":false,"creator":"UBOT"}],
                 "response_metadata":{"next_cursor":"dGVhbTpDMDYx"}}
                """)
            .ThenJson("""
                {"ok":true,"channels":[{"id":"G2","name":"crisis-2-exec","is_private":true,"creator":""}],
                 "response_metadata":{"next_cursor":""}}
                """);

        var channels = await _h.Api.ListChannelsAsync(None);

        Assert.Equal(
            [
                new SlackChannel(new ChannelId("C1"), "crisis-1", false, new UserId("UBOT")),
                new SlackChannel(new ChannelId("G2"), "crisis-2-exec", true, null),
            ],
            channels);
        Assert.Equal(2, _h.Slack.Requests.Count);
        Assert.All(_h.Slack.Requests, r =>
        {
            Assert.Equal(HttpMethod.Get, r.Method);
            Assert.Equal("/api/conversations.list", r.Path);
            Assert.Equal("public_channel,private_channel", r.Query("types"));
            Assert.Equal("true", r.Query("exclude_archived"));
            Assert.Equal("200", r.Query("limit"));
            Assert.Null(r.Query("token"));
            Assert.Equal(SlackApiHarness.Token, r.Authorization?.Parameter);
        });
        Assert.Null(_h.Slack.Requests[0].Query("cursor"));
        Assert.Equal("dGVhbTpDMDYx", _h.Slack.Requests[1].Query("cursor"));
    }

    [Fact]
    public async Task History_maps_only_warroom_metadata_to_the_key()
    {
        _h.Slack.ThenJson("""
            {"ok":true,"messages":[
              {"type":"message","user":"UBOT","text":"Kickoff","ts":"3.0",
               "metadata":{"event_type":"warroom_post","event_payload":{"key":"crisis-42-kickoff"}}},
              {"type":"message","user":"U1","text":"other app","ts":"2.0",
               "metadata":{"event_type":"task_created","event_payload":{"key":"nope"}}},
              {"type":"message","text":"joined","ts":"1.0"}
            ],"has_more":false}
            """);

        var messages = await _h.Api.HistoryAsync(Room, 50, None);

        Assert.Equal(
            [
                new PostedMessage("3.0", new UserId("UBOT"), "Kickoff", "crisis-42-kickoff"),
                new PostedMessage("2.0", new UserId("U1"), "other app", null),
                new PostedMessage("1.0", null, "joined", null),
            ],
            messages);
        var sent = Assert.Single(_h.Slack.Requests);
        Assert.Equal(HttpMethod.Get, sent.Method);
        Assert.Equal("/api/conversations.history", sent.Path);
        Assert.Equal("C0WARROOM", sent.Query("channel"));
        Assert.Equal("50", sent.Query("limit"));
        Assert.Equal("true", sent.Query("include_all_metadata"));
    }

    [Fact]
    public async Task GetUser_maps_profile_and_time_zone()
    {
        _h.Slack.ThenJson("""
            {"ok":true,"user":{"id":"W012A3CDE","name":"spengler","real_name":"Egon Spengler",
             "tz":"America/Los_Angeles","tz_offset":-25200,
             "profile":{"real_name":"Egon Spengler","phone":"+1 555 0100"}}}
            """);

        var user = await _h.Api.GetUserAsync(new UserId("W012A3CDE"), None);

        Assert.Equal(new SlackUser(new UserId("W012A3CDE"), "spengler", "Egon Spengler", "+1 555 0100", "America/Los_Angeles", -25200), user);
        var sent = Assert.Single(_h.Slack.Requests);
        Assert.Equal(HttpMethod.Get, sent.Method);
        Assert.Equal("/api/users.info", sent.Path);
        Assert.Equal("W012A3CDE", sent.Query("user"));
        Assert.Null(sent.Query("token"));
    }

    [Fact]
    public async Task GetUser_treats_an_empty_phone_as_none()
    {
        _h.Slack.ThenJson("""
            {"ok":true,"user":{"id":"U1","name":"ray","real_name":"Ray Stantz","tz":"Europe/Paris","tz_offset":3600,
             "profile":{"phone":""}}}
            """);

        var user = await _h.Api.GetUserAsync(new UserId("U1"), None);

        Assert.Null(user.Phone);
        Assert.Equal("Europe/Paris", user.TimeZone);
        Assert.Equal(3600, user.TimeZoneOffsetSeconds);
    }

    [Fact]
    public async Task WhoAmI_asks_once()
    {
        _h.Slack.ThenJson("""{"ok":true,"user_id":"UBOT","bot_id":"B1"}""");

        Assert.Equal(new UserId("UBOT"), await _h.Api.WhoAmIAsync(None));
        Assert.Equal(new UserId("UBOT"), await _h.Api.WhoAmIAsync(None));

        Assert.Equal("/api/auth.test", Assert.Single(_h.Slack.Requests).Path);
    }

    [Fact]
    public async Task OpenView_sends_trigger_and_view()
    {
        _h.Slack.ThenJson("""{"ok":true,"view":{"id":"V1"}}""");
        var view = new JsonObject { ["type"] = "modal", ["callback_id"] = "open_crisis" };

        await _h.Api.OpenViewAsync("trigger-1", view, None);

        var body = Assert.Single(_h.Slack.Requests).Json;
        Assert.Equal("trigger-1", (string?)body["trigger_id"]);
        Assert.Equal("open_crisis", (string?)body["view"]!["callback_id"]);
    }

    [Fact]
    public async Task Respond_posts_json_to_the_response_url_without_the_token()
    {
        _h.Slack.Then(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("ok") });
        var url = new Uri("https://hooks.slack.test/actions/T1/123/secret");

        await _h.Api.RespondAsync(url, new JsonObject { ["text"] = "Done", ["response_type"] = "ephemeral" }, None);

        var sent = Assert.Single(_h.Slack.Requests);
        Assert.Equal(url, sent.Uri);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Null(sent.Authorization);
        Assert.Equal("application/json; charset=utf-8", sent.ContentType);
        Assert.Equal("Done", (string?)sent.Json["text"]);
    }

    [Fact]
    public async Task Respond_retries_server_errors()
    {
        _h.Slack.ThenStatus(HttpStatusCode.InternalServerError).ThenStatus(HttpStatusCode.OK);

        await _h.Api.RespondAsync(new Uri("https://hooks.slack.test/x"), new JsonObject { ["text"] = "hi" }, None);

        Assert.Equal(2, _h.Slack.Requests.Count);
    }

    [Fact]
    public async Task Respond_to_an_expired_url_throws_without_retry()
    {
        _h.Slack.ThenStatus(HttpStatusCode.NotFound);

        var e = await Assert.ThrowsAsync<SlackApiException>(() =>
            _h.Api.RespondAsync(new Uri("https://hooks.slack.test/x"), new JsonObject { ["text"] = "hi" }, None));

        Assert.Equal("response_url", e.Method);
        Assert.Equal("http_404", e.Error);
        Assert.Single(_h.Slack.Requests);
    }

    [Fact]
    public async Task Logs_name_the_method_and_never_the_token_or_text()
    {
        _h.Slack.ThenStatus(HttpStatusCode.InternalServerError).ThenJson("""{"ok":false,"error":"not_in_channel"}""");

        await Assert.ThrowsAsync<SlackApiException>(() =>
            _h.Api.PostMessageAsync(new OutgoingMessage(Room, "secret customer detail", null, null), None));
        await Assert.ThrowsAsync<SlackApiException>(() =>
            _h.Api.PostMessageAsync(new OutgoingMessage(Room, "secret customer detail", null, null), None));

        Assert.Contains(_h.Logs.Lines, line => line.Contains("chat.postMessage", StringComparison.Ordinal) && line.Contains("http_500", StringComparison.Ordinal));
        Assert.Contains(_h.Logs.Lines, line => line.Contains("not_in_channel", StringComparison.Ordinal));
        Assert.DoesNotContain(_h.Logs.Lines, line => line.Contains(SlackApiHarness.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(_h.Logs.Lines, line => line.Contains("secret customer detail", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_post_whose_answer_is_lost_is_not_repeated_and_says_it_may_have_been_made()
    {
        _h.Slack.ThenStatus(HttpStatusCode.InternalServerError).ThenJson("""{"ok":true,"ts":"1.2"}""");

        var e = await Assert.ThrowsAsync<SlackApiException>(() => _h.Api.PostMessageAsync(new OutgoingMessage(Room, "kickoff", null, "k"), None));

        Assert.Equal(("chat.postMessage", "http_500", true, true), (e.Method, e.Error, e.MayHaveApplied, e.IsTransient));
        Assert.Single(_h.Slack.Requests);
    }

    [Fact]
    public async Task A_form_whose_answer_is_lost_is_not_opened_again_with_its_one_time_trigger()
    {
        _h.Slack.ThenStatus(HttpStatusCode.ServiceUnavailable).ThenJson("""{"ok":false,"error":"exchanged_trigger_id"}""");

        var e = await Assert.ThrowsAsync<SlackApiException>(() => _h.Api.OpenViewAsync("trigger-1", new JsonObject { ["type"] = "modal" }, None));

        Assert.Equal(("views.open", "http_503", true), (e.Method, e.Error, e.MayHaveApplied));
        Assert.Single(_h.Slack.Requests);
    }

    [Fact]
    public async Task A_channel_create_that_timed_out_or_lost_its_connection_is_not_repeated()
    {
        _h.Slack.Then(_h.NoAnswer).Then(_ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "reset")).ThenJson(Ok);

        var timedOut = await Assert.ThrowsAsync<SlackApiException>(() => _h.Api.CreateChannelAsync("crisis-1", false, None));
        var cut = await Assert.ThrowsAsync<SlackApiException>(() => _h.Api.CreateChannelAsync("crisis-1", false, None));

        Assert.Equal(("timeout", true), (timedOut.Error, timedOut.MayHaveApplied));
        Assert.Equal(("connection_lost", true), (cut.Error, cut.MayHaveApplied));
        Assert.Equal(2, _h.Slack.Requests.Count);
    }

    [Fact]
    public async Task A_post_that_never_reached_slack_or_was_rate_limited_is_retried()
    {
        _h.Slack.Then(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused"))
            .ThenStatus(HttpStatusCode.TooManyRequests)
            .ThenJson("""{"ok":true,"ts":"1.2"}""");

        var ts = await _h.Api.PostMessageAsync(new OutgoingMessage(Room, "kickoff", null, "k"), None);

        Assert.Equal("1.2", ts);
        Assert.Equal(3, _h.Slack.Requests.Count);
    }

    [Fact]
    public async Task A_lost_answer_to_an_idempotent_call_is_still_retried()
    {
        _h.Slack.ThenStatus(HttpStatusCode.BadGateway).Then(_ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "reset")).ThenJson(Ok);

        await _h.Api.InviteAsync(Room, [new UserId("U1")], None);

        Assert.Equal(3, _h.Slack.Requests.Count);
    }

    [Fact]
    public async Task A_response_url_gets_three_attempts_then_gives_up()
    {
        _h.Slack.Otherwise = _ => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused");

        var e = await Assert.ThrowsAsync<SlackApiException>(() =>
            _h.Api.RespondAsync(new Uri("https://hooks.slack.test/x"), new JsonObject { ["text"] = "hi" }, None));

        Assert.Equal(("response_url", "unreachable"), (e.Method, e.Error));
        Assert.Equal(3, _h.Slack.Requests.Count);
    }

    [Fact]
    public async Task A_response_url_with_another_scheme_is_refused_without_a_request()
    {
        var e = await Assert.ThrowsAsync<SlackApiException>(() =>
            _h.Api.RespondAsync(new Uri("ftp://hooks.slack.test/x"), new JsonObject { ["text"] = "hi" }, None));

        Assert.Equal(("response_url", "unsupported_scheme", false), (e.Method, e.Error, e.IsTransient));
        Assert.Empty(_h.Slack.Requests);
    }

    [Fact]
    public async Task Uploading_a_file_reserves_a_url_sends_the_bytes_there_without_the_token_then_shares_it_in_the_channel()
    {
        _h.Slack.ThenJson("""{"ok":true,"upload_url":"https://files.slack.test/upload/v1/abc","file_id":"F123"}""")
            .Then(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("OK - 9") })
            .ThenJson("""{"ok":true,"files":[{"id":"F123","title":"Debrief"}]}""");

        await _h.Api.UploadFileAsync(new ChannelId("C1"), "debrief.md", "Debrief", "# Debrief"u8.ToArray(), "Here it is", None);

        Assert.Equal(3, _h.Slack.Requests.Count);
        var (reserve, upload, complete) = (_h.Slack.Requests[0], _h.Slack.Requests[1], _h.Slack.Requests[2]);
        Assert.Equal("/api/files.getUploadURLExternal", reserve.Path);
        Assert.Equal("application/x-www-form-urlencoded", reserve.ContentType);
        Assert.Equal("filename=debrief.md&length=9", reserve.Body);
        Assert.Equal(SlackApiHarness.Token, reserve.Authorization?.Parameter);
        Assert.Equal(new Uri("https://files.slack.test/upload/v1/abc"), upload.Uri);
        Assert.Null(upload.Authorization);
        Assert.Equal("# Debrief", upload.Body);
        Assert.Equal("/api/files.completeUploadExternal", complete.Path);
        Assert.Equal("""[{"id":"F123","title":"Debrief"}]""", complete.Json["files"]!.ToJsonString());
        Assert.Equal(("C1", "Here it is"), ((string?)complete.Json["channel_id"], (string?)complete.Json["initial_comment"]));
    }
}
