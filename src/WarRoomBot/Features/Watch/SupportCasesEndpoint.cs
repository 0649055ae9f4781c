using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using WarRoomBot.Storage;

namespace WarRoomBot.Features.Watch;

/// <summary>
/// <c>POST /support/cases</c>: the support desk's cases for the watch list (issue 15), a JSON batch such as
/// <c>{"cases":[{"id":"CS-1","customer":"Acme Retail","priority":1,"opened":"2026-11-20T09:00:00Z","closed":null}]}</c>, to
/// requests that carry the configured token. With no token configured the endpoint is off and answers 404 as if it did not
/// exist. A batch is stored whole or not at all: one bad case refuses it, listing every bad case. A case id already stored
/// is an update; an id twice in one batch is one case, as its last report says. A store that cannot be written answers
/// 503 with Retry-After, as a sender's retry policy expects of a service that is down for a while, and keeps none of it.
/// </summary>
public static class SupportCasesEndpoint
{
    public const string Path = "/support/cases";

    private const string Example = """{"cases":[{"id":"CS-1","customer":"Acme Retail","priority":1,"opened":"2026-11-20T09:00:00Z","closed":null}]}""";

    public static IServiceCollection AddSupportCases(this IServiceCollection services)
    {
        services.AddOptions<WarRoomOptions>().ValidateWatch();
        return services;
    }

    public static IEndpointRouteBuilder MapSupportCases(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, async (HttpContext http, ISupportCaseStore store, IOptions<WarRoomOptions> options, ILoggerFactory logs, CancellationToken ct) =>
        {
            var watch = options.Value.Watch;
            if (string.IsNullOrWhiteSpace(watch.CasesToken))
                return Results.NotFound();
            if (!Authorized(http.Request.Headers.Authorization.ToString(), watch.CasesToken))
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return Error(StatusCodes.Status401Unauthorized, "send the support cases token (WarRoom:Watch:CasesToken) as Authorization: Bearer <token>.");
            }

            if (await BodyAsync(http.Request, watch.CasesMaxBytes, ct) is not { } body)
            {
                return Error(StatusCodes.Status413PayloadTooLarge, string.Create(CultureInfo.InvariantCulture,
                    $"the batch is larger than {watch.CasesMaxBytes} bytes (WarRoom:Watch:CasesMaxBytes): send the cases in several smaller batches."));
            }

            if (Reports(body) is not { } reports)
                return Error(StatusCodes.Status400BadRequest, $"the body is not a batch of cases: send JSON such as {Example}.");
            if (reports.Count > watch.CasesMaxCount)
            {
                return Error(StatusCodes.Status413PayloadTooLarge, string.Create(CultureInfo.InvariantCulture,
                    $"the batch holds {reports.Count} cases; send at most {watch.CasesMaxCount} per request (WarRoom:Watch:CasesMaxCount), in several batches."));
            }

            var (cases, problems) = SupportCaseInput.Read(reports, i => i);
            if (problems.Count > 0)
            {
                return Results.Json(
                    new
                    {
                        error = string.Create(CultureInfo.InvariantCulture,
                            $"{problems.Count} of {reports.Count} {(reports.Count == 1 ? "case is" : "cases are")} not valid; nothing was stored. Fix them and send the whole batch again."),
                        cases = problems.Select(p => new { index = p.At, id = p.Id, problems = p.Problems }),
                    },
                    statusCode: StatusCodes.Status400BadRequest);
            }

            try
            {
                var import = await store.UpsertAsync(cases, ct);
                return Results.Json(new { added = import.Added, updated = import.Updated });
            }
            catch (Exception e) when (e is DbException or IOException or TimeoutException)
            {
                // The batch is one transaction, so a store that fails while storing it keeps none of it.
                logs.CreateLogger(typeof(SupportCasesEndpoint)).LogError(e, "The support cases batch of {Count} could not be stored", cases.Count);
                http.Response.Headers.RetryAfter = "60";
                return Error(StatusCodes.Status503ServiceUnavailable, "the crisis store could not be written; nothing was stored. Send the whole batch again later.");
            }
        });
        return endpoints;
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    /// <summary>Bearer token compared in constant time, so the time taken says nothing about how much of it was right.</summary>
    private static bool Authorized(string header, string expected)
    {
        const string scheme = "Bearer ";
        var given = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    /// <summary>The body, or null once it passes <paramref name="maxBytes"/>: a declared length over it is refused unread.</summary>
    private static async Task<byte[]?> BodyAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
            return null;

        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > maxBytes)
                return null;
            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }

    /// <summary>
    /// Each case's fields as written: a number (a priority of 1) is read as its text, so the JSON and the CSV way in are read by
    /// the same rules; anything but a string, a number or null is kept as its JSON text, which the rules then refuse by name.
    /// </summary>
    private static List<CaseReport>? Reports(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object
                || !json.RootElement.EnumerateObject().Any(p => p.NameEquals("cases") && p.Value.ValueKind == JsonValueKind.Array))
                return null;

            return [.. json.RootElement.GetProperty("cases").EnumerateArray().Select(Report)];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static CaseReport Report(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
            return new CaseReport(null, null, null, null, null);
        return new CaseReport(Field(item, "id"), Field(item, "customer"), Field(item, "priority"), Field(item, "opened"), Field(item, "closed"));
    }

    private static string? Field(JsonElement item, string name) =>
        !item.TryGetProperty(name, out var value) ? null : value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.GetString(),
            _ => value.GetRawText(),
        };
}
