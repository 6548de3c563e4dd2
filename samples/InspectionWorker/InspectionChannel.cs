using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace InspectionWorker;

/// <summary>The bounded queue between the folder watcher and the consumers, plus the set of files already claimed (queued or being
/// inspected) so that a file seen twice (a watcher event and a rescan) is inspected once.</summary>
/// <remarks>Thread-safe: one writer (the <see cref="FolderFeeder"/>) and any number of readers. When the queue is full,
/// <see cref="WriteAsync"/> waits: back-pressure reaches the folder, where files simply stay until there is room.</remarks>
public sealed class InspectionChannel
{
    private readonly Channel<WorkItem> _channel;
    private readonly ConcurrentDictionary<string, byte> _claimed = new(StringComparer.Ordinal);

    /// <summary>Initializes a new queue with <see cref="WorkerOptions.QueueCapacity"/> places.</summary>
    /// <param name="options">The worker options.</param>
    public InspectionChannel(IOptions<WorkerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Capacity = options.Value.QueueCapacity;
        _channel = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
            SingleReader = false,
        });
    }

    /// <summary>Gets the number of places.</summary>
    public int Capacity { get; }

    /// <summary>Gets the number of images waiting for a consumer.</summary>
    public int Count => _channel.Reader.Count;

    /// <summary>Gets the reader the consumers take work from.</summary>
    public ChannelReader<WorkItem> Reader => _channel.Reader;

    /// <summary>Gets a value indicating whether a file is queued or being inspected.</summary>
    /// <param name="fullPath">The file's full path.</param>
    /// <returns>True when the file is claimed.</returns>
    public bool IsClaimed(string fullPath) => _claimed.ContainsKey(fullPath);

    /// <summary>Claims a file and queues it, waiting while the queue is full.</summary>
    /// <param name="item">The work.</param>
    /// <param name="cancellationToken">Stops waiting (shutdown); the file is then released.</param>
    /// <returns>False when the file was already claimed.</returns>
    public async ValueTask<bool> WriteAsync(WorkItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!_claimed.TryAdd(item.FullPath, 0))
        {
            return false;
        }

        try
        {
            await _channel.Writer.WriteAsync(item, cancellationToken);
            return true;
        }
        catch
        {
            Release(item);
            throw;
        }
    }

    /// <summary>Releases a file after it was moved away (or left in place at shutdown), so a later scan may see it again.</summary>
    /// <param name="item">The work.</param>
    public void Release(WorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _claimed.TryRemove(item.FullPath, out _);
    }

    /// <summary>Accepts no more work; the consumers drain what is queued or stop.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
