using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Features.Expectations;
using WarRoomBot.Features.Updates;
using WarRoomBot.Slack;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Playbook §11 end to end: the target and worst case in the kickoffs, the digest and status; the owner's own set with
/// <c>/crisis target</c> and announced in both rooms; the at-risk prompt with its drafted update; and the worst case passing
/// told once, across a restart. The sev1 room opened at 14:00 on 22 November: its target is 24 hours on, its worst case 48.
/// </summary>
public sealed class ExpectationTests
{
    private const int Day = 24 * 60;

    private const string Reason = "the fix needs a full regression run";

    [Fact]
    public async Task The_kickoffs_the_digest_and_status_show_the_severitys_target_and_worst_case_counted_from_the_report()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        var line = $"*Target for a fix:* {DeadlineRoom.DateToken(Day)}";
        var worst = $"(1 day from the report); *worst case:* {DeadlineRoom.DateToken(2 * Day)}";

        foreach (var channel in new[] { room.Tech, room.Biz })
        {
            var kickoff = room.PinnedKickoff(channel).VisibleText;
            Assert.Contains(line, kickoff);
            Assert.Contains(worst, kickoff);
            Assert.Contains("(2 days from the report), as for every sev1 crisis.", kickoff);
        }

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(30));
        var digest = Assert.Single(room.InBiz("business update 1"));
        Assert.Contains(line, digest.VisibleText);
        Assert.Contains(worst, digest.VisibleText);
        Assert.Contains(line, await room.StatusAsync());
    }

    [Fact]
    public async Task The_owners_target_is_announced_in_both_rooms_shown_in_the_kickoffs_and_status_and_kept_through_a_severity_change()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var reply = await room.CrisisAsync($"target 8h worst 20h because {Reason}");
        await room.App.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.StartsWith($":dart: New expectations for crisis 1: target {DeadlineRoom.DateToken(8 * 60)}", reply.Text);
        var tech = Assert.Single(room.InTech("set new expectations for the fix"));
        Assert.Contains($"<@{WarRoomApp.Alice}>", tech.VisibleText);
        Assert.Contains($"*Why:* {Reason}", tech.VisibleText);
        var biz = Assert.Single(room.InBiz("New expectations for the fix of crisis 1"));
        Assert.Contains($"target {DeadlineRoom.DateToken(8 * 60)}", biz.VisibleText);
        Assert.Contains($"worst case {DeadlineRoom.DateToken(20 * 60)}", biz.VisibleText);
        Assert.Contains($"*Why:* {Reason}", biz.VisibleText);
        Assert.Contains("*Next update at", biz.VisibleText);
        foreach (var channel in new[] { room.Tech, room.Biz })
            Assert.Contains($"Set by <@{WarRoomApp.Alice}> because {Reason}", room.PinnedKickoff(channel).VisibleText);

        await room.CrisisAsync("severity sev2 because the outage is contained to one region");
        await room.App.SettleAsync();
        var status = await room.StatusAsync();
        Assert.Contains($"*Target for a fix:* {DeadlineRoom.DateToken(8 * 60)}", status);
        Assert.Contains($"Set by <@{WarRoomApp.Alice}> because {Reason}", status);
        Assert.Single(room.InBiz("New expectations for the fix"));
    }

    [Fact]
    public async Task A_target_from_anyone_but_the_owner_before_the_worst_case_hedged_or_outside_a_crisis_room_is_refused_and_nothing_is_recorded()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var notOwner = await room.CrisisAsync($"target 8h worst 20h because {Reason}", WarRoomApp.Carol);
        var backwards = await room.CrisisAsync($"target 20h worst 8h because {Reason}");
        var hedged = await room.CrisisAsync("target 8h worst 20h because the patch should work by then");
        var elsewhere = await room.App.CrisisAsync($"target 8h worst 20h because {Reason}");
        var noWorst = await room.CrisisAsync($"target 8h because {Reason}");
        await room.App.SettleAsync();

        Assert.StartsWith($":x: Only the crisis owner <@{WarRoomApp.Alice}> can set the target and worst case", notOwner.Text);
        Assert.StartsWith(":x: The worst case is before the target", backwards.Text);
        Assert.Contains("“should work”", hedged.Text);
        Assert.Contains("`/crisis target! …`", hedged.Text);
        Assert.Contains("works in a crisis's technical or business channel", elsewhere.Text);
        Assert.StartsWith(":x: Give the worst case too", noWorst.Text);
        Assert.All([notOwner, backwards, hedged, noWorst], r => Assert.EndsWith("`/crisis target &lt;time&gt; worst &lt;time&gt; because &lt;reason&gt;`", r.Text));
        Assert.Empty((await TimelineAsync(room)).OfType<CrisisEvent.ExpectationsSet>());
        Assert.Empty(room.InBiz("New expectations"));

        await room.CrisisAsync("target! 8h worst 20h because the patch should work by then");
        await room.App.SettleAsync();
        Assert.True(Assert.Single((await TimelineAsync(room)).OfType<CrisisEvent.ExpectationsSet>()).WordingOverridden);
        Assert.Single(room.InBiz("New expectations"));
    }

    [Fact]
    public async Task With_most_of_the_target_used_the_owner_is_prompted_once_and_posts_the_drafted_update_with_its_button()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        await room.App.AdvanceAsync(TimeSpan.FromHours(18));
        var prompt = Assert.Single(Prompts(room));
        Assert.Contains($"<@{WarRoomApp.Alice}> *the target for a fix, {DeadlineRoom.DateToken(Day)}", prompt.VisibleText);
        Assert.Contains("is at risk*: most of the time to it is used (18 hours of 1 day)", prompt.VisibleText);
        Assert.Contains("The target we gave for a fix, 14:00 UTC on 23 Nov, is at risk: 75% of the time to it has passed without a fix.", prompt.VisibleText);
        Assert.Equal([ExpectationBlocks.PostDraftAction, ExpectationBlocks.EditDraftAction], DeadlineRoom.Buttons(prompt));

        await room.ClickAsync(WarRoomApp.Carol, prompt, ExpectationBlocks.PostDraftAction);
        await room.App.SettleAsync();
        Assert.Contains(room.Workspace.Ephemerals, e => e.User == WarRoomApp.Carol && e.VisibleText.Contains("come from the owner", StringComparison.Ordinal));
        Assert.Empty(room.InBiz("The target we gave for a fix"));

        await room.ClickAsync(WarRoomApp.Alice, prompt, ExpectationBlocks.PostDraftAction);
        await room.App.SettleAsync();
        var update = Assert.Single(room.InBiz("The target we gave for a fix"));
        Assert.Contains("is at risk: 75% of the time to it has passed without a fix", update.VisibleText);
        Assert.Contains($"*Next update at {DeadlineRoom.DateToken(18 * 60 + 30)}", update.VisibleText);
        Assert.Contains("because sev1 crises are updated every 30 minutes.", update.VisibleText);
        var given = (await TimelineAsync(room)).OfType<CrisisEvent.BusinessUpdateGiven>().Last();
        Assert.Equal((UpdateKind.Owner, (UserId?)new UserId(WarRoomApp.Alice)), (given.Kind, given.By));
        var closed = Assert.Single(Prompts(room));
        Assert.Empty(DeadlineRoom.Buttons(closed));
        Assert.Contains($"business update {given.Number} went out", closed.VisibleText);

        await room.App.AdvanceAsync(TimeSpan.FromHours(5));
        Assert.Single(Prompts(room));
    }

    [Fact]
    public async Task Edit_it_first_opens_the_update_form_filled_in_with_the_draft_and_posts_the_owners_edit()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.App.AdvanceAsync(TimeSpan.FromHours(18));

        await room.ClickAsync(WarRoomApp.Alice, Assert.Single(Prompts(room)), ExpectationBlocks.EditDraftAction);
        await room.App.SettleAsync();

        var form = Assert.Single(room.Workspace.Views);
        Assert.StartsWith("The target we gave for a fix, 14:00 UTC on 23 Nov, is at risk", Initial(form, WriteUpdateModal.TextBlock));
        Assert.Equal("30m", Initial(form, WriteUpdateModal.NextBlock));
        Assert.Equal("sev1 crises are updated every 30 minutes", Initial(form, WriteUpdateModal.ReasonBlock));
        await room.App.Sender.SubmitViewAsync(form, WarRoomApp.Alice, new Dictionary<string, ViewInput>
        {
            [WriteUpdateModal.TextBlock] = new(ActionOf(form, WriteUpdateModal.TextBlock), "The 14:00 target will be missed; the fix lands by 20:00 UTC."),
            [WriteUpdateModal.NextBlock] = new(ActionOf(form, WriteUpdateModal.NextBlock), "1h"),
            [WriteUpdateModal.ReasonBlock] = new(ActionOf(form, WriteUpdateModal.ReasonBlock), "the rollout finishes then"),
        });
        await room.App.SettleAsync();

        var update = Assert.Single(room.InBiz("The 14:00 target will be missed"));
        Assert.Contains("because the rollout finishes then", update.VisibleText);
        Assert.Empty(DeadlineRoom.Buttons(Assert.Single(Prompts(room))));
    }

    [Fact]
    public async Task A_missed_diagnostic_deadline_puts_the_target_at_risk_at_once()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.App.SettleAsync();

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(59));
        Assert.Empty(Prompts(room));
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(1));

        var prompt = Assert.Single(Prompts(room));
        Assert.Contains("is at risk*: we missed diagnostic deadline D1.", prompt.VisibleText);
        Assert.Contains($"is at risk: we missed diagnostic deadline D1 ({DeadlineRoom.Plan}).", prompt.VisibleText);
    }

    [Fact]
    public async Task The_business_channel_is_told_at_once_when_the_worst_case_passes_and_not_again_after_a_restart()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.App.AdvanceAsync(TimeSpan.FromHours(47));
        Assert.Empty(room.InBiz("worst case we gave for a fix has passed"));

        await room.App.AdvanceAsync(TimeSpan.FromHours(1));
        var told = Assert.Single(room.InBiz("worst case we gave for a fix has passed"));
        Assert.Contains($"fixed by {DeadlineRoom.DateToken(2 * Day)}", told.VisibleText);
        Assert.Contains("at the latest, and it is not fixed yet.", told.VisibleText);
        Assert.Contains("*Where we stand:* the cause is not identified yet.", told.VisibleText);
        Assert.Contains("*Next update at", told.VisibleText);

        await room.App.RestartAsync();
        await room.App.AdvanceAsync(TimeSpan.FromHours(2));
        Assert.Single(room.InBiz("worst case we gave for a fix has passed"));
        Assert.Single((await TimelineAsync(room)).OfType<CrisisEvent.WorstCasePassed>());
    }

    [Fact]
    public async Task The_target_the_worst_case_and_when_it_is_at_risk_come_from_the_settings()
    {
        await using var room = await DeadlineRoom.OpenAsync(new()
        {
            ["WarRoom:Expectations:Sev1:Target"] = "04:00:00",
            ["WarRoom:Expectations:Sev1:Worst"] = "06:00:00",
            ["WarRoom:Expectations:AtRiskFraction"] = "0.5",
        });

        Assert.Contains($"*Target for a fix:* {DeadlineRoom.DateToken(4 * 60)}", room.PinnedKickoff(room.Biz).VisibleText);
        Assert.Contains("(6 hours from the report), as for every sev1 crisis.", room.PinnedKickoff(room.Biz).VisibleText);
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(119));
        Assert.Empty(Prompts(room));
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Contains("most of the time to it is used (2 hours of 4 hours)", Assert.Single(Prompts(room)).VisibleText);
    }

    [Theory]
    [InlineData("WarRoom:Expectations:Sev3:Worst", "1.00:00:00")]
    [InlineData("WarRoom:Expectations:Sev2:Target", "00:00:00")]
    public void A_worst_case_before_its_target_or_no_target_fails_the_start_up_check_naming_the_settings(string setting, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [setting] = value }).Build();
        using var services = new ServiceCollection().AddCrisisFeatures(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<WarRoomOptions>>().Value);

        Assert.StartsWith("WarRoom:Expectations:Sev1..Sev4: each Target must be positive and each Worst at least its Target", Assert.Single(failure.Failures));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    public void An_at_risk_fraction_outside_zero_to_one_fails_the_start_up_check(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["WarRoom:Expectations:AtRiskFraction"] = value }).Build();
        using var services = new ServiceCollection().AddCrisisFeatures(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<WarRoomOptions>>().Value);

        Assert.StartsWith("WarRoom:Expectations:AtRiskFraction must be more than 0 and at most 1", Assert.Single(failure.Failures));
    }

    private static List<MessageRecord> Prompts(DeadlineRoom room) =>
        [.. room.AllTechMessages.Where(m => m.MetadataPayload?["key"]?.GetValue<string>() is { } key && key.Contains("-risk", StringComparison.Ordinal))];

    private static async Task<IReadOnlyList<CrisisEvent>> TimelineAsync(DeadlineRoom room) =>
        (await room.App.Services.GetRequiredService<ICrisisStore>().LoadAsync(new CrisisId(1), CancellationToken.None))!.Events;

    private static string? Initial(ViewRecord form, string block) =>
        (string?)form.View["blocks"]!.AsArray().Single(b => (string?)b!["block_id"] == block)!["element"]!["initial_value"];

    private static string ActionOf(ViewRecord form, string block) =>
        form.View["blocks"]!.AsArray().Single(b => (string?)b!["block_id"] == block)!["element"]!["action_id"]!.GetValue<string>();
}
