namespace Customizable.Vlm.AI;

/// <summary>Stores model answers by request key, so that the same prompt to the same model is asked once (the original method caches
/// answers too).</summary>
/// <remarks>Thread-safety: implementations must allow concurrent calls. Keys are 64 lower-case hexadecimal characters (a SHA-256);
/// values are the raw answer texts.</remarks>
[Obsolete(AnswerCacheObsolete.Message)]
public interface IAnswerCache
{
    /// <summary>Looks an answer up.</summary>
    /// <param name="key">The request key.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The cached answer, or null.</returns>
    ValueTask<string?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores an answer.</summary>
    /// <param name="key">The request key.</param>
    /// <param name="answer">The raw answer text.</param>
    /// <param name="cancellationToken">Cancels the write (the cache is then unchanged).</param>
    /// <returns>A task that completes when the answer is stored.</returns>
    ValueTask SetAsync(string key, string answer, CancellationToken cancellationToken = default);
}
