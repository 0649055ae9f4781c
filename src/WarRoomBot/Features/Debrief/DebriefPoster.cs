using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Api;
using WarRoomBot.Slack.Blocks;
using WarRoomBot.Storage;

namespace WarRoomBot.Features.Debrief;

/// <summary>
/// Playbook §14: <c>/crisis debrief</c> and the "Post the debrief" button write the debrief document from the record and
/// post it to the technical channel as a Markdown file. The upload runs beside the answer, not through the publisher: the
/// document records nothing, it is only read from the record, so a second request simply posts a second, newer document.
/// The person always hears back: at once that it is on its way, then privately if Slack refused it or did not confirm it.
/// </summary>
public sealed class DebriefPoster(ICrisisStore store, CrisisTimeline timeline, UserTimeZones people, SlackSideTasks side, IOptions<WarRoomOptions> options)
{
    public const string PostAction = "debrief_post";

    /// <summary>The button's value is the crisis number, so a click needs no lookup of the message.</summary>
    public static string Value(CrisisId crisis) => crisis.ToString();

    public static CrisisId? ReadValue(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? new CrisisId(number) : null;

    /// <summary><c>/crisis debrief</c>, typed in a crisis's technical or business channel or naming the crisis.</summary>
    public async Task<Reply> HandleAsync(CrisisCommand.Debrief command, ChannelId? channel, string? responseUrl, CancellationToken ct)
    {
        var (found, why) = await timeline.NamedOrHereAsync(command.Crisis, channel, "`/crisis debrief #42`", ct);
        if (found is not { } id)
            return Reply.Private($":x: {why}\nUsage: {Usage.For("debrief")}");
        return Reply.Private(await PostAsync(id, responseUrl, ct));
    }

    /// <summary>The button on the resolution post: the same, answered privately to whoever clicked.</summary>
    public async Task ClickAsync(Interaction.DebriefClicked click, CancellationToken ct) =>
        side.Tell(click.ResponseUrl, await PostAsync(click.Crisis, click.ResponseUrl, ct));

    /// <summary>The document as it reads now, or null when there is no such crisis.</summary>
    public async Task<string?> RenderAsync(CrisisId id, CancellationToken ct) =>
        await store.LoadAsync(id, ct) is { } history && history.Fold() is { IsOpened: true } crisis ? await RenderAsync(history, crisis, ct) : null;

    private async Task<string> RenderAsync(CrisisHistory history, Crisis crisis, CancellationToken ct)
    {
        // Times read in the owner's zone; when Slack cannot say in time, the document still comes, in UTC alone.
        var zone = await people.ForAsync(crisis.Owner, ct) ?? TimeZoneInfo.Utc;
        return DebriefDocument.Render(history.Id, history.Events, zone, options.Value.Priority.ToPolicy());
    }

    private async Task<string> PostAsync(CrisisId id, string? responseUrl, CancellationToken ct)
    {
        if (await store.LoadAsync(id, ct) is not { } history || history.Fold() is not { IsOpened: true } crisis)
            return $":x: There is no crisis {id}.";
        if (crisis.Technical.Channel is not { } technical)
            return $":x: Crisis {id} has no technical channel yet, so there is nowhere to post the debrief. Try again once its channels are made.";

        var document = await RenderAsync(history, crisis, ct);
        var fileName = DebriefDocument.FileName(id);
        side.Enqueue(async (api, token) =>
        {
            try
            {
                await api.UploadFileAsync(technical, fileName, $"Debrief of crisis {id}: {crisis.Title}", Encoding.UTF8.GetBytes(document),
                    $"Debrief document for crisis {id}, written from its record. The parking lot is the first item on the agenda.", token);
            }
            catch (SlackApiException e)
            {
                await SlackSideTasks.RespondAsync(api, responseUrl, e.MayHaveApplied
                    ? $":warning: Slack did not confirm that the debrief document was posted (`{e.Error}`). Look in {Mrkdwn.Link(technical)} before asking again."
                    : e.Error == "is_archived"
                    ? $":x: {Mrkdwn.Link(technical)} is archived, so the debrief document could not be posted there. Unarchive it, then run `/crisis debrief #{id}`."
                    : $":x: Slack refused the debrief document (`{e.Error}`), so it was not posted. Try `/crisis debrief #{id}` again in a moment.", token);
            }
        });
        return $":page_facing_up: Posting the debrief document for crisis {id} to {Mrkdwn.Link(technical)} as `{fileName}`; it is written from the record as it stands now.";
    }
}
