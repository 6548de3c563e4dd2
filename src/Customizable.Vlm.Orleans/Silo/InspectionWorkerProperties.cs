using System.Globalization;
using Customizable.Vlm.Orleans.Grains;
using Microsoft.Extensions.Options;
using Orleans.Metadata;

namespace Customizable.Vlm.Orleans.Silo;

/// <summary>Sets the inspection worker's max local activations from <see cref="CvlmInspectionOptions.MaxLocalWorkers"/>: the
/// <c>[StatelessWorker]</c> attribute can only carry a constant, so this provider (registered after Orleans' attribute provider)
/// overwrites the grain type property the stateless-worker placement reads.</summary>
internal sealed class InspectionWorkerProperties(IOptions<CvlmInspectionOptions> options) : IGrainPropertiesProvider
{
    /// <summary>The grain type property Orleans' stateless-worker placement reads its max local workers from.</summary>
    public const string MaxLocalWorkersKey = "max-local-instances";

    public void Populate(Type grainClass, GrainType grainType, Dictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (grainClass == typeof(InspectionGrain))
        {
            properties[MaxLocalWorkersKey] = options.Value.MaxLocalWorkers.ToString(CultureInfo.InvariantCulture);
        }
    }
}
