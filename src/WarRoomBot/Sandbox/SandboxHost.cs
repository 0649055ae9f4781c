using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration.Memory;
using SlackEmulator;
using SlackEmulator.Page;
using WarRoomBot.Storage;

namespace WarRoomBot.Sandbox;

/// <summary>The sandbox could not be prepared; the message names what to fix, for the one start-up line.</summary>
public sealed class SandboxUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The local sandbox: the emulated Slack in this process, on the bot's own clock, with its page; the bot configured to
/// use it and to keep its record in the sandbox's data folder. Nothing here is reachable unless
/// <see cref="StartupChoice"/> chose the sandbox.
/// </summary>
public sealed class SandboxHost : IAsyncDisposable
{
    public const string Section = "Sandbox";
    public const int DefaultPort = 5080;

    /// <summary>The demo workspace's people: one for each part a person plays in a crisis.</summary>
    public static readonly IReadOnlyList<(string Id, string Name, string Handle, string Role, string Phone, string Zone, int Offset)> People =
    [
        ("U0DANA", "Dana Whitfield", "dana", "crisis owner", "+1 555 0142", "America/New_York", -5 * 3600),
        ("U0PRIYA", "Priya Natarajan", "priya", "on-call engineer", "+44 20 7946 0018", "Europe/London", 0),
        ("U0VERA", "Vera Lindqvist", "vera", "executive", "+1 555 0199", "America/Los_Angeles", -8 * 3600),
    ];

    private readonly SandboxPage _page;
    private HttpClient? _bot;

    private SandboxHost(EmulatedSlack slack, SandboxClock clock, SandboxPage page, string folder)
    {
        Slack = slack;
        Clock = clock;
        _page = page;
        Folder = folder;
    }

    public EmulatedSlack Slack { get; }

    /// <summary>The one clock of the sandbox: the bot runs on it and the emulated Slack stamps its messages with it.</summary>
    public SandboxClock Clock { get; }

    /// <summary>Where the sandbox keeps its crises, its workspace and its clock between runs.</summary>
    public string Folder { get; }

    /// <summary>The page's address, as the console prints it.</summary>
    public Uri PageUrl => Slack.BaseUrl;

    /// <summary>
    /// Starts the emulated Slack and points the bot's settings at it. <paramref name="fresh"/> throws away what the
    /// last run kept, the sandbox's own folder only.
    /// </summary>
    public static async Task<SandboxHost> StartAsync(WebApplicationBuilder builder, bool fresh, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = builder.Configuration.GetSection(Section);
        var folder = Path.GetFullPath(settings["DataFolder"] is { Length: > 0 } chosen
            ? chosen
            : Path.Combine(builder.Environment.ContentRootPath, "data", "sandbox"));
        var port = Port(settings["Port"]);

        var database = Path.Combine(folder, "warroom.litedb");
        try
        {
            Directory.CreateDirectory(folder);
            if (fresh)
                Empty(folder, database);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SandboxUnavailableException($"the sandbox's data folder {folder} (Sandbox:DataFolder) cannot be written: {e.Message}", e);
        }
        catch (StoreUnavailableException e)
        {
            throw new SandboxUnavailableException($"--fresh cannot empty the sandbox while another one runs on it: {e.Message}", e);
        }

        SandboxClock clock;
        try
        {
            clock = SandboxClock.Open(Path.Combine(folder, OwnFiles[2]), TimeProvider.System);
        }
        catch (InvalidDataException e)
        {
            throw new SandboxUnavailableException(e.Message, e);
        }

        var page = new SandboxPage([.. People.Select(p => new SandboxPerson(p.Id, p.Role))]);
        EmulatedSlack slack;
        try
        {
            slack = await EmulatedSlack.StartAsync(
                new EmulatorSettings
                {
                    Url = PageAddress(port),
                    StateFile = Path.Combine(folder, OwnFiles[0]),

                    // Made up for each run: what signs a request to this bot is known only inside this process.
                    BotToken = "xoxb-sandbox-" + RandomNumberGenerator.GetHexString(24, lowercase: true),
                    SigningSecret = RandomNumberGenerator.GetHexString(32, lowercase: true),
                },
                clock, page.Map, ct);
        }
        catch (InvalidDataException e)
        {
            throw new SandboxUnavailableException(e.Message, e);
        }
        catch (IOException e)
        {
            throw new SandboxUnavailableException(
                $"the sandbox's page cannot listen on port {port} (Sandbox:Port): {e.Message.TrimEnd('.')}. Stop what uses it, or choose another port, e.g. --Sandbox:Port=5090.", e);
        }

        Seed(slack.Workspace);
        var watch = WatchChannel(slack.Workspace);

        // The page's line is what a person needs on the console; the host's start-up chatter and the token check (of a
        // token the sandbox made up) stay below it unless a Logging setting asks for them.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
                ["Logging:LogLevel:WarRoomBot.Slack.SlackTokenCheck"] = "Warning",
                ["Logging:LogLevel:WarRoomBot.StopSignal"] = "Warning",
            },
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = slack.Settings.BotToken,
            ["Slack:SigningSecret"] = slack.Settings.SigningSecret,
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.AbsoluteUri,
            ["Storage:Provider"] = "LiteDb",
            ["Storage:ConnectionString"] = database,
            ["WarRoom:DefaultResponders:0"] = People[1].Id,
            ["WarRoom:DefaultExecutives:0"] = People[2].Id,

            // Issue 15: the daily watch list has a channel to go to, at 09:00 on the sandbox clock.
            ["WarRoom:Watch:Channel"] = watch,
        });

        // Only the page is for people; the bot's own endpoint serves the emulated Slack in this process alone, so it
        // takes a free loopback port whatever else the settings say.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        return new SandboxHost(slack, clock, page, folder);
    }

    /// <summary>Once the bot listens, the page can send it what people do.</summary>
    public void Connect(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _bot = new HttpClient { BaseAddress = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/") };
        var time = app.Services.GetRequiredService<SandboxTime>();
        _page.Connect(new SandboxBot(Slack.SenderTo(_bot, Clock), Clock, time.AdvanceAsync));
    }

    /// <summary>The one line the console shows.</summary>
    public string Banner =>
        $"WarRoomBot sandbox: open {PageUrl} to use the bot in a local Slack (no Slack settings needed; kept in {Folder}, --fresh starts empty). "
        + "To connect a real Slack workspace instead, set Slack__BotToken and Slack__SigningSecret (README: Creating the Slack app).";

    public async ValueTask DisposeAsync()
    {
        // Last: the emulated Slack saves its workspace as it stops, after the bot has posted all it will.
        _bot?.Dispose();
        await Slack.DisposeAsync();
    }

    /// <summary>localhost, as people type it; Kestrel picks a free port only on an address, which tests use.</summary>
    private static string PageAddress(int port) =>
        port == 0 ? "http://127.0.0.1:0" : string.Create(CultureInfo.InvariantCulture, $"http://localhost:{port}");

    private static int Port(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
            return DefaultPort;
        return int.TryParse(setting, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new SandboxUnavailableException($"Sandbox:Port must be a port number from 0 to 65535 (0 picks a free one), not \"{setting}\".");
    }

    /// <summary>What the sandbox writes in its folder, and all that --fresh deletes: the folder may hold other things.</summary>
    private static readonly string[] OwnFiles =
    [
        "slack.json", "slack.json.saving", "clock.json", "clock.json.tmp",
        "warroom.litedb", "warroom-log.litedb",
    ];

    /// <summary>
    /// Deletes the sandbox's own files, holding the store's lock meanwhile: a sandbox still running on the folder holds
    /// it, and pulling its files away would leave two processes on different files.
    /// </summary>
    private static void Empty(string folder, string database)
    {
        using var _ = EmbeddedStoreLock.Acquire(database, "Sandbox:DataFolder");
        foreach (var name in OwnFiles)
            File.Delete(Path.Combine(folder, name));
    }

    /// <summary>
    /// The channel the daily watch list goes to, with the bot and the people in it; made in a workspace kept from a run
    /// before there was one, too.
    /// </summary>
    private static string WatchChannel(Workspace workspace)
    {
        if (workspace.ChannelNamed("customer-watch") is { } kept)
            return kept.Id;
        var channel = workspace.AddChannel("customer-watch", creator: People[2].Id);
        foreach (var id in People.Select(p => p.Id).Append(workspace.Users.Single(u => u.IsBot).Id))
            workspace.AddMember(channel.Id, id);
        return channel.Id;
    }

    /// <summary>A workspace kept from the last run already has its people; a new one gets them and a #general to type in.</summary>
    private static void Seed(Workspace workspace)
    {
        if (workspace.Users.Any(u => u.Id == People[0].Id))
            return;
        foreach (var person in People)
            workspace.AddUser(person.Id, person.Handle, person.Name, person.Phone, person.Zone, person.Offset);
        var general = workspace.AddChannel("general", creator: People[0].Id);
        foreach (var person in People.Skip(1))
            workspace.AddMember(general.Id, person.Id);
    }
}
