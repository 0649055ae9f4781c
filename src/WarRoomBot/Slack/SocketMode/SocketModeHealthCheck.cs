using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WarRoomBot.Slack.SocketMode;

/// <summary>
/// In Socket Mode, <c>GET /healthz</c> is healthy only while a connection to Slack is open: without one nothing reaches the
/// bot. A client that gave up for good is unhealthy at once, while its last connection is still closing: Slack may have
/// seen it closed already.
/// </summary>
internal sealed class SocketModeHealthCheck(SocketModeClient client) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(client.StoppedBecause is null && client.OpenConnections > 0
            ? HealthCheckResult.Healthy($"{client.OpenConnections} Socket Mode connection(s) open.")
            : HealthCheckResult.Unhealthy(client.StoppedBecause ?? "No Socket Mode connection to Slack is open."));
}
