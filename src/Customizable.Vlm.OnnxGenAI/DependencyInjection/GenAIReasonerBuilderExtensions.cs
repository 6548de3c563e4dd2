using Customizable.Vlm;
using Customizable.Vlm.OnnxGenAI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a local ONNX Runtime GenAI vision-language model as the application's <see cref="IAnomalyReasoner"/>.</summary>
public static class GenAIReasonerBuilderExtensions
{
    /// <summary>
    /// Registers a <see cref="GenAIAnomalyReasoner"/> singleton as <see cref="IAnomalyReasoner"/> (and as itself). The model is
    /// loaded on first resolution; the reasoner logs through the registered <see cref="ILoggerFactory"/>, if any, and is disposed
    /// with the service provider.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddCustomizableVlm</c>.</param>
    /// <param name="modelPath">The GenAI model folder (holding <c>genai_config.json</c>).</param>
    /// <param name="configure">Configures the options; they are validated here, so a bad value fails at startup.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static CustomizableVlmBuilder AddGenAIReasoner(this CustomizableVlmBuilder builder, string modelPath, Action<GenAIReasonerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        var options = new GenAIReasonerOptions();
        configure?.Invoke(options);
        options.Validate();

        builder.Services.TryAddSingleton(sp => new GenAIAnomalyReasoner(modelPath, options, sp.GetService<ILoggerFactory>()?.CreateLogger<GenAIAnomalyReasoner>()));
        builder.Services.TryAddSingleton<IAnomalyReasoner>(sp => sp.GetRequiredService<GenAIAnomalyReasoner>());
        return builder;
    }
}
