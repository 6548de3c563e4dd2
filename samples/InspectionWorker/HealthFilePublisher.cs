using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InspectionWorker;

/// <summary>Publishes the health checks' report the way a worker without HTTP can: a JSON file rewritten atomically (temporary file
/// and rename) every <see cref="WorkerOptions.HealthInterval"/>, for a container probe or a monitoring agent to read, and a log line
/// whenever the overall status changes.</summary>
/// <remarks>Called by the health-check publisher service of Microsoft.Extensions.Diagnostics.HealthChecks, one report at a time.
/// A probe can test both the status and the file's age (a stalled worker stops rewriting it).</remarks>
public sealed partial class HealthFilePublisher : IHealthCheckPublisher
{
    private readonly string _path;
    private readonly WorkerStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private HealthStatus? _last;

    /// <summary>Initializes the publisher.</summary>
    /// <param name="options">The worker options (<see cref="WorkerOptions.HealthFile"/>).</param>
    /// <param name="status">The shared counters, written with the report.</param>
    /// <param name="time">The clock for the report's UTC time.</param>
    /// <param name="logger">A logger.</param>
    public HealthFilePublisher(IOptions<WorkerOptions> options, WorkerStatus status, TimeProvider time, ILogger<HealthFilePublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_path, _status, _time, _logger) = (options.Value.HealthPath, status, time, logger);
    }

    /// <inheritdoc />
    public async Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var content = new HealthFileContent(
            report.Status.ToString(),
            _time.GetUtcNow(),
            _status.Inspected,
            _status.Failed,
            report.Entries.ToDictionary(e => e.Key, e => new HealthFileEntry(e.Value.Status.ToString(), e.Value.Description), StringComparer.Ordinal));
        string temporary = _path + ".tmp";
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(content, WorkerJsonContext.Default.HealthFileContent), cancellationToken);
        File.Move(temporary, _path, overwrite: true);
        if (_last != report.Status)
        {
            string details = string.Join("; ", report.Entries.Select(e => $"{e.Key}: {e.Value.Status} ({e.Value.Description})"));
            if (report.Status == HealthStatus.Healthy)
            {
                Log.Healthy(_logger, details);
            }
            else
            {
                Log.NotHealthy(_logger, report.Status, details);
            }

            _last = report.Status;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(30, LogLevel.Information, "Health: Healthy. {Details}")]
        public static partial void Healthy(ILogger logger, string details);

        [LoggerMessage(31, LogLevel.Warning, "Health: {Status}. {Details}")]
        public static partial void NotHealthy(ILogger logger, HealthStatus status, string details);
    }
}
