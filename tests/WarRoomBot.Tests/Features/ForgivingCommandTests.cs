namespace WarRoomBot.Tests.Features;

/// <summary>Issue 7, "Forgiving at 3 a.m.": what a tired person reads back after typing a command wrong.</summary>
public sealed class ForgivingCommandTests
{
    [Fact]
    public async Task A_mistyped_verb_is_answered_with_the_verb_it_was_meant_to_be_and_records_nothing()
    {
        await using var app = await WarRoomApp.StartAsync();

        var reply = await app.CrisisAsync("theroy the payment cache is stale prove flush one cache by 45m");
        await app.SettleAsync();

        Assert.True(reply.IsEphemeral);
        // Slack shows &lt; and &gt; as < and >; raw, they would be read as markup.
        Assert.Equal(
            ":x: `theroy` is not a /crisis command. Did you mean `theory`?\n"
            + "You typed `/crisis theroy the payment cache is stale prove flush one cache by 45m`\n"
            + "*Usage:* `/crisis theory [anyway] &lt;statement&gt; prove &lt;plan&gt; by &lt;time&gt;`\n"
            + "*Example:* `/crisis theory the payment cache is stale prove flush one store's cache by 45m`",
            reply.Text);
        Assert.Empty(app.Slack.Workspace.Calls);
    }

    [Fact]
    public async Task Words_after_debrief_are_echoed_and_refused_with_its_usage()
    {
        await using var app = await WarRoomApp.StartAsync();

        var reply = await app.CrisisAsync("debrief for Acme <ops>");
        await app.SettleAsync();

        Assert.True(reply.IsEphemeral);
        // Slack shows &lt; and &gt; as < and >; raw, they would be read as markup.
        Assert.Equal(
            ":x: `debrief` takes only the crisis's number (`for Acme &lt;ops&gt;` was added); it writes the whole record of the crisis.\n"
            + "`/crisis debrief [#&lt;crisis number&gt;]`",
            reply.Text);
        Assert.Empty(app.Slack.Workspace.Calls);
        Assert.Empty(app.Slack.Workspace.Files);
    }

    [Fact]
    public async Task A_deadline_that_names_its_zone_is_due_then_in_that_zone_whoever_types_it()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        room.Workspace.AddUser("U0TARO", "taro", "Taro Sato", timeZone: "Asia/Tokyo", tzOffsetSeconds: 32400);
        room.Workspace.AddMember(room.Tech, "U0TARO");
        var elevenPmUtc = new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.Zero);

        var reply = await room.CrisisAsync("deadline Collect POS logs from store 12 by 23:00 UTC", "U0TARO");
        await room.App.SettleAsync();

        Assert.Contains("D1", reply.Text);
        Assert.Contains(DeadlineRoom.DateToken(elevenPmUtc), reply.Text);
        Assert.Contains(DeadlineRoom.DateToken(elevenPmUtc), Assert.Single(room.InTech("Next step")).VisibleText);
    }

    [Fact]
    public async Task A_deadline_in_an_ambiguous_zone_is_refused_with_a_form_that_works_and_posts_nothing()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        var posted = room.TechMessages.Count;

        var reply = await room.CrisisAsync("deadline Collect POS logs from store 12 by 18:30 CST");
        await room.App.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.Equal(
            ":x: `18:30 CST`: `CST` means different zones (US Central, China or Cuba), so I will not guess. "
            + "Write the zone's name, e.g. `18:30 America/Chicago`, which follows its clocks, or an offset, e.g. `18:30 UTC-6`.\n"
            + "`/crisis deadline [anyway] &lt;next step&gt; by &lt;time&gt; [for T1]`",
            reply.Text);
        Assert.Equal(posted, room.TechMessages.Count);
    }

    [Fact]
    public async Task Opening_with_two_severities_is_refused_and_creates_no_channel()
    {
        await using var app = await WarRoomApp.StartAsync();

        var reply = await app.CrisisAsync("open Checkout slow sev3 sev2");
        await app.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.Equal(
            ":x: Two severities were given (sev3 and sev2); give one.\n"
            + "`/crisis open &lt;title&gt; [sev1..sev4] [customer: &lt;name&gt;] [owner: @user]`",
            reply.Text);
        Assert.Empty(app.Slack.Workspace.Calls);
    }
}
