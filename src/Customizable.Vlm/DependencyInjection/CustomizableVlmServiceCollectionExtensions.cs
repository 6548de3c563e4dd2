using Customizable.Vlm;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Prompting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Customizable.Vlm in a service collection.</summary>
public static class CustomizableVlmServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="AnomalyInspector"/> (singleton), the built-in image encoder and the default prompt composer.
    /// A reasoner must be registered too: <c>AddEmbeddedReasoner()</c> from Customizable.Vlm.Onnx, or any
    /// <see cref="IAnomalyReasoner"/> singleton.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the inspector's options; they are validated here, so a bad value fails at startup.</param>
    /// <returns>A builder to chain reasoner registrations.</returns>
    public static CustomizableVlmBuilder AddCustomizableVlm(this IServiceCollection services, Action<AnomalyInspectorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new AnomalyInspectorOptions();
        configure?.Invoke(options);
        options.Validate();

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModalityEncoder, ImageEncoder>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModalityEncoder, Customizable.Vlm.Video.VideoEncoder>(_ => new Customizable.Vlm.Video.VideoEncoder()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModalityEncoder, Customizable.Vlm.PointClouds.PointCloudEncoder>(_ => new Customizable.Vlm.PointClouds.PointCloudEncoder()));
        services.TryAddSingleton<IPromptComposer, DefaultPromptComposer>();
        services.TryAddSingleton(sp => new AnomalyInspector(
            sp.GetService<IAnomalyReasoner>() ?? throw new InvalidOperationException(
                "No IAnomalyReasoner is registered. Call AddEmbeddedReasoner() (package Customizable.Vlm.Onnx) or register your own IAnomalyReasoner."),
            options,
            sp.GetServices<IModalityEncoder>(),
            sp.GetService<IPromptComposer>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger<AnomalyInspector>(),
            sp.GetService<TimeProvider>()));
        return new CustomizableVlmBuilder(services);
    }
}
