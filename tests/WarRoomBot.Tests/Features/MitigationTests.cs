using Microsoft.Extensions.DependencyInjection;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Issue 15 item 2, mitigation apart from the fix, end to end: announced in both rooms at once, the digest's status reading
/// "Mitigated: …, fix in progress", the business updates slowed to the next severity's cadence with the reason in the footer
/// (on the fake clock), and a failed mitigation restoring the severity's cadence. The sev1 room is Alice's (the owner), for
/// Acme Retail; the first business update is promised 30 minutes in.
/// </summary>
public sealed class MitigationTests
{
    private const string Offline = "the stores switched to the offline tills, so they sell again";

    [Fact]
    public async Task A_mitigation_is_announced_in_both_rooms_and_slows_the_digests_which_say_why_until_it_fails()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var reply = await room.CrisisAsync("mitigated " + Offline);
        await room.App.SettleAsync();

        Assert.StartsWith(":adhesive_bandage: Recorded the mitigation; both channels are told", reply.Text);
        Assert.Contains("Business updates slow to every hour while the fix goes on", reply.Text);
        var biz = Assert.Single(room.InBiz("*Mitigated: the pain for Acme Retail is relieved while the fix goes on.*")).VisibleText;
        Assert.Contains($"*What relieves it now:* {Offline}", biz);
        Assert.Contains($"*Next update at {DeadlineRoom.DateToken(60)}", biz);
        var tech = Assert.Single(room.InTech($"*Mitigated* by <@{WarRoomApp.Alice}>: {Offline}")).VisibleText;
        Assert.Contains("business updates slow to every hour until it is fixed", tech);

        // The first update had been promised for 14:30; the mitigation moved it to 15:00, an hour from the relief.
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.Empty(room.InBiz("business update 1"));
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(30));
        var digest = Assert.Single(room.InBiz("business update 1")).VisibleText;
        Assert.Contains($"sev1 · *Mitigated: {Offline}, fix in progress*", digest);
        Assert.Contains($"*Next update at {DeadlineRoom.DateToken(120)}", digest);
        Assert.Contains($"because the customer's pain is relieved while the fix goes on ({Offline}); until the fix, updates come every hour.", digest);

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(10));
        var failed = await room.CrisisAsync("unmitigated because the offline tills stop after 500 sales");
        await room.App.SettleAsync();

        Assert.StartsWith(":warning: Recorded that mitigation 1 failed; both channels are told and business updates return to the sev1 rhythm.", failed.Text);
        foreach (var channel in new[] { room.AllTechMessages, room.AllBizMessages })
        {
            var post = Assert.Single(channel, m => m.VisibleText.Contains("*The mitigation stopped working; the pain for Acme Retail is back.*", StringComparison.Ordinal)).VisibleText;
            Assert.Contains("*Why it stopped:* the offline tills stop after 500 sales", post);
            Assert.Contains($"*Next update at {DeadlineRoom.DateToken(100)}", post);
        }

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(30));
        var second = Assert.Single(room.InBiz("business update 2")).VisibleText;
        Assert.Contains("sev1 · *Investigating*", second);
        Assert.Contains("because sev1 crises are updated every 30 minutes.", second);
        Assert.DoesNotContain("Mitigated:", second);
    }

    [Fact]
    public async Task Only_the_owner_or_the_sponsor_mitigates_and_hedged_words_wait_for_mitigated_bang()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var carol = await room.CrisisAsync("mitigated " + Offline, WarRoomApp.Carol);
        var hedged = await room.CrisisAsync("mitigated maybe the offline tills help");
        var elsewhere = await room.App.CrisisAsync("mitigated " + Offline, WarRoomApp.Alice, room.App.General);
        var nothing = await room.CrisisAsync("unmitigated because it stopped");
        await room.App.SettleAsync();

        Assert.StartsWith($":x: Only the crisis owner <@{WarRoomApp.Alice}> can record a mitigation or its failure, because it changes what the business channel is told and how often; ask them.", carol.Text);
        Assert.StartsWith(":x: The business channel reads this as uncertainty or blame, so nothing was recorded:", hedged.Text);
        Assert.Contains("`/crisis mitigated! …`", hedged.Text);
        Assert.Equal(":x: `/crisis mitigated` works in a crisis's technical or business channel, so it applies to that crisis. Run it there.", elsewhere.Text);
        Assert.StartsWith(":x: No mitigation holds for crisis 1", nothing.Text);
        Assert.Empty((await TimelineAsync(room.App)).OfType<CrisisEvent.AboutMitigation>());
        Assert.Empty(room.InBiz("Mitigated"));

        await room.CrisisAsync("mitigated! maybe the offline tills help");
        await room.App.SettleAsync();
        var recorded = Assert.Single((await TimelineAsync(room.App)).OfType<CrisisEvent.Mitigated>());
        Assert.True(recorded.WordingOverridden);
        Assert.Single(room.InBiz("*What relieves it now:* maybe the offline tills help"));
    }

    [Fact]
    public async Task The_mitigated_cadence_follows_the_setting_when_one_is_given()
    {
        await using var room = await DeadlineRoom.OpenAsync(new() { ["WarRoom:Updates:WhileMitigated:Sev1"] = "02:00:00" });

        var reply = await room.CrisisAsync("mitigated " + Offline);
        await room.App.SettleAsync();

        Assert.Contains("Business updates slow to every 2 hours while the fix goes on", reply.Text);
        Assert.Contains($"*Next update at {DeadlineRoom.DateToken(120)}", Assert.Single(room.InBiz("*What relieves it now:*")).VisibleText);
    }

    private static async Task<IReadOnlyList<CrisisEvent>> TimelineAsync(WarRoomApp app) =>
        (await app.Services.GetRequiredService<ICrisisStore>().LoadAsync(new CrisisId(1), CancellationToken.None))!.Events;
}
