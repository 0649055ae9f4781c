using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SlackEmulator;

/// <summary>A loopback Slack: the Web API subset the bot uses, response URLs, and Slack-signed requests to the bot.</summary>
public sealed class EmulatedSlack : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly WorkspaceFile? _file;
    private int _disposed;

    private EmulatedSlack(WebApplication app, CancellationTokenSource stopping, WorkspaceFile? file, EmulatorSettings settings, Workspace workspace, Faults faults,
        SocketMode socketMode, Uri baseUrl)
    {
        SocketMode = socketMode;
        _app = app;
        _stopping = stopping;
        _file = file;
        Settings = settings;
        Workspace = workspace;
        Faults = faults;
        BaseUrl = baseUrl;
        ApiBaseUrl = new Uri(baseUrl, "api/");
    }

    public EmulatorSettings Settings { get; }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseUrl { get; }

    /// <summary>http://127.0.0.1:PORT/api/ — what the bot's Slack:ApiBaseUrl should be.</summary>
    public Uri ApiBaseUrl { get; }

    public Workspace Workspace { get; }

    public Faults Faults { get; }

    /// <summary>Slack's Socket Mode: the connections the bot opened and the envelopes sent over them.</summary>
    public SocketMode SocketMode { get; }

    /// <param name="clock">Slack's clock (message timestamps); the sandbox passes the clock the bot runs on, so both tell one time.</param>
    /// <param name="mapMore">Maps further endpoints on the emulator's server before it starts: the sandbox page.</param>
    /// <exception cref="InvalidDataException"><see cref="EmulatorSettings.StateFile"/> exists but cannot be read; the message names it.</exception>
    public static async Task<EmulatedSlack> StartAsync(EmulatorSettings? settings = null, TimeProvider? clock = null,
        Action<WebApplication, Workspace>? mapMore = null, CancellationToken ct = default)
    {
        settings ??= new EmulatorSettings();
        var workspace = new Workspace(settings, clock ?? TimeProvider.System);
        var file = settings.StateFile is { } stateFile ? WorkspaceFile.Open(stateFile, workspace) : null;
        var faults = new Faults();
        var stopping = new CancellationTokenSource();

        // An empty builder: the emulator must not pick up the host's appsettings, URLs or logging.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(EmulatedSlack).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().UseUrls(settings.Url);
        builder.Services.AddRoutingCore();

        // The process the emulator lives in (the sandbox, a test, a load run) owns Ctrl+C and SIGTERM. A host's default
        // console lifetime would take them for the emulator alone: a sandbox stopped while it started ran on.
        builder.Services.AddSingleton<IHostLifetime, ProcessOwnedLifetime>();
        builder.Logging.ClearProviders();

        var app = builder.Build();
        if (file is not null)
        {
            // Before any answer leaves, what the request changed is on disk: a crash can then lose no channel or message
            // that the bot was told about and keeps the id of.
            app.Use((http, next) =>
            {
                http.Response.OnStarting(() =>
                {
                    file.SaveIfChanged();
                    return Task.CompletedTask;
                });
                return next(http);
            });
        }

        app.UseRouting();
        var api = new WebApi(settings, workspace, faults, clock ?? TimeProvider.System, stopping.Token);
        var responses = new ResponseUrls(settings, workspace, faults);
        app.MapMethods("/api/{method}", ["GET", "POST"], (HttpContext http, string method) => api.HandleAsync(http, method));
        app.MapPost("/" + SlackMethods.UploadPath + "{id}", (HttpContext http, string id) => api.HandleUploadAsync(http, id));
        app.MapPost("/response/{id}", (HttpContext http, string id) => responses.HandleAsync(http, id));
        var socketMode = new SocketMode(settings, clock ?? TimeProvider.System, stopping.Token);
        app.MapMethods("/api/apps.connections.open", ["GET", "POST"], socketMode.OpenUrlAsync);
        app.Map("/link", socketMode.ConnectAsync);
        mapMore?.Invoke(app, workspace);

        try
        {
            await app.StartAsync(ct);
        }
        catch
        {
            await app.DisposeAsync();
            stopping.Dispose();
            if (file is not null) await file.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var baseUrl = new Uri(address.TrimEnd('/') + "/");
        return new EmulatedSlack(app, stopping, file, settings, workspace, faults, socketMode, baseUrl);
    }

    /// <summary>A client that sends Slack-signed requests to the bot, as Slack would.</summary>
    /// <param name="bot">Sends to the bot; relative paths such as slack/commands are resolved against its BaseAddress.</param>
    /// <param name="clock">Source of X-Slack-Request-Timestamp; pass the clock the bot uses, so a fake clock keeps the signature fresh.</param>
    public SlackSender SenderTo(HttpClient bot, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(clock);
        return new SlackSender(this, bot, clock);
    }

    /// <summary>
    /// A client that sends the same commands, clicks and submissions as <see cref="SenderTo"/>, as envelopes over the bot's
    /// Socket Mode connection instead, and reads the replies from its acknowledgements.
    /// </summary>
    public SlackSender SenderOverSocketMode(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return new SlackSender(this, SocketMode, clock);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        // Release hanging calls first so shutdown does not wait for them.
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
        // After the server stopped, so the final save holds every change a caller was answered for.
        if (_file is not null) await _file.DisposeAsync();
    }

    /// <summary>Starts and stops when the emulator's owner says, and listens to no signal of the process.</summary>
    private sealed class ProcessOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
