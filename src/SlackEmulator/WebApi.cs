using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SlackEmulator;

/// <summary>The request pipeline every Web API call goes through, in the order Slack applies it.</summary>
internal sealed class WebApi(EmulatorSettings settings, Workspace workspace, Faults faults, TimeProvider clock, CancellationToken stopping)
{
    // Slack does not \u-escape '+', '<' or non-ASCII text; keep bodies readable the same way.
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly SlackMethods _methods = new(settings, workspace);
    private readonly PostingLimiter? _posting = settings.PostingLimits is { } limits ? new PostingLimiter(limits, clock) : null;

    public async Task HandleAsync(HttpContext http, string method)
    {
        var arrived = TimeProvider.System.GetUtcNow();
        try
        {
            var latency = faults.Latency;
            if (latency > TimeSpan.Zero)
            {
                using var slow = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
                await Task.Delay(latency, slow.Token);
            }
            await HandleCoreAsync(http, method, arrived);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested || stopping.IsCancellationRequested)
        {
            // The caller gave up or the emulator is going away: drop the connection rather than answer.
            http.Abort();
        }
    }

    private async Task HandleCoreAsync(HttpContext http, string method, DateTimeOffset arrived)
    {
        var request = await ReadAsync(http.Request, http.RequestAborted);
        var args = request.Arguments;
        var recorded = (JsonObject)args.DeepClone();
        recorded.Remove("token");

        if (!_methods.Exists(method))
        {
            await RespondAsync(http, arrived, method, recorded, SlackMethods.Fail("unknown_method"), extra: o => o["req_method"] = method);
            return;
        }
        var token = BearerToken(http.Request) ?? request.FormToken;
        if (token is null)
        {
            await RespondAsync(http, arrived, method, recorded, SlackMethods.Fail("not_authed"));
            return;
        }
        if (!string.Equals(token, settings.BotToken, StringComparison.Ordinal))
        {
            await RespondAsync(http, arrived, method, recorded, SlackMethods.Fail("invalid_auth"));
            return;
        }
        if (request.Error is { } bodyError)
        {
            await RespondAsync(http, arrived, method, recorded, SlackMethods.Fail(bodyError));
            return;
        }

        if (method == "chat.postMessage" && new Arguments(args).String("channel") is { Length: > 0 } channel
            && _posting?.Admit(channel) is { } wait)
        {
            // Whole seconds, as Slack sends them, rounded up so that waiting that long is always enough.
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await RespondAsync(http, arrived, method, recorded, SlackMethods.Fail("ratelimited"), StatusCodes.Status429TooManyRequests);
            return;
        }

        var fault = faults.Take(method);
        switch (fault?.Kind)
        {
            case FaultKind.RateLimit:
                http.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await RespondAsync(http, arrived, method, recorded, SlackMethods.Fail("ratelimited"), StatusCodes.Status429TooManyRequests);
                return;
            case FaultKind.ServerError:
                var code = fault.Status == StatusCodes.Status503ServiceUnavailable ? "service_unavailable" : "internal_error";
                await RespondAsync(http, arrived, method, recorded, SlackMethods.Fail(code), fault.Status);
                return;
            case FaultKind.Error:
                await RespondAsync(http, arrived, method, recorded, SlackMethods.Fail(fault.Error!));
                return;
        }

        var result = _methods.Invoke(method, new Arguments(args));
        if (result["upload_url"]?.GetValue<string>() is { } upload)
        {
            // Slack hands out an absolute URL on its own upload host; here, on this emulator's.
            result["upload_url"] = $"{http.Request.Scheme}://{http.Request.Host}/{upload}";
        }
        if (fault?.Kind == FaultKind.Hang)
        {
            var call = Record(arrived, method, recorded, result, StatusCodes.Status200OK, hung: true);
            faults.ReportHang(call);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
            await Task.Delay(Timeout.Infinite, linked.Token);
            return;
        }
        if (fault?.Kind == FaultKind.Drop)
        {
            Record(arrived, method, recorded, result, StatusCodes.Status200OK, answerDropped: true);
            http.Abort();
            return;
        }
        await RespondAsync(http, arrived, method, recorded, result);
    }

    /// <summary>
    /// A file's bytes sent to the URL files.getUploadURLExternal gave out. Like Slack's, the URL itself authorises the
    /// upload: no token is needed, and one sent is ignored.
    /// </summary>
    public async Task HandleUploadAsync(HttpContext http, string fileId)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var (status, text) = _methods.Upload(fileId, buffer.ToArray());
        workspace.RecordCall(new ApiCall
        {
            Method = "upload_url", At = TimeProvider.System.GetUtcNow(), Arguments = new JsonObject { ["file_id"] = fileId, ["length"] = buffer.Length },
            Ok = status == StatusCodes.Status200OK, Error = status == StatusCodes.Status200OK ? null : text, HttpStatus = status,
        });
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(text, http.RequestAborted);
    }

    private async Task RespondAsync(HttpContext http, DateTimeOffset arrived, string method, JsonObject recorded, JsonObject body,
        int status = StatusCodes.Status200OK, Action<JsonObject>? extra = null)
    {
        extra?.Invoke(body);
        Record(arrived, method, recorded, body, status);
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(body.ToJsonString(Json), http.RequestAborted);
    }

    private ApiCall Record(DateTimeOffset arrived, string method, JsonObject recorded, JsonObject body, int status, bool hung = false, bool answerDropped = false)
    {
        var ok = body["ok"]?.GetValue<bool>() ?? false;
        var call = new ApiCall
        {
            Method = method, At = arrived, Arguments = recorded, Ok = ok,
            Error = ok ? null : body["error"]?.GetValue<string>(), HttpStatus = status, Hung = hung, AnswerDropped = answerDropped,
        };
        workspace.RecordCall(call);
        return call;
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }

    /// <summary>
    /// Query string, then the body. Slack only takes the token from the Authorization header or a form
    /// field; a token in the query string or a JSON body does not authenticate.
    /// </summary>
    private static async Task<ParsedRequest> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var args = new JsonObject();
        foreach (var (key, value) in request.Query)
        {
            if (key != "token") args[key] = value.ToString();
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            string? token = null;
            foreach (var (key, value) in form)
            {
                if (key == "token") token = value.ToString();
                args[key] = value.ToString();
            }
            return new ParsedRequest(args, token, null);
        }

        var contentType = request.ContentType;
        if (contentType is not null && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            JsonNode? body;
            try
            {
                body = await JsonNode.ParseAsync(request.Body, cancellationToken: ct);
            }
            catch (JsonException)
            {
                return new ParsedRequest(args, null, "invalid_json");
            }
            if (body is not JsonObject obj) return new ParsedRequest(args, null, "json_not_object");
            foreach (var (key, value) in obj.ToList())
            {
                // Slack's JSON rules: null means "use the default", i.e. as if absent.
                if (value is not null && key != "token") args[key] = value.DeepClone();
            }
            return new ParsedRequest(args, null, null);
        }

        if (request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0))
        {
            return new ParsedRequest(args, null, contentType is null ? "missing_post_type" : "invalid_post_type");
        }
        return new ParsedRequest(args, null, null);
    }

    private sealed record ParsedRequest(JsonObject Arguments, string? FormToken, string? Error);
}
