using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Features.Watch;
using WarRoomBot.Storage;
using WarRoomBot.Tests.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Issue 15 item 3, the watch list in Slack: <c>/crisis watch</c> answers privately with the customers at risk and their
/// reasons in numbers, an "Open a crisis" button beside each without a crisis; the button opens the open form prefilled;
/// the daily post appears once a day at its time, however often the bot restarts. The thresholds are the defaults:
/// 5 cases in 14 days, or a priority-1 case open more than 48 h. The clock starts at 14:00 UTC.
/// </summary>
public sealed class WatchTests
{
    private static readonly DateTimeOffset Now = WarRoomApp.Start;

    private const string AcmeReasons = "5 cases in 14 days; 1 priority-1 case open more than 48 h";

    private const string NobodyAtRisk =
        "No customer has 5 or more support cases opened within 14 days, or a priority-1 case open more than 48 h.";

    [Fact]
    public async Task Watch_lists_a_customer_at_risk_privately_with_the_reasons_in_numbers_and_an_open_a_crisis_button()
    {
        await using var app = await WarRoomApp.StartAsync();
        await SeedAsync(app);

        var reply = await app.CrisisAsync("watch", WarRoomApp.Dave);

        Assert.True(reply.IsEphemeral);
        var blocks = Blocks(reply);
        Assert.Equal(
        [
            ":eyes: *Watch list: 1 customer at risk*",
            $"*Acme Retail*: {AcmeReasons}",
        ],
        blocks.Where(b => (string?)b!["type"] == "section").Select(b => (string)b!["text"]!["text"]!));
        var button = blocks[1]!["accessory"]!;
        Assert.Equal(("Open a crisis", WatchBlocks.OpenAction, "Acme Retail"), ((string)button["text"]!["text"]!, (string)button["action_id"]!, (string)button["value"]!));
        Assert.DoesNotContain("Globex", reply.Text);
        Assert.Equal("At risk: 5 or more support cases opened within 14 days, or a priority-1 case open more than 48 h.", (string)blocks[^1]!["elements"]![0]!["text"]!);
    }

    [Fact]
    public async Task A_customer_with_an_open_crisis_is_marked_with_its_number_and_technical_channel_and_offered_no_button()
    {
        await using var app = await WarRoomApp.StartAsync();
        await SeedAsync(app);
        await app.CrisisAsync("open Registers freeze sev1 customer: acme retail");
        await app.SettleAsync();
        var tech = app.Slack.Workspace.ChannelNamed("crisis-1-registers-freeze")!.Id;

        var reply = await app.CrisisAsync("watch", WarRoomApp.Dave);

        var acme = Blocks(reply)[1]!;
        Assert.Equal($"*Acme Retail*: {AcmeReasons}\n:rotating_light: Crisis 1 is open for them: <#{tech}>", (string)acme["text"]!["text"]!);
        Assert.Null(acme["accessory"]);
        Assert.DoesNotContain(Blocks(reply), b => b!["accessory"] is not null);
    }

    [Fact]
    public async Task Nobody_at_risk_is_said_in_one_line_naming_the_thresholds()
    {
        await using var app = await WarRoomApp.StartAsync();
        await UpsertAsync(app, Case("G1", "Globex", CasePriority.P1, Now.AddHours(-47)));

        var reply = await app.CrisisAsync("watch", WarRoomApp.Dave);

        Assert.True(reply.IsEphemeral);
        Assert.Equal($":white_check_mark: *Watch list: nobody at risk.* {NobodyAtRisk}", Assert.Single(Blocks(reply))!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_works_over_socket_mode_too()
    {
        await using var app = await WarRoomApp.StartAsync(socketMode: true);
        await SeedAsync(app);

        var reply = await app.CrisisAsync("watch", WarRoomApp.Dave);

        Assert.Contains($"*Acme Retail*: {AcmeReasons}", reply.Text);
    }

    [Fact]
    public async Task The_button_opens_the_open_form_prefilled_and_submitting_it_opens_the_crisis_with_the_reasons_as_the_customers_context()
    {
        await using var app = await WarRoomApp.StartAsync();
        await SeedAsync(app);
        var reply = await app.CrisisAsync("watch", WarRoomApp.Bob);

        var click = await app.Sender.ClickButtonAsync(WarRoomApp.Bob, app.General, Shown(app, reply), WatchBlocks.OpenAction);
        await app.SettleAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, click.Status);
        var form = Assert.Single(app.Slack.Workspace.Views);
        Assert.Equal("open_crisis", form.CallbackId);
        Assert.Equal(WarRoomApp.Bob, form.UserId);
        var context = $"On the watch list: {AcmeReasons}.";
        Assert.Equal("Acme Retail: at risk from their support cases", Initial(form, "title"));
        Assert.Equal("Acme Retail", Initial(form, "customer"));
        Assert.Equal(context, Initial(form, "context"));

        var submitted = await app.Sender.SubmitViewAsync(form, WarRoomApp.Bob, new Dictionary<string, ViewInput>
        {
            ["title"] = new("value", Value: Initial(form, "title")),
            ["severity"] = new("value", SelectedOption: "sev2"),
            ["customer"] = new("value", Value: Initial(form, "customer")),
            ["context"] = new("value", Value: Initial(form, "context")),
            ["owner"] = new("value", SelectedUser: WarRoomApp.Bob),
        });
        await app.SettleAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, submitted.Status);
        var biz = app.Slack.Workspace.ChannelNamed("crisis-1-acme-retail-at-risk-from-their-support-cases-biz")!;
        Assert.Contains($"*What this means for Acme Retail*\n> {context}", biz.Message(Assert.Single(biz.Pins))!.VisibleText);
        var history = await app.Services.GetRequiredService<ICrisisStore>().LoadAsync(new CrisisId(1), CancellationToken.None);
        var crisis = history!.Fold();
        Assert.Equal(("Acme Retail", new UserId(WarRoomApp.Bob)), (crisis.Customer, crisis.Owner));
        Assert.Equal(context, Assert.Single(history.Events.OfType<CrisisEvent.ContextAdded>()).Text);

        // Once the crisis is open, the list marks the customer instead of offering a second crisis.
        Assert.Contains(":rotating_light: Crisis 1 is open for them", (await app.CrisisAsync("watch")).Text);
    }

    [Fact]
    public async Task A_button_clicked_after_a_crisis_was_opened_for_the_customer_opens_no_form_and_tells_the_clicker_where_it_is()
    {
        await using var app = await WarRoomApp.StartAsync();
        await SeedAsync(app);
        var reply = await app.CrisisAsync("watch", WarRoomApp.Bob);
        // Spelled otherwise than the support desk spells it: still the same customer.
        await app.CrisisAsync("open Registers freeze sev1 customer: ACME Retail, Inc.");
        await app.SettleAsync();
        var tech = app.Slack.Workspace.ChannelNamed("crisis-1-registers-freeze")!.Id;

        await app.Sender.ClickButtonAsync(WarRoomApp.Bob, app.General, Shown(app, reply), WatchBlocks.OpenAction);
        await app.SettleAsync();

        Assert.Empty(app.Slack.Workspace.Views);
        Assert.Contains(app.Slack.Workspace.Responses, r => r.Text
            == $":information_source: Crisis 1 is already open for ACME Retail, Inc.: <#{tech}>. Work it there, or see where it stands with `/crisis status 1`.");
        Assert.Single(app.Slack.Workspace.Channels, c => c.Name.StartsWith("crisis-", StringComparison.Ordinal) && !c.Name.EndsWith("-biz", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_daily_post_appears_once_when_the_clock_passes_its_time_and_not_again_after_a_restart()
    {
        await using var app = await StartWithWatchChannelAsync("15:00");
        await SeedAsync(app);
        await app.SettleAsync();
        Assert.Empty(WatchChannel(app).Messages);

        await app.AdvanceAsync(TimeSpan.FromMinutes(59));
        Assert.Empty(WatchChannel(app).Messages);
        await app.AdvanceAsync(TimeSpan.FromMinutes(1));

        var post = Assert.Single(WatchChannel(app).Messages);
        Assert.StartsWith($":eyes: *Watch list for Sunday 22 November: 1 customer at risk*\n*Acme Retail*: {AcmeReasons}", post.VisibleText);
        Assert.Equal(WatchBlocks.OpenAction, (string?)post.Blocks![1]!["accessory"]!["action_id"]);
        Assert.Equal("watch-2026-11-22", (string?)post.MetadataPayload!["key"]);

        await app.RestartAsync();
        await app.AdvanceAsync(TimeSpan.FromHours(2));
        Assert.Single(WatchChannel(app).Messages);

        // The next day's post comes at the next day's time.
        await app.AdvanceAsync(TimeSpan.FromHours(22));
        Assert.Equal(["watch-2026-11-22", "watch-2026-11-23"], WatchChannel(app).Messages.Select(m => (string?)m.MetadataPayload!["key"]));
    }

    [Fact]
    public async Task A_day_whose_post_time_passed_while_the_bot_was_down_is_posted_at_start_up_once_and_a_quiet_day_says_nobody_is_at_risk()
    {
        await using var app = await StartWithWatchChannelAsync("13:30");
        await app.SettleAsync();

        var post = Assert.Single(WatchChannel(app).Messages);
        Assert.Equal($":white_check_mark: *Watch list for Sunday 22 November: nobody at risk.* {NobodyAtRisk}", post.VisibleText);

        await app.RestartAsync();
        await app.SettleAsync();
        Assert.Single(WatchChannel(app).Messages);
    }

    [Fact]
    public async Task A_post_made_by_a_claimant_that_died_before_marking_the_day_is_found_by_its_metadata_and_not_made_again()
    {
        var logs = new LogCapture();
        await using var app = await StartWithWatchChannelAsync("15:00", logs: logs);

        // What a replica that died between posting and marking the day left behind: the post, in Slack only.
        var earlier = await app.Services.GetRequiredService<WarRoomBot.Slack.Api.ISlackApi>().PostMessageAsync(
            new(new ChannelId(WatchChannel(app).Id), "Watch list for Sunday 22 November: nobody at risk.", null, WatchPost.MetadataKey(new DateOnly(2026, 11, 22))),
            CancellationToken.None);
        await app.AdvanceAsync(TimeSpan.FromHours(1));
        await app.AdvanceAsync(WatchPost.CatchUpInterval);

        Assert.Equal(earlier, Assert.Single(WatchChannel(app).Messages).Ts);
        Assert.Single(app.Slack.Workspace.CallsTo("chat.postMessage"));
        Assert.Single(logs.Containing("The watch list for 2026-11-22 was already in channel"));
    }

    [Fact]
    public async Task The_post_time_is_read_in_the_configured_time_zone()
    {
        // 15:30 in Paris is 14:30 UTC in November.
        await using var app = await StartWithWatchChannelAsync("15:30", zone: "Europe/Paris");
        await app.AdvanceAsync(TimeSpan.FromMinutes(29));
        Assert.Empty(WatchChannel(app).Messages);

        await app.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Single(WatchChannel(app).Messages);
    }

    [Fact]
    public async Task A_watch_channel_the_bot_is_not_in_is_logged_naming_the_fix_and_not_tried_again_that_day()
    {
        var logs = new LogCapture();
        await using var app = await StartWithWatchChannelAsync("13:30", botIsMember: false, logs: logs);
        await app.SettleAsync();
        await app.AdvanceAsync(TimeSpan.FromMinutes(30));

        Assert.Empty(WatchChannel(app).Messages);
        Assert.Single(app.Slack.Workspace.CallsTo("chat.postMessage"), c => c.Error == "not_in_channel");
        var refused = Assert.Single(logs.Containing("Slack refused the watch list for"));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, refused.Level);
        Assert.Contains("(Slack said not_in_channel); it is not tried again today", refused.Message);
    }

    [PostgresFact]
    public async Task Two_replicas_on_one_database_post_the_days_watch_list_once()
    {
        string? channel = null;
        await using var replicas = await Replicas.StartAsync(seed: workspace =>
        {
            channel = AddWatchChannel(workspace, botIsMember: true);
            return new() { ["WarRoom:Watch:Channel"] = channel, ["WarRoom:Watch:PostAt"] = "15:00" };
        });
        await UpsertAsync(replicas.B.Services, AcmeCases());

        // Each replica's own scheduler may run the post as the clock passes 15:00, beside the runs asked for here.
        replicas.Time.Advance(TimeSpan.FromHours(1));
        await Task.WhenAll(
            replicas.A.Services.GetRequiredService<WatchPost>().RunDueAsync(CancellationToken.None),
            replicas.B.Services.GetRequiredService<WatchPost>().RunDueAsync(CancellationToken.None));
        replicas.Time.Advance(WatchPost.CatchUpInterval);
        await Task.WhenAll(
            replicas.A.Services.GetRequiredService<WatchPost>().RunDueAsync(CancellationToken.None),
            replicas.B.Services.GetRequiredService<WatchPost>().RunDueAsync(CancellationToken.None));

        Assert.Single(replicas.Slack.Workspace.CallsTo("chat.postMessage"), c => c.Ok);
        var post = Assert.Single(replicas.Slack.Workspace.Channels.Single(c => c.Id == channel).Messages);
        Assert.Contains($"*Acme Retail*: {AcmeReasons}", post.VisibleText);
    }

    /// <summary>
    /// Acme Retail: five cases in the last 14 days, one of them a priority-1 open three days; Globex: two cases, one an old
    /// closed priority-1, under both thresholds.
    /// </summary>
    private static SupportCase[] AcmeCases() =>
    [
        Case("A1", "Acme Retail", CasePriority.P1, Now.AddDays(-3)),
        Case("A2", "Acme Retail", CasePriority.P3, Now.AddDays(-5), closed: Now.AddDays(-4)),
        Case("A3", "Acme Retail", CasePriority.P2, Now.AddDays(-8)),
        Case("A4", "acme retail ", CasePriority.P4, Now.AddDays(-10), closed: Now.AddDays(-9)),
        Case("A5", "Acme Retail", CasePriority.P3, Now.AddDays(-13)),
        Case("A6", "Acme Retail", CasePriority.P3, Now.AddDays(-20), closed: Now.AddDays(-19)),
        Case("G1", "Globex", CasePriority.P1, Now.AddDays(-6), closed: Now.AddDays(-5)),
        Case("G2", "Globex", CasePriority.P2, Now.AddDays(-1)),
    ];

    private static Task SeedAsync(WarRoomApp app) => UpsertAsync(app.Services, AcmeCases());

    private static Task UpsertAsync(WarRoomApp app, params SupportCase[] cases) => UpsertAsync(app.Services, cases);

    private static Task UpsertAsync(IServiceProvider services, SupportCase[] cases) =>
        services.GetRequiredService<ISupportCaseStore>().UpsertAsync(cases, CancellationToken.None);

    private static SupportCase Case(string id, string customer, CasePriority priority, DateTimeOffset opened, DateTimeOffset? closed = null) =>
        new(id, customer, priority, opened, closed);

    private static Task<WarRoomApp> StartWithWatchChannelAsync(string postAt, string? zone = null, bool botIsMember = true, LogCapture? logs = null) =>
        WarRoomApp.StartAsync(replaceServices: logs is null ? null : logs.AddTo, seed: workspace =>
        {
            var settings = new Dictionary<string, string?> { ["WarRoom:Watch:Channel"] = AddWatchChannel(workspace, botIsMember), ["WarRoom:Watch:PostAt"] = postAt };
            if (zone is not null)
                settings["WarRoom:Watch:TimeZone"] = zone;
            return settings;
        });

    /// <summary>The channel the account managers and executives read, made by a person; the bot is in it once invited.</summary>
    private static string AddWatchChannel(Workspace workspace, bool botIsMember)
    {
        var channel = workspace.AddChannel("customer-watch", creator: WarRoomApp.Dave);
        if (botIsMember)
            workspace.AddMember(channel.Id, workspace.Users.Single(u => u.IsBot).Id);
        return channel.Id;
    }

    private static ChannelRecord WatchChannel(WarRoomApp app) => app.Slack.Workspace.ChannelNamed("customer-watch")!;

    private static JsonArray Blocks(CommandReply reply) => reply.Json!["blocks"]!.AsArray();

    /// <summary>The private reply as the message its reader clicks in: Slack sends the click with the reply's blocks.</summary>
    private static MessageRecord Shown(WarRoomApp app, CommandReply reply) => new()
    {
        Ts = "1700000000.000100",
        Channel = app.General,
        User = app.Slack.Workspace.Users.Single(u => u.IsBot).Id,
        Text = reply.Text,
        Blocks = (JsonArray)Blocks(reply).DeepClone(),
    };

    private static string Initial(ViewRecord form, string block) =>
        (string)form.View["blocks"]!.AsArray().Single(b => (string?)b!["block_id"] == block)!["element"]!["initial_value"]!;
}
