using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Customizable.Vlm.Orleans.Silo;

/// <summary>The silo's <see cref="AnomalyInspector"/> (unkeyed, or keyed by <see cref="CvlmInspectionOptions.ReasonerKey"/>), resolved
/// on first use, and the turning of requests into observations.</summary>
internal sealed class SiloInspector
{
    private readonly Lazy<AnomalyInspector> _inspector;
    private readonly string? _imageDirectory;

    public SiloInspector(IServiceProvider services, IOptions<CvlmInspectionOptions> options)
    {
        string? key = options.Value.ReasonerKey;
        _imageDirectory = options.Value.ImageDirectory is { Length: > 0 } directory ? Path.GetFullPath(directory) : null;
        _inspector = new Lazy<AnomalyInspector>(() =>
            (key is null ? services.GetService<AnomalyInspector>() : services.GetKeyedService<AnomalyInspector>(key))
            ?? throw new InvalidOperationException(key is null
                ? "The silo has no AnomalyInspector: register a reasoner in its services, e.g. services.AddCustomizableVlm().AddEmbeddedReasoner()."
                : $"The silo has no AnomalyInspector keyed '{key}' (CvlmInspectionOptions.ReasonerKey): register it, e.g. services.AddCustomizableVlm().AddKeyedEmbeddedReasoner(\"{key}\")."));
    }

    public AnomalyInspector Inspector => _inspector.Value;

    /// <summary>Inspects with the silo's parsed copy of the profile (loaded on first use).</summary>
    public async Task<AnomalyVerdict> InspectAsync(SiloProfileCache profiles, string profileName, Observation observation, CancellationToken cancellationToken)
    {
        InspectionProfile profile = await profiles.GetAsync(profileName, cancellationToken).ConfigureAwait(false);
        return await Inspector.InspectAsync(profile, observation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The request's image as an observation; a path must lie under the image directory.</summary>
    /// <exception cref="ArgumentException">Neither or both of image and path are set, or the path is refused.</exception>
    public Observation ObservationOf(InspectionRequest request)
    {
        if ((request.Image is null) == (request.ImagePath is null))
        {
            throw new ArgumentException("Set exactly one of InspectionRequest.Image and InspectionRequest.ImagePath.", nameof(request));
        }

        if (request.Image is not null)
        {
            return ImageObservation.FromBytes(request.Image, request.Name);
        }

        if (_imageDirectory is null)
        {
            throw new ArgumentException("This silo accepts images as bytes only: CvlmInspectionOptions.ImageDirectory is not set.", nameof(request));
        }

        string path = Path.GetFullPath(Path.Combine(_imageDirectory, request.ImagePath!));
        string root = Path.EndsInDirectorySeparator(_imageDirectory) ? _imageDirectory : _imageDirectory + Path.DirectorySeparatorChar;
        if (!path.StartsWith(root, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Image path '{request.ImagePath}' is outside the silo's image directory.", nameof(request));
        }

        return ImageObservation.FromFile(path);
    }
}
