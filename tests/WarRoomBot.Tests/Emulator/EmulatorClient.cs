using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SlackEmulator;

namespace WarRoomBot.Tests.Emulator;

/// <summary>A plain HTTP client for the emulator's Web API, so the tests exercise it the way any Slack client would.</summary>
internal sealed class EmulatorClient : IDisposable
{
    private readonly HttpClient http;
    private readonly string token;

    public EmulatorClient(EmulatedSlack slack)
    {
        http = new HttpClient { BaseAddress = slack.ApiBaseUrl };
        token = slack.Settings.BotToken;
    }

    public async Task<JsonObject> CallAsync(string method, JsonObject? args = null, CancellationToken ct = default)
    {
        using var response = await SendJsonAsync(method, args, token, ct);
        return await BodyAsync(response, ct);
    }

    public async Task<HttpResponseMessage> SendJsonAsync(string method, JsonObject? args, string? bearer, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, method)
        {
            Content = new StringContent((args ?? []).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await http.SendAsync(request, ct);
    }

    public async Task<JsonObject> FormAsync(string method, IEnumerable<KeyValuePair<string, string>> fields, bool bearer = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, method) { Content = new FormUrlEncodedContent(fields) };
        if (bearer) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return await BodyAsync(response);
    }

    public async Task<JsonObject> GetAsync(string methodAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, methodAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return await BodyAsync(response);
    }

    public static async Task<JsonObject> BodyAsync(HttpResponseMessage response, CancellationToken ct = default) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;

    public void Dispose() => http.Dispose();
}

internal static class SlackJson
{
    public static bool IsOk(this JsonObject response) => response["ok"]!.GetValue<bool>();

    public static string? Error(this JsonObject response) => response["error"]?.GetValue<string>();

    public static string Str(this JsonNode node, string name) => node[name]!.GetValue<string>();
}
