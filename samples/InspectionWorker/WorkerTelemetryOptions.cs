namespace InspectionWorker;

/// <summary>OpenTelemetry settings of the worker (<c>Cvlm:Worker:OpenTelemetry</c>).</summary>
public sealed class WorkerTelemetryOptions
{
    /// <summary>Gets or sets a value indicating whether the <c>Customizable.Vlm</c> spans and metrics are exported to the console.
    /// Off by default. The metrics export interval follows the standard <c>OTEL_METRIC_EXPORT_INTERVAL</c> variable (milliseconds,
    /// default 60000).</summary>
    public bool Enabled { get; set; }
}
