using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

public sealed class SlackEdgeTests
{
    [Fact]
    public async Task Help_lists_the_whole_grammar_privately()
    {
        await using var app = await WarRoomApp.StartAsync();

        var help = await app.CrisisAsync("help");

        Assert.True(help.IsEphemeral);
        foreach (var verb in new[] { "open", "owner", "theory", "deadline", "extend", "update", "resolve", "debrief" })
            Assert.Contains(verb, help.Text);
    }

    [Fact]
    public async Task An_unknown_verb_is_named_in_a_private_reply_with_the_usage()
    {
        await using var app = await WarRoomApp.StartAsync();

        var reply = await app.CrisisAsync("frobnicate the database");

        Assert.True(reply.IsEphemeral);
        Assert.Contains("frobnicate", reply.Text);
        Assert.Contains("open", reply.Text);
        Assert.Empty(app.Slack.Workspace.Calls);
    }

    [Fact]
    public async Task Debrief_outside_a_crisis_channel_without_a_crisis_number_is_refused_saying_how_to_name_one()
    {
        await using var app = await WarRoomApp.StartAsync();

        var reply = await app.CrisisAsync("debrief", channel: app.General);
        await app.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.Equal(":x: This channel is not a crisis's room, so name the crisis: `/crisis debrief #42`.\nUsage: `/crisis debrief [#&lt;crisis number&gt;]`", reply.Text);
        Assert.Empty(app.Slack.Workspace.Files);
    }

    [Fact]
    public async Task An_unsigned_or_stale_request_is_refused_and_records_nothing()
    {
        await using var app = await WarRoomApp.StartAsync();
        const string body = "command=%2Fcrisis&text=open+Checkout+down&user_id=U0ALICE&channel_id=C1&response_url=http%3A%2F%2F127.0.0.1%2Fx&trigger_id=1";

        var unsigned = await app.Sender.SendRawAsync("/slack/commands", body, "application/x-www-form-urlencoded", sign: false);
        var stale = await app.Sender.SendRawAsync("/slack/commands", body, "application/x-www-form-urlencoded",
            timestampOverride: app.Time.GetUtcNow().AddMinutes(-6).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var forged = await app.Sender.SendRawAsync("/slack/commands", body, "application/x-www-form-urlencoded", signatureOverride: "v0=" + new string('0', 64));
        await app.SettleAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Empty(app.Slack.Workspace.Calls);
        Assert.DoesNotContain(app.Slack.Workspace.Channels, c => c.Name.StartsWith("crisis-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Interactions_and_events_are_verified_too()
    {
        await using var app = await WarRoomApp.StartAsync();

        var interaction = await app.Sender.SendRawAsync("/slack/interactions", "payload=%7B%7D", "application/x-www-form-urlencoded", sign: false);
        var events = await app.Sender.SendRawAsync("/slack/events", """{"type":"url_verification","challenge":"abc"}""", "application/json", sign: false);

        Assert.Equal(HttpStatusCode.Unauthorized, interaction.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, events.StatusCode);
    }

    [Theory]
    [InlineData("token=x", "The form has no payload field.")]
    [InlineData("payload=", "The form has no payload field.")]
    [InlineData("payload=%7B%7D&payload=%7B%7D", "The form has no payload field.")]
    [InlineData("payload=not+json", "The payload is not JSON.")]
    [InlineData("payload=%FF%FE", "The payload is not JSON.")]
    public async Task A_signed_interaction_without_one_JSON_payload_is_answered_400_with_the_reason_and_nothing_is_done(string body, string reason)
    {
        await using var app = await WarRoomApp.StartAsync();

        var response = await app.Sender.SendRawAsync("/slack/interactions", body, "application/x-www-form-urlencoded");

        Assert.Equal((HttpStatusCode.BadRequest, reason), (response.StatusCode, await response.Content.ReadAsStringAsync()));
        Assert.Empty(app.Slack.Workspace.Calls);
    }

    [Fact]
    public async Task The_events_url_answers_slacks_challenge()
    {
        await using var app = await WarRoomApp.StartAsync();

        var response = await app.Sender.SendEventAsync("""{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_is_ok_while_the_store_answers()
    {
        await using var app = await WarRoomApp.StartAsync();
        var response = await app.Bot.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Slack__BotToken", "Slack:BotToken")]
    [InlineData("Slack__SigningSecret", "Slack:SigningSecret")]
    public async Task A_missing_secret_stops_start_up_with_a_message_naming_the_setting(string missing, string named)
    {
        var bot = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "WarRoomBot.dll")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetTempPath(),
            Environment =
            {
                ["Slack__BotToken"] = "xoxb-test",
                ["Slack__SigningSecret"] = "secret",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            },
        };
        bot.Environment.Remove(missing);

        using var process = System.Diagnostics.Process.Start(bot)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(1, process.ExitCode);
        Assert.Contains(named, errors);
        Assert.DoesNotContain("   at ", errors);
    }

    [Fact]
    public async Task Slash_command_replies_are_json_slack_can_render()
    {
        await using var app = await WarRoomApp.StartAsync();

        var reply = await app.CrisisAsync("help open");

        Assert.StartsWith("application/json", reply.ContentType);
        Assert.Equal("ephemeral", reply.Json?["response_type"]?.GetValue<string>());
        Assert.Contains("open", reply.Json?["text"]?.GetValue<string>());
    }

    [Fact]
    public async Task An_unexpected_failure_gets_a_private_apology_with_a_reference_not_a_crash()
    {
        await using var app = await WarRoomApp.StartAsync(replaceServices: services =>
        {
            services.RemoveAll<ICrisisStore>();
            services.AddSingleton<ICrisisStore, UnreachableStore>();
        });

        var reply = await app.CrisisAsync("open Checkout freezes");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.IsEphemeral);
        Assert.Contains("Something went wrong on our side (ref `", reply.Text);
        Assert.Contains("Nothing was recorded", reply.Text);
    }

    [Fact]
    public async Task Health_is_unavailable_while_the_store_does_not_answer()
    {
        await using var app = await WarRoomApp.StartAsync(replaceServices: services =>
        {
            services.RemoveAll<ICrisisStore>();
            services.AddSingleton<ICrisisStore, UnreachableStore>();
        });

        var response = await app.Bot.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    /// <summary>The store as a whole is down: the support cases kept beside the crises too.</summary>
    private sealed class UnreachableStore : ICrisisStore, ISupportCaseStore
    {
        private static readonly IOException Down = new("disk I/O error");

        public Task<CrisisHistory> OpenAsync(IReadOnlyList<CrisisEvent> opening, CancellationToken ct) => throw Down;

        public Task<CrisisHistory?> LoadAsync(CrisisId crisis, CancellationToken ct) => throw Down;

        public Task<int> AppendAsync(CrisisId crisis, int expectedVersion, IReadOnlyList<CrisisEvent> events, Crisis after, CancellationToken ct) => throw Down;

        public Task IndexAsync(Crisis crisis, int version, CancellationToken ct) => throw Down;

        public Task<CrisisList> ListOpenAsync(int limit, CancellationToken ct) => throw Down;

        public Task<IReadOnlyList<CrisisId>> UnlistedAsync(CrisisId? after, int limit, CancellationToken ct) => throw Down;

        public Task<CrisisId?> CrisisForChannelAsync(ChannelId channel, CancellationToken ct) => throw Down;

        public Task<IReadOnlyList<CrisisId>> DueByAsync(DateTimeOffset until, CancellationToken ct) => throw Down;

        public Task<IReadOnlyList<CrisisId>> UnpublishedAsync(CrisisId? after, int limit, CancellationToken ct) => Task.FromResult<IReadOnlyList<CrisisId>>([]);

        public Task MarkPublishedAsync(CrisisId crisis, int version, CancellationToken ct) => throw Down;

        public Task<bool> NoteAttemptAsync(CrisisId crisis, string step, CancellationToken ct) => throw Down;

        public Task<IReadOnlyList<CrisisId>> CrisesAsync(CrisisId? after, int limit, CancellationToken ct) => throw Down;

        public Task<CrisisRecord?> ExportAsync(CrisisId crisis, CancellationToken ct) => throw Down;

        public Task ImportAsync(CrisisRecord record, CancellationToken ct) => throw Down;

        public Task<bool> IsReachableAsync(CancellationToken ct) => Task.FromResult(false);

        public Task<CaseImport> UpsertAsync(IReadOnlyList<SupportCase> cases, CancellationToken ct) => throw Down;

        public Task<IReadOnlyList<SupportCase>> RecentOrOpenAsync(DateTimeOffset since, CancellationToken ct) => throw Down;

        public Task<bool> TryClaimWatchPostAsync(DateOnly day, DateTimeOffset now, TimeSpan lease, CancellationToken ct) => throw Down;

        public Task MarkWatchPostedAsync(DateOnly day, CancellationToken ct) => throw Down;

        public Task<IReadOnlyList<DateOnly>> WatchPostedDaysAsync(CancellationToken ct) => throw Down;
    }
}
