using System.Text.Json;
using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Features.Diagnosis;
using WarRoomBot.Features.OpenCrisis;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Tests.Slack;

/// <summary>
/// Interactive payloads as Slack sends them (the JSON in the <c>payload</c> form field). The shapes follow Slack's
/// block_actions and view_submission payloads: a user object, team, container, channel, response_url and trigger_id
/// for clicks; the view with callback_id, private_metadata and state.values for form submissions.
/// </summary>
public sealed class InteractionTests
{
    private const string ResponseUrl = "https://hooks.slack.com/actions/T0WARROOM/5512345678/ZH3b7mB0lE6Xb1BCBn5PqpXx";
    private const string TriggerId = "5512345678.1234567890.8c4a1e2f3b6d7a9c0e1f2a3b4c5d6e7f";

    private static Interaction Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Interaction.Parse(document.RootElement.Clone());
    }

    private static string Click(string actionId, string value, string channel = """
        "channel": { "id": "C0TECH", "name": "crisis-42-checkout-freezes" },
        """) => $$"""
        {
          "type": "block_actions",
          "user": { "id": "U0BOB", "username": "bob", "name": "bob", "team_id": "T0WARROOM" },
          "api_app_id": "A0WARROOM",
          "token": "verification_token",
          "container": { "type": "message", "message_ts": "1773505203.000100", "channel_id": "C0TECH", "is_ephemeral": false },
          "trigger_id": "{{TriggerId}}",
          "team": { "id": "T0WARROOM", "domain": "acme-ops" },
          "enterprise": null,
          "is_enterprise_install": false,
          {{channel}}
          "message": { "type": "message", "user": "U0BOT", "ts": "1773505203.000100", "text": "D3 is due: flush the cache" },
          "state": { "values": {} },
          "response_url": "{{ResponseUrl}}",
          "actions": [
            {
              "action_id": {{JsonSerializer.Serialize(actionId)}},
              "block_id": "deadline-3",
              "text": { "type": "plain_text", "text": "Confirmed", "emoji": true },
              "value": {{JsonSerializer.Serialize(value)}},
              "style": "primary",
              "type": "button",
              "action_ts": "1773505290.194939"
            }
          ]
        }
        """;

    private static string Submission(string callbackId, string privateMetadata, string values) => $$"""
        {
          "type": "view_submission",
          "team": { "id": "T0WARROOM", "domain": "acme-ops" },
          "user": { "id": "U0ALICE", "username": "alice", "name": "alice", "team_id": "T0WARROOM" },
          "api_app_id": "A0WARROOM",
          "token": "verification_token",
          "trigger_id": "{{TriggerId}}",
          "view": {
            "id": "V0EXTEND1",
            "team_id": "T0WARROOM",
            "type": "modal",
            "blocks": [],
            "private_metadata": {{JsonSerializer.Serialize(privateMetadata)}},
            "callback_id": {{JsonSerializer.Serialize(callbackId)}},
            "state": { "values": {{values}} },
            "hash": "1773505300.Jc7Tpl9x",
            "title": { "type": "plain_text", "text": "Extend D3", "emoji": true },
            "clear_on_close": false,
            "notify_on_close": false,
            "close": { "type": "plain_text", "text": "Cancel", "emoji": true },
            "submit": { "type": "plain_text", "text": "Extend", "emoji": true },
            "previous_view_id": null,
            "root_view_id": "V0EXTEND1",
            "app_id": "A0WARROOM",
            "external_id": "",
            "app_installed_team_id": "T0WARROOM",
            "bot_id": "B0WARROOM"
          },
          "response_urls": [],
          "is_enterprise_install": false,
          "enterprise": null
        }
        """;

    private static string ExtendValues(string? when, string? reason) => $$"""
        {
          "{{ExtendDeadlineModal.WhenBlock}}": { "{{ExtendDeadlineModal.Value}}": { "type": "plain_text_input", "value": {{JsonSerializer.Serialize(when)}} } },
          "{{ExtendDeadlineModal.ReasonBlock}}": { "{{ExtendDeadlineModal.Value}}": { "type": "plain_text_input", "value": {{JsonSerializer.Serialize(reason)}} } }
        }
        """;

    // ---------------------------------------------------------------- block_actions

    [Theory]
    [InlineData(DeadlineButton.Confirmed)]
    [InlineData(DeadlineButton.Disproved)]
    [InlineData(DeadlineButton.Extend)]
    public void A_click_on_a_due_posts_button_names_the_button_crisis_deadline_and_clicker(DeadlineButton button)
    {
        var payload = Click(Interaction.ActionId(button), Interaction.ButtonValue(new CrisisId(42), new DeadlineId(3)));

        var click = Assert.IsType<Interaction.DeadlineClicked>(Parse(payload));

        Assert.Equal(
            new Interaction.DeadlineClicked(button, new CrisisId(42), new DeadlineId(3), new UserId("U0BOB"), new ChannelId("C0TECH"), ResponseUrl, TriggerId),
            click);
    }

    [Fact]
    public void The_three_buttons_have_three_different_action_ids()
    {
        var ids = Enum.GetValues<DeadlineButton>().Select(Interaction.ActionId).ToList();

        Assert.Equal(3, ids.Distinct().Count());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 12)]
    [InlineData(int.MaxValue, int.MaxValue)]
    public void Button_values_read_back_to_the_same_crisis_and_deadline(int crisis, int deadline)
    {
        var value = Interaction.ButtonValue(new CrisisId(crisis), new DeadlineId(deadline));

        var click = Assert.IsType<Interaction.DeadlineClicked>(Parse(Click(Interaction.ActionId(DeadlineButton.Confirmed), value)));

        Assert.Equal(new CrisisId(crisis), click.Crisis);
        Assert.Equal(new DeadlineId(deadline), click.Deadline);
    }

    [Fact]
    public void A_click_outside_a_channel_has_no_channel()
    {
        var payload = Click(Interaction.ActionId(DeadlineButton.Disproved), "42:3", channel: "");

        var click = Assert.IsType<Interaction.DeadlineClicked>(Parse(payload));

        Assert.Null(click.Channel);
        Assert.Equal(new UserId("U0BOB"), click.User);
    }

    [Theory]
    [InlineData("deadline_unknown")]
    [InlineData("")]
    [InlineData("Deadline_Confirmed")]
    [InlineData("a")]
    [InlineData("open_crisis")]
    public void A_click_on_an_unknown_action_is_other(string actionId)
    {
        Assert.Equal(new Interaction.Other("block_actions"), Parse(Click(actionId, "42:3")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("a:b")]
    [InlineData("0:1")]
    [InlineData("1:0")]
    [InlineData("-1:2")]
    [InlineData("1:-2")]
    [InlineData("99999999999:1")]
    [InlineData("1:99999999999")]
    [InlineData(":")]
    [InlineData(":1")]
    [InlineData("1:")]
    [InlineData("1:2:3")]
    [InlineData(" 1:2")]
    [InlineData("1 :2")]
    [InlineData("+1:2")]
    [InlineData("1:2 ")]
    [InlineData("click_me_123")]
    [InlineData("\uFF11:\uFF12")]
    public void A_click_with_a_missing_or_garbled_value_is_other(string value)
    {
        Assert.Equal(new Interaction.Other("block_actions"), Parse(Click(Interaction.ActionId(DeadlineButton.Confirmed), value)));
    }

    [Theory]
    [InlineData("""{ "type": "block_actions", "user": { "id": "U0BOB" }, "actions": [] }""")]
    [InlineData("""{ "type": "block_actions", "user": { "id": "U0BOB" } }""")]
    [InlineData("""{ "type": "block_actions", "user": { "id": "U0BOB" }, "actions": {} }""")]
    [InlineData("""{ "type": "block_actions", "user": { "id": "U0BOB" }, "actions": [ { "action_id": "deadline_confirmed" } ] }""")]
    [InlineData("""{ "type": "block_actions", "user": { "id": "U0BOB" }, "actions": [ { "action_id": "deadline_confirmed", "value": 423 } ] }""")]
    [InlineData("""{ "type": "block_actions", "user": { "id": "U0BOB" }, "actions": [ { "action_id": "deadline_confirmed", "value": null } ] }""")]
    [InlineData("""{ "type": "block_actions", "user": { "id": "U0BOB" }, "actions": [ "deadline_confirmed" ] }""")]
    public void A_click_without_a_readable_action_is_other(string payload)
    {
        Assert.Equal(new Interaction.Other("block_actions"), Parse(payload));
    }

    [Theory]
    [InlineData("""{ "id": "" }""")]
    [InlineData("""{ "id": "<!channel>" }""")]
    [InlineData("""{ "id": "<@U0BOB>" }""")]
    [InlineData("""{ "id": "U0BOB|bob" }""")]
    [InlineData("""{ "id": 7 }""")]
    [InlineData("""{ "name": "bob" }""")]
    [InlineData("null")]
    public void A_click_on_a_due_posts_button_without_a_slack_user_is_malformed(string user)
    {
        var payload = JsonNode.Parse(Click(Interaction.ActionId(DeadlineButton.Confirmed), "42:3"))!.AsObject();
        payload["user"] = JsonNode.Parse(user);

        Assert.IsType<Interaction.Malformed>(Parse(payload.ToJsonString()));
    }

    [Fact]
    public void A_click_on_a_due_posts_button_with_no_user_at_all_is_malformed()
    {
        var payload = JsonNode.Parse(Click(Interaction.ActionId(DeadlineButton.Confirmed), "42:3"))!.AsObject();
        payload.Remove("user");

        Assert.IsType<Interaction.Malformed>(Parse(payload.ToJsonString()));
    }

    [Fact]
    public void Slacks_own_documented_block_actions_example_is_other()
    {
        // api.slack.com's block_actions example: a button the bot never posted.
        const string payload = """
            {
              "type": "block_actions",
              "user": { "id": "W111", "username": "primary-owner", "name": "primary-owner", "team_id": "T111" },
              "api_app_id": "A111",
              "token": "verification_token",
              "container": { "type": "message", "message_ts": "111.222", "channel_id": "C111", "is_ephemeral": true },
              "trigger_id": "111.222.valid",
              "team": { "id": "T111", "domain": "workspace-domain", "enterprise_id": "E111", "enterprise_name": "Sandbox Org" },
              "channel": { "id": "C111", "name": "test-channel" },
              "response_url": "https://hooks.slack.com/actions/T111/111/random-value",
              "actions": [
                {
                  "action_id": "a",
                  "block_id": "b",
                  "text": { "type": "plain_text", "text": "Button", "emoji": true },
                  "value": "click_me_123",
                  "type": "button",
                  "action_ts": "1596530385.194939"
                }
              ]
            }
            """;

        Assert.Equal(new Interaction.Other("block_actions"), Parse(payload));
    }

    // ---------------------------------------------------------------- view_submission

    [Fact]
    public void The_extend_form_submitted_names_crisis_deadline_user_time_and_reason()
    {
        var payload = Submission(Interaction.ExtendCallbackId, Interaction.ExtendMetadata(new CrisisId(42), new DeadlineId(3)),
            ExtendValues("19:30", "The replay needs another store's logs"));

        Assert.Equal(
            new Interaction.ExtendSubmitted(new CrisisId(42), new DeadlineId(3), new UserId("U0ALICE"), "19:30", "The replay needs another store's logs"),
            Parse(payload));
    }

    [Fact]
    public void The_extend_form_keeps_what_was_typed_as_typed()
    {
        var payload = Submission(Interaction.ExtendCallbackId, "42:3",
            ExtendValues("  tomorrow 09:00 ", "logs <!channel> & \"quotes\"\nsecond line 🔥"));

        var extend = Assert.IsType<Interaction.ExtendSubmitted>(Parse(payload));

        Assert.Equal("tomorrow 09:00", extend.When);
        Assert.Equal("logs <!channel> & \"quotes\" second line 🔥", extend.Reason);
    }

    [Fact]
    public void Empty_inputs_in_the_extend_form_are_empty_strings()
    {
        // Slack sends "value": null for a plain_text_input left empty.
        var payload = Submission(Interaction.ExtendCallbackId, "42:3", ExtendValues(null, null));

        Assert.Equal(new Interaction.ExtendSubmitted(new CrisisId(42), new DeadlineId(3), new UserId("U0ALICE"), "", ""), Parse(payload));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "when": {} }""")]
    [InlineData("""{ "when": { "other_action": { "type": "plain_text_input", "value": "19:30" } } }""")]
    [InlineData("""{ "when": { "value": { "type": "plain_text_input" } }, "reason": { "value": { "type": "plain_text_input", "value": null } } }""")]
    public void Missing_inputs_in_the_extend_form_are_empty_strings(string values)
    {
        var payload = Submission(Interaction.ExtendCallbackId, "42:3", values);

        Assert.Equal(new Interaction.ExtendSubmitted(new CrisisId(42), new DeadlineId(3), new UserId("U0ALICE"), "", ""), Parse(payload));
    }

    [Theory]
    [InlineData(Interaction.ExtendCallbackId, "")]
    [InlineData(Interaction.ExtendCallbackId, """, "state": null""")]
    [InlineData(Interaction.ExtendCallbackId, """, "state": {}""")]
    [InlineData(Interaction.ExtendCallbackId, """, "state": { "values": [] }""")]
    [InlineData(Interaction.ExtendCallbackId, """, "state": { "values": { "when": 5 } }""")]
    [InlineData(Interaction.ExtendCallbackId, """, "state": { "values": { "when": { "value": "19:30" } } }""")]
    [InlineData(Interaction.ExtendCallbackId, """, "state": { "values": { "reason": { "value": { "type": "plain_text_input", "value": 7 } } } }""")]
    [InlineData(OpenCrisisModal.CallbackId, "")]
    [InlineData(OpenCrisisModal.CallbackId, """, "state": {}""")]
    [InlineData(OpenCrisisModal.CallbackId, """, "state": { "values": "title" }""")]
    [InlineData(OpenCrisisModal.CallbackId, """, "state": { "values": { "title": [] } }""")]
    [InlineData(OpenCrisisModal.CallbackId, """, "state": { "values": { "severity": { "value": { "type": "static_select", "selected_option": {} } } } }""")]
    [InlineData(OpenCrisisModal.CallbackId, """, "state": { "values": { "severity": { "value": { "type": "static_select", "selected_option": "sev1" } } } }""")]
    [InlineData(OpenCrisisModal.CallbackId, """, "state": { "values": { "owner": { "value": { "type": "users_select", "selected_user": 42 } } } }""")]
    public void A_form_submitted_without_slacks_state_is_malformed(string callbackId, string state)
    {
        var payload = $$"""{ "type": "view_submission", "user": { "id": "U0ALICE" }, "view": { "type": "modal", "callback_id": "{{callbackId}}", "private_metadata": "42:3"{{state}} } }""";

        Assert.IsType<Interaction.Malformed>(Parse(payload));
    }

    [Fact]
    public void A_form_whose_private_metadata_is_not_a_string_is_malformed()
    {
        const string payload = """
            { "type": "view_submission", "user": { "id": "U0ALICE" },
              "view": { "type": "modal", "callback_id": "open_crisis", "private_metadata": { "channel": 7 }, "state": { "values": {} } } }
            """;

        Assert.IsType<Interaction.Malformed>(Parse(payload));
    }

    [Theory]
    [InlineData("""{ "user": { "id": "" } }""")]
    [InlineData("""{ "user": { "id": null } }""")]
    [InlineData("""{ "user": { "id": "<!channel>" } }""")]
    [InlineData("""{ "user": { "id": "u0alice" } }""")]
    [InlineData("""{ "user": "U0ALICE" }""")]
    [InlineData("""{}""")]
    public void A_form_submitted_without_a_slack_user_is_malformed(string user)
    {
        foreach (var callbackId in new[] { Interaction.ExtendCallbackId, OpenCrisisModal.CallbackId })
        {
            var payload = JsonNode.Parse(Submission(callbackId, "42:3", ExtendValues("19:30", "logs")))!.AsObject();
            payload["user"] = JsonNode.Parse(user)!["user"]?.DeepClone();

            Assert.IsType<Interaction.Malformed>(Parse(payload.ToJsonString()));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("42")]
    [InlineData("0:3")]
    [InlineData("42:0")]
    [InlineData("x:y")]
    [InlineData("99999999999:1")]
    public void An_extend_form_whose_metadata_is_garbled_is_other(string metadata)
    {
        Assert.Equal(new Interaction.Other("view_submission"), Parse(Submission(Interaction.ExtendCallbackId, metadata, ExtendValues("19:30", "logs"))));
    }

    [Fact]
    public void The_open_crisis_form_submitted_carries_the_view_and_the_user()
    {
        var values = """
            {
              "title": { "value": { "type": "plain_text_input", "value": "Checkout freezes at 300 stores" } },
              "severity": { "value": { "type": "static_select", "selected_option": { "text": { "type": "plain_text", "text": "Sev1" }, "value": "sev1" } } }
            }
            """;
        var payload = Submission(OpenCrisisModal.CallbackId, "", values);

        var open = Assert.IsType<Interaction.OpenCrisisSubmitted>(Parse(payload));

        Assert.Equal(new UserId("U0ALICE"), open.User);
        Assert.Equal(OpenCrisisModal.CallbackId, open.View.GetProperty("callback_id").GetString());
        Assert.Equal("Checkout freezes at 300 stores",
            open.View.GetProperty("state").GetProperty("values").GetProperty("title").GetProperty("value").GetProperty("value").GetString());
    }

    [Theory]
    [InlineData("some_other_form")]
    [InlineData("")]
    [InlineData("EXTEND_DEADLINE")]
    public void A_form_the_bot_does_not_know_is_other(string callbackId)
    {
        Assert.Equal(new Interaction.Other("view_submission"), Parse(Submission(callbackId, "42:3", ExtendValues("19:30", "logs"))));
    }

    [Fact]
    public void A_view_submission_without_a_view_is_other()
    {
        Assert.Equal(new Interaction.Other("view_submission"), Parse("""{ "type": "view_submission", "user": { "id": "U0ALICE" } }"""));
    }

    // ---------------------------------------------------------------- other payloads

    [Fact]
    public void A_closed_form_is_other()
    {
        const string payload = """
            {
              "type": "view_closed",
              "team": { "id": "T0WARROOM", "domain": "acme-ops" },
              "user": { "id": "U0ALICE", "username": "alice", "name": "alice", "team_id": "T0WARROOM" },
              "api_app_id": "A0WARROOM",
              "view": { "id": "V0EXTEND1", "type": "modal", "callback_id": "extend_deadline", "private_metadata": "42:3", "state": { "values": {} } },
              "is_cleared": false
            }
            """;

        Assert.Equal(new Interaction.Other("view_closed"), Parse(payload));
    }

    [Fact]
    public void A_shortcut_is_other()
    {
        const string payload = """
            {
              "type": "shortcut",
              "token": "verification_token",
              "action_ts": "1581106241.371594",
              "team": { "id": "T0WARROOM", "domain": "acme-ops" },
              "user": { "id": "U0ALICE", "username": "alice", "team_id": "T0WARROOM" },
              "callback_id": "extend_deadline",
              "trigger_id": "944799105734.773906753841.38b5894552bdd4a780554ee59d1f3bbb"
            }
            """;

        Assert.Equal(new Interaction.Other("shortcut"), Parse(payload));
    }

    [Theory]
    [InlineData("""{ "user": { "id": "U0ALICE" }, "actions": [ { "action_id": "deadline_confirmed", "value": "42:3" } ] }""", null)]
    [InlineData("""{ "type": null, "actions": [ { "action_id": "deadline_confirmed", "value": "42:3" } ] }""", null)]
    [InlineData("""{ "type": 7 }""", null)]
    [InlineData("""{}""", null)]
    [InlineData("""{ "type": "message_action", "callback_id": "extend_deadline" }""", "message_action")]
    [InlineData("""{ "type": "block_suggestion", "action_id": "deadline_confirmed", "value": "42:3" }""", "block_suggestion")]
    [InlineData("""{ "type": "BLOCK_ACTIONS", "actions": [ { "action_id": "deadline_confirmed", "value": "42:3" } ] }""", "BLOCK_ACTIONS")]
    public void Any_other_payload_is_other_with_its_type(string payload, string? type)
    {
        Assert.Equal(new Interaction.Other(type), Parse(payload));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("""[ { "type": "block_actions" } ]""")]
    [InlineData("\"s\"")]
    [InlineData("7")]
    [InlineData("true")]
    public void A_payload_that_is_not_a_json_object_is_malformed(string payload)
    {
        Assert.IsType<Interaction.Malformed>(Parse(payload));
    }

    // ---------------------------------------------------------------- round trips

    [Fact]
    public void The_buttons_of_a_due_post_read_back_to_its_crisis_and_deadline()
    {
        var opened = new DateTimeOffset(2026, 3, 14, 16, 20, 0, TimeSpan.Zero);
        var crisis = Crisis.Fold(new CrisisId(42),
        [
            new CrisisEvent.Opened("Checkout freezes", Severity.Sev1, null, new UserId("U0BOB"), new UserId("U0ALICE"), null, null,
                ValueList<UserId>.Empty, ValueList<UserId>.Empty, BusinessChannelIsPrivate: true, FirstUpdateDue: opened.AddMinutes(30), At: opened),
            new CrisisEvent.DeadlineSet(new DeadlineId(1), "collect logs", null, opened.AddMinutes(20), new UserId("U0BOB"), null, null, opened),
            new CrisisEvent.DeadlineSet(new DeadlineId(2), "flush the cache", null, opened.AddMinutes(45), new UserId("U0BOB"), null, null, opened),
        ]);
        var deadline = crisis.Deadline(new DeadlineId(2))!;

        var due = DiagnosisBlocks.Due(crisis, deadline);

        var buttons = due.Blocks.OfType<JsonObject>().Single(b => (string?)b["type"] == "actions")["elements"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Equal(3, buttons.Count);
        var clicks = buttons
            .Select(b => Assert.IsType<Interaction.DeadlineClicked>(Parse(Click((string)b["action_id"]!, (string)b["value"]!))))
            .ToList();
        Assert.All(clicks, c => Assert.Equal((new CrisisId(42), new DeadlineId(2)), (c.Crisis, c.Deadline)));
        Assert.Equal([DeadlineButton.Confirmed, DeadlineButton.Disproved, DeadlineButton.Extend], clicks.Select(c => c.Button));
        Assert.Equal(["Confirmed", "Disproved", "Extend…"], buttons.Select(b => (string?)b["text"]!["text"]));
    }

    [Fact]
    public void The_extend_form_reads_back_to_the_deadline_it_was_opened_for()
    {
        var opened = new DateTimeOffset(2026, 3, 14, 16, 20, 0, TimeSpan.Zero);
        var deadline = new Deadline(new DeadlineId(5), "replay the logs", null, opened.AddHours(1), new UserId("U0BOB"), opened, null, null);

        var view = ExtendDeadlineModal.View(new CrisisId(17), deadline);

        var inputs = view["blocks"]!.AsArray().OfType<JsonObject>().Where(b => (string?)b["type"] == "input").ToList();
        Assert.Equal([ExtendDeadlineModal.WhenBlock, ExtendDeadlineModal.ReasonBlock], inputs.Select(b => (string?)b["block_id"]));
        Assert.All(inputs, b => Assert.Equal(ExtendDeadlineModal.Value, (string?)b["element"]!["action_id"]));

        var payload = Submission((string)view["callback_id"]!, (string)view["private_metadata"]!, ExtendValues("45m", "staging is down"));

        Assert.Equal(
            new Interaction.ExtendSubmitted(new CrisisId(17), new DeadlineId(5), new UserId("U0ALICE"), "45m", "staging is down"),
            Parse(payload));
    }
}
