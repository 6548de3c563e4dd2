using Customizable.Vlm;
using Customizable.Vlm.Onnx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the embedded few-shot <see cref="FeatureReasoner"/> as an <see cref="IAnomalyReasoner"/>, unkeyed or keyed.</summary>
/// <remarks>
/// <para>Options: the reasoner reads <see cref="FeatureReasonerOptions"/> through <see cref="IOptionsMonitor{TOptions}"/> when it is
/// created: the unkeyed registration the default (unnamed) options, a keyed one the options named after its key. So
/// <c>services.Configure&lt;FeatureReasonerOptions&gt;(...)</c> (or <c>Configure&lt;FeatureReasonerOptions&gt;("tire", ...)</c>), called
/// before or after, applies; a configuration section binds keys such as <c>ThresholdMargin</c>, <c>BatchSize</c>,
/// <c>Backbone:Session:Provider</c>. The options are validated when the reasoner is created and, in a host, at start
/// (<c>ValidateOnStart</c>): an invalid value fails with an <see cref="OptionsValidationException"/> naming the key. A created
/// reasoner keeps the options it was made with (a reloaded configuration takes effect for reasoners created afterwards).</para>
/// <para>One reasoner per key: registering a second reasoner for the same key (or a second unkeyed one) throws
/// <see cref="InvalidOperationException"/>; register further reasoners under keys, or remove the first
/// (<c>services.RemoveAll&lt;IAnomalyReasoner&gt;()</c>) to replace it.</para>
/// <para>Lifetime: singleton by default (the backbone is loaded once, on first resolution). The reasoner is registered as
/// <see cref="IAnomalyReasoner"/> and as <see cref="FeatureReasoner"/>, with an <see cref="AnomalyInspector"/> over it, all with the same
/// key and lifetime; the container disposes the reasoners it created.</para>
/// </remarks>
public static class EmbeddedReasonerBuilderExtensions
{
    /// <summary>Registers the application's unkeyed <see cref="FeatureReasoner"/>.</summary>
    /// <param name="builder">The builder returned by <c>AddCustomizableVlm</c>.</param>
    /// <param name="configure">Configures the reasoner's options (validated at start, with any other configuration of them), or null.</param>
    /// <param name="lifetime">The reasoner's lifetime; singleton by default.</param>
    /// <returns>The same builder, to chain further registrations.</returns>
    /// <exception cref="InvalidOperationException">An unkeyed <see cref="IAnomalyReasoner"/> is already registered.</exception>
    public static CustomizableVlmBuilder AddEmbeddedReasoner(this CustomizableVlmBuilder builder, Action<FeatureReasonerOptions>? configure = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Add(builder, null, configure, null, lifetime, nameof(AddEmbeddedReasoner));
    }

    /// <summary>Registers the application's unkeyed <see cref="FeatureReasoner"/> with options bound from a configuration section,
    /// e.g. <c>AddEmbeddedReasoner(configuration.GetSection("Cvlm:Embedded"))</c>.</summary>
    /// <param name="builder">The builder returned by <c>AddCustomizableVlm</c>.</param>
    /// <param name="configuration">The section holding the <see cref="FeatureReasonerOptions"/> keys.</param>
    /// <param name="lifetime">The reasoner's lifetime; singleton by default.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException">An unkeyed <see cref="IAnomalyReasoner"/> is already registered.</exception>
    public static CustomizableVlmBuilder AddEmbeddedReasoner(this CustomizableVlmBuilder builder, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        return Add(builder, null, null, configuration, lifetime, nameof(AddEmbeddedReasoner));
    }

    /// <summary>Registers a <see cref="FeatureReasoner"/> under <paramref name="serviceKey"/> (resolve it, or the
    /// <see cref="AnomalyInspector"/> over it, with <c>GetRequiredKeyedService</c> or <c>[FromKeyedServices("tire")]</c>). Its options
    /// are the <see cref="FeatureReasonerOptions"/> named after the key (the key itself when it is a string).</summary>
    /// <param name="builder">The builder returned by <c>AddCustomizableVlm</c>.</param>
    /// <param name="serviceKey">The key, e.g. <c>"tire"</c>.</param>
    /// <param name="configure">Configures the reasoner's options, or null.</param>
    /// <param name="lifetime">The reasoner's lifetime; singleton by default.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException">A reasoner is already registered under <paramref name="serviceKey"/>.</exception>
    public static CustomizableVlmBuilder AddKeyedEmbeddedReasoner(this CustomizableVlmBuilder builder, object serviceKey, Action<FeatureReasonerOptions>? configure = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(serviceKey);
        return Add(builder, serviceKey, configure, null, lifetime, nameof(AddKeyedEmbeddedReasoner));
    }

    /// <summary>Registers a <see cref="FeatureReasoner"/> under <paramref name="serviceKey"/> with options bound from a configuration
    /// section, e.g. <c>AddKeyedEmbeddedReasoner("tire", configuration.GetSection("Cvlm:Reasoners:tire"))</c>.</summary>
    /// <param name="builder">The builder returned by <c>AddCustomizableVlm</c>.</param>
    /// <param name="serviceKey">The key.</param>
    /// <param name="configuration">The section holding the <see cref="FeatureReasonerOptions"/> keys.</param>
    /// <param name="lifetime">The reasoner's lifetime; singleton by default.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException">A reasoner is already registered under <paramref name="serviceKey"/>.</exception>
    public static CustomizableVlmBuilder AddKeyedEmbeddedReasoner(this CustomizableVlmBuilder builder, object serviceKey, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentNullException.ThrowIfNull(configuration);
        return Add(builder, serviceKey, null, configuration, lifetime, nameof(AddKeyedEmbeddedReasoner));
    }

    private static CustomizableVlmBuilder Add(CustomizableVlmBuilder builder, object? serviceKey, Action<FeatureReasonerOptions>? configure, IConfiguration? configuration, ServiceLifetime lifetime, string method)
    {
        string name = ReasonerRegistration.OptionsName(serviceKey);
        ReasonerRegistration.Add(builder.Services, serviceKey, lifetime, (sp, _) => new FeatureReasoner(
            sp.GetRequiredService<IOptionsMonitor<FeatureReasonerOptions>>().Get(name),
            sp.GetService<ILoggerFactory>()?.CreateLogger<FeatureReasoner>()), method);
        ReasonerRegistration.AddValidatedOptions<FeatureReasonerOptions>(builder.Services, name, configure, configuration, o => o.Validate());
        return builder;
    }
}
