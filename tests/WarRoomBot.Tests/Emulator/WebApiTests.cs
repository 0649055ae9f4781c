using System.Net;
using System.Text.Json.Nodes;
using SlackEmulator;

namespace WarRoomBot.Tests.Emulator;

public sealed class WebApiTests : IAsyncLifetime
{
    private EmulatedSlack slack = null!;
    private EmulatorClient api = null!;

    public async Task InitializeAsync()
    {
        slack = await EmulatedSlack.StartAsync();
        slack.Workspace.AddUser("UALICE", "alice", "Alice Moreau", "+1 555 0100");
        slack.Workspace.AddUser("UBOB", "bob", "Bob Chen");
        api = new EmulatorClient(slack);
    }

    public async Task DisposeAsync()
    {
        api.Dispose();
        await slack.DisposeAsync();
    }

    private async Task<string> CreateAsync(string name, bool isPrivate = false)
    {
        var created = await api.CallAsync("conversations.create", new() { ["name"] = name, ["is_private"] = isPrivate });
        Assert.True(created.IsOk(), created.ToJsonString());
        return created["channel"]!.Str("id");
    }

    [Fact]
    public void Urls_are_loopback_with_the_api_under_api()
    {
        Assert.Equal("127.0.0.1", slack.BaseUrl.Host);
        Assert.NotEqual(0, slack.BaseUrl.Port);
        Assert.Equal(new Uri(slack.BaseUrl, "api/"), slack.ApiBaseUrl);
    }

    [Fact]
    public async Task A_call_without_a_token_is_not_authed_and_a_wrong_token_is_invalid_auth()
    {
        using var none = await api.SendJsonAsync("auth.test", null, bearer: null);
        using var wrong = await api.SendJsonAsync("auth.test", null, bearer: "xoxb-wrong");

        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        Assert.Equal("not_authed", (await EmulatorClient.BodyAsync(none)).Error());
        Assert.Equal("invalid_auth", (await EmulatorClient.BodyAsync(wrong)).Error());
        Assert.All(slack.Workspace.Calls, c => Assert.False(c.Ok));
    }

    [Fact]
    public async Task A_form_token_field_authenticates_like_the_header_does()
    {
        var result = await api.FormAsync("auth.test", [new("token", slack.Settings.BotToken)], bearer: false);

        Assert.True(result.IsOk());
        Assert.Equal("UBOT", result.Str("user_id"));
        Assert.Equal("T0EMULATOR", result.Str("team_id"));
        Assert.StartsWith("B", result.Str("bot_id"));
        Assert.False(slack.Workspace.Calls.Single().Arguments.ContainsKey("token"));
    }

    [Fact]
    public async Task An_unknown_method_is_unknown_method()
    {
        var result = await api.CallAsync("chat.delete");

        Assert.Equal("unknown_method", result.Error());
    }

    [Fact]
    public async Task Malformed_json_bodies_get_slacks_json_errors()
    {
        using var http = new HttpClient { BaseAddress = slack.ApiBaseUrl };
        http.DefaultRequestHeaders.Authorization = new("Bearer", slack.Settings.BotToken);

        using var broken = await http.PostAsync("auth.test", new StringContent("{nope", System.Text.Encoding.UTF8, "application/json"));
        using var array = await http.PostAsync("auth.test", new StringContent("[1]", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal("invalid_json", (await EmulatorClient.BodyAsync(broken)).Error());
        Assert.Equal("json_not_object", (await EmulatorClient.BodyAsync(array)).Error());
    }

    [Theory]
    [InlineData("conversations.invite", "users")]
    [InlineData("conversations.setTopic", "topic")]
    [InlineData("chat.postEphemeral", "user")]
    [InlineData("chat.update", "ts")]
    [InlineData("users.info", "user")]
    [InlineData("views.open", "view")]
    public async Task A_missing_required_argument_is_reported_by_name(string method, string missing)
    {
        var channel = await CreateAsync("general");
        var args = new JsonObject { ["channel"] = channel, ["users"] = "UALICE", ["topic"] = "t", ["user"] = "UALICE", ["ts"] = "1.2", ["text"] = "hi", ["view"] = new JsonObject() };
        args.Remove(missing);

        var result = await api.CallAsync(method, args);

        Assert.Equal("invalid_arguments", result.Error());
        Assert.Equal($"[ERROR] missing required field: {missing}", result["response_metadata"]!["messages"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Missing_arguments_with_a_dedicated_code_use_it()
    {
        Assert.Equal("invalid_name_required", (await api.CallAsync("conversations.create")).Error());
        Assert.Equal("channel_not_found", (await api.CallAsync("chat.postMessage", new() { ["text"] = "hi" })).Error());
        Assert.Equal("channel_not_found", (await api.CallAsync("conversations.history")).Error());
        var channel = await CreateAsync("general");
        Assert.Equal("no_text", (await api.CallAsync("chat.postMessage", new() { ["channel"] = channel })).Error());
    }

    [Theory]
    [InlineData("", "invalid_name_required")]
    [InlineData("Crisis-1", "invalid_name_specials")]
    [InlineData("crisis 1", "invalid_name_specials")]
    [InlineData("crisis#1", "invalid_name_specials")]
    [InlineData("crisé", "invalid_name_specials")]
    [InlineData("---", "invalid_name_punctuation")]
    [InlineData("_-_", "invalid_name_punctuation")]
    public async Task Channel_names_are_validated_not_rewritten(string name, string error)
    {
        var result = await api.CallAsync("conversations.create", new() { ["name"] = name });

        Assert.Equal(error, result.Error());
        Assert.Empty(slack.Workspace.Channels);
    }

    [Fact]
    public async Task A_name_of_eighty_characters_is_fine_and_eighty_one_is_too_long()
    {
        Assert.True((await api.CallAsync("conversations.create", new() { ["name"] = new string('a', 80) })).IsOk());
        Assert.Equal("invalid_name_maxlength", (await api.CallAsync("conversations.create", new() { ["name"] = new string('b', 81) })).Error());
    }

    [Fact]
    public async Task A_created_channel_comes_back_as_a_slack_conversation_with_the_bot_as_creator_and_member()
    {
        var result = await api.CallAsync("conversations.create", new() { ["name"] = "crisis-1_db", ["is_private"] = true });

        var channel = result["channel"]!;
        Assert.StartsWith("C", channel.Str("id"));
        Assert.Equal("crisis-1_db", channel.Str("name"));
        Assert.Equal("crisis-1_db", channel.Str("name_normalized"));
        Assert.True(channel["is_private"]!.GetValue<bool>());
        Assert.True(channel["is_member"]!.GetValue<bool>());
        Assert.False(channel["is_group"]!.GetValue<bool>());
        Assert.False(channel["is_archived"]!.GetValue<bool>());
        Assert.Equal("UBOT", channel.Str("creator"));
        Assert.Equal("", channel["topic"]!.Str("value"));
        var stored = slack.Workspace.Channel(channel.Str("id"));
        Assert.Equal(["UBOT"], stored.Members);
        Assert.True(stored.IsPrivate);
    }

    [Fact]
    public async Task A_name_in_use_even_by_an_archived_channel_is_taken()
    {
        slack.Workspace.AddChannel("crisis-1");
        var archived = slack.Workspace.AddChannel("crisis-2", isPrivate: true);
        slack.Workspace.ArchiveChannel(archived.Id);

        Assert.Equal("name_taken", (await api.CallAsync("conversations.create", new() { ["name"] = "crisis-1" })).Error());
        Assert.Equal("name_taken", (await api.CallAsync("conversations.create", new() { ["name"] = "crisis-2" })).Error());
        Assert.Equal(2, slack.Workspace.Channels.Count);
    }

    [Fact]
    public async Task Form_bodies_carry_booleans_and_json_as_strings()
    {
        var created = await api.FormAsync("conversations.create", [new("name", "formed"), new("is_private", "true")]);
        var id = created["channel"]!.Str("id");
        var posted = await api.FormAsync("chat.postMessage",
        [
            new("channel", id), new("text", "fallback"),
            new("blocks", """[{"type":"section","text":{"type":"mrkdwn","text":"*hello*"}}]"""),
            new("metadata", """{"event_type":"crisis_update","event_payload":{"crisis":7}}"""),
        ]);

        Assert.True(slack.Workspace.Channel(id).IsPrivate);
        Assert.True(posted.IsOk(), posted.ToJsonString());
        var message = Assert.Single(slack.Workspace.Channel(id).Messages);
        Assert.Equal("*hello*", message.VisibleText);
        Assert.Equal("crisis_update", message.MetadataEventType);
        Assert.Equal(7, message.MetadataPayload!["crisis"]!.GetValue<int>());
    }

    [Fact]
    public async Task Inviting_needs_the_bot_in_the_channel_and_known_users()
    {
        var theirs = slack.Workspace.AddChannel("theirs", creator: "UALICE");
        var ours = await CreateAsync("ours");

        Assert.Equal("channel_not_found", (await api.CallAsync("conversations.invite", new() { ["channel"] = "CNOPE", ["users"] = "UALICE" })).Error());
        Assert.Equal("not_in_channel", (await api.CallAsync("conversations.invite", new() { ["channel"] = theirs.Id, ["users"] = "UBOB" })).Error());
        Assert.Equal("user_not_found", (await api.CallAsync("conversations.invite", new() { ["channel"] = ours, ["users"] = "UALICE,UGHOST" })).Error());
        Assert.Equal("cant_invite_self", (await api.CallAsync("conversations.invite", new() { ["channel"] = ours, ["users"] = "UBOT" })).Error());
        Assert.Equal(["UBOT"], slack.Workspace.Channel(ours).Members);
    }

    [Fact]
    public async Task Inviting_adds_new_members_and_fails_only_when_everyone_is_already_there()
    {
        var ours = await CreateAsync("ours");

        var first = await api.CallAsync("conversations.invite", new() { ["channel"] = ours, ["users"] = "UALICE" });
        var again = await api.CallAsync("conversations.invite", new() { ["channel"] = ours, ["users"] = "UALICE" });
        var mixed = await api.CallAsync("conversations.invite", new() { ["channel"] = ours, ["users"] = "UALICE, UBOB" });

        Assert.True(first.IsOk());
        Assert.Equal(ours, first["channel"]!.Str("id"));
        Assert.Equal("already_in_channel", again.Error());
        Assert.True(mixed.IsOk());
        Assert.Equal(["UBOT", "UALICE", "UBOB"], slack.Workspace.Channel(ours).Members);
    }

    [Fact]
    public async Task Forced_invites_skip_unknown_users_and_report_them()
    {
        var ours = await CreateAsync("ours");

        var result = await api.CallAsync("conversations.invite", new() { ["channel"] = ours, ["users"] = "UGHOST,UBOB", ["force"] = true });

        Assert.True(result.IsOk());
        Assert.Equal("UGHOST", result["errors"]![0]!.Str("user"));
        Assert.Equal(["UBOT", "UBOB"], slack.Workspace.Channel(ours).Members);
    }

    [Fact]
    public async Task Topic_and_purpose_are_set_up_to_250_characters_by_a_member()
    {
        var ours = await CreateAsync("ours");
        var theirs = slack.Workspace.AddChannel("theirs");

        var topic = await api.CallAsync("conversations.setTopic", new() { ["channel"] = ours, ["topic"] = "Owner: <@UALICE>" });
        var purpose = await api.CallAsync("conversations.setPurpose", new() { ["channel"] = ours, ["purpose"] = new string('p', 250) });

        Assert.Equal("Owner: <@UALICE>", topic["channel"]!["topic"]!.Str("value"));
        Assert.True(purpose.IsOk());
        Assert.Equal("too_long", (await api.CallAsync("conversations.setTopic", new() { ["channel"] = ours, ["topic"] = new string('t', 251) })).Error());
        Assert.Equal("not_in_channel", (await api.CallAsync("conversations.setPurpose", new() { ["channel"] = theirs.Id, ["purpose"] = "x" })).Error());
        var channel = slack.Workspace.Channel(ours);
        Assert.Equal("Owner: <@UALICE>", channel.Topic);
        Assert.Equal(250, channel.Purpose.Length);
    }

    [Fact]
    public async Task Conversations_list_pages_through_what_the_bot_can_see()
    {
        for (var i = 0; i < 5; i++) slack.Workspace.AddChannel($"public-{i}");
        slack.Workspace.AddChannel("secret", isPrivate: true);
        var mine = await CreateAsync("mine-private", isPrivate: true);
        var archived = slack.Workspace.AddChannel("old");
        slack.Workspace.ArchiveChannel(archived.Id);

        var names = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await api.CallAsync("conversations.list", new()
            {
                ["types"] = "public_channel,private_channel", ["exclude_archived"] = true, ["limit"] = 2, ["cursor"] = cursor,
            });
            Assert.True(page.IsOk(), page.ToJsonString());
            var channels = page["channels"]!.AsArray();
            Assert.True(channels.Count <= 2);
            Assert.All(channels, c => Assert.NotNull(c!["creator"]));
            names.AddRange(channels.Select(c => c!.Str("name")));
            cursor = page["response_metadata"]!.Str("next_cursor");
            pages++;
        }
        while (cursor.Length > 0);

        Assert.Equal(3, pages);
        Assert.Equal(["public-0", "public-1", "public-2", "public-3", "public-4", "mine-private"], names);
        Assert.NotEqual(mine, archived.Id);
    }

    [Fact]
    public async Task Conversations_list_defaults_to_public_channels_and_rejects_a_bad_cursor()
    {
        slack.Workspace.AddChannel("open");
        await CreateAsync("mine", isPrivate: true);

        var all = await api.GetAsync("conversations.list");
        var bad = await api.CallAsync("conversations.list", new() { ["cursor"] = "bm9wZQ==" });

        Assert.Equal(["open"], all["channels"]!.AsArray().Select(c => c!.Str("name")));
        Assert.Equal("invalid_cursor", bad.Error());
    }

    [Fact]
    public async Task History_is_newest_first_with_metadata_only_when_asked()
    {
        var ours = await CreateAsync("ours");
        for (var i = 1; i <= 3; i++)
        {
            await api.CallAsync("chat.postMessage", new()
            {
                ["channel"] = ours, ["text"] = $"update {i}",
                ["metadata"] = new JsonObject { ["event_type"] = "crisis_event", ["event_payload"] = new JsonObject { ["seq"] = i } },
            });
        }

        var plain = await api.CallAsync("conversations.history", new() { ["channel"] = ours });
        var first = await api.CallAsync("conversations.history", new() { ["channel"] = ours, ["include_all_metadata"] = true, ["limit"] = 2 });
        var rest = await api.CallAsync("conversations.history", new()
        {
            ["channel"] = ours, ["include_all_metadata"] = true, ["limit"] = 2, ["cursor"] = first["response_metadata"]!.Str("next_cursor"),
        });

        Assert.Equal(["update 3", "update 2", "update 1"], plain["messages"]!.AsArray().Select(m => m!.Str("text")));
        Assert.All(plain["messages"]!.AsArray(), m => Assert.Null(m!["metadata"]));
        var newest = first["messages"]![0]!;
        Assert.Equal("message", newest.Str("type"));
        Assert.Equal("UBOT", newest.Str("user"));
        Assert.Equal("crisis_event", newest["metadata"]!.Str("event_type"));
        Assert.Equal(3, newest["metadata"]!["event_payload"]!["seq"]!.GetValue<int>());
        Assert.True(first["has_more"]!.GetValue<bool>());
        Assert.Equal(["update 1"], rest["messages"]!.AsArray().Select(m => m!.Str("text")));
        Assert.False(rest["has_more"]!.GetValue<bool>());
        Assert.Equal("", rest["response_metadata"]!.Str("next_cursor"));
    }

    [Fact]
    public async Task History_of_a_private_channel_the_bot_is_not_in_is_channel_not_found()
    {
        var secret = slack.Workspace.AddChannel("secret", isPrivate: true);

        Assert.Equal("channel_not_found", (await api.CallAsync("conversations.history", new() { ["channel"] = secret.Id })).Error());
    }

    [Fact]
    public async Task Posting_needs_an_existing_unarchived_channel_the_bot_is_in()
    {
        var theirs = slack.Workspace.AddChannel("theirs");
        var archived = await CreateAsync("archived");
        slack.Workspace.ArchiveChannel(archived);

        Assert.Equal("channel_not_found", (await api.CallAsync("chat.postMessage", new() { ["channel"] = "CNOPE", ["text"] = "x" })).Error());
        Assert.Equal("not_in_channel", (await api.CallAsync("chat.postMessage", new() { ["channel"] = theirs.Id, ["text"] = "x" })).Error());
        Assert.Equal("is_archived", (await api.CallAsync("chat.postMessage", new() { ["channel"] = archived, ["text"] = "x" })).Error());
        Assert.All(slack.Workspace.Channels, c => Assert.Empty(c.Messages));
    }

    [Theory]
    [InlineData("""{"type":"section"}""")]
    [InlineData("""[{"text":"no type"}]""")]
    [InlineData("[{\"type\":\"section\"")]
    public async Task Invalid_blocks_are_refused(string blocks)
    {
        var ours = await CreateAsync("ours");

        var result = await api.FormAsync("chat.postMessage", [new("channel", ours), new("blocks", blocks)]);

        Assert.Equal("invalid_blocks", result.Error());
    }

    [Fact]
    public async Task More_than_fifty_blocks_are_refused()
    {
        var ours = await CreateAsync("ours");
        var blocks = new JsonArray([.. Enumerable.Range(0, 51).Select(_ => new JsonObject { ["type"] = "divider" })]);

        var result = await api.CallAsync("chat.postMessage", new() { ["channel"] = ours, ["blocks"] = blocks });

        Assert.Equal("invalid_blocks", result.Error());
    }

    [Fact]
    public async Task A_posted_message_gets_a_unique_increasing_ts_and_is_echoed_back()
    {
        var ours = await CreateAsync("ours");

        var first = await api.CallAsync("chat.postMessage", new() { ["channel"] = ours, ["text"] = "one" });
        var second = await api.CallAsync("chat.postMessage", new() { ["channel"] = ours, ["text"] = "two", ["thread_ts"] = first.Str("ts") });

        Assert.Matches(@"^\d{10}\.\d{6}$", first.Str("ts"));
        Assert.True(decimal.Parse(second.Str("ts"), System.Globalization.CultureInfo.InvariantCulture) > decimal.Parse(first.Str("ts"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ours, first.Str("channel"));
        Assert.Equal("one", first["message"]!.Str("text"));
        Assert.Equal(first.Str("ts"), slack.Workspace.Channel(ours).Messages[1].ThreadTs);
    }

    [Fact]
    public async Task Ephemerals_go_only_to_members()
    {
        var ours = await CreateAsync("ours");
        await api.CallAsync("conversations.invite", new() { ["channel"] = ours, ["users"] = "UALICE" });

        var sent = await api.CallAsync("chat.postEphemeral", new() { ["channel"] = ours, ["user"] = "UALICE", ["text"] = "only you" });
        var notMember = await api.CallAsync("chat.postEphemeral", new() { ["channel"] = ours, ["user"] = "UBOB", ["text"] = "x" });

        Assert.True(sent.IsOk());
        Assert.NotEmpty(sent.Str("message_ts"));
        Assert.Equal("user_not_in_channel", notMember.Error());
        var ephemeral = Assert.Single(slack.Workspace.Ephemerals);
        Assert.Equal(("UALICE", "only you", ours), (ephemeral.User, ephemeral.Text, ephemeral.Channel));
        Assert.Empty(slack.Workspace.Channel(ours).Messages);
    }

    [Fact]
    public async Task Updating_replaces_text_and_blocks_and_keeps_what_was_left_out()
    {
        var ours = await CreateAsync("ours");
        var posted = await api.CallAsync("chat.postMessage", new()
        {
            ["channel"] = ours, ["text"] = "v1",
            ["metadata"] = new JsonObject { ["event_type"] = "digest", ["event_payload"] = new JsonObject() },
        });
        var ts = posted.Str("ts");

        var updated = await api.CallAsync("chat.update", new()
        {
            ["channel"] = ours, ["ts"] = ts, ["text"] = "v2",
            ["blocks"] = new JsonArray(new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = "v2 block" } }),
        });
        var missing = await api.CallAsync("chat.update", new() { ["channel"] = ours, ["ts"] = "1.000001", ["text"] = "x" });

        Assert.True(updated.IsOk());
        Assert.Equal("message_not_found", missing.Error());
        var message = Assert.Single(slack.Workspace.Channel(ours).Messages);
        Assert.Equal((ts, "v2", "v2 block", "digest"), (message.Ts, message.Text, message.VisibleText, message.MetadataEventType));
    }

    [Fact]
    public async Task Pinning_a_message_twice_is_already_pinned()
    {
        var ours = await CreateAsync("ours");
        var ts = (await api.CallAsync("chat.postMessage", new() { ["channel"] = ours, ["text"] = "pin me" })).Str("ts");

        Assert.True((await api.CallAsync("pins.add", new() { ["channel"] = ours, ["timestamp"] = ts })).IsOk());
        Assert.Equal("already_pinned", (await api.CallAsync("pins.add", new() { ["channel"] = ours, ["timestamp"] = ts })).Error());
        Assert.Equal("message_not_found", (await api.CallAsync("pins.add", new() { ["channel"] = ours, ["timestamp"] = "1.000001" })).Error());
        Assert.Equal([ts], slack.Workspace.Channel(ours).Pins);
    }

    [Fact]
    public async Task Users_info_answers_a_get_query_with_profile_and_time_zone()
    {
        slack.Workspace.AddUser("UCAROL", "carol", "Carol Diaz", "+44 20 7946 0000", "Europe/London", 0);

        var carol = await api.GetAsync("users.info?user=UCAROL");
        var ghost = await api.GetAsync("users.info?user=UGHOST");

        var user = carol["user"]!;
        Assert.Equal(("UCAROL", "carol", "Carol Diaz", "Europe/London", 0), (user.Str("id"), user.Str("name"), user.Str("real_name"), user.Str("tz"), user["tz_offset"]!.GetValue<int>()));
        Assert.False(user["is_bot"]!.GetValue<bool>());
        Assert.NotEmpty(user.Str("tz_label"));
        Assert.Equal("+44 20 7946 0000", user["profile"]!.Str("phone"));
        Assert.Equal("carol", user["profile"]!.Str("display_name"));
        Assert.Equal("user_not_found", ghost.Error());
    }

    [Fact]
    public async Task Every_call_is_recorded_with_its_arguments_and_outcome()
    {
        await api.CallAsync("conversations.create", new() { ["name"] = "Bad Name" });

        var call = Assert.Single(slack.Workspace.Calls);
        Assert.Equal(("conversations.create", false, "invalid_name_specials", 200), (call.Method, call.Ok, call.Error, call.HttpStatus));
        Assert.Equal("Bad Name", call.Arguments["name"]!.GetValue<string>());
    }
}
