using Customizable.Vlm;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers any <see cref="IAnomalyReasoner"/>, typically a pipeline made with <see cref="AnomalyReasonerBuilder"/>, with a
/// <see cref="CustomizableVlmBuilder"/>.</summary>
public static class CustomizableVlmBuilderExtensions
{
    /// <summary>Registers the application's unkeyed <see cref="IAnomalyReasoner"/>, created by <paramref name="factory"/>, e.g.
    /// <c>.AddReasoner(sp =&gt; new AnomalyReasonerBuilder(inner).Use(r =&gt; new MyCachingReasoner(r)).Build(sp))</c>.</summary>
    /// <remarks>The <see cref="AnomalyInspector"/> gets the same lifetime. The container disposes the reasoner it created.</remarks>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the reasoner.</param>
    /// <param name="lifetime">The reasoner's lifetime; singleton by default.</param>
    /// <returns>The builder, to chain calls.</returns>
    /// <exception cref="InvalidOperationException">An unkeyed <see cref="IAnomalyReasoner"/> is already registered: register further
    /// ones with <see cref="AddKeyedReasoner"/>, or remove the first to replace it.</exception>
    public static CustomizableVlmBuilder AddReasoner(this CustomizableVlmBuilder builder, Func<IServiceProvider, IAnomalyReasoner> factory, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        ReasonerRegistration.Add(builder.Services, null, lifetime, (sp, _) => factory(sp), nameof(AddReasoner));
        return builder;
    }

    /// <summary>Registers an <see cref="IAnomalyReasoner"/> under <paramref name="serviceKey"/>, with an <see cref="AnomalyInspector"/>
    /// under the same key and lifetime (resolve them with <c>GetRequiredKeyedService</c> or <c>[FromKeyedServices(key)]</c>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="serviceKey">The key.</param>
    /// <param name="factory">Creates the reasoner from the provider and the key.</param>
    /// <param name="lifetime">The reasoner's lifetime; singleton by default.</param>
    /// <returns>The builder, to chain calls.</returns>
    /// <exception cref="InvalidOperationException">A reasoner is already registered under <paramref name="serviceKey"/>.</exception>
    public static CustomizableVlmBuilder AddKeyedReasoner(this CustomizableVlmBuilder builder, object serviceKey, Func<IServiceProvider, object?, IAnomalyReasoner> factory, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(factory);
        ReasonerRegistration.Add(builder.Services, serviceKey, lifetime, factory, nameof(AddKeyedReasoner));
        return builder;
    }
}
