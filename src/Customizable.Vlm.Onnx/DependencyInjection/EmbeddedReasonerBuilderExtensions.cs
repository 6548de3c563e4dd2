using Customizable.Vlm;
using Customizable.Vlm.Onnx;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the embedded few-shot <see cref="FeatureReasoner"/> as the application's <see cref="IAnomalyReasoner"/>.</summary>
public static class EmbeddedReasonerBuilderExtensions
{
    /// <summary>
    /// Registers a <see cref="FeatureReasoner"/> singleton as <see cref="IAnomalyReasoner"/> (and as itself). The reasoner is
    /// created, and its backbone loaded, on first resolution; it logs through the registered <see cref="ILoggerFactory"/>, if any,
    /// and is disposed with the service provider.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddCustomizableVlm</c>.</param>
    /// <param name="configure">Configures the reasoner's options; they are validated here, so a bad value fails at startup.</param>
    /// <returns>The same builder, to chain further registrations.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static CustomizableVlmBuilder AddEmbeddedReasoner(this CustomizableVlmBuilder builder, Action<FeatureReasonerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new FeatureReasonerOptions();
        configure?.Invoke(options);
        options.Validate();

        builder.Services.TryAddSingleton(sp => new FeatureReasoner(options, sp.GetService<ILoggerFactory>()?.CreateLogger<FeatureReasoner>()));
        builder.Services.TryAddSingleton<IAnomalyReasoner>(sp => sp.GetRequiredService<FeatureReasoner>());
        return builder;
    }
}
