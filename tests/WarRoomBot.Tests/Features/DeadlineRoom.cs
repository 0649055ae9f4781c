using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using SlackEmulator;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// The bot with one crisis open (Alice owns it), for the deadline tests: its technical and business channels and
/// what people read in them. Disposing it stops the bot and the emulated Slack.
/// </summary>
internal sealed partial class DeadlineRoom : IAsyncDisposable
{
    public const string TechName = "crisis-1-checkout-freezes";
    public const string BizName = "crisis-1-checkout-freezes-biz";

    /// <summary>The theory most tests start from; its plan is D1's step.</summary>
    public const string Statement = "Lock contention from the nightly price job";
    public const string Plan = "replay the 02:00 logs on staging";
    public const string Theory = $"theory {Statement} prove {Plan} by 45m";

    private DeadlineRoom(WarRoomApp app, string tech, string biz)
    {
        App = app;
        Tech = tech;
        Biz = biz;
    }

    public WarRoomApp App { get; }

    public string Tech { get; }

    public string Biz { get; }

    public Workspace Workspace => App.Slack.Workspace;

    /// <summary>What the technical channel shows about the crisis itself, without the business updates' own posts (see <see cref="AboutDiagnosis"/>).</summary>
    public IReadOnlyList<MessageRecord> TechMessages => AboutDiagnosis(AllTechMessages);

    public IReadOnlyList<MessageRecord> BizMessages => AboutDiagnosis(AllBizMessages);

    public IReadOnlyList<MessageRecord> AllTechMessages => Workspace.Channel(Tech).Messages;

    public IReadOnlyList<MessageRecord> AllBizMessages => Workspace.Channel(Biz).Messages;

    /// <summary>
    /// The messages without the business updates' own posts (digests, the owner's reminders, the pointers to them), which
    /// come every 30 minutes in a sev1 room: tests of deadlines count their own posts; BusinessUpdateTests covers the rest.
    /// </summary>
    public static IReadOnlyList<MessageRecord> AboutDiagnosis(IEnumerable<MessageRecord> messages) =>
        [.. messages.Where(m => m.MetadataPayload?["key"]?.GetValue<string>() is not { } key || !BusinessUpdateKey().IsMatch(key))];

    public static async Task<DeadlineRoom> OpenAsync(Dictionary<string, string?>? settings = null)
    {
        var app = await WarRoomApp.StartAsync(settings);
        await app.CrisisAsync("open Checkout freezes sev1 customer: Acme Retail");
        await app.SettleAsync();
        return new DeadlineRoom(app, app.Slack.Workspace.ChannelNamed(TechName)!.Id, app.Slack.Workspace.ChannelNamed(BizName)!.Id);
    }

    /// <summary>Types <c>/crisis {text}</c> in the technical channel.</summary>
    public Task<CommandReply> CrisisAsync(string text, string user = WarRoomApp.Alice) => App.CrisisAsync(text, user, Tech);

    /// <summary>What <c>/crisis status</c> in the technical channel tells whoever asks.</summary>
    public async Task<string> StatusAsync() => (await CrisisAsync("status")).Text;

    /// <summary>Technical channel messages a person would read <paramref name="text"/> in.</summary>
    public IReadOnlyList<MessageRecord> InTech(string text) => [.. AllTechMessages.Where(m => m.VisibleText.Contains(text, StringComparison.Ordinal))];

    public IReadOnlyList<MessageRecord> InBiz(string text) => [.. AllBizMessages.Where(m => m.VisibleText.Contains(text, StringComparison.Ordinal))];

    /// <summary>The one due post of <paramref name="deadline"/> (e.g. "D1"), as it reads now.</summary>
    public MessageRecord DuePost(string deadline = "D1") => Assert.Single(InTech($"{deadline} is due"));

    public Task<InteractionReply> ClickAsync(string user, MessageRecord message, string actionId) =>
        App.Sender.ClickButtonAsync(user, Tech, message, actionId);

    /// <summary>Private answers (through a response URL) that <paramref name="user"/> received about deadlines already settled.</summary>
    public IReadOnlyList<EphemeralRecord> RefusalsTo(string user) =>
        [.. Workspace.Ephemerals.Where(e => e.User == user && e.VisibleText.Contains("already has its outcome", StringComparison.Ordinal))];

    /// <summary>The action ids of every button in the message's actions blocks, in order.</summary>
    public static IReadOnlyList<string> Buttons(MessageRecord message) =>
    [
        .. (message.Blocks ?? []).OfType<JsonObject>()
            .Where(b => (string?)b["type"] == "actions")
            .SelectMany(b => b["elements"]?.AsArray().OfType<JsonObject>() ?? [])
            .Select(e => (string?)e["action_id"] ?? ""),
    ];

    /// <summary>The Slack date token for an instant, as the bot writes times so everyone reads them in their own zone.</summary>
    public static string DateToken(DateTimeOffset at) => $"<!date^{at.ToUnixTimeSeconds()}^";

    /// <summary>The fake clock's start plus some minutes, as a date token.</summary>
    public static string DateToken(int minutesFromStart) => DateToken(WarRoomApp.Start.AddMinutes(minutesFromStart));

    /// <summary>
    /// Puts the running bot's Quartz scheduler on standby, so moving the clock now is time passing while the bot is
    /// down: nothing fires until the next host starts.
    /// </summary>
    public async Task StopTheClockAsync()
    {
        var scheduler = await App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Standby();
    }

    /// <summary>The kickoff pinned in <paramref name="channel"/>, one of the two rooms.</summary>
    public MessageRecord PinnedKickoff(string channel)
    {
        var record = Workspace.Channel(channel);
        return record.Message(Assert.Single(record.Pins))!;
    }

    /// <summary>How often the kickoffs were updated and the topics set after the rooms were prepared.</summary>
    public (int Kickoffs, int Topics) CountRefreshes()
    {
        var kickoffs = new[] { Tech, Biz }.Select(c => Workspace.Channel(c).Pins[0]).ToHashSet();
        var updates = Workspace.CallsTo("chat.update").Count(c => c.Ok && kickoffs.Contains((string)c.Arguments["ts"]!));
        var topics = Workspace.CallsTo("conversations.setTopic").Count(c => c.Ok) - 2;
        return (updates, topics);
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();

    [GeneratedRegex(@"^crisis-\d+-u\d+", RegexOptions.CultureInvariant)]
    private static partial Regex BusinessUpdateKey();
}
