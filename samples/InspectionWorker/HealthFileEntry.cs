namespace InspectionWorker;

/// <summary>One check in the health file.</summary>
/// <param name="Status">The check's status: <c>Healthy</c>, <c>Degraded</c> or <c>Unhealthy</c>.</param>
/// <param name="Description">What the check saw.</param>
public sealed record HealthFileEntry(string Status, string? Description);
