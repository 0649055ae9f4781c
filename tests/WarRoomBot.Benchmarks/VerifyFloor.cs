using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using WarRoomBot.Slack;

/// <summary>
/// The floor the ack run measures the bot against: the least a correct ASP.NET Core endpoint for Slack commands does. It
/// reads the body, verifies Slack's signature with the bot's own <see cref="SlackSignature"/>, and answers 200 with a
/// small JSON ack (401 when the signature is wrong, so a run whose requests were not verified fails). Configured as the
/// bot is, through the same variables and with no configuration reload.
/// </summary>
internal static class VerifyFloor
{
    /// <summary>The argument that runs this program as the floor; only <see cref="BotProcess.StartFloorAsync"/> passes it.</summary>
    public const string Verb = "verify-floor";

    public static async Task<int> RunAsync()
    {
        var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false"]);
        var signature = new SlackSignature(builder.Configuration["Slack:SigningSecret"] ?? "", TimeProvider.System);
        var app = builder.Build();
        // Commands and interactions alike: what the floor does is the same for both.
        app.MapPost("/slack/{kind:regex(^(commands|interactions)$)}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            var check = signature.Verify(
                http.Request.Headers["X-Slack-Request-Timestamp"].ToString(),
                http.Request.Headers["X-Slack-Signature"].ToString(),
                body.GetBuffer().AsSpan(0, (int)body.Length));
            return check == SignatureCheck.Valid
                ? Results.Json(new JsonObject { ["response_type"] = "ephemeral", ["text"] = "Received." })
                : Results.Unauthorized();
        });
        await app.RunAsync();
        return 0;
    }
}
