using System.Net;
using SlackEmulator;

namespace WarRoomBot.Tests.Features;

public sealed class OpenCrisisTests
{
    private const string Title = "Checkout freezes at 300 stores";
    private const string TechName = "crisis-1-checkout-freezes-at-300-stores";
    private const string BizName = "crisis-1-checkout-freezes-at-300-stores-biz";

    [Fact]
    public async Task Opening_a_crisis_builds_a_technical_and_a_business_room_that_name_the_owner_and_link_each_other()
    {
        await using var app = await WarRoomApp.StartAsync();

        var ack = await app.CrisisAsync($"open {Title} sev1 customer: Acme Retail");
        await app.SettleAsync();

        Assert.Equal(HttpStatusCode.OK, ack.Status);
        Assert.True(ack.IsEphemeral);
        Assert.Contains("Opening crisis 1", ack.Text);
        Assert.Contains(Title, ack.Text);

        var tech = app.Slack.Workspace.ChannelNamed(TechName)!;
        var biz = app.Slack.Workspace.ChannelNamed(BizName)!;
        Assert.False(tech.IsPrivate);
        Assert.True(biz.IsPrivate);
        Assert.Contains(WarRoomApp.Alice, tech.Members);
        Assert.Contains(WarRoomApp.Carol, tech.Members);
        Assert.Contains(WarRoomApp.Alice, biz.Members);
        Assert.Contains(WarRoomApp.Dave, biz.Members);
        Assert.DoesNotContain(WarRoomApp.Carol, biz.Members);
        Assert.Contains("Alice Moreau", tech.Topic);
        Assert.Contains("+1 555 0100", biz.Topic);
        Assert.Contains(Title, tech.Purpose);

        var techKickoff = Assert.Single(tech.Messages);
        Assert.Contains("<@U0ALICE>", techKickoff.VisibleText);
        Assert.Contains("+1 555 0100", techKickoff.VisibleText);
        Assert.Contains($"<#{biz.Id}>", techKickoff.VisibleText);
        Assert.Contains("/crisis theory", techKickoff.VisibleText);
        Assert.Contains(" by 45m", techKickoff.VisibleText);
        Assert.Equal([techKickoff.Ts], tech.Pins);

        var bizKickoff = Assert.Single(biz.Messages);
        Assert.Contains("<@U0ALICE>", bizKickoff.VisibleText);
        Assert.Contains($"<#{tech.Id}>", bizKickoff.VisibleText);
        Assert.Contains("Acme Retail", bizKickoff.VisibleText);
        Assert.Contains("First update", bizKickoff.VisibleText);
        Assert.Contains($"<!date^{WarRoomApp.Start.AddMinutes(30).ToUnixTimeSeconds()}^", bizKickoff.VisibleText);
        Assert.Contains("in 30 minutes", bizKickoff.VisibleText);
        Assert.Contains("sev1 crises get a business update every 30 minutes", bizKickoff.VisibleText);
        Assert.Equal([bizKickoff.Ts], biz.Pins);

        var links = Assert.Single(app.Slack.Workspace.ResponsesFor(ack.ResponseUrlId));
        Assert.Contains($"<#{tech.Id}>", links.Text);
        Assert.Contains($"<#{biz.Id}>", links.Text);
    }

    [Fact]
    public async Task A_named_owner_is_the_one_invited_and_named_and_a_missing_phone_is_simply_left_out()
    {
        await using var app = await WarRoomApp.StartAsync();

        await app.CrisisAsync($"open Payments rejected owner: <@{WarRoomApp.Bob}|bob>");
        await app.SettleAsync();

        var tech = app.Slack.Workspace.ChannelNamed("crisis-1-payments-rejected")!;
        var biz = app.Slack.Workspace.ChannelNamed("crisis-1-payments-rejected-biz")!;
        Assert.Contains(WarRoomApp.Bob, tech.Members);
        Assert.Contains(WarRoomApp.Bob, biz.Members);
        Assert.Contains("<@U0BOB>", tech.Messages[0].VisibleText);
        Assert.DoesNotContain(":telephone_receiver:", tech.Messages[0].VisibleText);
        Assert.Contains("sev2 crises get a business update every hour", biz.Messages[0].VisibleText);
    }

    [Fact]
    public async Task A_taken_channel_name_gets_a_new_name_and_the_other_channel_is_left_alone()
    {
        await using var app = await WarRoomApp.StartAsync();
        var theirs = app.Slack.Workspace.AddChannel("crisis-1-db-down", creator: WarRoomApp.Bob);

        await app.CrisisAsync("open DB down");
        await app.SettleAsync();

        var tech = app.Slack.Workspace.ChannelNamed("crisis-1-db-down-2")!;
        Assert.Single(tech.Messages);
        Assert.Empty(app.Slack.Workspace.Channel(theirs.Id).Messages);
        Assert.DoesNotContain(WarRoomApp.Alice, app.Slack.Workspace.Channel(theirs.Id).Members);
        Assert.NotNull(app.Slack.Workspace.ChannelNamed("crisis-1-db-down-biz"));
    }

    [Fact]
    public async Task Each_crisis_gets_its_own_number_and_rooms()
    {
        await using var app = await WarRoomApp.StartAsync();

        var first = await app.CrisisAsync("open Checkout freezes");
        var second = await app.CrisisAsync("open Checkout freezes");
        await app.SettleAsync();

        Assert.Contains("crisis 1", first.Text);
        Assert.Contains("crisis 2", second.Text);
        Assert.NotNull(app.Slack.Workspace.ChannelNamed("crisis-1-checkout-freezes"));
        Assert.NotNull(app.Slack.Workspace.ChannelNamed("crisis-2-checkout-freezes"));
    }

    [Fact]
    public async Task A_title_in_another_script_still_gets_valid_channel_names()
    {
        await using var app = await WarRoomApp.StartAsync();

        await app.CrisisAsync("open 決済が止まった 🔥");
        await app.SettleAsync();

        Assert.Single(app.Slack.Workspace.ChannelNamed("crisis-1")!.Messages);
        Assert.Single(app.Slack.Workspace.ChannelNamed("crisis-1-biz")!.Messages);
        Assert.Contains("決済が止まった", app.Slack.Workspace.ChannelNamed("crisis-1")!.Messages[0].VisibleText);
    }

    [Fact]
    public async Task The_acknowledgement_does_not_wait_for_a_slow_slack()
    {
        await using var app = await WarRoomApp.StartAsync();
        app.Slack.Faults.Latency = TimeSpan.FromSeconds(2);

        var ack = await app.CrisisAsync($"open {Title}");

        // Every Slack call takes two seconds, so if the reply had waited for Slack a room would already exist.
        Assert.Contains("Opening crisis 1", ack.Text);
        Assert.DoesNotContain(app.Slack.Workspace.Calls, c => c.Method == "conversations.create" && c.Ok);

        await app.SettleAsync();
        Assert.Single(app.Slack.Workspace.ChannelNamed(TechName)!.Messages);
    }

    [Fact]
    public async Task Rate_limits_and_server_errors_still_deliver_every_message_exactly_once()
    {
        await using var app = await WarRoomApp.StartAsync();
        app.Slack.Faults.RateLimit("chat.postMessage", times: 2, retryAfterSeconds: 1);
        app.Slack.Faults.ServerError("conversations.create", times: 2);
        app.Slack.Faults.ServerError("pins.add", times: 1, status: 503);
        app.Slack.Faults.RateLimit("conversations.invite", times: 1, retryAfterSeconds: 1);
        app.Slack.Faults.ServerError("users.info", times: 1, status: 502);

        var ack = await app.CrisisAsync($"open {Title} sev1");
        await app.SettleAsync();

        Assert.Single(app.Slack.Workspace.ChannelNamed(TechName)!.Messages);
        Assert.Single(app.Slack.Workspace.ChannelNamed(BizName)!.Messages);
        Assert.Single(app.Slack.Workspace.ChannelNamed(TechName)!.Pins);
        Assert.Equal(3, app.Slack.Workspace.Channels.Count);
        Assert.Single(app.Slack.Workspace.ResponsesFor(ack.ResponseUrlId));
        Assert.Contains(app.Slack.Workspace.Calls, c => c.HttpStatus == 429);
    }

    [Theory]
    [InlineData("conversations.create")]
    [InlineData("conversations.invite")]
    [InlineData("conversations.setTopic")]
    [InlineData("chat.postMessage")]
    [InlineData("pins.add")]
    public async Task A_host_stopped_in_the_middle_of_a_slack_call_resumes_without_losing_or_repeating_anything(string method)
    {
        await using var app = await WarRoomApp.StartAsync();
        app.Slack.Faults.HangAfterApplying(method);

        var ack = await app.CrisisAsync($"open {Title} customer: Acme Retail");
        using var wait = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await app.Slack.Faults.WaitForHangAsync(wait.Token);
        await app.RestartAsync();
        await app.SettleAsync();

        var crisisChannels = app.Slack.Workspace.Channels.Where(c => c.Name.StartsWith("crisis-", StringComparison.Ordinal)).ToList();
        Assert.Equal([TechName, BizName], crisisChannels.Select(c => c.Name).Order());
        Assert.All(crisisChannels, c => Assert.Single(c.Messages));
        Assert.All(crisisChannels, c => Assert.Single(c.Pins));
        Assert.Single(app.Slack.Workspace.ResponsesFor(ack.ResponseUrlId));
    }

    [Fact]
    public async Task A_crisis_accepted_before_a_restart_is_built_after_it()
    {
        await using var app = await WarRoomApp.StartAsync();
        app.Slack.Faults.Latency = TimeSpan.FromSeconds(30);

        await app.CrisisAsync($"open {Title}");
        await app.RestartAsync();
        app.Slack.Faults.Latency = TimeSpan.Zero;
        await app.SettleAsync();

        Assert.Single(app.Slack.Workspace.ChannelNamed(TechName)!.Messages);
        Assert.Single(app.Slack.Workspace.ChannelNamed(BizName)!.Messages);
    }

    [Fact]
    public async Task When_slack_refuses_a_private_channel_the_opener_is_told_why()
    {
        await using var app = await WarRoomApp.StartAsync();
        app.Slack.Faults.Error("conversations.create", "restricted_action", times: 1);

        var ack = await app.CrisisAsync($"open {Title}");
        await app.SettleAsync();

        var links = Assert.Single(app.Slack.Workspace.ResponsesFor(ack.ResponseUrlId));
        Assert.Contains("restricted_action", links.Text);
        Assert.Contains("creating the technical channel", links.Text);
        var biz = app.Slack.Workspace.ChannelNamed(BizName)!;
        Assert.Contains("could not be created", Assert.Single(biz.Messages).VisibleText);
    }

    [Fact]
    public async Task Open_without_a_title_opens_a_form_whose_submission_opens_the_crisis()
    {
        await using var app = await WarRoomApp.StartAsync();

        var ack = await app.CrisisAsync("open");
        await app.SettleAsync();
        var form = Assert.Single(app.Slack.Workspace.Views);
        Assert.Equal("open_crisis", form.CallbackId);
        Assert.Equal(ack.TriggerId, form.TriggerId);

        var submitted = await app.Sender.SubmitViewAsync(form, WarRoomApp.Alice, new Dictionary<string, ViewInput>
        {
            ["title"] = new("value", Value: "Payments rejected"),
            ["severity"] = new("value", SelectedOption: "sev1"),
            ["customer"] = new("value", Value: "Acme Retail"),
            ["owner"] = new("value", SelectedUser: WarRoomApp.Bob),
        });
        await app.SettleAsync();

        Assert.Equal(HttpStatusCode.OK, submitted.Status);
        Assert.True(string.IsNullOrEmpty(submitted.Body), "an empty 200 closes the form");
        var tech = app.Slack.Workspace.ChannelNamed("crisis-1-payments-rejected")!;
        Assert.Contains("<@U0BOB>", Assert.Single(tech.Messages).VisibleText);
        Assert.Contains("sev1", tech.Messages[0].VisibleText);
        Assert.Contains($"<#{tech.Id}>", Assert.Single(app.Slack.Workspace.ResponsesFor(ack.ResponseUrlId)).Text);
    }

    [Fact]
    public async Task A_form_without_a_title_comes_back_with_the_field_error_and_opens_nothing()
    {
        await using var app = await WarRoomApp.StartAsync();
        await app.CrisisAsync("open");
        await app.SettleAsync();

        var submitted = await app.Sender.SubmitViewAsync(app.Slack.Workspace.Views[0], WarRoomApp.Alice, new Dictionary<string, ViewInput>
        {
            ["title"] = new("value", Value: "   "),
            ["severity"] = new("value", SelectedOption: "sev2"),
        });
        await app.SettleAsync();

        Assert.Equal("errors", submitted.Json?["response_action"]?.GetValue<string>());
        Assert.Contains("customer is suffering", submitted.Json?["errors"]?["title"]?.GetValue<string>());
        Assert.DoesNotContain(app.Slack.Workspace.Channels, c => c.Name.StartsWith("crisis-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Broadcast_markup_typed_into_a_title_and_customer_shows_as_typed_but_notifies_nobody()
    {
        await using var app = await WarRoomApp.StartAsync();

        // Slack sends what the person typed with &, < and > as entities: they typed <!channel> and <!here> literally.
        var ack = await app.CrisisAsync("open &lt;!channel&gt; checkout down customer: &lt;!here&gt;");
        await app.SettleAsync();

        var rooms = app.Slack.Workspace.Channels.Where(c => c.Name.StartsWith("crisis-1", StringComparison.Ordinal)).ToList();
        var tech = Assert.Single(rooms, c => !c.Name.EndsWith("-biz", StringComparison.Ordinal));
        var biz = Assert.Single(rooms, c => c.Name.EndsWith("-biz", StringComparison.Ordinal));
        var links = Assert.Single(app.Slack.Workspace.ResponsesFor(ack.ResponseUrlId));
        var sent = new Dictionary<string, string>
        {
            ["technical topic"] = tech.Topic,
            ["technical purpose"] = tech.Purpose,
            ["business topic"] = biz.Topic,
            ["business purpose"] = biz.Purpose,
            ["technical kickoff"] = Assert.Single(tech.Messages).Text + "\n" + tech.Messages[0].VisibleText,
            ["business kickoff"] = Assert.Single(biz.Messages).Text + "\n" + biz.Messages[0].VisibleText,
            ["reply"] = ack.Text,
            ["links"] = links.Text,
        };

        foreach (var (where, text) in sent)
        {
            Assert.False(text.Contains("<!channel>", StringComparison.Ordinal) || text.Contains("<!here>", StringComparison.Ordinal), $"{where}: {text}");
            Assert.DoesNotContain("<!", text.Replace("<!date^", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        Assert.Contains("&lt;!channel&gt; checkout down", tech.Purpose, StringComparison.Ordinal);
        Assert.Contains("&lt;!here&gt;", tech.Topic, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt; checkout down", biz.Messages[0].VisibleText, StringComparison.Ordinal);
        Assert.Contains("&lt;!here&gt;", biz.Messages[0].VisibleText, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt; checkout down", ack.Text, StringComparison.Ordinal);
        Assert.Contains("&lt;!here&gt;", ack.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_title_pasted_with_terminal_colour_codes_opens_a_crisis_named_without_them()
    {
        await using var app = await WarRoomApp.StartAsync();
        await app.CrisisAsync("open");
        await app.SettleAsync();

        await app.Sender.SubmitViewAsync(app.Slack.Workspace.Views[0], WarRoomApp.Alice, new Dictionary<string, ViewInput>
        {
            ["title"] = new("value", Value: "\u001b[31mPayments rejected\u001b[0m\u0007"),
            ["severity"] = new("value", SelectedOption: "sev2"),
            ["customer"] = new("value", Value: "\u001b[1mAcme\u001b[0m \u202ERetail"),
        });
        await app.SettleAsync();

        var tech = app.Slack.Workspace.ChannelNamed("crisis-1-payments-rejected")!;
        Assert.Equal("Crisis 1: Payments rejected. Technical room: theories, deadlines, facts.", tech.Purpose);
        Assert.Contains(" · Acme Retail · ", tech.Topic, StringComparison.Ordinal);
    }
}
