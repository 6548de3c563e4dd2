using System.Text;
using Customizable.Vlm.IO;

namespace Customizable.Vlm.AI;

/// <summary>An <see cref="IAnswerCache"/> that keeps one UTF-8 text file per answer in a directory, so answers survive restarts and can
/// be shared between runs (as the original method's answer file is).</summary>
/// <remarks>Writes are atomic (temporary file, flush, rename), so a crash never leaves a half-written answer; concurrent writers of
/// the same key leave one complete answer. Thread-safe and safe across processes sharing the directory.</remarks>
[Obsolete(AnswerCacheObsolete.Message)]
public sealed class DirectoryAnswerCache : IAnswerCache
{
    /// <summary>Initializes a new cache; the directory is created when missing.</summary>
    /// <param name="directory">The directory that holds the answers.</param>
    public DirectoryAnswerCache(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>Gets the full path of the directory.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public async ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        string path = PathOf(key);
        try
        {
            return await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async ValueTask SetAsync(string key, string answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        byte[] bytes = new UTF8Encoding(false).GetBytes(answer);
        await AtomicFile.WriteAsync(PathOf(key), (file, ct) => file.WriteAsync(bytes, ct).AsTask(), cancellationToken).ConfigureAwait(false);
    }

    private string PathOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length is 0 or > 128 || !key.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("A cache key must be 1 to 128 ASCII letters or digits.", nameof(key));
        }

        return Path.Combine(Directory, key + ".txt");
    }
}
