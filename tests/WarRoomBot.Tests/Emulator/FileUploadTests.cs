using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SlackEmulator;

namespace WarRoomBot.Tests.Emulator;

/// <summary>Slack's external upload as the emulator serves it: reserve a URL, post the bytes there, then share the file in a channel.</summary>
public sealed class FileUploadTests : IAsyncLifetime
{
    private EmulatedSlack slack = null!;
    private EmulatorClient api = null!;

    public async Task InitializeAsync()
    {
        slack = await EmulatedSlack.StartAsync();
        api = new EmulatorClient(slack);
    }

    public async Task DisposeAsync()
    {
        api.Dispose();
        await slack.DisposeAsync();
    }

    [Fact]
    public async Task A_file_uploaded_to_its_url_and_completed_is_shared_in_the_channel_with_its_comment()
    {
        var channel = (await api.CallAsync("conversations.create", new() { ["name"] = "war-room" }))["channel"]!.Str("id");
        var bytes = Encoding.UTF8.GetBytes("# Debrief\n");
        var reserved = await api.FormAsync("files.getUploadURLExternal", [new("filename", "debrief.md"), new("length", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.True(reserved.IsOk(), reserved.ToJsonString());
        var fileId = reserved.Str("file_id");

        var early = await api.CallAsync("files.completeUploadExternal", new() { ["files"] = new JsonArray(new JsonObject { ["id"] = fileId }), ["channel_id"] = channel });
        using var http = new HttpClient();
        using var uploaded = await http.PostAsync(reserved.Str("upload_url"), new ByteArrayContent(bytes));
        var completed = await api.CallAsync("files.completeUploadExternal", new()
        {
            ["files"] = new JsonArray(new JsonObject { ["id"] = fileId, ["title"] = "Debrief" }),
            ["channel_id"] = channel,
            ["initial_comment"] = "Here it is",
        });
        var again = await api.CallAsync("files.completeUploadExternal", new() { ["files"] = new JsonArray(new JsonObject { ["id"] = fileId }), ["channel_id"] = channel });

        Assert.Equal("file_upload_not_completed", early.Error());
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        Assert.True(completed.IsOk(), completed.ToJsonString());
        Assert.Equal("file_not_found", again.Error());
        var file = Assert.Single(slack.Workspace.Files);
        Assert.Equal(("debrief.md", "Debrief", "# Debrief\n", channel, "Here it is"), (file.Name, file.Title, file.Content, file.Channel, file.InitialComment));
        Assert.Equal("Here it is", slack.Workspace.Channel(channel).Messages[^1].Text);
    }

    [Fact]
    public async Task Bytes_that_do_not_match_the_reserved_length_are_refused()
    {
        var reserved = await api.FormAsync("files.getUploadURLExternal", [new("filename", "debrief.md"), new("length", "5")]);
        using var http = new HttpClient();

        using var uploaded = await http.PostAsync(reserved.Str("upload_url"), new ByteArrayContent([1, 2, 3]));

        Assert.Equal(HttpStatusCode.BadRequest, uploaded.StatusCode);
        Assert.Empty(slack.Workspace.Files);
    }
}
