using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SlackEmulator;

namespace WarRoomBot.Tests.Emulator;

/// <summary>The signal the sandbox page updates on, and the clock the workspace stamps messages with.</summary>
public sealed class WorkspaceChangeTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider clock = new(DateTimeOffset.Parse("2026-03-02T09:00:00Z", CultureInfo.InvariantCulture));
    private EmulatedSlack slack = null!;
    private EmulatorClient api = null!;

    private Workspace Workspace => slack.Workspace;

    public async Task InitializeAsync()
    {
        slack = await EmulatedSlack.StartAsync(clock: clock);
        Workspace.AddUser("UALICE", "alice", "Alice Moreau");
        api = new EmulatorClient(slack);
    }

    public async Task DisposeAsync()
    {
        api.Dispose();
        await slack.DisposeAsync();
    }

    private async Task<string> CreateAsync(string name)
    {
        var created = await api.CallAsync("conversations.create", new() { ["name"] = name });
        Assert.True(created.IsOk(), created.ToJsonString());
        return created["channel"]!.Str("id");
    }

    private async Task<string> PostAsync(string channel, string text)
    {
        var posted = await api.CallAsync("chat.postMessage", new() { ["channel"] = channel, ["text"] = text });
        Assert.True(posted.IsOk(), posted.ToJsonString());
        return posted.Str("ts");
    }

    private static decimal Seconds(string ts) => decimal.Parse(ts, CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_wait_for_change_completes_on_a_posted_message_and_not_on_reads()
    {
        var room = await CreateAsync("room");
        var seen = Workspace.Version;
        using var patience = new CancellationTokenSource(Patience);
        var changed = Workspace.WaitForChangeAsync(seen, patience.Token);

        Assert.True((await api.CallAsync("auth.test")).IsOk());
        Assert.True((await api.CallAsync("conversations.history", new() { ["channel"] = room })).IsOk());
        Assert.True((await api.CallAsync("users.info", new() { ["user"] = "UALICE" })).IsOk());
        Assert.Equal(seen, Workspace.Version);
        Assert.False(changed.IsCompleted);

        await PostAsync(room, "Registers frozen at Acme");
        await changed;

        Assert.True(Workspace.Version > seen);
    }

    [Fact]
    public async Task A_wait_for_a_version_already_passed_completes_at_once()
    {
        var seen = Workspace.Version;
        await CreateAsync("room");

        var changed = Workspace.WaitForChangeAsync(seen, CancellationToken.None);

        Assert.True(changed.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_no_waiter_behind_and_the_others_still_hear_the_change()
    {
        var room = await CreateAsync("room");
        var seen = Workspace.Version;
        using var closedTab = new CancellationTokenSource();
        using var patience = new CancellationTokenSource(Patience);
        var closed = new[] { Workspace.WaitForChangeAsync(seen, closedTab.Token), Workspace.WaitForChangeAsync(seen, closedTab.Token) };
        var open = Workspace.WaitForChangeAsync(seen, patience.Token);
        Assert.Equal(3, Workspace.ChangeWaiterCount);

        await closedTab.CancelAsync();
        foreach (var wait in closed) await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);

        Assert.Equal(1, Workspace.ChangeWaiterCount);
        await PostAsync(room, "still listening");
        await open;
        Assert.Equal(0, Workspace.ChangeWaiterCount);
    }

    [Fact]
    public async Task Every_web_api_change_a_person_could_see_moves_the_version()
    {
        var trigger = Workspace.IssueTrigger("UALICE");
        var view = new JsonObject
        {
            ["type"] = "modal", ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Open a crisis" },
            ["blocks"] = new JsonArray(new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = "Customer?" } }),
        };
        string room = "", ts = "", viewId = "";
        var steps = new (string Method, Func<Task<JsonObject>> Call)[]
        {
            ("conversations.create", async () => { var r = await api.CallAsync("conversations.create", new() { ["name"] = "room" }); room = r["channel"]!.Str("id"); return r; }),
            ("conversations.invite", () => api.CallAsync("conversations.invite", new() { ["channel"] = room, ["users"] = "UALICE" })),
            ("conversations.setTopic", () => api.CallAsync("conversations.setTopic", new() { ["channel"] = room, ["topic"] = "Acme" })),
            ("conversations.setPurpose", () => api.CallAsync("conversations.setPurpose", new() { ["channel"] = room, ["purpose"] = "War room" })),
            ("chat.postMessage", async () => { var r = await api.CallAsync("chat.postMessage", new() { ["channel"] = room, ["text"] = "hello" }); ts = r.Str("ts"); return r; }),
            ("chat.postMessage to a person", () => api.CallAsync("chat.postMessage", new() { ["channel"] = "UALICE", ["text"] = "psst" })),
            ("chat.update", () => api.CallAsync("chat.update", new() { ["channel"] = room, ["ts"] = ts, ["text"] = "hello again" })),
            ("chat.postEphemeral", () => api.CallAsync("chat.postEphemeral", new() { ["channel"] = room, ["user"] = "UALICE", ["text"] = "only you" })),
            ("pins.add", () => api.CallAsync("pins.add", new() { ["channel"] = room, ["timestamp"] = ts })),
            ("views.open", async () => { var r = await api.CallAsync("views.open", new() { ["trigger_id"] = trigger, ["view"] = view.DeepClone() }); viewId = r["view"]!.Str("id"); return r; }),
            ("views.update", () => api.CallAsync("views.update", new() { ["view_id"] = viewId, ["view"] = view.DeepClone() })),
            ("conversations.archive", () => api.CallAsync("conversations.archive", new() { ["channel"] = room })),
        };

        foreach (var (method, call) in steps)
        {
            var before = Workspace.Version;
            var result = await call();
            Assert.True(result.IsOk(), $"{method}: {result.ToJsonString()}");
            Assert.True(Workspace.Version > before, $"{method} changed the workspace without moving its version");
        }
    }

    [Fact]
    public async Task The_page_can_show_a_commands_reply_only_to_the_person_who_sent_it()
    {
        var room = await CreateAsync("room");
        var earlier = await PostAsync(room, "Registers frozen at Acme");
        var seen = Workspace.Version;

        var reply = Workspace.AddEphemeral(room, "UALICE", "Opening the crisis for Acme…", null);

        var shown = Assert.Single(Workspace.Ephemerals);
        Assert.Equal((room, "UALICE", "Opening the crisis for Acme…"), (shown.Channel, shown.User, shown.VisibleText));
        Assert.Equal(reply, shown);
        Assert.True(Seconds(shown.MessageTs!) > Seconds(earlier));
        Assert.True(Workspace.Version > seen);
    }

    [Fact]
    public async Task A_private_answer_through_a_response_url_sits_in_time_between_the_messages_around_it()
    {
        var room = await CreateAsync("room");
        var before = await PostAsync(room, "before");
        var responseUrl = Workspace.IssueResponseUrl(room, "UALICE", messageTs: null);
        using var http = new HttpClient();
        using (var answer = await http.PostAsync(new Uri(slack.BaseUrl, $"response/{responseUrl}"), JsonContent.Create(new { text = "Only you see this" })))
        {
            answer.EnsureSuccessStatusCode();
        }
        var after = await PostAsync(room, "after");

        var shown = Assert.Single(Workspace.Ephemerals);
        Assert.Equal("Only you see this", shown.VisibleText);
        Assert.InRange(Seconds(shown.MessageTs!), Seconds(before) + 0.0001m, Seconds(after) - 0.0001m);
    }

    [Fact]
    public async Task Message_ts_follow_the_clock_the_workspace_is_given()
    {
        var room = await CreateAsync("room");

        var first = await PostAsync(room, "before");
        clock.Advance(TimeSpan.FromHours(1));
        var second = await PostAsync(room, "an hour later");

        Assert.Equal(clock.GetUtcNow().AddHours(-1).ToUnixTimeSeconds(), Seconds(first));
        Assert.Equal(3600m, Seconds(second) - Seconds(first));
    }

    [Fact]
    public async Task Messages_posted_while_the_clock_stands_still_keep_distinct_increasing_ts()
    {
        var room = await CreateAsync("room");

        var ts = new List<decimal>();
        for (var i = 0; i < 3; i++) ts.Add(Seconds(await PostAsync(room, $"message {i}")));

        Assert.Equal([ts[0], ts[0] + 0.0001m, ts[0] + 0.0002m], ts);
    }
}
