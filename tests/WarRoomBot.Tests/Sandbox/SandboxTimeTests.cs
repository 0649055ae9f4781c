using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Sandbox;
using WarRoomBot.Slack.Api;
using WarRoomBot.Storage;
using WarRoomBot.Tests.Features;

namespace WarRoomBot.Tests.Sandbox;

/// <summary>
/// The sandbox page's clock control, end to end: the bot runs on a sandbox clock over the fake one, and moving it on is
/// read in the emulated Slack as if the time had passed. Crisis 1 is a sev1 opened at the start, so the owner is
/// reminded of a business update at 20 minutes and the digest goes out at 30, then every 30 minutes.
/// </summary>
public sealed class SandboxTimeTests
{
    private static readonly DateTimeOffset T = WarRoomApp.Start;

    [Fact]
    public async Task A_deadline_45_minutes_out_moved_past_by_an_hour_is_reminded_then_due_each_once_in_that_order_even_when_Slack_is_slow()
    {
        await using var room = await SandboxRoom.OpenAsync();
        await room.CrisisAsync(DeadlineRoom.Theory);
        await room.App.SettleAsync();

        room.App.Slack.Faults.Latency = TimeSpan.FromMilliseconds(300);
        var now = await room.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.Equal(T.AddHours(1), now);
        var reminder = Assert.Single(room.InTech("D1 falls due"));
        var due = Assert.Single(room.InTech("D1 is due"));

        // Posted at 35 minutes, as the clock passed it, not from the end of the step.
        Assert.Contains("D1 falls due in 10 minutes", reminder.VisibleText);
        Assert.True(room.TechMessages.IndexOf(reminder) < room.TechMessages.IndexOf(due), "the reminder comes before the due post");
    }

    [Fact]
    public async Task A_sev1_crisis_moved_on_two_hours_sends_four_digests_on_time_each_naming_the_next_even_when_Slack_is_slow()
    {
        await using var room = await SandboxRoom.OpenAsync();

        // Each digest is posted before the clock moves past its time, however long Slack takes to answer.
        room.App.Slack.Faults.Latency = TimeSpan.FromMilliseconds(300);
        await room.AdvanceAsync(TimeSpan.FromHours(2));

        var digests = room.Digests;
        Assert.Equal(4, digests.Count);
        for (var i = 0; i < digests.Count; i++)
        {
            var shown = digests[i].VisibleText.Replace("*", "", StringComparison.Ordinal);
            Assert.Contains($"business update {i + 1}", shown, StringComparison.Ordinal);
            Assert.Contains($"Next update at {DeadlineRoom.DateToken(60 + (30 * i))}", shown, StringComparison.Ordinal);
            Assert.DoesNotContain("went out late", shown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Two_steps_of_an_hour_asked_at_once_move_the_clock_two_hours_and_record_nothing_twice()
    {
        await using var room = await SandboxRoom.OpenAsync();

        var ends = await Task.WhenAll(room.AdvanceAsync(TimeSpan.FromHours(1)), room.AdvanceAsync(TimeSpan.FromHours(1)));

        Assert.Equal([T.AddHours(1), T.AddHours(2)], ends.Order());
        Assert.Equal(T.AddHours(2), room.App.Clock.GetUtcNow());
        Assert.Equal(4, room.Digests.Count);
        Assert.Equal(4, room.UpdateReminders.Count);

        var timeline = await room.TimelineAsync();
        Assert.Equal([1, 2, 3, 4], timeline.OfType<CrisisEvent.BusinessUpdateGiven>().Select(g => g.Number));
        Assert.Equal([T.AddMinutes(30), T.AddMinutes(60), T.AddMinutes(90), T.AddMinutes(120)],
            timeline.OfType<CrisisEvent.BusinessUpdateGiven>().Select(g => g.At));
        Assert.Equal([T.AddMinutes(20), T.AddMinutes(50), T.AddMinutes(80), T.AddMinutes(110)],
            timeline.OfType<CrisisEvent.UpdateApproaching>().Select(r => r.At));
    }

    [Theory]
    [InlineData(0, "only moves forward")]
    [InlineData(-10, "only moves forward")]
    [InlineData(8 * 24 * 60, "at most 7 days at a time, not 8 days")]
    public async Task A_step_of_nothing_backwards_or_over_a_week_is_refused_in_words_and_the_clock_stays(int minutes, string says)
    {
        await using var room = await SandboxRoom.OpenAsync();

        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => room.AdvanceAsync(TimeSpan.FromMinutes(minutes)));

        Assert.Contains(says, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", refused.Message, StringComparison.Ordinal);
        Assert.Equal(T, room.App.Clock.GetUtcNow());
        Assert.Empty(room.Digests);
    }

    [Fact]
    public async Task After_a_step_Quartz_fires_what_comes_next_at_its_sandbox_time_however_soon_it_is()
    {
        await using var room = await SandboxRoom.OpenAsync();

        // Ten seconds short of the owner's reminder: nothing is due within the step, and the reminder is due sooner than
        // Quartz's idle wait, so only a scheduler woken by the step fires it ten seconds on.
        await room.AdvanceAsync(TimeSpan.FromMinutes(20) - TimeSpan.FromSeconds(10));
        Assert.Empty(room.UpdateReminders);

        room.App.Time.Advance(TimeSpan.FromSeconds(10));
        await room.WaitForAsync(room.Tech, SandboxRoom.IsUpdateReminder);

        // Ten real minutes on is ten sandbox minutes on: the digest due at 30 fires then, not ten minutes plus the step.
        room.App.Time.Advance(TimeSpan.FromMinutes(10));
        var digest = await room.WaitForAsync(room.Biz, m => m.VisibleText.Contains("business update 1", StringComparison.Ordinal));
        Assert.Contains(DeadlineRoom.DateToken(60), digest.VisibleText);
        Assert.Equal(T.AddMinutes(30), Assert.Single((await room.TimelineAsync()).OfType<CrisisEvent.BusinessUpdateGiven>()).At);
    }

    /// <summary>A sev1 crisis opened by Alice at the start, in a bot that runs on a sandbox clock over the fake one.</summary>
    private sealed class SandboxRoom : IAsyncDisposable
    {
        private readonly string folder;

        private SandboxRoom(WarRoomApp app, string folder)
        {
            App = app;
            this.folder = folder;
            Tech = app.Slack.Workspace.ChannelNamed(DeadlineRoom.TechName)!.Id;
            Biz = app.Slack.Workspace.ChannelNamed(DeadlineRoom.BizName)!.Id;
        }

        public WarRoomApp App { get; }

        public string Tech { get; }

        public string Biz { get; }

        public List<MessageRecord> TechMessages => [.. App.Slack.Workspace.Channel(Tech).Messages];

        /// <summary>The digests in the business channel, as executives read them.</summary>
        public List<MessageRecord> Digests =>
            [.. App.Slack.Workspace.Channel(Biz).Messages.Where(m => m.VisibleText.Contains("· business update", StringComparison.Ordinal))];

        /// <summary>The owner's reminders, in the technical channel, that a business update is coming.</summary>
        public List<MessageRecord> UpdateReminders => [.. TechMessages.Where(IsUpdateReminder)];

        public static bool IsUpdateReminder(MessageRecord message) =>
            message.MetadataPayload?["key"]?.GetValue<string>() is { } key && key.StartsWith("crisis-1-u", StringComparison.Ordinal)
            && key.EndsWith("-reminder", StringComparison.Ordinal);

        public static async Task<SandboxRoom> OpenAsync()
        {
            var folder = Directory.CreateTempSubdirectory("sandbox-time-").FullName;
            SandboxClock? clock = null;
            var app = await WarRoomApp.StartAsync(
                replaceServices: services =>
                {
                    services.AddSandboxTime(clock!);

                    // Over the fake clock a timer runs only when the test moves it, so Slack's pacing waits on real time,
                    // as in the other feature tests.
                    services.RemoveAllKeyed<TimeProvider>(SlackApiState.ClockKey);
                    services.AddKeyedSingleton(SlackApiState.ClockKey, TimeProvider.System);
                },
                clock: real => clock = SandboxClock.Open(Path.Combine(folder, "clock"), real));
            await app.CrisisAsync("open Checkout freezes sev1 customer: Acme Retail");
            await app.SettleAsync();
            return new SandboxRoom(app, folder);
        }

        public Task<DateTimeOffset> AdvanceAsync(TimeSpan by) =>
            App.Services.GetRequiredService<SandboxTime>().AdvanceAsync(by, CancellationToken.None);

        public Task<CommandReply> CrisisAsync(string text) => App.CrisisAsync(text, channel: Tech);

        public List<MessageRecord> InTech(string text) => [.. TechMessages.Where(m => m.VisibleText.Contains(text, StringComparison.Ordinal))];

        /// <summary>Waits for the bot to post, on its own, without a test settling it; the limit only ends a failing test.</summary>
        public async Task<MessageRecord> WaitForAsync(string channel, Func<MessageRecord, bool> match)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            return await App.Slack.Workspace.WaitForMessageAsync(channel, match, limit.Token);
        }

        public async Task<IReadOnlyList<CrisisEvent>> TimelineAsync() =>
            (await App.Services.GetRequiredService<ICrisisStore>().LoadAsync(new CrisisId(1), CancellationToken.None))!.Events;

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
