using System.Text.Json.Nodes;
using SlackEmulator;
using WarRoomBot.Slack.Blocks;
using WarRoomBot.Tests.Slack;
using WarRoomBot.Tests.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Issue 11 item 2, <c>/crisis list</c> end to end: the open crises, worst first, answered privately from the stores'
/// listings, on the embedded store and on PostgreSQL.
/// </summary>
public sealed class ListTests
{
    private static readonly DateTimeOffset Start = WarRoomApp.Start;

    [Fact]
    public async Task Open_crises_are_listed_privately_worst_first_with_channel_severity_customer_owner_age_next_deadline_and_next_update()
    {
        await using var app = await WarRoomApp.StartAsync();
        await OpenThreeAsync(app);

        var reply = await app.CrisisAsync("list", WarRoomApp.Dave);

        Assert.True(reply.IsEphemeral);
        Assert.Equal(
        [
            "*3 open crises*, worst first",
            $"*sev1* <#{Tech(app, "crisis-3-login-slow")}> *Initech: Login slow*\n"
                + "Owner <@U0ALICE> · open 10 minutes · priority 35\n"
                + $"Next deadline: {Mrkdwn.Time(Start.AddMinutes(55))} (in 35 minutes) · Next update: {Mrkdwn.Time(Start.AddMinutes(40))} (in 20 minutes)",
            $"*sev1* <#{Tech(app, "crisis-2-payments-down")}> *Globex: Payments down*\n"
                + "Owner <@U0BOB> · open 15 minutes · impact not assessed\n"
                + $"Next deadline: none open · Next update: {Mrkdwn.Time(Start.AddMinutes(35))} (in 15 minutes)",
            $"*sev2* <#{Tech(app, "crisis-1-checkout-freezes")}> *Acme Retail: Checkout freezes*\n"
                + "Owner <@U0ALICE> · open 20 minutes · impact not assessed\n"
                + $"Next deadline: none open · Next update: {Mrkdwn.Time(Start.AddMinutes(60))} (in 40 minutes)",
        ],
        Sections(reply));
    }

    [Fact]
    public async Task A_resolved_crisis_is_listed_as_awaiting_the_customer_after_the_open_ones_of_its_severity_until_the_customer_accepts()
    {
        await using var app = await WarRoomApp.StartAsync();
        await OpenThreeAsync(app);
        var tech = Tech(app, "crisis-3-login-slow");
        await app.CrisisAsync("resolve flushed the session cache in every region abandon", WarRoomApp.Alice, tech);
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));

        var resolved = Sections(await app.CrisisAsync("list", WarRoomApp.Dave));

        Assert.Equal(
        [
            "*3 open crises*, worst first",
            $"*sev1* <#{Tech(app, "crisis-2-payments-down")}> *Globex: Payments down*\n"
                + "Owner <@U0BOB> · open 20 minutes · impact not assessed\n"
                + $"Next deadline: none open · Next update: {Mrkdwn.Time(Start.AddMinutes(35))} (in 10 minutes)",
            $"*sev1* <#{tech}> *Initech: Login slow*\n"
                + "Owner <@U0ALICE> · open 15 minutes · priority 35\n"
                + $"Resolved {Mrkdwn.Time(Start.AddMinutes(20))}, awaiting the customer's confirmation · "
                + $"Next update: {Mrkdwn.Time(Start.AddMinutes(20).AddHours(4))} (in 3 hours 55 minutes)",
            $"*sev2* <#{Tech(app, "crisis-1-checkout-freezes")}> *Acme Retail: Checkout freezes*\n"
                + "Owner <@U0ALICE> · open 25 minutes · impact not assessed\n"
                + $"Next deadline: none open · Next update: {Mrkdwn.Time(Start.AddMinutes(60))} (in 35 minutes)",
        ],
        resolved);

        await app.CrisisAsync("accepted Initech's support lead confirmed logins are fast again", WarRoomApp.Alice, tech);

        var accepted = Sections(await app.CrisisAsync("list", WarRoomApp.Dave));
        Assert.Equal("*2 open crises*, worst first", accepted[0]);
        Assert.Equal([resolved[1], resolved[3]], accepted[1..]);
    }

    [Fact]
    public async Task With_no_crisis_open_the_list_says_so()
    {
        await using var app = await WarRoomApp.StartAsync();

        var reply = await app.CrisisAsync("list");

        Assert.True(reply.IsEphemeral);
        Assert.Equal([":white_check_mark: *No open crises.*"], Sections(reply));
    }

    [Fact]
    public async Task Beyond_twenty_open_crises_the_list_shows_the_twenty_worst_and_says_how_many_more_are_open()
    {
        await using var app = await WarRoomApp.StartAsync();
        for (var i = 1; i <= 22; i++)
            await app.CrisisAsync($"open Store {i} offline {(i == 22 ? "sev1" : "sev3")}");
        await app.SettleAsync();

        var reply = await app.CrisisAsync("list");

        var sections = Sections(reply);
        Assert.Equal(21, sections.Count);
        Assert.Equal("*22 open crises*, worst first", sections[0]);
        Assert.StartsWith("*sev1* ", sections[1]);
        Assert.Contains("*Store 22 offline*", sections[1]);
        Assert.Contains("*Store 1 offline*", sections[2]);
        Assert.Contains("*Store 19 offline*", sections[^1]);
        Assert.Equal("…and 2 more not shown (the 20 worst are above).", Contexts(reply).Single());
    }

    [Theory]
    [InlineData("list sev1", "`sev1`")]
    [InlineData("list 42", "`42`")]
    [InlineData("list all open crises", "`all open crises`")]
    public async Task Anything_after_list_is_refused_naming_what_was_added_with_the_usage(string typed, string echoed)
    {
        await using var app = await WarRoomApp.StartAsync();

        var reply = await app.CrisisAsync(typed);

        Assert.True(reply.IsEphemeral);
        Assert.Equal(
            $":x: `list` takes nothing after it ({echoed} was added); it lists every open crisis, worst first. "
            + "For one crisis, name it: `/crisis status 42`.\n`/crisis list`",
            reply.Text);
    }

    [PostgresFact]
    public async Task On_a_shared_store_the_list_reads_the_same_rows_in_the_same_order_after_a_restart()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var app = await WarRoomApp.StartAsync(
            new() { ["Storage:Provider"] = "Postgres", ["Storage:ConnectionString"] = database.ConnectionString });
        await OpenThreeAsync(app);
        await app.CrisisAsync("owner <@U0CAROL> because Bob is off shift", WarRoomApp.Bob, Tech(app, "crisis-2-payments-down"));
        await app.RestartAsync();

        var sections = Sections(await app.CrisisAsync("list", WarRoomApp.Dave));

        Assert.Equal(4, sections.Count);
        Assert.StartsWith($"*sev1* <#{Tech(app, "crisis-3-login-slow")}> *Initech: Login slow*\nOwner <@U0ALICE> · open 10 minutes · priority 35", sections[1]);
        Assert.StartsWith($"*sev1* <#{Tech(app, "crisis-2-payments-down")}> *Globex: Payments down*\nOwner <@U0CAROL> · open 15 minutes", sections[2]);
        Assert.StartsWith($"*sev2* <#{Tech(app, "crisis-1-checkout-freezes")}>", sections[3]);
    }

    /// <summary>
    /// A sev2 at the start, a sev1 Bob owns 5 minutes later with no impact recorded, and a sev1 10 minutes in whose impact
    /// scores 35 (2,000 users 20, a global scope 15) with D1 due 45 minutes after it; the clock then stands 20 minutes in.
    /// </summary>
    private static async Task OpenThreeAsync(WarRoomApp app)
    {
        await app.CrisisAsync("open Checkout freezes sev2 customer: Acme Retail");
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));
        await app.CrisisAsync("open Payments down sev1 customer: Globex owner: <@U0BOB>");
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));
        await app.CrisisAsync("open Login slow sev1 customer: Initech");
        await app.SettleAsync();
        var tech = Tech(app, "crisis-3-login-slow");
        await app.CrisisAsync("impact users 2000 scope global", WarRoomApp.Carol, tech);
        await app.CrisisAsync("theory the session cache is stale prove flush one region's cache by 45m", WarRoomApp.Alice, tech);
        await app.AdvanceAsync(TimeSpan.FromMinutes(10));
    }

    private static string Tech(WarRoomApp app, string name) => app.Slack.Workspace.ChannelNamed(name)!.Id;

    private static List<string> Sections(CommandReply reply) => Texts(reply, "section");

    private static List<string> Contexts(CommandReply reply) => Texts(reply, "context");

    private static List<string> Texts(CommandReply reply, string type) =>
        [.. reply.Json!["blocks"]!.AsArray().OfType<JsonObject>().Where(b => (string?)b["type"] == type).SelectMany(b => Rendered.Texts(b))];
}
