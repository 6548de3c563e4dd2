namespace InspectionWorker;

/// <summary>What the health file holds: the overall status and each check's status and description.</summary>
/// <param name="Status">The worst status: <c>Healthy</c>, <c>Degraded</c> or <c>Unhealthy</c>.</param>
/// <param name="Utc">When the checks ran, UTC.</param>
/// <param name="Inspected">Images inspected since start.</param>
/// <param name="Failed">Images moved to the failed folder since start.</param>
/// <param name="Checks">Each check by name: its status and description.</param>
public sealed record HealthFileContent(string Status, DateTimeOffset Utc, long Inspected, long Failed, IReadOnlyDictionary<string, HealthFileEntry> Checks);
