using System.Text.Json;
using Microsoft.Extensions.Options;

namespace InspectionWorker;

/// <summary>Appends results to a JSON-lines file (one object and a newline per image) so that no reader ever sees a torn line.</summary>
/// <remarks>
/// <para>Each line is serialized in memory first and written with one unbuffered append, under a lock, so concurrent consumers never
/// interleave. A line cut by a crash (a last line without its newline) is removed when the file is opened again, before anything is
/// appended. <see cref="FlushAsync"/> and disposal flush the file to disk.</para>
/// <para>Thread-safe: <see cref="AppendAsync"/> may be called concurrently. The writer owns its file handle; the host disposes it.</para>
/// </remarks>
public sealed class ResultsWriter : IAsyncDisposable
{
    private readonly string _path;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private FileStream? _file;
    private bool _disposed;

    /// <summary>Initializes a writer for <see cref="WorkerOptions.ResultsFile"/>; the file is opened at the first append.</summary>
    /// <param name="options">The worker options.</param>
    public ResultsWriter(IOptions<WorkerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _path = options.Value.ResultsPath;
    }

    /// <summary>Gets the results file's full path.</summary>
    public string Path => _path;

    /// <summary>Appends one result as one line.</summary>
    /// <param name="result">The result.</param>
    /// <param name="cancellationToken">Cancels waiting for the lock; a line whose write has begun is always finished.</param>
    /// <returns>A task that completes when the line has been handed to the operating system.</returns>
    public async Task AppendAsync(InspectionResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(result, WorkerJsonContext.Default.InspectionResult);
        byte[] line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        await _lock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            FileStream file = _file ??= Open(_path);
            await file.WriteAsync(line, CancellationToken.None);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Flushes the file to disk.</summary>
    /// <param name="cancellationToken">Cancels waiting for the lock.</param>
    /// <returns>A task that completes when the data is on disk.</returns>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            _file?.Flush(flushToDisk: true);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_file is not null)
            {
                _file.Flush(flushToDisk: true);
                await _file.DisposeAsync();
                _file = null;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Opens the file for appending, unbuffered, after cutting a torn last line left by a crash.</summary>
    private static FileStream Open(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        try
        {
            long end = file.Length;
            long keep = end;
            Span<byte> one = stackalloc byte[1];
            while (keep > 0)
            {
                file.Position = keep - 1;
                if (file.Read(one) == 1 && one[0] == (byte)'\n')
                {
                    break;
                }

                keep--;
            }

            if (keep != end)
            {
                file.SetLength(keep);
            }

            file.Position = keep;
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
