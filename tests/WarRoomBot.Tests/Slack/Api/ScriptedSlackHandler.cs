using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace WarRoomBot.Tests.Slack.Api;

internal sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    AuthenticationHeaderValue? Authorization,
    string? ContentType,
    string Body)
{
    public string Path => Uri.AbsolutePath;

    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string? Query(string name) =>
        Uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(kv => Uri.UnescapeDataString(kv[0]) == name)
            .Select(kv => Uri.UnescapeDataString(kv[1]))
            .FirstOrDefault();
}

/// <summary>Plays Slack: answers each call with the next scripted response and records what it was sent.</summary>
internal sealed class ScriptedSlackHandler : HttpMessageHandler
{
    private readonly Lock _gate = new();
    private readonly Queue<Func<CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private readonly List<RecordedRequest> _requests = [];

    /// <summary>Answer used once the script runs out; without one, an unscripted call fails the test.</summary>
    public Func<CancellationToken, Task<HttpResponseMessage>>? Otherwise { get; set; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public ScriptedSlackHandler Then(Func<CancellationToken, Task<HttpResponseMessage>> respond)
    {
        lock (_gate)
        {
            _script.Enqueue(respond);
        }

        return this;
    }

    public ScriptedSlackHandler Then(Func<HttpResponseMessage> respond) => Then(_ => Task.FromResult(respond()));

    public ScriptedSlackHandler ThenJson(string json, HttpStatusCode status = HttpStatusCode.OK) => Then(() => Json(json, status));

    public ScriptedSlackHandler ThenStatus(HttpStatusCode status) => Then(() => new HttpResponseMessage(status));

    public ScriptedSlackHandler ThenRateLimited(int? retryAfterSeconds) => Then(() =>
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        return response;
    });

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Func<CancellationToken, Task<HttpResponseMessage>> respond;
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(
                request.Method,
                request.RequestUri!,
                request.Headers.Authorization,
                request.Content?.Headers.ContentType?.ToString(),
                body));
            respond = _script.Count > 0
                ? _script.Dequeue()
                : Otherwise ?? throw new InvalidOperationException($"Unscripted call to {request.RequestUri}");
        }

        return await respond(cancellationToken);
    }
}
