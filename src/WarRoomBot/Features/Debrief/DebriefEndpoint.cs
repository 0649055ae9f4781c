using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using WarRoomBot.Crises;

namespace WarRoomBot.Features.Debrief;

/// <summary>
/// <c>GET /crises/{number}/debrief.md</c>: the debrief document for tools outside Slack (a wiki, a ticket), to requests that
/// carry the configured access token. With no token configured the endpoint is off and answers 404 as if it did not exist.
/// </summary>
public static class DebriefEndpoint
{
    public static IEndpointRouteBuilder MapDebrief(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/crises/{number}/debrief.md", async (string number, HttpContext http, DebriefPoster debrief, IOptions<WarRoomOptions> options, CancellationToken ct) =>
        {
            if (options.Value.Debrief.AccessToken is not { Length: > 0 } expected)
                return Results.NotFound();
            if (!Authorized(http.Request.Headers.Authorization.ToString(), expected))
                return Results.Unauthorized();
            if (!int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n <= 0
                || await debrief.RenderAsync(new CrisisId(n), ct) is not { } document)
                return Results.NotFound();
            return Results.Text(document, "text/markdown; charset=utf-8", Encoding.UTF8);
        });
        return endpoints;
    }

    /// <summary>Bearer token compared in constant time, so the time taken says nothing about how much of it was right.</summary>
    private static bool Authorized(string header, string expected)
    {
        const string scheme = "Bearer ";
        var given = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
