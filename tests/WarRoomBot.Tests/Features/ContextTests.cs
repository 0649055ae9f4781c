using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Issue 15 item 1, the customer's context end to end: recorded in a crisis's channel or in the open form, shown first in
/// the pinned business kickoff (refreshed in place when added later) and in every digest, with earlier entries kept. The
/// sev1 room is Alice's, for Acme Retail; the first business update is promised 30 minutes in.
/// </summary>
public sealed class ContextTests
{
    private const string Tills = "The store managers called when the tills froze at opening; every frozen till is a queue walking out";

    private const string Saturday = "Saturday is their busiest day";

    [Fact]
    public async Task Context_added_after_the_kickoff_refreshes_the_pinned_business_kickoff_in_place_and_opens_the_next_digest()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        var before = room.PinnedKickoff(room.Biz);
        Assert.DoesNotContain("What this means", before.VisibleText);

        var reply = await room.CrisisAsync("context " + Tills, WarRoomApp.Carol);
        await room.App.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.Equal(
            $":speech_balloon: Recorded the customer's context (1 on record). It shows first, under \"What this means for Acme Retail\", in the pinned kickoff in <#{room.Biz}> and in every digest.",
            reply.Text);
        var kickoff = room.PinnedKickoff(room.Biz);
        Assert.Equal(before.Ts, kickoff.Ts);
        Assert.True(kickoff.Edited);
        Assert.StartsWith($"*What this means for Acme Retail*\n> {Tills}", kickoff.VisibleText[kickoff.VisibleText.IndexOf("*What this means", StringComparison.Ordinal)..]);
        Assert.True(kickoff.VisibleText.IndexOf("What this means", StringComparison.Ordinal) < kickoff.VisibleText.IndexOf("*Accountable owner:*", StringComparison.Ordinal));
        Assert.False(room.PinnedKickoff(room.Tech).Edited);
        Assert.DoesNotContain("What this means", room.PinnedKickoff(room.Tech).VisibleText);

        await room.CrisisAsync("context " + Saturday, WarRoomApp.Bob);
        await room.App.SettleAsync();
        Assert.Contains($"> {Tills}\n> {Saturday}", room.PinnedKickoff(room.Biz).VisibleText);
        Assert.Equal((2, 0), room.CountRefreshes());

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(30));
        var digest = Assert.Single(room.InBiz("business update 1")).VisibleText;
        var heading = digest.IndexOf("*What this means for Acme Retail*", StringComparison.Ordinal);
        Assert.True(heading >= 0 && heading < digest.IndexOf("*Impact:*", StringComparison.Ordinal), digest);
        Assert.Contains($"> {Tills}\n> {Saturday}", digest);

        var added = (await TimelineAsync(room.App)).OfType<CrisisEvent.ContextAdded>().ToList();
        Assert.Equal([new UserId(WarRoomApp.Carol), new UserId(WarRoomApp.Bob)], added.Select(a => a.By));
        Assert.All(added, a => Assert.Equal(WarRoomApp.Start, a.At));
    }

    [Fact]
    public async Task Context_given_in_the_open_form_is_in_the_business_kickoff_from_the_start_and_names_the_customer_generically_when_none_is_given()
    {
        await using var app = await WarRoomApp.StartAsync();
        await app.CrisisAsync("open");
        await app.SettleAsync();

        var submitted = await app.Sender.SubmitViewAsync(Assert.Single(app.Slack.Workspace.Views), WarRoomApp.Alice, new Dictionary<string, ViewInput>
        {
            ["title"] = new("value", Value: "Payments rejected"),
            ["severity"] = new("value", SelectedOption: "sev1"),
            ["context"] = new("value", Value: Tills),
        });
        await app.SettleAsync();

        Assert.Equal(HttpStatusCode.OK, submitted.Status);
        var biz = app.Slack.Workspace.ChannelNamed("crisis-1-payments-rejected-biz")!;
        var kickoff = biz.Message(Assert.Single(biz.Pins))!;
        Assert.Contains($"*What this means for the customer*\n> {Tills}", kickoff.VisibleText);
        Assert.False(kickoff.Edited);
        Assert.DoesNotContain(app.Slack.Workspace.CallsTo("chat.update"), c => c.Ok);
        var added = Assert.Single((await TimelineAsync(app)).OfType<CrisisEvent.ContextAdded>());
        Assert.Equal(new CrisisEvent.ContextAdded(1, Tills, true, new UserId(WarRoomApp.Alice), WarRoomApp.Start), added);
    }

    [Fact]
    public async Task An_over_long_context_in_the_open_form_comes_back_under_its_field_and_opens_nothing()
    {
        await using var app = await WarRoomApp.StartAsync();
        await app.CrisisAsync("open");
        await app.SettleAsync();

        var submitted = await app.Sender.SubmitViewAsync(app.Slack.Workspace.Views[0], WarRoomApp.Alice, new Dictionary<string, ViewInput>
        {
            ["title"] = new("value", Value: "Payments rejected"),
            ["severity"] = new("value", SelectedOption: "sev1"),
            ["context"] = new("value", Value: new string('x', ContextRules.MaxTextLength + 1)),
        });
        await app.SettleAsync();

        Assert.Equal("errors", submitted.Json?["response_action"]?.GetValue<string>());
        Assert.Equal($"Keep the customer's context under {ContextRules.MaxTextLength} characters; put the detail in the technical channel.",
            submitted.Json?["errors"]?["context"]?.GetValue<string>());
        Assert.DoesNotContain(app.Slack.Workspace.Channels, c => c.Name.StartsWith("crisis-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Empty_over_long_or_out_of_place_context_is_refused_with_the_usage_and_records_nothing()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var empty = await room.CrisisAsync("context   ");
        var tooLong = await room.CrisisAsync("context " + new string('x', ContextRules.MaxTextLength + 1));
        var elsewhere = await room.App.CrisisAsync("context " + Tills, WarRoomApp.Alice, room.App.General);
        await room.App.SettleAsync();

        Assert.StartsWith(":x: Say what brought it to the customer's attention and why it hurts them, in their words.\n", empty.Text);
        Assert.EndsWith("\n`/crisis context &lt;what brought it to their attention, and why it hurts them&gt;`", empty.Text);
        Assert.StartsWith($":x: The customer's context is {ContextRules.MaxTextLength + 1} characters; keep it under {ContextRules.MaxTextLength}", tooLong.Text);
        Assert.Equal(":x: `/crisis context` works in a crisis's technical or business channel, so it goes on that crisis's record. Run it there.", elsewhere.Text);
        Assert.Empty((await TimelineAsync(room.App)).OfType<CrisisEvent.ContextAdded>());
        Assert.False(room.PinnedKickoff(room.Biz).Edited);
    }

    private static async Task<IReadOnlyList<CrisisEvent>> TimelineAsync(WarRoomApp app) =>
        (await app.Services.GetRequiredService<ICrisisStore>().LoadAsync(new CrisisId(1), CancellationToken.None))!.Events;
}
