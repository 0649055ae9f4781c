using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SlackEmulator;
using WarRoomBot.Features.Watch;
using WarRoomBot.Scheduling;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Publishing;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// The real bot host on real Kestrel, a fake clock, a LiteDB file of its own, and a loopback Slack.
/// Restarting keeps the database and the emulated workspace, as a real restart would.
/// </summary>
public sealed class WarRoomApp : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);

    private readonly string folder;
    private readonly Dictionary<string, string?> settings;
    private WebApplicationFactory<Program> host;

    private readonly Action<IServiceCollection>? replaceServices;

    private WarRoomApp(EmulatedSlack slack, string folder, Dictionary<string, string?> settings, Action<IServiceCollection>? replaceServices,
        Func<FakeTimeProvider, TimeProvider>? clock)
    {
        Slack = slack;
        this.folder = folder;
        this.settings = settings;
        this.replaceServices = replaceServices;
        Clock = clock?.Invoke(Time) ?? Time;
        host = Build();
    }

    public EmulatedSlack Slack { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The bot's clock, which Slack's requests are signed with: <see cref="Time"/>, or one built on it (the sandbox's).</summary>
    public TimeProvider Clock { get; }

    public SlackSender Sender { get; private set; } = null!;

    /// <summary>A plain client to the bot, for requests that do not come from Slack (health checks).</summary>
    public HttpClient Bot { get; private set; } = null!;

    public IServiceProvider Services => host.Services;

    /// <param name="clock">Builds the bot's clock on the fake one, e.g. a sandbox clock; by default the bot runs on <see cref="Time"/>.</param>
    /// <param name="seed">
    /// Adds to the emulated workspace before the bot starts, and returns settings that name what it added (a channel's id
    /// is only known once the channel exists).
    /// </param>
    /// <param name="socketMode">
    /// The bot gets an app-level token and no signing secret, and <see cref="Sender"/> sends over its Socket Mode
    /// connection; start-up returns once that connection is open.
    /// </param>
    /// <param name="emulator">The emulated Slack's own settings, such as its posting limits; its defaults otherwise.</param>
    public static async Task<WarRoomApp> StartAsync(Dictionary<string, string?>? extraSettings = null, Action<IServiceCollection>? replaceServices = null,
        Func<FakeTimeProvider, TimeProvider>? clock = null, Func<Workspace, Dictionary<string, string?>>? seed = null, bool socketMode = false,
        EmulatorSettings? emulator = null)
    {
        var slack = await EmulatedSlack.StartAsync(emulator);
        slack.Workspace.AddUser(Alice, "alice", "Alice Moreau", phone: "+1 555 0100");
        slack.Workspace.AddUser(Bob, "bob", "Bob Chen", phone: null);
        slack.Workspace.AddUser(Carol, "carol", "Carol Diaz", phone: "+44 20 7946 0000");
        slack.Workspace.AddUser(Dave, "dave", "Dave Exec", phone: null);
        slack.Workspace.AddChannel("general", creator: Alice);

        var folder = Directory.CreateTempSubdirectory("warroom-test-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = slack.Settings.BotToken,
            ["Slack:SigningSecret"] = slack.Settings.SigningSecret,
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.AbsoluteUri,
            ["Storage:ConnectionString"] = Path.Combine(folder, "warroom.litedb"),
            ["WarRoom:DefaultResponders:0"] = Carol,
            ["WarRoom:DefaultExecutives:0"] = Dave,
        };
        if (socketMode)
        {
            settings.Remove("Slack:SigningSecret");
            settings["Slack:AppToken"] = slack.Settings.AppToken;
        }
        foreach (var (key, value) in extraSettings ?? [])
            settings[key] = value;
        foreach (var (key, value) in seed?.Invoke(slack.Workspace) ?? [])
            settings[key] = value;

        var app = new WarRoomApp(slack, folder, settings, replaceServices, clock);
        app.Connect();
        if (socketMode)
        {
            using var connected = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await slack.SocketMode.WaitUntilAsync(s => s.Open.Count > 0, connected.Token);
        }

        // The bot's start-up token check (auth.test) is not something a test's own steps caused.
        slack.Workspace.ForgetCalls();
        return app;
    }

    public const string Alice = "U0ALICE";
    public const string Bob = "U0BOB";
    public const string Carol = "U0CAROL";
    public const string Dave = "U0DAVE";

    public string General => Slack.Workspace.ChannelNamed("general")!.Id;

    /// <summary>Types <c>/crisis {text}</c> in #general as <paramref name="user"/>.</summary>
    public Task<CommandReply> CrisisAsync(string text, string user = Alice, string? channel = null) =>
        Sender.SlashCommandAsync(user, channel ?? General, text);

    /// <summary>
    /// Lets the crisis clock, the daily watch post, the publisher and side tasks finish everything they can do at the fake clock's time.
    /// The clock runs from the store, as after a restart, so a test does not depend on when Quartz's thread wakes.
    /// </summary>
    public async Task SettleAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await host.Services.GetRequiredService<SlackSideTasks>().DrainAsync(timeout.Token);
        await host.Services.GetRequiredService<CrisisClockScheduler>().RunAllDueAsync(timeout.Token);
        await host.Services.GetRequiredService<WatchPost>().RunDueAsync(timeout.Token);
        await host.Services.GetRequiredService<SlackPublisher>().DrainAsync(timeout.Token);
        await host.Services.GetRequiredService<SlackSideTasks>().DrainAsync(timeout.Token);
    }

    /// <summary>Moves the fake clock on, then settles.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        await SettleAsync();
    }

    /// <summary>Stops the host the way a deploy or a crash would, then starts a new one on the same database.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        host = Build();
        Connect();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Slack.DisposeAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The store may still hold the file for a moment on some systems; the OS cleans temp folders.
        }
    }

    /// <summary>
    /// Stops the bot and waits for its embedded store to let go of its file. The factory's disposal returns while the
    /// bot's own entry point may still be disposing its services on another thread; the next host would then find the
    /// store's lock held and refuse to start.
    /// </summary>
    private async Task StopAsync()
    {
        var store = host.Services.GetRequiredService<ICrisisStore>();
        await host.DisposeAsync();
        (store as IDisposable)?.Dispose();
    }

    private void Connect()
    {
        host.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        host.StartServer();

        // With Kestrel, the factory's client talks to the bot over real loopback HTTP, as Slack would.
        Bot = host.CreateClient();
        Sender = settings.ContainsKey("Slack:AppToken") ? Slack.SenderOverSocketMode(Clock) : Slack.SenderTo(Bot, Clock);
    }

    private WebApplicationFactory<Program> Build() => new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
    {
        web.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
            web.UseSetting(key, value);
        web.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(Clock);
            replaceServices?.Invoke(services);
        });
    });
}
