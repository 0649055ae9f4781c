using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WarRoomBot.Storage;

/// <summary><c>GET /healthz</c> is healthy only while the crisis store answers and can write.</summary>
public sealed class StoreHealthCheck(ICrisisStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.IsReachableAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The crisis store cannot be read or written.");
}
