using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InspectionWorker;

/// <summary>Healthy while the queue has room; Degraded when it is full (saturated: images arrive faster than they are inspected, and
/// they wait in the input folder).</summary>
/// <param name="queue">The queue.</param>
public sealed class QueueHealthCheck(InspectionChannel queue) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        int count = queue.Count;
        string text = $"{count} of {queue.Capacity} places taken";
        return Task.FromResult(count >= queue.Capacity
            ? HealthCheckResult.Degraded($"The queue is saturated: {text}; new images wait in the input folder.")
            : HealthCheckResult.Healthy(text));
    }
}
