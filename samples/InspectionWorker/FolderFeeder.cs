using System.Collections.Concurrent;
using System.IO.Enumeration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InspectionWorker;

/// <summary>Feeds the <see cref="InspectionChannel"/> from the input folder: a <see cref="FileSystemWatcher"/>, a scan at start and a
/// rescan every <see cref="WorkerOptions.RescanInterval"/> as a safety net. A file is queued once its size and write time have stayed
/// unchanged for <see cref="WorkerOptions.SettleTime"/> (completely written).</summary>
/// <remarks>
/// <para>Only image files are taken (<see cref="ProfileRegistry.ImageExtensions"/>); hidden files, <c>.tmp</c> and <c>.part</c> files
/// and the processed and failed folders are skipped. At most four queues' worth of files wait to settle; more are found by a later
/// scan, so a huge backlog costs no unbounded memory.</para>
/// <para>Shutdown: stops watching and queues nothing more; the consumers decide what happens to what is queued.</para>
/// </remarks>
public sealed partial class FolderFeeder : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private readonly InspectionChannel _queue;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Settling> _settling = new(StringComparer.Ordinal);
    private readonly string _input;
    private readonly string[] _skipped;
    private volatile bool _rescanRequested;

    /// <summary>Initializes the feeder.</summary>
    /// <param name="queue">Where complete files go.</param>
    /// <param name="options">The worker options.</param>
    /// <param name="time">The clock for settling and rescans.</param>
    /// <param name="logger">A logger.</param>
    public FolderFeeder(InspectionChannel queue, IOptions<WorkerOptions> options, TimeProvider time, ILogger<FolderFeeder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_queue, _options, _time, _logger) = (queue, options.Value, time, logger);
        _input = Path.TrimEndingDirectorySeparator(_options.InputPath);
        _skipped = [Path.TrimEndingDirectorySeparator(_options.ProcessedPath), Path.TrimEndingDirectorySeparator(_options.FailedPath)];
    }

    private int MaxSettling => _queue.Capacity * 4;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var watcher = new FileSystemWatcher(_input)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size | NotifyFilters.LastWrite,
            InternalBufferSize = 64 * 1024,
        };
        watcher.Created += (_, e) => Notice(e.FullPath);
        watcher.Changed += (_, e) => Notice(e.FullPath);
        watcher.Renamed += (_, e) => Notice(e.FullPath);
        watcher.Error += (_, e) =>
        {
            Log.WatcherError(_logger, e.GetException().Message);
            _rescanRequested = true;
        };
        watcher.EnableRaisingEvents = true;
        Scan();
        long nextRescan = _time.GetTimestamp();
        using var timer = new PeriodicTimer(Tick, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (_rescanRequested || _time.GetElapsedTime(nextRescan) >= _options.RescanInterval)
                {
                    _rescanRequested = false;
                    nextRescan = _time.GetTimestamp();
                    Scan();
                }

                await QueueSettledAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            watcher.EnableRaisingEvents = false;
            _queue.Complete();
        }
    }

    /// <summary>Enumerates the input folder without descending into the processed and failed folders.</summary>
    private void Scan()
    {
        var enumeration = new FileSystemEnumerable<string>(_input, (ref FileSystemEntry e) => e.ToFullPath(), new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        })
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory,
            ShouldRecursePredicate = (ref FileSystemEntry e) => !IsSkippedFolder(e.ToFullPath()),
        };
        try
        {
            foreach (string path in enumeration)
            {
                if (!Notice(path))
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.WatcherError(_logger, ex.Message);
        }
    }

    /// <summary>Starts settling a file that may be new; returns false when too many files are settling already.</summary>
    private bool Notice(string path)
    {
        if (_settling.Count >= MaxSettling)
        {
            _rescanRequested = true;
            return false;
        }

        if (Directory.Exists(path))
        {
            // A folder moved in with files inside: the watcher reports only the folder.
            if (!IsSkippedFolder(path))
            {
                _rescanRequested = true;
            }

            return true;
        }

        if (IsCandidate(path) && !_queue.IsClaimed(path))
        {
            _settling.TryAdd(path, Settling.Of(path, _time.GetTimestamp()));
        }

        return true;
    }

    private async Task QueueSettledAsync(CancellationToken stoppingToken)
    {
        foreach ((string path, Settling before) in _settling)
        {
            Settling now = Settling.Of(path, before.Since);
            if (!now.Exists)
            {
                _settling.TryRemove(path, out _);
            }
            else if (now.Length != before.Length || now.LastWrite != before.LastWrite)
            {
                _settling[path] = now with { Since = _time.GetTimestamp() };
            }
            else if (_time.GetElapsedTime(before.Since) >= _options.SettleTime)
            {
                _settling.TryRemove(path, out _);
                string relative = Path.GetRelativePath(_input, path).Replace('\\', '/');
                int slash = relative.IndexOf('/', StringComparison.Ordinal);
                string? profile = slash < 0 ? _options.RootProfile : relative[..slash];
                await _queue.WriteAsync(new WorkItem(path, relative, profile), stoppingToken);
            }
        }
    }

    private bool IsCandidate(string path)
    {
        string name = Path.GetFileName(path);
        if (name.StartsWith('.') || !ProfileRegistry.ImageExtensions.Contains(Path.GetExtension(name).ToLowerInvariant()))
        {
            return false;
        }

        return path.StartsWith(_input + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !_skipped.Any(s => IsUnder(path, s));
    }

    private bool IsSkippedFolder(string path) => _skipped.Any(s => string.Equals(Path.TrimEndingDirectorySeparator(path), s, StringComparison.Ordinal) || IsUnder(path, s));

    private static bool IsUnder(string path, string folder) => path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>What a settling file looked like, and since when (a <see cref="TimeProvider"/> timestamp).</summary>
    private readonly record struct Settling(bool Exists, long Length, DateTime LastWrite, long Since)
    {
        public static Settling Of(string path, long since)
        {
            var info = new FileInfo(path);
            return info.Exists ? new Settling(true, info.Length, info.LastWriteTimeUtc, since) : new Settling(false, 0, default, since);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Warning, "Watching the input folder: {Message}; rescanning")]
        public static partial void WatcherError(ILogger logger, string message);
    }
}
