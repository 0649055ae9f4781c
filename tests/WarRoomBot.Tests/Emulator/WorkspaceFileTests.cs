using System.Globalization;
using System.Text.Json.Nodes;
using SlackEmulator;

namespace WarRoomBot.Tests.Emulator;

/// <summary>The sandbox's workspace kept in a state file: running it again finds what the bot's crises point at.</summary>
public sealed class WorkspaceFileTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string folder = Directory.CreateTempSubdirectory("warroom-workspace-").FullName;
    private readonly FakeTimeProvider clock = new(DateTimeOffset.Parse("2026-03-02T09:00:00Z", CultureInfo.InvariantCulture));

    private string StateFile => Path.Combine(folder, "slack-workspace.json");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    // Without Slack's posting limits: a burst of writes to one channel is what these tests need the file to keep up with.
    private Task<EmulatedSlack> StartAsync(TimeProvider? on = null) =>
        EmulatedSlack.StartAsync(new EmulatorSettings { StateFile = StateFile, PostingLimits = null }, on ?? clock);

    private static async Task<JsonObject> OkAsync(EmulatorClient api, string method, JsonObject args)
    {
        var result = await api.CallAsync(method, args);
        Assert.True(result.IsOk(), $"{method}: {result.ToJsonString()}");
        return result;
    }

    private static decimal Seconds(string ts) => decimal.Parse(ts, CultureInfo.InvariantCulture);

    private static JsonArray Blocks(string header) =>
    [
        new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = header } },
        new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = "*Owner:* <@UALICE>" } },
    ];

    [Fact]
    public async Task Every_answer_leaves_only_once_what_it_names_is_on_disk_so_a_crash_cannot_take_back_an_id_the_bot_keeps()
    {
        await using var slack = await StartAsync();
        using var api = new EmulatorClient(slack);

        // Back to back, inside the time the background saver rests between saves.
        foreach (var name in new[] { "crisis-1-tech", "crisis-1-biz", "crisis-2-tech" })
        {
            var id = (await OkAsync(api, "conversations.create", new() { ["name"] = name }))["channel"]!.Str("id");

            // Read at once, as a crash at this moment would leave the file.
            var saved = JsonNode.Parse(await File.ReadAllTextAsync(StateFile))!.ToJsonString();
            Assert.Contains($"\"{id}\"", saved, StringComparison.Ordinal);
            Assert.Contains(name, saved, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_restart_on_the_same_file_finds_people_channels_messages_pins_and_the_open_view()
    {
        string tech, kickoff, update;
        await using (var slack = await StartAsync())
        {
            slack.Workspace.AddUser("UALICE", "alice", "Alice Moreau", "+1 555 0100", "Europe/Paris", 3600);
            using var api = new EmulatorClient(slack);
            tech = (await OkAsync(api, "conversations.create", new() { ["name"] = "crisis-acme-tech", ["is_private"] = true }))["channel"]!.Str("id");
            await OkAsync(api, "conversations.invite", new() { ["channel"] = tech, ["users"] = "UALICE" });
            await OkAsync(api, "conversations.setTopic", new() { ["channel"] = tech, ["topic"] = "Acme registers frozen" });
            await OkAsync(api, "conversations.setPurpose", new() { ["channel"] = tech, ["purpose"] = "Technical war room" });
            kickoff = (await OkAsync(api, "chat.postMessage", new()
            {
                ["channel"] = tech, ["text"] = "Crisis opened", ["blocks"] = Blocks("Acme: registers frozen"),
                ["metadata"] = new JsonObject { ["event_type"] = "crisis_opened", ["event_payload"] = new JsonObject { ["crisis"] = "c-1" } },
            })).Str("ts");
            await OkAsync(api, "pins.add", new() { ["channel"] = tech, ["timestamp"] = kickoff });
            update = (await OkAsync(api, "chat.postMessage", new() { ["channel"] = tech, ["text"] = "Theory D1 due at 10:00" })).Str("ts");
            await OkAsync(api, "chat.update", new() { ["channel"] = tech, ["ts"] = update, ["text"] = "Theory D1 confirmed" });
            await OkAsync(api, "chat.postMessage", new() { ["channel"] = "UALICE", ["text"] = "You own the Acme crisis" });
            await OkAsync(api, "chat.postEphemeral", new() { ["channel"] = tech, ["user"] = "UALICE", ["text"] = "Only you see this" });
            await OkAsync(api, "views.open", new()
            {
                ["trigger_id"] = slack.Workspace.IssueTrigger("UALICE"),
                ["view"] = new JsonObject
                {
                    ["type"] = "modal", ["callback_id"] = "open_crisis", ["private_metadata"] = "c-1",
                    ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Open a crisis" },
                    ["blocks"] = Blocks("Which customer?"),
                },
            });
        }

        await using var again = await StartAsync();

        var workspace = again.Workspace;
        var alice = workspace.User("UALICE");
        Assert.Equal(("alice", "Alice Moreau", "+1 555 0100", "Europe/Paris", 3600), (alice.Name, alice.RealName, alice.Phone, alice.TimeZone, alice.TzOffsetSeconds));
        Assert.True(workspace.User("UBOT").IsBot);
        var channel = Assert.Single(workspace.Channels);
        Assert.Equal((tech, "crisis-acme-tech", true), (channel.Id, channel.Name, channel.IsPrivate));
        Assert.Equal(["UBOT", "UALICE"], channel.Members);
        Assert.Equal(("Acme registers frozen", "Technical war room"), (channel.Topic, channel.Purpose));
        Assert.Equal([kickoff], channel.Pins);

        var first = channel.Message(kickoff)!;
        Assert.Equal("Crisis opened", first.Text);
        Assert.True(JsonNode.DeepEquals(Blocks("Acme: registers frozen"), first.Blocks));
        Assert.Contains("Acme: registers frozen", first.VisibleText);
        Assert.Equal("crisis_opened", first.MetadataEventType);
        Assert.Equal("c-1", first.MetadataPayload!["crisis"]!.GetValue<string>());
        var edited = channel.Message(update)!;
        Assert.Equal(("Theory D1 confirmed", true), (edited.Text, edited.Edited));

        Assert.Equal("You own the Acme crisis", Assert.Single(workspace.DirectMessagesTo("UALICE")).Text);
        Assert.Equal("Only you see this", Assert.Single(workspace.Ephemerals).Text);
        var view = Assert.Single(workspace.Views);
        Assert.Equal(("Open a crisis", "open_crisis", "c-1", false), (view.Title, view.CallbackId, view.PrivateMetadata, view.Closed));
        Assert.True(JsonNode.DeepEquals(Blocks("Which customer?"), view.View["blocks"]));
    }

    [Fact]
    public async Task A_bot_that_kept_a_channel_id_and_ts_can_update_its_message_after_a_restart()
    {
        string room, ts;
        await using (var slack = await StartAsync())
        {
            using var api = new EmulatorClient(slack);
            room = (await OkAsync(api, "conversations.create", new() { ["name"] = "crisis-acme" }))["channel"]!.Str("id");
            ts = (await OkAsync(api, "chat.postMessage", new() { ["channel"] = room, ["text"] = "Deadline D1 due at 10:00" })).Str("ts");
        }

        await using var again = await StartAsync();
        using var client = new EmulatorClient(again);
        await OkAsync(client, "chat.update", new() { ["channel"] = room, ["ts"] = ts, ["text"] = "Deadline D1: confirmed" });
        var history = await OkAsync(client, "conversations.history", new() { ["channel"] = room });

        var shown = Assert.Single(history["messages"]!.AsArray())!;
        Assert.Equal((ts, "Deadline D1: confirmed"), (shown.Str("ts"), shown.Str("text")));
        Assert.NotNull(shown["edited"]);
    }

    [Fact]
    public async Task After_a_restart_new_messages_sort_after_every_saved_one_and_new_channels_get_new_ids_even_when_the_clock_reads_earlier()
    {
        string room;
        var saved = new List<string>();
        clock.Advance(TimeSpan.FromDays(1));
        await using (var slack = await StartAsync())
        {
            using var api = new EmulatorClient(slack);
            room = (await OkAsync(api, "conversations.create", new() { ["name"] = "crisis-acme" }))["channel"]!.Str("id");
            for (var i = 0; i < 3; i++) saved.Add((await OkAsync(api, "chat.postMessage", new() { ["channel"] = room, ["text"] = $"saved {i}" })).Str("ts"));
        }

        await using var again = await StartAsync(new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T09:00:00Z", CultureInfo.InvariantCulture)));
        using var client = new EmulatorClient(again);
        var next = (await OkAsync(client, "chat.postMessage", new() { ["channel"] = room, ["text"] = "after the restart" })).Str("ts");
        var other = (await OkAsync(client, "conversations.create", new() { ["name"] = "crisis-globex" }))["channel"]!.Str("id");

        Assert.All(saved, old => Assert.True(Seconds(next) > Seconds(old), $"{next} is not after {old}"));
        Assert.NotEqual(room, other);
        Assert.Equal(["crisis-acme", "crisis-globex"], again.Workspace.Channels.Select(c => c.Name));
    }

    [Fact]
    public async Task Changes_reach_the_file_while_the_emulator_runs_down_to_the_last_of_a_burst()
    {
        await using var slack = await StartAsync();
        using var api = new EmulatorClient(slack);
        var room = (await OkAsync(api, "conversations.create", new() { ["name"] = "crisis-acme" }))["channel"]!.Str("id");
        using var patience = new CancellationTokenSource(Patience);
        var saved = SavedFileContainingAsync("burst 19", patience.Token);

        for (var i = 0; i < 20; i++) await OkAsync(api, "chat.postMessage", new() { ["channel"] = room, ["text"] = $"burst {i}" });

        var content = await saved;
        Assert.All(Enumerable.Range(0, 20), i => Assert.Contains($"burst {i}", content, StringComparison.Ordinal));
        Assert.Equal([StateFile], Directory.GetFiles(folder));
    }

    /// <summary>Waits on the folder's change notifications, so the test reads the file when it was replaced, never on a timer.</summary>
    private async Task<string> SavedFileContainingAsync(string text, CancellationToken ct)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watcher = new FileSystemWatcher(folder) { EnableRaisingEvents = true };
        void Check(object? sender, FileSystemEventArgs e)
        {
            try
            {
                if (File.Exists(StateFile) && File.ReadAllText(StateFile) is var content && content.Contains(text, StringComparison.Ordinal))
                {
                    found.TrySetResult(content);
                }
            }
            catch (IOException)
            {
                // Replaced again while being read: the next notification reads it afresh.
            }
        }
        watcher.Created += Check;
        watcher.Changed += Check;
        watcher.Renamed += (sender, e) => Check(sender, e);
        using var cancel = ct.Register(() => found.TrySetCanceled(ct));
        return await found.Task;
    }

    [Theory]
    [InlineData("{not json", "it is not a saved workspace")]
    [InlineData("[1, 2]", "it does not hold a saved workspace")]
    [InlineData("""{"format": 99, "users": []}""", "it was saved in format 99, and this version reads format 1")]
    [InlineData("""{"format": 1, "users": []}""", "it is not a saved workspace")]
    public async Task A_state_file_that_cannot_be_read_stops_the_start_naming_the_file_and_how_to_start_empty(string content, string why)
    {
        await File.WriteAllTextAsync(StateFile, content);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => StartAsync());

        Assert.StartsWith($"The sandbox's Slack workspace file {StateFile} cannot be read: {why}", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Run with --fresh to start with an empty workspace, or move the file away to keep it.", error.Message, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllTextAsync(StateFile));
    }
}
