using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SlackEmulator.Page;

/// <summary>What the page needs from the bot's side of the sandbox, once the bot is listening.</summary>
/// <param name="Sender">Sends what a person does to the bot as Slack would: signed, over HTTP.</param>
/// <param name="Clock">The one clock the bot and the emulator share.</param>
/// <param name="Advance">Moves that clock on, letting everything that falls due on the way happen at its own time.</param>
public sealed record SandboxBot(SlackSender Sender, TimeProvider Clock, Func<TimeSpan, CancellationToken, Task<DateTimeOffset>> Advance);

/// <summary>A person of the demo workspace and what they do in a crisis, shown in the page's "You are" list.</summary>
public sealed record SandboxPerson(string Id, string Role);

/// <summary>
/// The sandbox's web page: a small Slack over the emulator's workspace. The page takes no shortcut into the bot: a
/// command, a click or a form goes to the bot as a Slack-signed request through <see cref="SlackSender"/>, and what
/// the bot does comes back through the emulator's Web API, exactly as with Slack.
/// </summary>
public sealed class SandboxPage(IReadOnlyList<SandboxPerson> people)
{
    private readonly TaskCompletionSource<SandboxBot> _bot = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Workspace? _workspace;
    private CancellationToken _stopping;

    private Workspace Workspace => _workspace ?? throw new InvalidOperationException("The page is not mapped yet.");

    /// <summary>Called once the bot listens; until then the page answers that it is starting.</summary>
    public void Connect(SandboxBot bot) => _bot.TrySetResult(bot);

    /// <summary>Maps the page on the emulator's server (pass as its <c>mapMore</c>).</summary>
    public void Map(WebApplication app, Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(app);
        _workspace = workspace;
        _stopping = app.Lifetime.ApplicationStopping;
        app.Use(Guard);
        app.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8"));
        app.MapGet("/sandbox/page.css", () => Asset("page.css", "text/css; charset=utf-8"));
        app.MapGet("/sandbox/page.js", () => Asset("page.js", "text/javascript; charset=utf-8"));
        app.MapGet("/sandbox/state", (HttpContext http) => Results.Json(State(http.Request.Query["as"], http.Request.Query["channel"])));
        app.MapGet("/sandbox/events", EventsAsync);
        Post(app, "/sandbox/send", SendAsync);
        Post(app, "/sandbox/click", ClickAsync);
        Post(app, "/sandbox/submit", SubmitAsync);
        Post(app, "/sandbox/close", CloseAsync);
        Post(app, "/sandbox/clock", ClockAsync);
    }

    /// <summary>
    /// The page drives the bot as any of its people, so only this machine's browser may use it: another site open in
    /// the same browser could otherwise post to it (a form or a plain-text fetch needs no permission), and a name that
    /// points at this machine could read it. Posts must be JSON, which a foreign page cannot send without asking first,
    /// and the page answers only to the loopback names it is opened by.
    /// </summary>
    private static Task Guard(HttpContext http, RequestDelegate next)
    {
        var path = http.Request.Path;
        if (path == "/" || path.StartsWithSegments("/sandbox", StringComparison.Ordinal))
        {
            if (http.Request.Host.Host is not ("localhost" or "127.0.0.1" or "[::1]"))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return http.Response.WriteAsync("The sandbox page answers only on this machine: open it as http://localhost:<port>/.");
            }

            if (HttpMethods.IsPost(http.Request.Method) && !http.Request.HasJsonContentType())
            {
                http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                return http.Response.WriteAsync("The sandbox page's actions take JSON (Content-Type: application/json).");
            }
        }

        return next(http);
    }

    private static IResult Asset(string name, string contentType)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Page." + name)
            ?? throw new InvalidOperationException($"The page's {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return Results.Text(reader.ReadToEnd(), contentType);
    }

    /// <summary>Every action is JSON in, JSON out; what was wrong goes back as <c>{"error": …}</c> for the page to show.</summary>
    private void Post(WebApplication app, string path, Func<SandboxBot, JsonObject, CancellationToken, Task<JsonObject>> handle) =>
        app.MapPost(path, async (HttpContext http) =>
        {
            // The page answers a moment before the bot does: what someone sends that early waits for the bot to listen.
            try
            {
                await _bot.Task.WaitAsync(TimeSpan.FromSeconds(30), http.RequestAborted);
            }
            catch (TimeoutException)
            {
                return Error(HttpStatusCode.ServiceUnavailable, "The bot is still starting; try again in a moment.");
            }

            JsonObject body;
            try
            {
                body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject
                    ?? throw new PageException("The request must be a JSON object.");
                return Results.Json(await handle(await _bot.Task, body, http.RequestAborted));
            }
            catch (System.Text.Json.JsonException)
            {
                return Error(HttpStatusCode.BadRequest, "The request is not JSON.");
            }
            catch (PageException e)
            {
                return Error(HttpStatusCode.BadRequest, e.Message);
            }
            catch (InvalidOperationException e)
            {
                // A value that is not text, or a choice the form does not offer: what Slack's own client never sends.
                return Error(HttpStatusCode.BadRequest, e.Message);
            }
            catch (HttpRequestException e)
            {
                return Error(HttpStatusCode.BadGateway, $"The bot could not be reached: {e.Message}");
            }
        });

    private static IResult Error(HttpStatusCode status, string message) =>
        Results.Json(new JsonObject { ["error"] = message }, statusCode: (int)status);

    private async Task EventsAsync(HttpContext http)
    {
        http.Response.Headers.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";

        // An open tab holds this request for as long as it is open: stopping the sandbox must end it, not wait for it.
        using var done = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping);
        try
        {
            while (true)
            {
                var version = Workspace.Version;
                await http.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"data: {version}\n\n"), done.Token);
                await http.Response.Body.FlushAsync(done.Token);
                await Workspace.WaitForChangeAsync(version, done.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The tab was closed or the sandbox is stopping.
        }
    }

    private JsonObject State(string? asUser, string? channelId)
    {
        var users = Workspace.Users;
        var person = people.FirstOrDefault(p => p.Id == asUser) ?? people[0];
        var viewer = Viewer(person.Id);
        var visible = Workspace.Channels.Where(c => !c.IsArchived && (c.DirectWith is { } with ? with == person.Id : !c.IsPrivate || c.Members.Contains(person.Id))).ToList();
        var channel = visible.FirstOrDefault(c => c.Id == channelId) ?? visible.FirstOrDefault(c => c.Name == "general") ?? visible.FirstOrDefault();

        var now = _bot.Task.IsCompleted ? _bot.Task.Result.Clock.GetUtcNow() : TimeProvider.System.GetUtcNow();
        return new JsonObject
        {
            ["now"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["nowText"] = "Sandbox time: " + TimeZoneInfo.ConvertTime(now, viewer.Zone).ToString("ddd d MMM, HH:mm", CultureInfo.InvariantCulture)
                + " (" + Workspace.User(person.Id).TimeZone + ")",
            ["as"] = person.Id,
            ["ready"] = _bot.Task.IsCompleted,
            ["people"] = new JsonArray([.. people.Select(p => (JsonNode)new JsonObject
            {
                ["id"] = p.Id,
                ["name"] = Name(users, p.Id),
                ["role"] = p.Role,
            })]),
            ["channels"] = new JsonArray([.. visible.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["name"] = c.DirectWith is null ? c.Name : Name(users, Workspace.Settings.BotUserId),
                ["private"] = c.IsPrivate,
                ["dm"] = c.DirectWith is not null,
            })]),
            ["channel"] = channel is null ? null : new JsonObject
            {
                ["id"] = channel.Id,
                ["name"] = channel.DirectWith is null ? channel.Name : Name(users, Workspace.Settings.BotUserId),
                ["private"] = channel.IsPrivate,
                ["topic"] = channel.Topic,
            },
            ["messages"] = channel is null ? new JsonArray() : Messages(channel, person.Id, viewer, users),
            ["modal"] = Modal(person.Id, viewer),
        };
    }

    private JsonArray Messages(ChannelRecord channel, string personId, BlockKitViewer viewer, IReadOnlyList<SlackUserRecord> users)
    {
        var shown = channel.Messages
            .Select(m => (m.Ts, Json: Message(m.Ts, m.User, m.Text, m.Blocks, viewer, users, pinned: channel.Pins.Contains(m.Ts), m.Edited, ephemeral: false)))
            .Concat(Workspace.Ephemerals
                .Where(e => e.Channel == channel.Id && e.User == personId)
                .Select(e => (Ts: e.MessageTs ?? "", Json: Message(e.MessageTs ?? "", Workspace.Settings.BotUserId, e.Text, e.Blocks, viewer, users, pinned: false, edited: false, ephemeral: true))))
            .OrderBy(m => decimal.TryParse(m.Ts, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var at) ? at : 0m)
            .Select(m => (JsonNode)m.Json);
        return new JsonArray([.. shown]);
    }

    private static JsonObject Message(string ts, string userId, string text, JsonArray? blocks, BlockKitViewer viewer,
        IReadOnlyList<SlackUserRecord> users, bool pinned, bool edited, bool ephemeral)
    {
        var author = Name(users, userId);
        return new JsonObject
        {
            ["ts"] = ts,
            ["author"] = author,
            ["initials"] = string.Concat(author.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(w => char.ToUpperInvariant(w[0]))),
            ["bot"] = users.FirstOrDefault(u => u.Id == userId)?.IsBot ?? false,
            ["time"] = BlockKitHtml.Time(SlackTs(ts), viewer),
            ["html"] = BlockKitHtml.Message(text, blocks, viewer),
            ["pinned"] = pinned,
            ["edited"] = edited,
            ["ephemeral"] = ephemeral,
        };
    }

    private JsonObject? Modal(string personId, BlockKitViewer viewer)
    {
        if (Workspace.Views.LastOrDefault(v => v.UserId == personId && !v.Closed) is not { } open)
            return null;
        return new JsonObject
        {
            ["id"] = open.ViewId,
            ["hash"] = open.Hash,
            ["title"] = open.Title ?? "",
            ["submit"] = open.View["submit"]?["text"]?.GetValue<string>(),
            ["close"] = open.View["close"]?["text"]?.GetValue<string>(),
            ["html"] = BlockKitHtml.ModalBody(open.View, viewer),
        };
    }

    private BlockKitViewer Viewer(string personId)
    {
        var users = Workspace.Users;
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(Workspace.User(personId).TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        var now = _bot.Task.IsCompleted ? _bot.Task.Result.Clock.GetUtcNow() : TimeProvider.System.GetUtcNow();
        return new BlockKitViewer(zone, now,
            id => users.FirstOrDefault(u => u.Id == id) is { } u ? u.RealName ?? u.Name : null,
            id => Workspace.Channels.FirstOrDefault(c => c.Id == id)?.Name);
    }

    private static string Name(IReadOnlyList<SlackUserRecord> users, string id) =>
        users.FirstOrDefault(u => u.Id == id) is { } user ? user.RealName ?? user.Name : id;

    private static DateTimeOffset SlackTs(string? ts) =>
        decimal.TryParse(ts, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : DateTimeOffset.MinValue;

    /// <summary>
    /// The composer: a slash command goes to the bot and its answer is shown to the sender only, as Slack shows an
    /// ephemeral reply; anything else is an ordinary message from the person.
    /// </summary>
    private async Task<JsonObject> SendAsync(SandboxBot bot, JsonObject body, CancellationToken ct)
    {
        var person = PersonIn(body);
        var channel = ChannelIn(body, person);
        var text = (String(body, "text") ?? "").Trim();
        if (text.Length == 0)
            throw new PageException("Type a message or a command, such as /crisis help.");
        if (!text.StartsWith('/'))
        {
            Workspace.PostMessage(channel.Id, person, text);
            return new JsonObject { ["ok"] = true };
        }

        var command = text.Split(' ', 2)[0];
        if (command != "/crisis")
        {
            Workspace.AddEphemeral(channel.Id, person, $"{command} is not a command in this workspace. The bot's command is /crisis: try `/crisis help`.", null);
            return new JsonObject { ["ok"] = true };
        }

        // Slack shows the reply where the command was typed, before whatever the bot posts while answering it.
        var sent = Workspace.ReserveTs();
        var reply = await bot.Sender.SlashCommandAsync(person, channel.Id, text.Length > command.Length ? text[(command.Length + 1)..].Trim() : "", ct: ct);
        if (reply.Status != HttpStatusCode.OK)
        {
            // What Slack itself shows when an app answers a command with an error.
            Workspace.AddEphemeral(channel.Id, person, $"/crisis failed with the error \"http_service_error\" (the bot answered HTTP {(int)reply.Status}).", null, sent);
        }
        else if (reply.Json is { } json)
        {
            if (reply.IsEphemeral)
                Workspace.AddEphemeral(channel.Id, person, json["text"]?.GetValue<string>() ?? "", json["blocks"] as JsonArray is { } blocks ? (JsonArray)blocks.DeepClone() : null, sent);
            else
                Workspace.PostMessage(channel.Id, Workspace.Settings.BotUserId, json["text"]?.GetValue<string>() ?? "");
        }
        else if (reply.Body.Trim().Length > 0)
        {
            Workspace.AddEphemeral(channel.Id, person, reply.Body, null, sent);
        }

        return new JsonObject { ["ok"] = true };
    }

    private async Task<JsonObject> ClickAsync(SandboxBot bot, JsonObject body, CancellationToken ct)
    {
        var person = PersonIn(body);
        var channel = ChannelIn(body, person);
        var message = channel.Message(String(body, "ts") ?? "")
            ?? throw new PageException("That button is on a reply only you can see; Slack sends such clicks to the bot's response URL, which the sandbox does not play.");
        var actionId = String(body, "actionId") ?? throw new PageException("Which button? actionId is missing.");
        var reply = await bot.Sender.ClickButtonAsync(person, channel.Id, message, actionId, ct: ct);
        if (reply.Status != HttpStatusCode.OK)
            throw new PageException($"The bot answered the click with HTTP {(int)reply.Status}.");
        return new JsonObject { ["ok"] = true };
    }

    private async Task<JsonObject> SubmitAsync(SandboxBot bot, JsonObject body, CancellationToken ct)
    {
        var person = PersonIn(body);
        var view = OpenView(body, person);
        var values = body["values"] as JsonObject ?? [];
        var inputs = new Dictionary<string, ViewInput>();
        foreach (var block in view.View["blocks"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            if ((string?)block["type"] != "input" || block["block_id"]?.GetValue<string>() is not { } blockId || block["element"] is not JsonObject element)
                continue;
            var actionId = element["action_id"]?.GetValue<string>() ?? "";
            var value = values[blockId]?.GetValue<string>() is { Length: > 0 } typed ? typed : null;
            inputs[blockId] = (string?)element["type"] switch
            {
                "static_select" => new ViewInput(actionId, SelectedOption: value),
                "users_select" => new ViewInput(actionId, SelectedUser: value),
                _ => new ViewInput(actionId, Value: value),
            };
        }

        var reply = await bot.Sender.SubmitViewAsync(view, person, inputs, ct: ct);
        if (reply.Status != HttpStatusCode.OK)
            throw new PageException($"The bot answered the form with HTTP {(int)reply.Status}.");
        if (reply.Json?["response_action"]?.GetValue<string>() == "errors")
            return new JsonObject { ["errors"] = reply.Json["errors"]?.DeepClone() };
        return new JsonObject { ["ok"] = true };
    }

    private Task<JsonObject> CloseAsync(SandboxBot bot, JsonObject body, CancellationToken ct)
    {
        var view = OpenView(body, PersonIn(body));
        Workspace.CloseView(view.ViewId);
        return Task.FromResult(new JsonObject { ["ok"] = true });
    }

    /// <remarks>
    /// Runs to the end even if the page goes away (a reload during "+1 day"): a step cut short would leave the clock at
    /// some wake on the way. Only stopping the sandbox ends it early.
    /// </remarks>
    private async Task<JsonObject> ClockAsync(SandboxBot bot, JsonObject body, CancellationToken ct)
    {
        if (body["minutes"] is not JsonValue minutes || !minutes.TryGetValue<double>(out var count) || !double.IsFinite(count) || Math.Abs(count) > 1e6)
            throw new PageException("How far? Send minutes, such as {\"minutes\": 60}.");
        try
        {
            var now = await bot.Advance(TimeSpan.FromMinutes(count), _stopping);
            return new JsonObject { ["now"] = now.ToString("O", CultureInfo.InvariantCulture), ["note"] = $"Moved on {Words(TimeSpan.FromMinutes(count))}." };
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new PageException(e.Message.Split(" (Parameter", 2)[0]);
        }
    }

    private static string Words(TimeSpan step) => step.TotalMinutes switch
    {
        < 60 => $"{step.TotalMinutes:0} minutes",
        < 1440 => step.TotalHours == 1 ? "1 hour" : $"{step.TotalHours:0.#} hours",
        _ => step.TotalDays == 1 ? "1 day" : $"{step.TotalDays:0.#} days",
    };

    private string PersonIn(JsonObject body) =>
        String(body, "as") is { } id && people.Any(p => p.Id == id) ? id : throw new PageException("Choose who you are first (the list at the top left).");

    private ChannelRecord ChannelIn(JsonObject body, string person)
    {
        var id = String(body, "channel");
        var channel = Workspace.Channels.FirstOrDefault(c => c.Id == id) ?? throw new PageException("Choose a channel first.");
        if (channel.DirectWith is { } with ? with != person : channel.IsPrivate && !channel.Members.Contains(person))
            throw new PageException($"{channel.Name} is private and you are not a member.");
        return channel;
    }

    private ViewRecord OpenView(JsonObject body, string person) =>
        Workspace.Views.FirstOrDefault(v => v.ViewId == String(body, "view") && v.UserId == person && !v.Closed)
            ?? throw new PageException("That form is no longer open.");

    private static string? String(JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private sealed class PageException(string message) : Exception(message);
}
