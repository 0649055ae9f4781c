using System.Threading.Channels;

namespace SlackEmulator;

/// <summary>
/// Misbehaviour to inject into the Web API. Each registered fault is consumed by the calls it matches,
/// in the order the faults were registered; "*" matches any method.
/// </summary>
public sealed class Faults
{
    private readonly Lock _gate = new();
    private readonly List<Fault> _pending = [];
    private readonly Channel<ApiCall> _hangs = System.Threading.Channels.Channel.CreateUnbounded<ApiCall>();
    private TimeSpan _latency;

    internal Faults()
    {
    }

    /// <summary>Real time added before each Web API call is handled: the fake Slack is slow, not the test.</summary>
    public TimeSpan Latency
    {
        get { lock (_gate) return _latency; }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (_gate) _latency = value;
        }
    }

    /// <summary>HTTP 429 with Retry-After and <c>{"ok":false,"error":"ratelimited"}</c>; nothing is applied.</summary>
    public void RateLimit(string method, int times, int retryAfterSeconds = 1) =>
        Add(new Fault(method, times, FaultKind.RateLimit, RetryAfterSeconds: retryAfterSeconds));

    /// <summary>The given HTTP status; nothing is applied.</summary>
    public void ServerError(string method, int times, int status = 500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 500);
        Add(new Fault(method, times, FaultKind.ServerError, Status: status));
    }

    /// <summary>HTTP 200 <c>{"ok":false,"error":error}</c>; nothing is applied.</summary>
    public void Error(string method, string error, int times = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        Add(new Fault(method, times, FaultKind.Error, Error: error));
    }

    /// <summary>
    /// The call takes effect, then its response never comes until the client aborts the request or the
    /// emulator is disposed: the caller cannot know whether it worked, like a bot killed mid-call.
    /// </summary>
    public void HangAfterApplying(string method, int times = 1) => Add(new Fault(method, times, FaultKind.Hang));

    /// <summary>
    /// Completes when a call starts hanging (after its effect was applied). Each hang is reported once,
    /// so a hang that began before this was awaited completes it immediately.
    /// </summary>
    public async Task<ApiCall> WaitForHangAsync(CancellationToken ct = default) => await _hangs.Reader.ReadAsync(ct);

    /// <summary>Drops every pending fault and the latency.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _pending.Clear();
            _latency = TimeSpan.Zero;
        }
    }

    internal Fault? Take(string method)
    {
        lock (_gate)
        {
            var index = _pending.FindIndex(f => f.Method == "*" || string.Equals(f.Method, method, StringComparison.Ordinal));
            if (index < 0) return null;
            var fault = _pending[index];
            if (fault.Times == 1) _pending.RemoveAt(index);
            else _pending[index] = fault with { Times = fault.Times - 1 };
            return fault;
        }
    }

    internal void ReportHang(ApiCall call) => _hangs.Writer.TryWrite(call);

    private void Add(Fault fault)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fault.Method);
        ArgumentOutOfRangeException.ThrowIfLessThan(fault.Times, 1);
        lock (_gate) _pending.Add(fault);
    }
}

internal enum FaultKind { RateLimit, ServerError, Error, Hang }

internal sealed record Fault(string Method, int Times, FaultKind Kind, int RetryAfterSeconds = 0, int Status = 0, string? Error = null);
