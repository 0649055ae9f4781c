using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WarRoomBot.Slack.SocketMode;

/// <summary>Why a connection needs the client's attention: Slack asked it to go (<see cref="Reason"/>), or it ended.</summary>
internal sealed record ConnectionSignal(string? Reason)
{
    public static readonly ConnectionSignal Ended = new((string?)null);
}

/// <summary>
/// One WebSocket to Slack: reads frames, hands each envelope to <see cref="SocketModeEnvelopes"/> and sends back the
/// acknowledgement. Envelopes still being handled when it is closed are acknowledged first.
/// </summary>
internal sealed class SocketModeConnection : IAsyncDisposable
{
    private readonly ClientWebSocket socket;
    private readonly SocketModeEnvelopes envelopes;
    private readonly ILogger log;
    private readonly SemaphoreSlim writing = new(1, 1);
    private readonly TaskCompletionSource hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ConnectionSignal> signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource reading = new();
    private readonly Lock inFlightGate = new();
    private readonly List<Task> inFlight = [];
    private Task? receiving;

    private SocketModeConnection(int number, ClientWebSocket socket, SocketModeEnvelopes envelopes, ILogger log)
    {
        Number = number;
        this.socket = socket;
        this.envelopes = envelopes;
        this.log = log;
    }

    /// <summary>Counts the connections this process opened, for the operator's log.</summary>
    public int Number { get; }

    /// <summary>Open, including while it finishes its work after Slack asked it to go.</summary>
    public bool IsOpen => socket.State == WebSocketState.Open;

    /// <summary>Completes when Slack asks this connection to go, or when it ends.</summary>
    public Task<ConnectionSignal> Signal => signal.Task;

    /// <summary>Connects to <paramref name="url"/> and returns once Slack said <c>hello</c>.</summary>
    public static async Task<SocketModeConnection> OpenAsync(
        int number, Uri url, SocketModeOptions options, SocketModeEnvelopes envelopes, ILogger log, TimeProvider time, CancellationToken ct)
    {
        var socket = new ClientWebSocket();

        // The runtime answers and sends the WebSocket pings itself: a link whose pong does not come back in time is
        // aborted, which ends the connection and makes the client open another.
        socket.Options.KeepAliveInterval = options.PingInterval;
        socket.Options.KeepAliveTimeout = options.PingTimeout;
        var connection = new SocketModeConnection(number, socket, envelopes, log);
        try
        {
            using var helloWait = new CancellationTokenSource(options.HelloTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, helloWait.Token);
            await socket.ConnectAsync(url, linked.Token);
            connection.receiving = connection.ReceiveAsync();
            await connection.hello.Task.WaitAsync(linked.Token);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Acknowledges what is still being handled, then closes with a close handshake.</summary>
    public async Task CloseAsync(CancellationToken ct)
    {
        // Until none is left: an envelope may still arrive while the earlier ones finish.
        while (true)
        {
            Task[] pending;
            lock (inFlightGate)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
                pending = [.. inFlight];
            }
            if (pending.Length == 0)
                break;
            await Task.WhenAll(pending).WaitAsync(ct);
        }

        try
        {
            if (socket.State == WebSocketState.Open)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", ct);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Already gone: nothing is left to close.
        }
        signal.TrySetResult(ConnectionSignal.Ended);
    }

    public async ValueTask DisposeAsync()
    {
        await reading.CancelAsync();
        socket.Abort();
        if (receiving is not null)
            await receiving;
        socket.Dispose();
        reading.Dispose();
        writing.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, reading.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                    break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                    continue;
                var frame = message.ToArray();
                message.SetLength(0);
                Received(frame);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Dropped, aborted for a missing pong, or disposed: the client decides what comes next.
        }
        hello.TrySetException(new WebSocketException("The connection ended before Slack said hello."));
        signal.TrySetResult(ConnectionSignal.Ended);
    }

    private void Received(byte[] frame)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame);
        }
        catch (JsonException)
        {
            SocketModeLog.NotJson(log, Number);
            return;
        }

        var root = document.RootElement;
        var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type == "hello")
        {
            document.Dispose();
            hello.TrySetResult();
            return;
        }
        if (type == "disconnect")
        {
            var reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            document.Dispose();
            signal.TrySetResult(new ConnectionSignal(reason ?? "unknown"));
            return;
        }

        // Envelopes are handled side by side, off the reading loop: one slow command must not hold back the next frame,
        // nor the acknowledgements of the others.
        var handling = Task.Run(() => HandleAsync(document));
        lock (inFlightGate) inFlight.Add(handling);
        _ = handling.ContinueWith(done => { lock (inFlightGate) inFlight.Remove(done); }, TaskScheduler.Default);
    }

    private async Task HandleAsync(JsonDocument document)
    {
        using (document)
        {
            try
            {
                if (await envelopes.AckForAsync(document.RootElement, Number, reading.Token) is { } ack)
                    await SendAsync(ack);
            }
            catch (OperationCanceledException) when (reading.IsCancellationRequested)
            {
                // Disposed while handling: Slack delivers the envelope again on another connection.
            }
        }
    }

    private async Task SendAsync(JsonObject message)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await writing.WaitAsync(reading.Token);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, reading.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The link went down before the acknowledgement left; Slack delivers the envelope again on another one.
            SocketModeLog.AckLost(log, Number);
        }
        finally
        {
            writing.Release();
        }
    }
}
