using Microsoft.Extensions.DependencyInjection;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Issue 11, "one accountable owner, always" end to end: handing the crisis over, the new owner's "I own this", the
/// escalation when nobody accepts, the owner's phone, and the sponsor. Alice (phone +1 555 0100 in her profile) opened a
/// sev1 crisis and owns it; Carol's profile has +44 20 7946 0000; Bob and Dave have no phone.
/// </summary>
public sealed class OwnerTests
{
    private const string HandToCarol = "owner <@U0CAROL|carol> because Alice is off shift";

    // ---------------------------------------------------------------- handing over

    [Fact]
    public async Task A_handover_is_recorded_announced_in_both_rooms_and_the_topics_and_pinned_kickoffs_show_the_new_owner_once_across_a_restart()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        var kickoffs = (Tech: room.PinnedKickoff(room.Tech), Biz: room.PinnedKickoff(room.Biz));
        Assert.Contains("<@U0ALICE> :telephone_receiver: +1 555 0100", kickoffs.Tech.VisibleText);

        var reply = await room.CrisisAsync(HandToCarol);
        await room.App.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.StartsWith(":handshake: Crisis 1 is handed over to <@U0CAROL>.", reply.Text);
        Assert.Contains("if nobody does within 15 minutes, <@U0ALICE> is asked to step in.", reply.Text);

        var post = Assert.Single(room.InTech("handed over to"));
        Assert.Contains("*Crisis 1 handed over to <@U0CAROL>* :telephone_receiver: +44 20 7946 0000", post.VisibleText);
        Assert.Contains("From <@U0ALICE> at", post.VisibleText);
        Assert.Contains("*Why:* Alice is off shift", post.VisibleText);
        Assert.Equal(["owner_accept"], DeadlineRoom.Buttons(post));
        var notice = Assert.Single(room.InBiz("New accountable owner"));
        Assert.Contains("*New accountable owner:* <@U0CAROL> :telephone_receiver: +44 20 7946 0000, taking over from <@U0ALICE>.", notice.VisibleText);
        Assert.Contains(WarRoomApp.Carol, room.Workspace.Channel(room.Biz).Members);

        foreach (var channel in new[] { room.Tech, room.Biz })
        {
            Assert.EndsWith("Owner: Carol Diaz +44 20 7946 0000", room.Workspace.Channel(channel).Topic);
            var kickoff = room.PinnedKickoff(channel);
            Assert.Contains("<@U0CAROL> :telephone_receiver: +44 20 7946 0000", kickoff.VisibleText);
            Assert.DoesNotContain("U0ALICE> :telephone_receiver:", kickoff.VisibleText);
            Assert.True(kickoff.Edited);
        }

        var calls = room.CountRefreshes();
        Assert.Equal((2, 2), calls);
        await room.App.RestartAsync();
        await room.App.SettleAsync();
        Assert.Equal(calls, room.CountRefreshes());
        Assert.Single(room.InTech("handed over to"));
        Assert.Single(room.InBiz("New accountable owner"));

        var handedOver = Assert.Single((await TimelineAsync(room)).OfType<CrisisEvent.OwnerHandedOver>());
        Assert.Equal(new CrisisEvent.OwnerHandedOver(1, new UserId(WarRoomApp.Alice), new UserId(WarRoomApp.Carol), null, "Alice is off shift",
            new UserId(WarRoomApp.Alice), WarRoomApp.Start), handedOver);
        Assert.Contains("owner <@U0CAROL>", await room.StatusAsync());
    }

    [Fact]
    public async Task A_restart_right_after_the_handover_still_announces_it_and_refreshes_each_room_once()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        await room.CrisisAsync(HandToCarol);
        await room.App.RestartAsync();
        await room.App.SettleAsync();
        await room.App.RestartAsync();
        await room.App.SettleAsync();

        Assert.Single(room.InTech("handed over to"));
        Assert.Single(room.InBiz("New accountable owner"));
        Assert.Equal((2, 2), room.CountRefreshes());
        Assert.Contains("<@U0CAROL> :telephone_receiver:", room.PinnedKickoff(room.Biz).VisibleText);
    }

    [Fact]
    public async Task A_lost_answer_to_the_kickoff_update_is_harmless_and_a_topic_slack_refuses_is_reported_to_the_owner_once()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        room.App.Slack.Faults.DropAnswerAfterApplying("chat.update");
        room.App.Slack.Faults.Error("conversations.setTopic", "missing_scope", times: 2);

        await room.CrisisAsync(HandToCarol);
        await room.App.SettleAsync();
        await room.App.RestartAsync();
        await room.App.SettleAsync();

        foreach (var channel in new[] { room.Tech, room.Biz })
        {
            Assert.Contains("<@U0CAROL> :telephone_receiver: +44 20 7946 0000", room.PinnedKickoff(channel).VisibleText);
            Assert.EndsWith("Owner: Alice Moreau +1 555 0100", room.Workspace.Channel(channel).Topic);
        }

        var report = Assert.Single(room.InTech("setting the technical channel topic to the new owner"));
        Assert.Contains("<@U0CAROL> I could not finish setting the technical channel topic to the new owner. Slack said `missing_scope`.", report.VisibleText);
        Assert.Single(room.InTech("setting the business channel topic to the new owner"));
        Assert.Equal(2, room.Workspace.CallsTo("conversations.setTopic").Count(c => !c.Ok));
        Assert.Single(room.InTech("handed over to"));
    }

    [Fact]
    public async Task A_phone_typed_with_the_handover_is_shown_and_an_owner_with_no_phone_is_asked_for_one_in_the_kickoffs()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        Assert.DoesNotContain("No phone number", room.PinnedKickoff(room.Tech).VisibleText);

        await room.CrisisAsync("owner <@U0BOB> because Bob knows the POS");
        await room.App.SettleAsync();

        foreach (var channel in new[] { room.Tech, room.Biz })
        {
            Assert.Contains("No phone number is on record for <@U0BOB>*, and the customer must be able to call the owner.", room.PinnedKickoff(channel).VisibleText);
            Assert.EndsWith("Owner: Bob Chen", room.Workspace.Channel(channel).Topic);
        }

        var reply = await room.CrisisAsync("owner <@U0BOB> phone +1 555 0199", WarRoomApp.Bob);
        await room.App.SettleAsync();

        Assert.Equal(":telephone_receiver: Recorded +1 555 0199 as the number the customer calls <@U0BOB> on; the topics and pinned kickoffs show it.", reply.Text);
        foreach (var channel in new[] { room.Tech, room.Biz })
        {
            var kickoff = room.PinnedKickoff(channel).VisibleText;
            Assert.Contains("<@U0BOB> :telephone_receiver: +1 555 0199", kickoff);
            Assert.DoesNotContain("No phone number", kickoff);
            Assert.EndsWith("Owner: Bob Chen +1 555 0199", room.Workspace.Channel(channel).Topic);
        }
    }

    [Fact]
    public async Task A_crisis_opened_for_an_owner_with_no_phone_says_so_in_both_kickoffs()
    {
        await using var app = await WarRoomApp.StartAsync();
        await app.CrisisAsync("open Checkout freezes sev1 owner: <@U0BOB>");
        await app.SettleAsync();

        foreach (var name in new[] { DeadlineRoom.TechName, DeadlineRoom.BizName })
        {
            var channel = app.Slack.Workspace.ChannelNamed(name)!;
            var kickoff = channel.Message(channel.Pins[0])!;
            Assert.Contains(":warning: *No phone number is on record for <@U0BOB>*, and the customer must be able to call the owner.", kickoff.VisibleText);
            Assert.Contains("add it to your Slack profile, or type `/crisis owner @you phone &lt;number&gt;`", kickoff.VisibleText);
        }
    }

    [Theory]
    [InlineData("owner <@U0CAROL>", ":x: A handover needs its reason")]
    [InlineData("owner <@U0CAROL> because", ":x: A handover needs its reason")]
    [InlineData("owner <@U0ALICE> because still mine", ":x: <@U0ALICE> already owns this crisis.")]
    [InlineData("owner carol because off shift", ":x: `carol` is not a person")]
    [InlineData("owner <@U0CAROL> phone call-me because off shift", ":x: `call-me` is not a phone number.")]
    public async Task A_handover_without_its_reason_to_the_same_owner_or_to_no_one_is_refused_with_the_usage_and_records_nothing(string command, string expected)
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var reply = await room.CrisisAsync(command);
        await room.App.SettleAsync();

        Assert.StartsWith(expected, reply.Text);
        Assert.Contains("`/crisis owner @user [phone &lt;number&gt;] because &lt;reason&gt;`", reply.Text);
        Assert.Empty((await TimelineAsync(room)).OfType<CrisisEvent.AboutOwnership>());
        Assert.Empty(room.InTech("handed over to"));
    }

    [Fact]
    public async Task Someone_who_is_neither_owner_sponsor_nor_opener_is_told_who_can_hand_over()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var reply = await room.CrisisAsync(HandToCarol, WarRoomApp.Bob);

        Assert.StartsWith(":x: Only the owner <@U0ALICE> can hand this crisis over; ask them.", reply.Text);
        Assert.Empty((await TimelineAsync(room)).OfType<CrisisEvent.AboutOwnership>());

        await room.CrisisAsync("sponsor <@U0DAVE>");
        var bySponsor = await room.CrisisAsync(HandToCarol, WarRoomApp.Dave);
        Assert.StartsWith(":handshake: Crisis 1 is handed over to <@U0CAROL>.", bySponsor.Text);
    }

    [Fact]
    public async Task Typed_outside_the_crisis_channels_it_says_where_it_works()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var reply = await room.App.CrisisAsync(HandToCarol);

        Assert.Equal(":x: `/crisis owner` works in a crisis's technical or business channel, so it applies to that crisis. Run it there.", reply.Text);
    }

    // ---------------------------------------------------------------- accepting, and escalating when nobody does

    [Fact]
    public async Task The_new_owner_accepts_with_the_button_the_post_says_so_in_place_and_nothing_is_escalated()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(HandToCarol);
        await room.App.SettleAsync();
        var post = Assert.Single(room.InTech("handed over to"));

        await room.ClickAsync(WarRoomApp.Bob, post, "owner_accept");
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(5));
        await room.ClickAsync(WarRoomApp.Carol, post, "owner_accept");
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(20));

        Assert.Contains(room.Workspace.Ephemerals, e => e.User == WarRoomApp.Bob && e.VisibleText == ":x: Only <@U0CAROL>, the new owner, can accept this handover.");
        Assert.Contains(room.Workspace.Ephemerals, e => e.User == WarRoomApp.Carol && e.VisibleText.StartsWith(":white_check_mark: You own crisis 1 now.", StringComparison.Ordinal));
        var shown = Assert.Single(room.InTech("handed over to"));
        Assert.Empty(DeadlineRoom.Buttons(shown));
        Assert.Contains(":white_check_mark: <@U0CAROL> accepted ownership at", shown.VisibleText);
        Assert.Empty(room.InBiz("has not accepted ownership"));
        Assert.Equal(
            [new CrisisEvent.OwnershipAccepted(1, new UserId(WarRoomApp.Carol), WarRoomApp.Start.AddMinutes(5))],
            (await TimelineAsync(room)).OfType<CrisisEvent.OwnershipAccepted>());
    }

    [Fact]
    public async Task Not_accepted_in_time_the_sponsor_is_asked_in_the_business_channel_once_even_across_restarts()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync("sponsor <@U0DAVE>");
        await room.CrisisAsync(HandToCarol);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(14));
        Assert.Empty(room.InBiz("has not accepted ownership"));

        // The bot is down when the time to accept runs out.
        await room.StopTheClockAsync();
        room.App.Time.Advance(TimeSpan.FromMinutes(2));
        await room.App.RestartAsync();
        await room.App.SettleAsync();
        await room.App.RestartAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(30));

        var escalation = Assert.Single(room.InBiz("has not accepted ownership"));
        Assert.StartsWith(":rotating_light: <@U0DAVE> *<@U0CAROL> has not accepted ownership of crisis 1*, handed over 15 minutes ago by <@U0ALICE>.", escalation.VisibleText);
        Assert.Contains("`/crisis owner @user because &lt;reason&gt;`", escalation.VisibleText);
        Assert.Equal(
            [new CrisisEvent.OwnerAcceptanceEscalated(1, new UserId(WarRoomApp.Dave), true, WarRoomApp.Start.AddMinutes(16))],
            (await TimelineAsync(room)).OfType<CrisisEvent.OwnerAcceptanceEscalated>());
        Assert.Contains("<@U0DAVE> was asked to step in.", await room.StatusAsync());
    }

    [Fact]
    public async Task With_no_sponsor_the_opener_is_asked_and_the_time_to_accept_is_a_setting()
    {
        await using var app = await WarRoomApp.StartAsync(new() { ["WarRoom:Owner:AcceptWithin"] = "00:05:00" });
        await app.CrisisAsync("open Checkout freezes sev1 owner: <@U0BOB>", WarRoomApp.Dave);
        await app.SettleAsync();
        var tech = app.Slack.Workspace.ChannelNamed(DeadlineRoom.TechName)!.Id;
        var biz = app.Slack.Workspace.ChannelNamed(DeadlineRoom.BizName)!.Id;

        var reply = await app.CrisisAsync(HandToCarol, WarRoomApp.Bob, tech);
        Assert.Contains("if nobody does within 5 minutes, <@U0DAVE> is asked to step in.", reply.Text);
        await app.AdvanceAsync(TimeSpan.FromMinutes(4));
        Assert.DoesNotContain(app.Slack.Workspace.Channel(biz).Messages, m => m.VisibleText.Contains("has not accepted", StringComparison.Ordinal));
        await app.AdvanceAsync(TimeSpan.FromMinutes(1));

        var escalation = Assert.Single(app.Slack.Workspace.Channel(biz).Messages, m => m.VisibleText.Contains("has not accepted", StringComparison.Ordinal));
        Assert.StartsWith(":rotating_light: <@U0DAVE> *<@U0CAROL> has not accepted ownership of crisis 1*, handed over 5 minutes ago by <@U0BOB>.", escalation.VisibleText);
    }

    // ---------------------------------------------------------------- the sponsor

    [Fact]
    public async Task The_sponsor_is_invited_to_the_business_channel_named_there_and_in_the_digest_and_status()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        Assert.DoesNotContain(WarRoomApp.Bob, room.Workspace.Channel(room.Biz).Members);

        var reply = await room.CrisisAsync("sponsor <@U0BOB|bob>");
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(30));

        Assert.StartsWith(":bust_in_silhouette: <@U0BOB> is the executive sponsor of crisis 1: invited to", reply.Text);
        Assert.Contains(WarRoomApp.Bob, room.Workspace.Channel(room.Biz).Members);
        var named = Assert.Single(room.InBiz("is the *executive sponsor*"));
        Assert.Contains("named by <@U0ALICE>. <@U0ALICE> owns the crisis and answers to them", named.VisibleText);
        var digest = Assert.Single(room.InBiz("business update 1"));
        Assert.Contains("*Who owns it:* <@U0ALICE> :telephone_receiver: +1 555 0100, accountable owner; <@U0BOB>, executive sponsor", digest.VisibleText);
        Assert.Contains("*Sponsor:* <@U0BOB>", await room.StatusAsync());
    }

    [Fact]
    public async Task A_sponsor_Slack_will_not_invite_is_still_named_and_the_owner_is_told_why_they_are_not_in_the_room()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        room.App.Slack.Faults.Error("conversations.invite", "user_is_restricted");

        await room.CrisisAsync("sponsor <@U0BOB>");
        await room.App.SettleAsync();

        Assert.DoesNotContain(WarRoomApp.Bob, room.Workspace.Channel(room.Biz).Members);
        Assert.Single(room.InBiz("is the *executive sponsor*"));
        var report = Assert.Single(room.InTech("I could not finish inviting"));
        Assert.Contains("<@U0ALICE> I could not finish inviting <@U0BOB> to the business channel. Slack said `user_is_restricted`.", report.VisibleText);
    }

    [Fact]
    public async Task A_missed_deadline_is_escalated_to_the_sponsor_in_the_business_channel()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync("sponsor <@U0BOB>");
        await room.CrisisAsync(DeadlineRoom.Theory);

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(60));

        var missed = Assert.Single(room.InBiz("A diagnostic deadline was missed"));
        Assert.Contains("<@U0BOB>, as executive sponsor: make sure <@U0ALICE> has what it takes to get that answer.", missed.VisibleText);
    }

    [Fact]
    public async Task Only_the_owner_or_the_opener_names_the_sponsor_and_a_non_user_is_refused_with_the_usage()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var byOther = await room.CrisisAsync("sponsor <@U0DAVE>", WarRoomApp.Carol);
        var noOne = await room.CrisisAsync("sponsor dave");
        await room.App.SettleAsync();

        Assert.StartsWith(":x: Only the owner <@U0ALICE> can name the sponsor; ask them.\nUsage: `/crisis sponsor @user`", byOther.Text);
        Assert.StartsWith(":x: `dave` is not a person", noOne.Text);
        Assert.Contains("`/crisis sponsor @user`", noOne.Text);
        Assert.Empty(room.InBiz("executive sponsor"));
        Assert.Empty((await TimelineAsync(room)).OfType<CrisisEvent.SponsorNamed>());
    }

    private static async Task<IReadOnlyList<CrisisEvent>> TimelineAsync(DeadlineRoom room) =>
        (await room.App.Services.GetRequiredService<ICrisisStore>().LoadAsync(new CrisisId(1), CancellationToken.None))!.Events;
}
