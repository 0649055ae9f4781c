using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WarRoomBot.Tests.Emulator;

/// <summary>Stands in for the bot: records every request Slack sends it, byte for byte, and answers as told.</summary>
internal sealed class RecordingBot : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedRequest> received = new();

    private RecordingBot(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        Client = new HttpClient { BaseAddress = baseUrl };
    }

    public HttpClient Client { get; }

    public IReadOnlyList<ReceivedRequest> Received => [.. received];

    /// <summary>What the bot answers; an empty 200 unless a test says otherwise.</summary>
    public Func<ReceivedRequest, IResult> Reply { get; set; } = _ => Results.Ok();

    public static async Task<RecordingBot> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseRouting();
        RecordingBot? bot = null;
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var request = new ReceivedRequest(
                http.Request.Path.Value!,
                http.Request.ContentType ?? "",
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                await reader.ReadToEndAsync());
            bot!.received.Enqueue(request);
            return bot.Reply(request);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        bot = new RecordingBot(app, new Uri(address.TrimEnd('/') + "/"));
        return bot;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.DisposeAsync();
    }
}

internal sealed record ReceivedRequest(string Path, string ContentType, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public IReadOnlyDictionary<string, string> Form =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Body).ToDictionary(f => f.Key, f => f.Value.ToString());
}
