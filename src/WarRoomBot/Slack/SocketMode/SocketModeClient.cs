using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace WarRoomBot.Slack.SocketMode;

/// <summary>
/// Keeps a Socket Mode connection to Slack open while the bot runs, so commands, clicks and forms reach it with no public
/// request URL. Every connect asks <c>apps.connections.open</c> for a fresh URL. When Slack asks for a refresh, the new
/// connection is open before the old one closes, so there is never a moment with none; a connection that drops, or whose
/// pings go unanswered, is replaced at once.
/// </summary>
internal sealed class SocketModeClient : BackgroundService
{
    public const string HttpClientName = "slack-socket-mode";

    // Slack's answers that are about the app-level token itself.
    private static readonly HashSet<string> TokenErrors = new(StringComparer.Ordinal)
    {
        "not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type", "missing_scope", "forbidden_team",
    };

    private readonly IHttpClientFactory http;
    private readonly SlackOptions slack;
    private readonly SocketModeOptions options;
    private readonly SocketModeEnvelopes envelopes;
    private readonly TimeProvider time;
    private readonly ILogger<SocketModeClient> log;
    private readonly Lock gate = new();
    private readonly List<SocketModeConnection> connections = [];
    private int opened;

    public SocketModeClient(IHttpClientFactory http, IOptions<SlackOptions> slack, IOptions<SocketModeOptions> options, SocketModeEnvelopes envelopes,
        TimeProvider time, ILogger<SocketModeClient> log)
    {
        this.http = http;
        this.slack = slack.Value;
        this.options = options.Value;
        this.envelopes = envelopes;
        this.time = time;
        this.log = log;
    }

    /// <summary>Connections open now: one normally, two for the moment of a refresh.</summary>
    public int OpenConnections
    {
        get
        {
            lock (gate)
                return connections.Count(c => c.IsOpen);
        }
    }

    /// <summary>Why the client gave up for good (Socket Mode turned off, the token refused); null while it keeps connected.</summary>
    public string? StoppedBecause { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        SocketModeConnection? current = null;
        try
        {
            while (true)
            {
                current ??= await ConnectAsync(stoppingToken);
                if (current is null)
                    return;

                var signal = await current.Signal.WaitAsync(stoppingToken);
                switch (signal.Reason)
                {
                    case null:
                        SocketModeLog.Lost(log, current.Number);
                        await ForgetAsync(current);
                        current = null;
                        break;
                    case "link_disabled":
                        StoppedBecause = "Slack turned Socket Mode off for this app (link_disabled), so no command, click or form reaches the bot. "
                            + "Turn Socket Mode on again in the app's settings (api.slack.com/apps, Socket Mode) and restart the bot, or remove Slack:AppToken and give Slack request URLs.";
                        SocketModeLog.Stopped(log, StoppedBecause);
                        await CloseAsync(current, stoppingToken);
                        return;
                    case "too_many_websockets":
                        SocketModeLog.TooMany(log, current.Number, options.TooManyConnectionsBackoff);

                        // The wait counts from Slack's word, not from when the old connection finished closing.
                        var backoff = Task.Delay(options.TooManyConnectionsBackoff, time, stoppingToken);
                        await CloseAsync(current, stoppingToken);
                        current = null;
                        await backoff;
                        break;
                    default:
                        // warning, refresh_requested, or a reason Slack adds later: the replacement first, then the old one.
                        SocketModeLog.Refreshing(log, current.Number, signal.Reason);
                        var next = await ConnectAsync(stoppingToken);
                        await CloseAsync(current, stoppingToken);
                        current = next;
                        if (current is null)
                            return;
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The bot is stopping.
        }
        finally
        {
            SocketModeConnection[] left;
            lock (gate)
                left = [.. connections];
            foreach (var connection in left)
                await ForgetAsync(connection);
        }
    }

    /// <summary>A connection that said hello, or null when Slack refused for good (logged; <see cref="StoppedBecause"/> set).</summary>
    private async Task<SocketModeConnection?> ConnectAsync(CancellationToken ct)
    {
        var wait = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                var url = await OpenUrlAsync(ct);
                var connection = await SocketModeConnection.OpenAsync(Interlocked.Increment(ref opened), url, options, envelopes, log, time, ct);
                lock (gate)
                    connections.Add(connection);
                SocketModeLog.Connected(log, connection.Number);
                return connection;
            }
            catch (TokenRefusedException e)
            {
                StoppedBecause = e.Message;
                SocketModeLog.Stopped(log, e.Message);
                return null;
            }
            catch (Exception e) when (e is HttpRequestException or WebSocketException or JsonException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                SocketModeLog.CannotConnect(log, e.Message, wait);
                await Task.Delay(wait, time, ct);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, options.MaxRetryWait.Ticks));
            }
        }
    }

    private async Task<Uri> OpenUrlAsync(CancellationToken ct)
    {
        using var client = http.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, "apps.connections.open") { Content = new FormUrlEncodedContent([]) };

        // Slack takes the app-level token only in the Authorization header for this method.
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", slack.AppToken);
        using var response = await client.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"apps.connections.open answered HTTP {(int)response.StatusCode}");

        using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        var root = answer.RootElement;
        if (root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True
            && root.TryGetProperty("url", out var url) && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri))
        {
            return uri;
        }

        var error = root.TryGetProperty("error", out var e) ? e.GetString() ?? "" : "no url";
        throw TokenErrors.Contains(error)
            ? new TokenRefusedException(
                $"Slack refused Slack:AppToken ({error}). Set it (environment variable Slack__AppToken) to an app-level token (xapp-…) with the connections:write scope, from the app's Basic Information page.")
            : new HttpRequestException($"apps.connections.open answered {error}");
    }

    private async Task CloseAsync(SocketModeConnection connection, CancellationToken ct)
    {
        try
        {
            await connection.CloseAsync(ct);
        }
        finally
        {
            await ForgetAsync(connection);
        }
    }

    private async Task ForgetAsync(SocketModeConnection connection)
    {
        lock (gate)
            connections.Remove(connection);
        await connection.DisposeAsync();
    }

    private sealed class TokenRefusedException(string message) : Exception(message);
}
