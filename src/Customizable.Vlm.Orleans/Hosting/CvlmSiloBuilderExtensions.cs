using Customizable.Vlm;
using Customizable.Vlm.Orleans;
using Customizable.Vlm.Orleans.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Metadata;
using Orleans.Serialization;

namespace Orleans.Hosting;

/// <summary>Hosts Customizable.Vlm inspection on an Orleans silo: profile grains, stateless inspection workers, the silo's bound on
/// concurrent inspections, and a <see cref="ClusterInspector"/> in the silo's services.</summary>
/// <remarks>
/// <para>The silo also needs a reasoner in its services, e.g. <c>services.AddCustomizableVlm().AddEmbeddedReasoner()</c> (package
/// Customizable.Vlm.Onnx) and the native ONNX Runtime package in the app; the workers use its <see cref="AnomalyInspector"/> (or the one
/// keyed <see cref="CvlmInspectionOptions.ReasonerKey"/>).</para>
/// <para>Profiles come from the registered <see cref="IProfileSource"/>, or from <see cref="FileSystemProfileSource"/> over
/// <see cref="CvlmInspectionOptions.ProfileDirectory"/> when none is registered.</para>
/// <para>Options are read through <see cref="IOptions{TOptions}"/>, so <c>services.Configure&lt;CvlmInspectionOptions&gt;(...)</c> applies
/// too; they are validated when the silo starts. Calling <c>AddCvlmInspection</c> twice adds the configuration, not the services.</para>
/// </remarks>
public static class CvlmSiloBuilderExtensions
{
    /// <summary>Adds inspection to the silo.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Configures the options, or null for the defaults (then set <see cref="CvlmInspectionOptions.ProfileDirectory"/>
    /// elsewhere, or register an <see cref="IProfileSource"/>).</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder AddCvlmInspection(this ISiloBuilder builder, Action<CvlmInspectionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Add(builder, configure, null);
    }

    /// <summary>Adds inspection to the silo with options bound from a configuration section, e.g.
    /// <c>AddCvlmInspection(configuration.GetSection("Cvlm:Orleans"))</c> (keys <c>MaxConcurrentInspections</c>,
    /// <c>AdmissionTimeout</c>, <c>MaxLocalWorkers</c>, <c>ProfileKeepAlive</c>, <c>ProfileDirectory</c>, <c>ProfileFileExtension</c>,
    /// <c>ImageDirectory</c>, <c>ReasonerKey</c>).</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configuration">The section holding the keys.</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder AddCvlmInspection(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        return Add(builder, null, configuration);
    }

    private static ISiloBuilder Add(ISiloBuilder builder, Action<CvlmInspectionOptions>? configure, IConfiguration? configuration)
    {
        IServiceCollection services = builder.Services;
        OptionsBuilder<CvlmInspectionOptions> options = services.AddOptions<CvlmInspectionOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (configuration is not null)
        {
            options.Bind(configuration);
        }

        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<CvlmInspectionOptions>>(new CvlmInspectionOptionsValidator((configuration as IConfigurationSection)?.Path));
        if (services.Any(d => d.ServiceType == typeof(InspectionAdmission)))
        {
            return builder;
        }

        services.AddSerializer(serializer => serializer.AddAssembly(typeof(ClusterInspector).Assembly));
        services.AddSingleton<InspectionAdmission>();
        services.AddSingleton(sp => new InspectionCalls(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<SiloInspector>();
        services.AddSingleton<SiloProfileCache>();
        services.AddSingleton<IGrainPropertiesProvider, InspectionWorkerProperties>();
        services.TryAddSingleton<IProfileSource, FileSystemProfileSource>();
        services.TryAddSingleton(sp => new ClusterInspector(sp.GetRequiredService<IGrainFactory>()));
        return builder;
    }
}
