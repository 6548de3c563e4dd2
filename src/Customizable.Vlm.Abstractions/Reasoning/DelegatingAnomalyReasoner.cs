namespace Customizable.Vlm;

/// <summary>A reasoner that forwards every call to an inner reasoner: the base of middleware (logging, caching, metrics, policies)
/// composed with <c>AnomalyReasonerBuilder</c>. Override <see cref="ReasonAsync"/> to add behaviour; everything else passes through.</summary>
/// <remarks>
/// <para>Capabilities: <see cref="GetService"/> answers with this instance when it is of the requested type (and no key is given),
/// and otherwise asks the inner reasoner, so <c>reasoner.GetService&lt;IReferenceModelBuilder&gt;()</c>, the reasoner's metadata and
/// options are found through any number of wrappers.</para>
/// <para>Thread-safety: this base holds no mutable state; derived classes must keep <see cref="ReasonAsync"/> safe for concurrent calls,
/// as <see cref="IAnomalyReasoner"/> requires.</para>
/// <para>Ownership: the wrapper owns its inner reasoner: disposing the wrapper disposes the inner reasoner (asynchronously when it
/// implements <see cref="IAsyncDisposable"/>).</para>
/// </remarks>
public abstract class DelegatingAnomalyReasoner : IAnomalyReasoner, IAsyncDisposable
{
    /// <summary>Initializes a wrapper around <paramref name="innerReasoner"/>.</summary>
    /// <param name="innerReasoner">The reasoner calls are forwarded to; owned by the wrapper from now on.</param>
    protected DelegatingAnomalyReasoner(IAnomalyReasoner innerReasoner)
    {
        InnerReasoner = Throw.IfNull(innerReasoner);
    }

    /// <summary>Gets the reasoner calls are forwarded to.</summary>
    protected IAnomalyReasoner InnerReasoner { get; }

    /// <inheritdoc />
    public virtual Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default) =>
        InnerReasoner.ReasonAsync(prompt, cancellationToken);

    /// <inheritdoc />
    public virtual object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : InnerReasoner.GetService(serviceType, serviceKey);
    }

    /// <summary>Disposes the wrapper and its inner reasoner.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the wrapper and its inner reasoner, waiting asynchronously when the inner reasoner supports it.</summary>
    /// <returns>A task that completes when the inner reasoner is disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore().ConfigureAwait(false);
        Dispose(disposing: false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources; the base disposes the inner reasoner when <paramref name="disposing"/> is true.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>; false from <see cref="DisposeAsync"/>, after <see cref="DisposeAsyncCore"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            InnerReasoner.Dispose();
        }
    }

    /// <summary>Releases resources asynchronously; the base disposes the inner reasoner (asynchronously when it can).</summary>
    /// <returns>A task that completes when done.</returns>
    protected virtual async ValueTask DisposeAsyncCore()
    {
        if (InnerReasoner is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            InnerReasoner.Dispose();
        }
    }
}
