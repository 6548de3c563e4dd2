using Customizable.Vlm.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;

namespace Orleans.Hosting;

/// <summary>Lets an Orleans client app inspect on a cluster whose silos run <see cref="CvlmSiloBuilderExtensions.AddCvlmInspection(ISiloBuilder, Action{CvlmInspectionOptions}?)"/>.</summary>
public static class CvlmClientBuilderExtensions
{
    /// <summary>Registers <see cref="ClusterInspector"/> (a singleton over the client's <see cref="IGrainFactory"/>) and the inspection
    /// contracts' serializers.</summary>
    /// <param name="builder">The client builder (<c>UseOrleansClient(client => client.AddCvlmInspectionClient())</c>).</param>
    /// <returns>The same builder.</returns>
    public static IClientBuilder AddCvlmInspectionClient(this IClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Services.Any(d => d.ServiceType == typeof(ClusterInspector)))
        {
            builder.Services.AddSerializer(serializer => serializer.AddAssembly(typeof(ClusterInspector).Assembly));
            builder.Services.TryAddSingleton(sp => new ClusterInspector(sp.GetRequiredService<IGrainFactory>()));
        }

        return builder;
    }
}
