using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SlackEmulator;

/// <summary>One WebSocket the bot opened with a ticket from <c>apps.connections.open</c>.</summary>
public sealed class SocketConnection
{
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly WebSocket _socket;

    private readonly Action _cutTcp;

    internal SocketConnection(int number, WebSocket socket, HoldableStream stream, Action cutTcp, DateTimeOffset openedAt)
    {
        Number = number;
        _cutTcp = cutTcp;
        _socket = socket;
        Stream = stream;
        OpenedAt = openedAt;
    }

    internal HoldableStream Stream { get; }

    /// <summary>1 for the first connection the bot opened, 2 for the next, and so on.</summary>
    public int Number { get; }

    public DateTimeOffset OpenedAt { get; }

    /// <summary>Until the bot or the emulator closes it, or it is dropped.</summary>
    public bool IsOpen { get; internal set; } = true;

    /// <summary>Told to go away (<c>disconnect</c>): new envelopes go to another connection when there is one.</summary>
    public string? DisconnectReason { get; internal set; }

    /// <summary>Neither reads nor writes: pings go unanswered and envelopes meant for it are never sent.</summary>
    public bool IsStalled { get; internal set; }

    /// <summary>The bot closed it with a close handshake, rather than the emulator dropping it.</summary>
    public bool ClosedByBot { get; internal set; }

    internal void Abort()
    {
        Stream.Release();
        _socket.Abort();
        _cutTcp();
    }

    internal async Task<bool> SendAsync(JsonObject message, CancellationToken ct)
    {
        if (IsStalled || !IsOpen) return false;
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _writing.WaitAsync(ct);
        try
        {
            if (_socket.State != WebSocketState.Open) return false;
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
            return true;
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
        finally
        {
            _writing.Release();
        }
    }

    internal Task CloseAsync(CancellationToken ct) =>
        _socket.State == WebSocketState.Open ? _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", ct) : Task.CompletedTask;

    internal WebSocket Socket => _socket;
}

/// <summary>One envelope Slack sent, with every delivery of it and the bot's acknowledgements.</summary>
public sealed class SocketEnvelope
{
    private readonly TaskCompletionSource<SocketAck> _acked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<SocketDelivery> _deliveries = [];
    private readonly List<SocketAck> _acks = [];

    internal SocketEnvelope(string envelopeId, string type, JsonObject payload, bool acceptsResponsePayload)
    {
        EnvelopeId = envelopeId;
        Type = type;
        Payload = payload;
        AcceptsResponsePayload = acceptsResponsePayload;
    }

    public string EnvelopeId { get; }

    /// <summary><c>slash_commands</c>, <c>interactive</c> or <c>events_api</c>.</summary>
    public string Type { get; }

    public JsonObject Payload { get; }

    public bool AcceptsResponsePayload { get; }

    /// <summary>Each time it went out: the first delivery and Slack's retries.</summary>
    public IReadOnlyList<SocketDelivery> Deliveries
    {
        get { lock (_deliveries) return [.. _deliveries]; }
    }

    /// <summary>Every acknowledgement the bot sent for it, in order: a retried envelope may be acknowledged more than once.</summary>
    public IReadOnlyList<SocketAck> Acks
    {
        get { lock (_acks) return [.. _acks]; }
    }

    /// <summary>Completes with the first acknowledgement.</summary>
    public Task<SocketAck> Acked => _acked.Task;

    public bool IsAcked => _acked.Task.IsCompleted;

    /// <summary>Deliveries so far minus one: what the next retry's retry_attempt is.</summary>
    internal int Attempts
    {
        get { lock (_deliveries) return _deliveries.Count; }
    }

    internal void Delivered(SocketDelivery delivery)
    {
        lock (_deliveries) _deliveries.Add(delivery);
    }

    internal void Ack(SocketAck ack)
    {
        lock (_acks) _acks.Add(ack);
        _acked.TrySetResult(ack);
    }

    internal JsonObject Message(int retryAttempt, string retryReason) => new()
    {
        ["envelope_id"] = EnvelopeId,
        ["type"] = Type,
        ["payload"] = Payload.DeepClone(),
        ["accepts_response_payload"] = AcceptsResponsePayload,
        ["retry_attempt"] = retryAttempt,
        ["retry_reason"] = retryReason,
    };
}

public sealed record SocketDelivery(int Connection, int RetryAttempt, string RetryReason);

/// <summary>An acknowledgement as the bot sent it; <see cref="Payload"/> is what Slack shows or applies, as an HTTP answer's body.</summary>
public sealed record SocketAck(int Connection, JsonObject? Payload);

/// <summary>
/// Slack's Socket Mode: <c>apps.connections.open</c> hands out single-use WebSocket URLs; each connection gets
/// <c>hello</c>, then envelopes; an envelope not acknowledged in time is delivered again, with retry_attempt counting up.
/// Tests can tell a connection to <c>disconnect</c>, drop it, or stall it.
/// </summary>
public sealed class SocketMode
{
    /// <summary>Slack allows an app this many connections at once.</summary>
    public const int MaxConnections = 10;

    private readonly EmulatorSettings _settings;
    private readonly TimeProvider _clock;
    private readonly CancellationToken _stopping;
    private readonly ConcurrentDictionary<string, bool> _tickets = new(StringComparer.Ordinal);
    private readonly List<SocketConnection> _connections = [];
    private readonly List<SocketEnvelope> _envelopes = [];
    private readonly Dictionary<string, SocketEnvelope> _byId = new(StringComparer.Ordinal);
    private readonly Queue<(SocketEnvelope Envelope, string Reason)> _waiting = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _opens;

    internal SocketMode(EmulatorSettings settings, TimeProvider clock, CancellationToken stopping)
    {
        _settings = settings;
        _clock = clock;
        _stopping = stopping;
    }

    /// <summary>How long Slack waits for an acknowledgement before delivering an envelope again.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many times <c>apps.connections.open</c> handed out a URL.</summary>
    public int UrlsIssued => Volatile.Read(ref _opens);

    /// <summary>Every connection the bot opened, oldest first.</summary>
    public IReadOnlyList<SocketConnection> Connections
    {
        get { lock (_gate) return [.. _connections]; }
    }

    public IReadOnlyList<SocketConnection> Open => [.. Connections.Where(c => c.IsOpen)];

    public IReadOnlyList<SocketEnvelope> Envelopes
    {
        get { lock (_gate) return [.. _envelopes]; }
    }

    /// <summary>Envelopes that found no connection open and had to wait for one: what a bot loses if it is ever unconnected.</summary>
    public int WaitedForAConnection { get; private set; }

    /// <summary>Times a connection closed and left none open: the moments in which nothing could reach the bot.</summary>
    public int LeftWithoutConnection { get; private set; }

    /// <summary>Returns once <paramref name="condition"/> holds; it is checked again after every change of connections or acknowledgements.</summary>
    public async Task WaitUntilAsync(Func<SocketMode, bool> condition, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (true)
        {
            Task changed;
            lock (_gate) changed = _changed.Task;
            if (condition(this)) return;
            await changed.WaitAsync(ct);
        }
    }

    /// <summary>Sends an envelope to one open connection (the newest one not told to disconnect), or queues it until one opens.</summary>
    public SocketEnvelope Send(string type, JsonObject payload, bool acceptsResponsePayload)
    {
        var envelope = new SocketEnvelope(Guid.NewGuid().ToString(), type, payload, acceptsResponsePayload);
        lock (_gate)
        {
            _envelopes.Add(envelope);
            _byId.Add(envelope.EnvelopeId, envelope);
        }
        Deliver(envelope, "");
        return envelope;
    }

    /// <summary>Delivers <paramref name="envelope"/> again, as Slack does when it thinks it was lost.</summary>
    public void Redeliver(SocketEnvelope envelope, string reason = "timeout")
    {
        ArgumentNullException.ThrowIfNull(envelope);
        Deliver(envelope, reason);
    }

    /// <summary>Sends <c>{"type":"disconnect","reason":…}</c> on <paramref name="connection"/>; Slack then prefers other connections.</summary>
    public async Task DisconnectAsync(SocketConnection connection, string reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.DisconnectReason = reason;
        var message = new JsonObject { ["type"] = "disconnect", ["reason"] = reason, ["debug_info"] = new JsonObject { ["host"] = "emulator" } };
        if (reason == "too_many_websockets") message["num_connections"] = Open.Count;
        await connection.SendAsync(message, ct);
        Changed();
    }

    /// <summary>Cuts the TCP connection without a close handshake, as a network failure does.</summary>
    public void Drop(SocketConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.Abort();
    }

    /// <summary>Stops reading and writing on <paramref name="connection"/> while keeping it open: a silent, half-dead link.</summary>
    public void Stall(SocketConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.IsStalled = true;
        connection.Stream.Hold();
        Changed();
    }

    internal async Task OpenUrlAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        JsonObject body;
        if (!HttpMethods.IsPost(http.Request.Method))
            body = SlackMethods.Fail("insecure_request");
        else if (string.IsNullOrEmpty(token))
            body = SlackMethods.Fail("not_authed");
        else if (token.StartsWith("xoxb-", StringComparison.Ordinal))
            body = SlackMethods.Fail("not_allowed_token_type");
        else if (!string.Equals(token, _settings.AppToken, StringComparison.Ordinal))
            body = SlackMethods.Fail("invalid_auth");
        else
        {
            var ticket = Guid.NewGuid().ToString("N");
            _tickets[ticket] = true;
            Interlocked.Increment(ref _opens);
            var url = $"ws://{http.Request.Host}/link/?ticket={ticket}&app_id={_settings.AppId}";
            body = new JsonObject { ["ok"] = true, ["url"] = url };
        }
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }

    internal async Task ConnectAsync(HttpContext http)
    {
        // Each URL admits one connection: a reconnect must ask apps.connections.open again.
        var ticket = http.Request.Query["ticket"].ToString();
        var upgrade = http.Features.Get<IHttpUpgradeFeature>();
        var key = http.Request.Headers["Sec-WebSocket-Key"].ToString();
        if (upgrade is not { IsUpgradableRequest: true } || key.Length == 0 || !_tickets.TryRemove(ticket, out _))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        // The handshake is done here rather than by ASP.NET's WebSocket middleware so that the socket runs over a stream
        // the emulator can hold still: a stalled link must not even answer pings.
        http.Response.Headers.Connection = "Upgrade";
        http.Response.Headers.Upgrade = "websocket";
        http.Response.Headers["Sec-WebSocket-Accept"] = Convert.ToBase64String(
            SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        var stream = new HoldableStream(await upgrade.UpgradeAsync());
        using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        SocketConnection connection;
        lock (_gate)
        {
            connection = new SocketConnection(_connections.Count + 1, socket, stream, http.Abort, _clock.GetUtcNow());
            _connections.Add(connection);
        }
        var hello = new JsonObject
        {
            ["type"] = "hello",
            ["num_connections"] = Open.Count,
            ["debug_info"] = new JsonObject { ["host"] = "emulator", ["approximate_connection_time"] = 18060 },
            ["connection_info"] = new JsonObject { ["app_id"] = _settings.AppId },
        };
        await connection.SendAsync(hello, _stopping);
        Changed();
        DeliverWaiting();

        try
        {
            await ReadAsync(connection);
        }
        finally
        {
            lock (_gate)
            {
                connection.IsOpen = false;
                if (!_connections.Any(c => c.IsOpen)) LeftWithoutConnection++;
            }
            Changed();
            RedeliverUnacknowledged(connection);
        }
    }

    private async Task ReadAsync(SocketConnection connection)
    {
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        while (!_stopping.IsCancellationRequested)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await connection.Socket.ReceiveAsync(buffer, _stopping);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                return;
            }
            if (result.MessageType == WebSocketMessageType.Close)
            {
                connection.ClosedByBot = true;
                await connection.CloseAsync(CancellationToken.None);
                return;
            }
            text.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;
            var message = Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
            text.SetLength(0);
            Received(connection, message);
        }
    }

    private void Received(SocketConnection connection, string message)
    {
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(message) as JsonObject;
        }
        catch (JsonException)
        {
            return;
        }
        if (json?["envelope_id"]?.GetValue<string>() is not { } id) return;
        SocketEnvelope? envelope;
        lock (_gate) _byId.TryGetValue(id, out envelope);
        envelope?.Ack(new SocketAck(connection.Number, json["payload"] as JsonObject));
        Changed();
    }

    private void Deliver(SocketEnvelope envelope, string reason)
    {
        SocketConnection? target;
        lock (_gate)
        {
            var open = _connections.Where(c => c.IsOpen).ToList();
            target = open.LastOrDefault(c => c.DisconnectReason is null) ?? open.LastOrDefault();
            if (target is null)
            {
                WaitedForAConnection++;
                _waiting.Enqueue((envelope, reason));
                return;
            }
        }
        var attempt = envelope.Attempts;
        envelope.Delivered(new SocketDelivery(target.Number, attempt, reason));

        // Sent from the thread pool, so a test's Send never waits on the bot; a stalled link swallows it.
        _ = target.SendAsync(envelope.Message(attempt, reason), _stopping);
        _ = RetryIfUnacknowledgedAsync(envelope, attempt);
    }

    private async Task RetryIfUnacknowledgedAsync(SocketEnvelope envelope, int attempt)
    {
        try
        {
            await Task.Delay(AckTimeout, _clock, _stopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (!envelope.IsAcked && envelope.Attempts == attempt + 1)
            Deliver(envelope, "timeout");
    }

    private void DeliverWaiting()
    {
        List<(SocketEnvelope Envelope, string Reason)> waiting;
        lock (_gate)
        {
            waiting = [.. _waiting];
            _waiting.Clear();
        }
        foreach (var (envelope, reason) in waiting) Deliver(envelope, reason);
    }

    /// <summary>What went out on a connection that closed before it was acknowledged goes out again on another one at once.</summary>
    private void RedeliverUnacknowledged(SocketConnection closed)
    {
        foreach (var envelope in Envelopes.Where(e => !e.IsAcked && e.Deliveries is [.., var last] && last.Connection == closed.Number))
        {
            Deliver(envelope, "timeout");
        }
    }

    private void Changed()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }
}

/// <summary>
/// The upgraded connection's stream, which can be held: bytes that arrive then are kept from the WebSocket (so a ping is
/// never seen, let alone answered) and nothing is written, while the TCP connection itself stays up.
/// </summary>
internal sealed class HoldableStream(Stream inner) : Stream
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _held;

    public void Hold() => _held = true;

    public void Release() => _released.TrySetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        if (_held) await _released.Task.WaitAsync(cancellationToken);
        return read;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_held) await _released.Task.WaitAsync(cancellationToken);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Release();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
