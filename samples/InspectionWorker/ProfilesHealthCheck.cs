using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InspectionWorker;

/// <summary>Healthy when every configured profile is loaded.</summary>
/// <param name="profiles">The profiles.</param>
public sealed class ProfilesHealthCheck(ProfileRegistry profiles) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(profiles.IsLoaded
            ? HealthCheckResult.Healthy($"{profiles.Names.Count} profiles loaded: {string.Join(", ", profiles.Names)}")
            : HealthCheckResult.Unhealthy("The profiles are not loaded."));
}
