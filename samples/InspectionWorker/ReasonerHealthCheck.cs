using Customizable.Vlm;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InspectionWorker;

/// <summary>Healthy when the reasoner answered its warm-up inspection and the last inspection did not fail for a reason other than
/// the image (Degraded then, with the reason).</summary>
/// <param name="profiles">The profiles, which warm the reasoner up.</param>
/// <param name="inspector">The inspector, whose reasoner names itself.</param>
/// <param name="status">The shared counters.</param>
public sealed class ReasonerHealthCheck(ProfileRegistry profiles, AnomalyInspector inspector, WorkerStatus status) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        AnomalyReasonerMetadata? metadata = inspector.Reasoner.GetService<AnomalyReasonerMetadata>();
        string name = metadata?.ProviderName ?? inspector.Reasoner.GetType().Name;
        return Task.FromResult(
            !profiles.IsReasonerReady ? HealthCheckResult.Unhealthy($"The {name} reasoner has not answered its warm-up inspection.")
            : status.LastReasonerError is { } error ? HealthCheckResult.Degraded($"The {name} reasoner failed the last inspection: {error}")
            : HealthCheckResult.Healthy($"The {name} reasoner is ready."));
    }
}
