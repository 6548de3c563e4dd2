namespace Customizable.Vlm;

/// <summary>Compares the query of a prompt with its normal references and returns a verdict.</summary>
/// <remarks>
/// <para>Thread-safety: implementations must allow concurrent <see cref="ReasonAsync"/> calls on one instance; any internal
/// serialization (for example around a single accelerator) must be documented by the implementation.</para>
/// <para>Ownership: the reasoner does not keep or modify the prompt. It owns the models and sessions it created and releases them
/// on <see cref="IDisposable.Dispose"/>; instances given to it by the caller stay the caller's.</para>
/// <para>Asynchrony: <see cref="ReasonAsync"/> must not run long CPU-bound work on the calling thread: implementations offload it
/// to the thread pool (or are truly asynchronous) and never resume on a captured <see cref="SynchronizationContext"/>, so a UI
/// or single-threaded caller stays responsive. Cancellation is honoured between views, batches and generated tokens.</para>
/// <para>Disposal: disposing while calls are in flight must never crash the process: an implementation either waits for them to
/// finish or fails them with <see cref="ObjectDisposedException"/>; calls started after disposal throw
/// <see cref="ObjectDisposedException"/>. Implementations whose disposal waits also implement <see cref="IAsyncDisposable"/>.</para>
/// <para>Capabilities: ask through <see cref="GetService"/>, never by type tests, so that wrappers pass requests through:
/// <see cref="AnomalyReasonerMetadata"/> (what the reasoner reads), <see cref="IReferenceModelBuilder"/> (whether it precomputes a
/// reference model), its options.</para>
/// <para>Errors: a model answer that cannot be read is not an exception: the verdict says <see cref="VerdictStatus.Unparseable"/>.
/// Transport or model failures raise <see cref="CustomizableVlmException"/> or the transport's own exception; cancellation raises
/// <see cref="OperationCanceledException"/>.</para>
/// </remarks>
public interface IAnomalyReasoner : IDisposable
{
    /// <summary>Reasons about a prompt.</summary>
    /// <param name="prompt">The composed prompt (references and query).</param>
    /// <param name="cancellationToken">Cancels the work (between batches, views or generated tokens).</param>
    /// <returns>The verdict.</returns>
    Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default);

    /// <summary>Asks for an object of the given type that the reasoner holds (itself, its options, an inner client, metadata).</summary>
    /// <param name="serviceType">The type wanted.</param>
    /// <param name="serviceKey">An optional key.</param>
    /// <returns>The object, or null.</returns>
    object? GetService(Type serviceType, object? serviceKey = null);
}
