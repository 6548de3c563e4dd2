using Customizable.Vlm;
using Customizable.Vlm.OnnxGenAI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a local ONNX Runtime GenAI vision-language model as an <see cref="IAnomalyReasoner"/>, unkeyed or keyed.</summary>
/// <remarks>Options are read through <see cref="IOptionsMonitor{TOptions}"/> when the reasoner is created (the unnamed
/// <see cref="GenAIReasonerOptions"/> for the unkeyed reasoner, the ones named after the key for a keyed one), so
/// <c>services.Configure&lt;GenAIReasonerOptions&gt;(...)</c> and configuration sections apply; they are validated when the reasoner is
/// created and at host start, with messages naming the key. A second registration for the same key throws
/// <see cref="InvalidOperationException"/>. The model is loaded on first resolution; the reasoner is registered as
/// <see cref="IAnomalyReasoner"/> and as <see cref="GenAIAnomalyReasoner"/>, with an <see cref="AnomalyInspector"/>, under the same key and
/// lifetime, and disposed with the container.</remarks>
public static class GenAIReasonerBuilderExtensions
{
    /// <summary>Registers the application's unkeyed <see cref="GenAIAnomalyReasoner"/>.</summary>
    /// <param name="builder">The builder returned by <c>AddCustomizableVlm</c>.</param>
    /// <param name="modelPath">The GenAI model folder (holding <c>genai_config.json</c>).</param>
    /// <param name="configure">Configures the options (validated at start), or null.</param>
    /// <param name="lifetime">The reasoner's lifetime; singleton by default (a model is large: keep one).</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException">An unkeyed <see cref="IAnomalyReasoner"/> is already registered.</exception>
    public static CustomizableVlmBuilder AddGenAIReasoner(this CustomizableVlmBuilder builder, string modelPath, Action<GenAIReasonerOptions>? configure = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        return Add(builder, null, modelPath, configure, null, lifetime, nameof(AddGenAIReasoner));
    }

    /// <summary>Registers the application's unkeyed <see cref="GenAIAnomalyReasoner"/> with options bound from a configuration section
    /// (keys such as <c>Provider</c>, <c>MaxNewTokens</c>, <c>MaxConcurrentGenerations</c>).</summary>
    /// <param name="builder">The builder returned by <c>AddCustomizableVlm</c>.</param>
    /// <param name="modelPath">The GenAI model folder.</param>
    /// <param name="configuration">The section holding the <see cref="GenAIReasonerOptions"/> keys.</param>
    /// <param name="lifetime">The reasoner's lifetime; singleton by default.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException">An unkeyed <see cref="IAnomalyReasoner"/> is already registered.</exception>
    public static CustomizableVlmBuilder AddGenAIReasoner(this CustomizableVlmBuilder builder, string modelPath, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        ArgumentNullException.ThrowIfNull(configuration);
        return Add(builder, null, modelPath, null, configuration, lifetime, nameof(AddGenAIReasoner));
    }

    /// <summary>Registers a <see cref="GenAIAnomalyReasoner"/> under <paramref name="serviceKey"/>, with the options named after the key.</summary>
    /// <param name="builder">The builder returned by <c>AddCustomizableVlm</c>.</param>
    /// <param name="serviceKey">The key.</param>
    /// <param name="modelPath">The GenAI model folder.</param>
    /// <param name="configure">Configures the options, or null.</param>
    /// <param name="lifetime">The reasoner's lifetime; singleton by default.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException">A reasoner is already registered under <paramref name="serviceKey"/>.</exception>
    public static CustomizableVlmBuilder AddKeyedGenAIReasoner(this CustomizableVlmBuilder builder, object serviceKey, string modelPath, Action<GenAIReasonerOptions>? configure = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(serviceKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        return Add(builder, serviceKey, modelPath, configure, null, lifetime, nameof(AddKeyedGenAIReasoner));
    }

    private static CustomizableVlmBuilder Add(CustomizableVlmBuilder builder, object? serviceKey, string modelPath, Action<GenAIReasonerOptions>? configure, IConfiguration? configuration, ServiceLifetime lifetime, string method)
    {
        string name = ReasonerRegistration.OptionsName(serviceKey);
        ReasonerRegistration.Add(builder.Services, serviceKey, lifetime, (sp, _) => new GenAIAnomalyReasoner(
            modelPath,
            sp.GetRequiredService<IOptionsMonitor<GenAIReasonerOptions>>().Get(name),
            sp.GetService<ILoggerFactory>()?.CreateLogger<GenAIAnomalyReasoner>()), method);
        ReasonerRegistration.AddValidatedOptions<GenAIReasonerOptions>(builder.Services, name, configure, configuration, o => o.Validate());
        return builder;
    }
}
