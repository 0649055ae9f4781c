using System.Net;
using System.Net.Http.Headers;
using WarRoomBot.Features.Debrief;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Issue 12 items 5 and 6 end to end: <c>/crisis debrief</c> and the resolution post's button post the debrief document to
/// the technical channel as a Markdown file, and <c>GET /crises/{number}/debrief.md</c> serves the same document only to
/// requests carrying the configured token. Alice opened a sev1 crisis for Acme Retail and owns it.
/// </summary>
public sealed class DebriefTests
{
    private const string Token = "s3cret-debrief-token";

    private static Dictionary<string, string?> WithToken() => new() { ["WarRoom:Debrief:AccessToken"] = Token };

    [Fact]
    public async Task Debrief_posts_the_document_to_the_technical_channel_as_a_markdown_file_the_same_as_the_endpoint_serves()
    {
        await using var room = await DeadlineRoom.OpenAsync(WithToken());
        await room.CrisisAsync("park Acme's CIO wants to know why monitoring missed *this*");
        await room.CrisisAsync("fact price job holds row locks for 40s source pg_stat_activity at 02:00");
        await room.App.SettleAsync();

        var reply = await room.CrisisAsync("debrief", WarRoomApp.Bob);
        await room.App.SettleAsync();

        Assert.Equal($":page_facing_up: Posting the debrief document for crisis 1 to <#{room.Tech}> as `crisis-1-debrief.md`; it is written from the record as it stands now.", reply.Text);
        var file = Assert.Single(room.Workspace.Files);
        Assert.Equal(room.Tech, file.Channel);
        Assert.Equal("crisis-1-debrief.md", file.Name);
        Assert.Equal("Debrief of crisis 1: Checkout freezes", file.Title);
        Assert.StartsWith("Debrief document for crisis 1", file.InitialComment);
        Assert.StartsWith("# Debrief: crisis 1, Checkout freezes\n", file.Content);
        Assert.Contains("## Parking lot: first on the agenda\n\n- Acme's CIO wants to know why monitoring missed \\*this\\* (parked by @U0ALICE", file.Content);
        Assert.Contains("- **F1** price job holds row locks for 40s. Source: pg\\_stat\\_activity at 02:00", file.Content);
        Assert.Contains(room.AllTechMessages, m => m.Text == file.InitialComment);

        using var request = new HttpRequestMessage(HttpMethod.Get, "crises/1/debrief.md");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var served = await room.App.Bot.SendAsync(request);
        Assert.Equal(file.Content, await served.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_resolution_posts_button_posts_the_debrief_document_to_the_technical_channel()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync("resolve rolled back firmware 4.2 on all stores");
        await room.App.SettleAsync();
        var resolved = Assert.Single(room.InTech("is resolved"));
        Assert.Contains(DebriefPoster.PostAction, DeadlineRoom.Buttons(resolved));

        await room.ClickAsync(WarRoomApp.Carol, resolved, DebriefPoster.PostAction);
        await room.App.SettleAsync();

        var file = Assert.Single(room.Workspace.Files);
        Assert.Equal(room.Tech, file.Channel);
        Assert.Contains("- **What fixed it:** rolled back firmware 4.2 on all stores\n", file.Content);
        Assert.Contains(room.Workspace.Ephemerals, e => e.User == WarRoomApp.Carol && e.Text.StartsWith(":page_facing_up: Posting the debrief document for crisis 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_slack_refuses_the_file_the_person_who_asked_is_told_why_privately()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        room.App.Slack.Faults.Error("files.completeUploadExternal", "not_in_channel");

        var reply = await room.CrisisAsync("debrief");
        await room.App.SettleAsync();

        Assert.Empty(room.Workspace.Files);
        var told = Assert.Single(room.Workspace.ResponsesFor(reply.ResponseUrlId));
        Assert.Equal(":x: Slack refused the debrief document (`not_in_channel`), so it was not posted. Try `/crisis debrief #1` again in a moment.", told.Text);
    }

    [Fact]
    public async Task The_endpoint_is_off_without_a_configured_token()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "crises/1/debrief.md");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "anything");
        using var response = await room.App.Bot.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_endpoint_refuses_a_wrong_or_missing_token_and_serves_markdown_to_the_right_one()
    {
        await using var room = await DeadlineRoom.OpenAsync(WithToken());

        using var missing = await room.App.Bot.GetAsync("crises/1/debrief.md");
        using var wrongRequest = new HttpRequestMessage(HttpMethod.Get, "crises/1/debrief.md");
        wrongRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token + "x");
        using var wrong = await room.App.Bot.SendAsync(wrongRequest);
        using var rightRequest = new HttpRequestMessage(HttpMethod.Get, "crises/1/debrief.md");
        rightRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var right = await room.App.Bot.SendAsync(rightRequest);
        using var unknownRequest = new HttpRequestMessage(HttpMethod.Get, "crises/7/debrief.md");
        unknownRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var unknown = await room.App.Bot.SendAsync(unknownRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("text/markdown", right.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", right.Content.Headers.ContentType?.CharSet);
        Assert.StartsWith("# Debrief: crisis 1, Checkout freezes\n", await right.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
