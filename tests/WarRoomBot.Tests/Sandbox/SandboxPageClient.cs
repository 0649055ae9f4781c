using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace WarRoomBot.Tests.Sandbox;

/// <summary>What the page's script does, as plain HTTP: read the state, send from the composer, follow the live stream.</summary>
public sealed class SandboxPageClient(Uri page) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = page };

    public async Task<JsonObject> StateAsync(string person, string? channel)
    {
        var query = $"sandbox/state?as={Uri.EscapeDataString(person)}&channel={Uri.EscapeDataString(channel ?? "")}";
        return (await http.GetFromJsonAsync<JsonObject>(query))!;
    }

    /// <summary>Types <paramref name="text"/> in the composer of <paramref name="channel"/> (#general when not given).</summary>
    public async Task<JsonObject> SendAsync(string person, string text, string? channel = null)
    {
        channel ??= (string)(await StateAsync(person, null))["channel"]!["id"]!;
        using var response = await http.PostAsJsonAsync("sandbox/send", new JsonObject { ["as"] = person, ["channel"] = channel, ["text"] = text });
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return body;
    }

    /// <summary>Waits, on the page's live stream of changes rather than by polling, until the state shows what is awaited.</summary>
    public async Task<JsonObject> WaitForAsync(string person, Func<JsonObject, bool> shows, string? channel = null)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await http.GetAsync("sandbox/events", HttpCompletionOption.ResponseHeadersRead, patience.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(patience.Token));
        while (await reader.ReadLineAsync(patience.Token) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal))
                continue;
            var state = await StateAsync(person, channel);
            if (shows(state))
                return state;
        }

        throw new InvalidOperationException("The page's live stream ended.");
    }

    public void Dispose() => http.Dispose();
}
