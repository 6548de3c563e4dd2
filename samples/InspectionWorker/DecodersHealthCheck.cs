using Customizable.Vlm.Imaging;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InspectionWorker;

/// <summary>Healthy while every image decode has returned; Degraded while decodes that outlived their time bound
/// (<see cref="ImageLoadOptions.MaxDecodeTime"/>) still run (<see cref="ImageLoader.RunawayDecodes"/>). A slow image clears itself
/// within seconds; a count that stays above 0 means images that make the decoder spin got through, each holding a thread (and a
/// core) until the process ends, so the worker should be restarted.</summary>
/// <param name="runawayDecodes">Reads the count; null reads <see cref="ImageLoader.RunawayDecodes"/> (tests pass their own).</param>
public sealed class DecodersHealthCheck(Func<int>? runawayDecodes = null) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        int running = (runawayDecodes ?? (static () => ImageLoader.RunawayDecodes))();
        return Task.FromResult(running > 0
            ? HealthCheckResult.Degraded($"{running} image decode(s) outlived their time bound and still run; if this stays, restart the worker.")
            : HealthCheckResult.Healthy("Every image decode has returned."));
    }
}
