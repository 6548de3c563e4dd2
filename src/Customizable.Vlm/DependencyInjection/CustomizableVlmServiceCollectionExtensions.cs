using Customizable.Vlm;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Prompting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Customizable.Vlm in a service collection.</summary>
public static class CustomizableVlmServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="AnomalyInspector"/> (singleton, or the lifetime of the unkeyed reasoner), the built-in image, video and
    /// point-cloud encoders and the default prompt composer. A reasoner must be registered too: <c>AddEmbeddedReasoner()</c> from
    /// Customizable.Vlm.Onnx, <see cref="CustomizableVlmBuilderExtensions.AddReasoner"/>, or any <see cref="IAnomalyReasoner"/>.
    /// </summary>
    /// <remarks>The inspector reads <see cref="AnomalyInspectorOptions"/> through <see cref="IOptions{TOptions}"/>, so
    /// <c>services.Configure&lt;AnomalyInspectorOptions&gt;(...)</c> calls made before or after this one apply too. The options are
    /// validated when the inspector is first resolved and, in a host, at start (<c>ValidateOnStart</c>): a bad value fails with an
    /// <see cref="OptionsValidationException"/> naming the key. Calling this method again adds <paramref name="configure"/> and
    /// registers nothing twice.</remarks>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the inspector's options, or null.</param>
    /// <returns>A builder to chain reasoner registrations.</returns>
    public static CustomizableVlmBuilder AddCustomizableVlm(this IServiceCollection services, Action<AnomalyInspectorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddCore(services, configure, null);
    }

    /// <summary>Registers Customizable.Vlm like <see cref="AddCustomizableVlm(IServiceCollection, Action{AnomalyInspectorOptions}?)"/>,
    /// binding the inspector's options from a configuration section, e.g. <c>configuration.GetSection("Cvlm:Inspector")</c> holding
    /// <c>MaxDegreeOfParallelism</c>, <c>MaxReferences</c>, <c>TemporalSmoothingRadius</c>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section to bind; validation failures name its keys (<c>Cvlm:Inspector:MaxReferences</c>).</param>
    /// <returns>A builder to chain reasoner registrations.</returns>
    public static CustomizableVlmBuilder AddCustomizableVlm(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, null, configuration);
    }

    private static CustomizableVlmBuilder AddCore(IServiceCollection services, Action<AnomalyInspectorOptions>? configure, IConfiguration? configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<AnomalyInspectorOptions>) && !d.IsKeyedService && d.ImplementationInstance is OptionsKeyValidator<AnomalyInspectorOptions>))
        {
            OptionsBuilder<AnomalyInspectorOptions> options = services.AddOptions<AnomalyInspectorOptions>();
            if (configuration is not null)
            {
                options.Bind(configuration);
            }

            if (configure is not null)
            {
                options.Configure(configure);
            }
        }
        else
        {
            ReasonerRegistration.AddValidatedOptions(services, string.Empty, configure, configuration, o => o.Validate());
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModalityEncoder, ImageEncoder>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModalityEncoder, Customizable.Vlm.Video.VideoEncoder>(_ => new Customizable.Vlm.Video.VideoEncoder()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModalityEncoder, Customizable.Vlm.PointClouds.PointCloudEncoder>(_ => new Customizable.Vlm.PointClouds.PointCloudEncoder()));
        services.TryAddSingleton<IPromptComposer, DefaultPromptComposer>();
        services.TryAddSingleton(sp => ReasonerRegistration.CreateInspector(
            sp,
            sp.GetService<IAnomalyReasoner>() ?? throw new InvalidOperationException(
                "No IAnomalyReasoner is registered. Call AddEmbeddedReasoner() (package Customizable.Vlm.Onnx) or register your own IAnomalyReasoner.")));
        return new CustomizableVlmBuilder(services);
    }
}
