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
    private readonly List<DropRule> _dropRules = [];
    private TimeSpan _latency;
    private int _blockedResponseUrls;

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
    /// The call takes effect, then the connection is cut before any answer is sent, like a reset or a proxy timing
    /// out: the caller sees a network error and cannot know whether it worked.
    /// </summary>
    public void DropAnswerAfterApplying(string method, int times = 1) => Add(new Fault(method, times, FaultKind.Drop));

    /// <summary>
    /// From now on, every <paramref name="every"/>-th call of <paramref name="method"/> ("*" for any) takes effect and
    /// loses its answer, counting from the first call after this, for load runs that need a steady rate of lost answers.
    /// </summary>
    public void DropEveryAnswer(string method, int every)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        lock (_gate) _dropRules.Add(new DropRule(method, every, 0, null));
    }

    /// <summary>
    /// From now on, each call of <paramref name="method"/> ("*" for any) takes effect and loses its answer with the
    /// given probability, drawn from a generator seeded with <paramref name="seed"/> so a run can be repeated.
    /// </summary>
    public void DropAnswers(string method, double probability, int seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentOutOfRangeException.ThrowIfNegative(probability);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, 1);
        lock (_gate) _dropRules.Add(new DropRule(method, 0, probability, new Random(seed)));
    }

    /// <summary>
    /// The next <paramref name="times"/> posts to a response_url are cut off before they are read, as a proxy that
    /// blocks Slack's hooks host would: nothing is shown to the user.
    /// </summary>
    public void BlockResponseUrls(int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (_gate) _blockedResponseUrls += times;
    }

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
            _dropRules.Clear();
            _blockedResponseUrls = 0;
            _latency = TimeSpan.Zero;
        }
    }

    internal Fault? Take(string method)
    {
        lock (_gate)
        {
            var index = _pending.FindIndex(f => Matches(f.Method, method));
            if (index < 0) return DropByRuleLocked(method);
            var fault = _pending[index];
            if (fault.Times == 1) _pending.RemoveAt(index);
            else _pending[index] = fault with { Times = fault.Times - 1 };
            return fault;
        }
    }

    internal bool TakeResponseUrlBlock()
    {
        lock (_gate)
        {
            if (_blockedResponseUrls == 0) return false;
            _blockedResponseUrls--;
            return true;
        }
    }

    private Fault? DropByRuleLocked(string method)
    {
        foreach (var rule in _dropRules.Where(r => Matches(r.Method, method)))
        {
            rule.Calls++;
            var drop = rule.Random is { } random ? random.NextDouble() < rule.Probability : rule.Calls % rule.Every == 0;
            if (drop) return new Fault(method, 1, FaultKind.Drop);
        }
        return null;
    }

    private static bool Matches(string pattern, string method) => pattern == "*" || string.Equals(pattern, method, StringComparison.Ordinal);

    internal void ReportHang(ApiCall call) => _hangs.Writer.TryWrite(call);

    private void Add(Fault fault)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fault.Method);
        ArgumentOutOfRangeException.ThrowIfLessThan(fault.Times, 1);
        lock (_gate) _pending.Add(fault);
    }
}

internal enum FaultKind { RateLimit, ServerError, Error, Hang, Drop }

internal sealed class DropRule(string method, int every, double probability, Random? random)
{
    public string Method { get; } = method;
    public int Every { get; } = every;
    public double Probability { get; } = probability;
    public Random? Random { get; } = random;
    public int Calls { get; set; }
}

internal sealed record Fault(string Method, int Times, FaultKind Kind, int RetryAfterSeconds = 0, int Status = 0, string? Error = null);
