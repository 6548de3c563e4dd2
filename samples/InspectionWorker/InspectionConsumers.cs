using System.Diagnostics;
using Customizable.Vlm;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InspectionWorker;

/// <summary>Runs <see cref="WorkerOptions.Consumers"/> consumers that take images off the <see cref="InspectionChannel"/>, inspect them
/// with their profile, append the result line and move the image to the processed or failed folder.</summary>
/// <remarks>
/// <para>Errors: an image that cannot be inspected (unreadable, corrupt, too large, no profile for its sub-folder, a reasoner failure)
/// is moved to the failed folder with a <c>.error.txt</c> beside it and an <c>error</c> result line; the worker goes on. If even the
/// move fails, the image stays where it is, claimed, until the next start.</para>
/// <para>Shutdown: when the host stops, the consumers take no more images (those still queued stay in the input folder for the next
/// start); inspections in flight go on until the host's shutdown timeout (<c>HostOptions.ShutdownTimeout</c>, 30 s by default) and are
/// then cancelled, their images left in place. The results file is flushed to disk last.</para>
/// </remarks>
public sealed partial class InspectionConsumers : BackgroundService
{
    private readonly InspectionChannel _queue;
    private readonly ProfileRegistry _profiles;
    private readonly AnomalyInspector _inspector;
    private readonly ResultsWriter _results;
    private readonly WorkerStatus _status;
    private readonly WorkerOptions _options;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();

    /// <summary>Initializes the consumers.</summary>
    /// <param name="queue">Where work comes from.</param>
    /// <param name="profiles">The loaded profiles.</param>
    /// <param name="inspector">The inspector.</param>
    /// <param name="results">Where results go.</param>
    /// <param name="status">The shared counters.</param>
    /// <param name="options">The worker options.</param>
    /// <param name="lifetime">Stops the application after <see cref="WorkerOptions.StopAfterFiles"/> images.</param>
    /// <param name="time">The clock for the results' UTC times.</param>
    /// <param name="logger">A logger.</param>
    public InspectionConsumers(
        InspectionChannel queue,
        ProfileRegistry profiles,
        AnomalyInspector inspector,
        ResultsWriter results,
        WorkerStatus status,
        IOptions<WorkerOptions> options,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        ILogger<InspectionConsumers> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_queue, _profiles, _inspector, _results, _status, _options, _lifetime, _time, _logger) =
            (queue, profiles, inspector, results, status, options.Value, lifetime, time, logger);
    }

    /// <summary>Loads the profiles if nobody did (a host that calls <see cref="WorkerServices.AddInspectionWorker"/> itself), then
    /// starts the consumers.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>A task that completes when the consumers run.</returns>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _profiles.LoadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host's shutdown token fires when its timeout is spent: only then are inspections in flight cancelled.
        await using CancellationTokenRegistration abort = cancellationToken.Register(() => _abort.Cancel());
        await base.StopAsync(cancellationToken);
        if (ExecuteTask is { IsCompleted: false } running)
        {
            // Timed out: the inspections were cancelled just now; give them a moment to put their images back and flush.
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Started(_logger, _options.Consumers, _options.InputPath, _results.Path);
        Task[] consumers = [.. Enumerable.Range(0, _options.Consumers).Select(_ => Task.Run(() => ConsumeAsync(stoppingToken), CancellationToken.None))];
        await Task.WhenAll(consumers);
        await _results.FlushAsync(CancellationToken.None);
        Log.Stopped(_logger, _status.Inspected, _status.Failed, _status.Cancelled, _queue.Count);
    }

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (!stoppingToken.IsCancellationRequested && _queue.Reader.TryRead(out WorkItem? item))
                {
                    await ProcessAsync(item, _abort.Token);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: take no more images.
        }
    }

    private async Task ProcessAsync(WorkItem item, CancellationToken abort)
    {
        long started = Stopwatch.GetTimestamp();
        bool release = true;
        try
        {
            if (item.Profile is null || !_profiles.TryGet(item.Profile, out InspectionProfile? profile))
            {
                throw new InvalidObservationException(item.RelativePath, item.Profile is null
                    ? $"No profile for images directly in the input folder: set {WorkerOptions.SectionName}:DefaultProfile, or put the image in a sub-folder named after a profile ({string.Join(", ", _profiles.Names)})."
                    : $"No profile is named '{item.Profile}' (the sub-folder's name); loaded: {string.Join(", ", _profiles.Names)}.", null);
            }

            AnomalyVerdict verdict = await _inspector.InspectAsync(profile, ImageObservation.FromFile(item.FullPath), abort);
            var result = new InspectionResult(
                item.RelativePath,
                item.Profile,
                verdict.IsAnomalous,
                verdict.Score,
                [.. verdict.Regions.Select(ToResultRegion)],
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                _time.GetUtcNow());
            await _results.AppendAsync(result, CancellationToken.None);
            Finished(_status.RecordInspected());
            try
            {
                FileMover.Move(item, _options.ProcessedPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Its result is written: keep it claimed rather than inspect it again in a loop.
                release = false;
                Log.CannotMove(_logger, item.RelativePath, "inspected", ex.Message);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            _status.RecordCancelled();
            Log.Cancelled(_logger, item.RelativePath);
        }
        catch (Exception ex)
        {
            release = await FailAsync(item, ex, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            if (release)
            {
                _queue.Release(item);
            }
        }
    }

    /// <summary>Moves the image to the failed folder and writes its error line; false when even that failed (the image then stays
    /// claimed, so it is not retried in a loop).</summary>
    private async Task<bool> FailAsync(WorkItem item, Exception error, double elapsedMs)
    {
        DateTimeOffset utc = _time.GetUtcNow();
        bool imageFault = error is InvalidObservationException;
        try
        {
            FileMover.MoveToFailed(item, _options.FailedPath, error, utc);
            await _results.AppendAsync(new InspectionResult(item.RelativePath, item.Profile, null, null, [], elapsedMs, utc, $"{error.GetType().Name}: {error.Message}"));
            Log.Failed(_logger, item.RelativePath, error.Message);
            Finished(_status.RecordFailed(imageFault ? null : error.Message));
            return true;
        }
        catch (Exception moveError)
        {
            // Never let one image stop a consumer: log it and leave the image claimed.
            Log.CannotMove(_logger, item.RelativePath, error.Message, moveError.Message);
            Finished(_status.RecordFailed(imageFault ? null : error.Message));
            return false;
        }
    }

    private void Finished(long count)
    {
        if (_options.StopAfterFiles > 0 && count == _options.StopAfterFiles)
        {
            Log.StopAfter(_logger, count);
            _lifetime.StopApplication();
        }
    }

    private static ResultRegion ToResultRegion(AnomalyRegion region)
    {
        PixelRect box = region.SourceLocation is ImageRegionLocation image ? image.Box : region.Box;
        return new ResultRegion(box.X, box.Y, box.Width, box.Height, region.Score);
    }

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Information, "{Consumers} consumers watching {Input}; results go to {Results}")]
        public static partial void Started(ILogger logger, int consumers, string input, string results);

        [LoggerMessage(11, LogLevel.Information, "Consumers stopped: {Inspected} inspected, {Failed} failed, {Cancelled} cancelled in flight, {Queued} left queued (they stay in the input folder)")]
        public static partial void Stopped(ILogger logger, long inspected, long failed, long cancelled, int queued);

        [LoggerMessage(12, LogLevel.Warning, "{File} moved to the failed folder: {Reason}")]
        public static partial void Failed(ILogger logger, string file, string reason);

        [LoggerMessage(13, LogLevel.Error, "{File} ({Reason}) could not be moved out of the input folder: {MoveError}; it stays there, not retried until the next start")]
        public static partial void CannotMove(ILogger logger, string file, string reason, string moveError);

        [LoggerMessage(14, LogLevel.Information, "{File}: inspection cancelled at shutdown; the image stays in the input folder")]
        public static partial void Cancelled(ILogger logger, string file);

        [LoggerMessage(15, LogLevel.Information, "{Count} images done (StopAfterFiles): stopping")]
        public static partial void StopAfter(ILogger logger, long count);
    }
}
