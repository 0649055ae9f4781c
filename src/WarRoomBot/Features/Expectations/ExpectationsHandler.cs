using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Features.Updates;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Api;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Expectations;

/// <summary>
/// Playbook §11 from the slash command and the at-risk prompt's buttons: new expectations from the owner or sponsor, and
/// the drafted bad news posted as it is or edited first. Only records and answers; the publisher posts in the rooms.
/// </summary>
public sealed class ExpectationsHandler(CrisisTimeline timeline, UserTimeZones zones, SlackSideTasks side, IOptions<WarRoomOptions> options)
{
    /// <summary><c>/crisis target[!] &lt;time&gt; worst &lt;time&gt; because &lt;reason&gt;</c>.</summary>
    public async Task<Reply> SetAsync(CrisisCommand.SetTarget command, UserId user, ChannelId? channel, CancellationToken ct)
    {
        var verb = command.Anyway ? "target!" : "target";
        if (channel is not { } here || await timeline.CrisisForChannelAsync(here, ct) is not { } id)
            return Reply.Private($":x: `/crisis {verb}` works in a crisis's technical or business channel, so it applies to that crisis. Run it there.");

        var now = timeline.Now;
        var target = await zones.ResolveAsync(command.Target, user, now, ct);
        if (target.Problem is { } badTarget)
            return Reply.Private($":x: The target: {badTarget}\nUsage: {Usage.For("target")}");
        var worst = await zones.ResolveAsync(command.Worst, user, now, ct);
        if (worst.Problem is { } badWorst)
            return Reply.Private($":x: The worst case: {badWorst}\nUsage: {Usage.For("target")}");

        var decided = await timeline.DecideAsync(id, (crisis, at) =>
            ExpectationRules.Set(crisis, new SetExpectations(target.Due!.Value, worst.Due!.Value, command.Reason, command.Anyway, user), at), ct);
        return DecidedReply.Of(decided, "target", d =>
        {
            var set = d.Crisis.Expectations.Current!;
            var anyway = set.WordingOverridden ? " Set past the wording check on purpose; the record keeps that choice and your name." : "";
            return $":dart: New expectations for crisis {d.Crisis.Id}: target {Mrkdwn.Time(set.Target)}, worst case {Mrkdwn.Time(set.Worst)}. Both channels are told, "
                + $"and a severity change leaves them as you set them.{anyway}";
        });
    }

    /// <summary>The at-risk prompt's buttons. The answer goes privately to the clicker; the prompt itself is updated by the publisher.</summary>
    public async Task ClickAsync(Interaction.AtRiskClicked click, CancellationToken ct)
    {
        if (await timeline.LoadAsync(click.Crisis, ct) is not { IsOpened: true } crisis || crisis.Expectations.Episode(click.Episode) is not { } risk)
        {
            side.Tell(click.ResponseUrl, $":x: Crisis {click.Crisis} has no such prompt any more.");
            return;
        }

        if (UpdateRules.WhoMayPost(crisis, click.User) is { } refused)
        {
            side.Tell(click.ResponseUrl, $":x: {UserId.RenderPeople(refused, Mrkdwn.Mention)}");
            return;
        }

        if (!click.PostAsIs)
        {
            side.OpenView(click.TriggerId, WriteUpdateModal.View(crisis, Draft(crisis, risk)), click.ResponseUrl, e =>
                $":x: Slack could not open the update form (`{e.Error}`). Post it in one line instead:\n{Usage.For("update")}");
            return;
        }

        // Decided on the crisis as it is when the click lands: a second click, or one after the business channel was told
        // another way, must not tell it twice.
        string? told = null;
        var decided = await timeline.DecideAsync(click.Crisis, (current, now) =>
        {
            if (ExpectationRules.Told(current, risk) is { } given)
            {
                told = $":information_source: The business channel was already told: update *U{given.Number}* went out at {Mrkdwn.Time(given.At)} "
                    + $"({UpdateBlocks.WhatWentOut(current, given, withSender: true)}); nothing more was sent.";
                return Decision.Accept();
            }

            var draft = Draft(current, risk);
            return UpdateRules.Post(current, new OwnerUpdate(draft.Text, now + Cadence(current), draft.Reason, false, click.User), Policy, now);
        }, ct);
        if (told is not null)
        {
            side.Tell(click.ResponseUrl, told);
            return;
        }

        side.Tell(click.ResponseUrl, decided?.Decision.RejectedBecause is { } because
            ? $":x: {UserId.RenderPeople(because, Mrkdwn.Mention)} Use *Edit it first* to change the words."
            : decided is null
            ? $":x: Crisis {click.Crisis} no longer exists."
            : $":loudspeaker: The drafted update is going to the business channel in your name. {UpdateBlocks.Footer(decided.Crisis, decided.Crisis.Updates.Next, decided.Now)}");
    }

    private UpdatePolicy Policy => options.Value.ToClockPolicy().Updates;

    private TimeSpan Cadence(Crisis crisis) => Policy.Cadence.For(crisis.Severity);

    /// <summary>
    /// The drafted words with the next update one cadence away, and that reason in plain words, as the owner would type
    /// them: the form takes them as typed and checks them like any other update.
    /// </summary>
    private UpdateDraft Draft(Crisis crisis, AtRisk risk)
    {
        var cadence = Cadence(crisis);
        var typed = cadence.TotalHours >= 1 && cadence.Minutes == 0
            ? $"{(int)cadence.TotalHours}h"
            : cadence.TotalHours >= 1 ? $"{(int)cadence.TotalHours}h{cadence.Minutes}m" : $"{(int)cadence.TotalMinutes}m";
        return new UpdateDraft(risk.Draft, typed, $"{crisis.Severity.Label()} crises are updated {Mrkdwn.Every(cadence)}");
    }
}
