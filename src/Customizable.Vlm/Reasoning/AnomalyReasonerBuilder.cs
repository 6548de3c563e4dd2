namespace Customizable.Vlm;

/// <summary>Builds a pipeline of reasoners around an inner one, like Microsoft.Extensions.AI's <c>ChatClientBuilder</c>:
/// <c>new AnomalyReasonerBuilder(inner).Use(r =&gt; new CachingReasoner(r)).Use(r =&gt; new AuditReasoner(r)).Build()</c>. The first
/// <see cref="Use(Func{IAnomalyReasoner, IAnomalyReasoner})"/> is the outermost: a call passes through the wrappers in the order they
/// were added, then reaches the inner reasoner.</summary>
/// <remarks>
/// <para>Middleware derives from <see cref="DelegatingAnomalyReasoner"/> so that capabilities (<see cref="IReferenceModelBuilder"/>,
/// <see cref="AnomalyReasonerMetadata"/>, options) stay discoverable through <see cref="AnomalyReasonerExtensions.GetService{TService}"/>.</para>
/// <para>Thread-safety: a builder is not thread-safe; configure it on one thread. <see cref="Build"/> may be called several times
/// (each call runs the factories again; an inner reasoner given as an instance is shared by every pipeline built).</para>
/// <para>Ownership: the built pipeline owns the reasoners the factories created; disposing the outermost reasoner disposes the chain.</para>
/// </remarks>
public sealed class AnomalyReasonerBuilder
{
    private readonly Func<IServiceProvider, IAnomalyReasoner> _innerFactory;
    private readonly List<Func<IAnomalyReasoner, IServiceProvider, IAnomalyReasoner>> _factories = [];

    /// <summary>Initializes a builder around an existing reasoner.</summary>
    /// <param name="innerReasoner">The innermost reasoner.</param>
    public AnomalyReasonerBuilder(IAnomalyReasoner innerReasoner)
    {
        ArgumentNullException.ThrowIfNull(innerReasoner);
        _innerFactory = _ => innerReasoner;
    }

    /// <summary>Initializes a builder whose innermost reasoner is created from the services at <see cref="Build"/>.</summary>
    /// <param name="innerReasonerFactory">Creates the innermost reasoner.</param>
    public AnomalyReasonerBuilder(Func<IServiceProvider, IAnomalyReasoner> innerReasonerFactory)
    {
        ArgumentNullException.ThrowIfNull(innerReasonerFactory);
        _innerFactory = innerReasonerFactory;
    }

    /// <summary>Adds a wrapper.</summary>
    /// <param name="reasonerFactory">Wraps the reasoner built so far (the next one inwards).</param>
    /// <returns>This builder.</returns>
    public AnomalyReasonerBuilder Use(Func<IAnomalyReasoner, IAnomalyReasoner> reasonerFactory)
    {
        ArgumentNullException.ThrowIfNull(reasonerFactory);
        return Use((inner, _) => reasonerFactory(inner));
    }

    /// <summary>Adds a wrapper that needs services (a logger factory, a cache).</summary>
    /// <param name="reasonerFactory">Wraps the reasoner built so far, given the services passed to <see cref="Build"/>.</param>
    /// <returns>This builder.</returns>
    public AnomalyReasonerBuilder Use(Func<IAnomalyReasoner, IServiceProvider, IAnomalyReasoner> reasonerFactory)
    {
        ArgumentNullException.ThrowIfNull(reasonerFactory);
        _factories.Add(reasonerFactory);
        return this;
    }

    /// <summary>Builds the pipeline.</summary>
    /// <param name="services">The services given to the factories; null for an empty provider.</param>
    /// <returns>The outermost reasoner.</returns>
    /// <exception cref="InvalidOperationException">A factory returned null.</exception>
    public IAnomalyReasoner Build(IServiceProvider? services = null)
    {
        services ??= EmptyServiceProvider.Instance;
        IAnomalyReasoner reasoner = _innerFactory(services)
            ?? throw new InvalidOperationException("The inner reasoner factory of the AnomalyReasonerBuilder returned null.");
        for (int i = _factories.Count - 1; i >= 0; i--)
        {
            reasoner = _factories[i](reasoner, services)
                ?? throw new InvalidOperationException($"The AnomalyReasonerBuilder's factory at index {i} returned null.");
        }

        return reasoner;
    }

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public static readonly EmptyServiceProvider Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
