using System.Collections.Frozen;
using Customizable.Vlm;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InspectionWorker;

/// <summary>The profiles of <see cref="WorkerOptions.Profiles"/>, loaded (or customized from reference images) once at start, and
/// the reasoner's warm-up.</summary>
/// <remarks>Thread-safe: <see cref="LoadAsync"/> runs once, before the host starts (<see cref="WorkerApp"/>) or else when the
/// consumers start; it does nothing once the profiles are loaded. The lookups may be used concurrently.</remarks>
public sealed partial class ProfileRegistry
{
    /// <summary>The image extensions read from the input and reference folders.</summary>
    public static readonly IReadOnlyList<string> ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".gif"];

    private readonly AnomalyInspector _inspector;
    private readonly WorkerOptions _options;
    private readonly ILogger _logger;
    private volatile FrozenDictionary<string, InspectionProfile>? _profiles;
    private volatile bool _reasonerReady;

    /// <summary>Initializes a new registry.</summary>
    /// <param name="inspector">The inspector whose reasoner customizes, loads and inspects.</param>
    /// <param name="options">The worker options.</param>
    /// <param name="logger">A logger.</param>
    public ProfileRegistry(AnomalyInspector inspector, IOptions<WorkerOptions> options, ILogger<ProfileRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(inspector);
        ArgumentNullException.ThrowIfNull(options);
        _inspector = inspector;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Gets the loaded profiles' names (empty before <see cref="LoadAsync"/>).</summary>
    public IReadOnlyCollection<string> Names => _profiles?.Keys ?? (IReadOnlyCollection<string>)[];

    /// <summary>Gets a value indicating whether every configured profile is loaded.</summary>
    public bool IsLoaded => _profiles is not null;

    /// <summary>Gets a value indicating whether the reasoner answered the warm-up inspection.</summary>
    public bool IsReasonerReady => _reasonerReady;

    /// <summary>Loads every profile: a file is read with <see cref="AnomalyInspector.LoadProfileAsync"/>, a folder's images are the
    /// references to customize from. Then one warm-up inspection loads the model, so the first image is not slow. Does nothing when
    /// the profiles are loaded already.</summary>
    /// <param name="cancellationToken">Cancels loading.</param>
    /// <returns>A task that completes when the profiles are loaded.</returns>
    /// <exception cref="InvalidProfileException">A saved profile cannot be used; the message starts with the profile's key
    /// (<c>Cvlm:Worker:Profiles:tire: </c>).</exception>
    /// <exception cref="InvalidObservationException">A reference image cannot be read, or a references folder holds none; the message
    /// starts with the profile's key.</exception>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (_profiles is not null)
        {
            return;
        }

        Dictionary<string, InspectionProfile> loaded = new(StringComparer.Ordinal);
        foreach ((string name, string path) in _options.Profiles.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            InspectionProfile profile;
            string key = $"{WorkerOptions.SectionName}:Profiles:{name}";
            try
            {
                profile = Directory.Exists(path)
                    ? await CustomizeAsync(name, Path.GetFullPath(path), cancellationToken)
                    : await _inspector.LoadProfileAsync(path, cancellationToken);
            }
            catch (InvalidProfileException ex)
            {
                throw new InvalidProfileException($"{key}: {ex.Message}", ex);
            }
            catch (InvalidObservationException ex)
            {
                throw new InvalidObservationException($"{key}: {ex.Message}", ex);
            }

            Log.ProfileLoaded(_logger, name, Directory.Exists(path) ? "customized from" : "loaded from", Path.GetFullPath(path));
            loaded.Add(name, profile);
        }

        _profiles = loaded.ToFrozenDictionary(StringComparer.Ordinal);
        if (loaded.Count > 0)
        {
            // A plain grey image: enough to load the model and run every stage once.
            var grey = new RawFrame(64, 64, PixelFormat.Rgb24, Enumerable.Repeat((byte)128, 64 * 64 * 3).ToArray());
            await _inspector.InspectAsync(loaded.First().Value, ImageObservation.FromFrame(grey, "warm-up"), cancellationToken);
            _reasonerReady = true;
        }
    }

    /// <summary>Finds a loaded profile.</summary>
    /// <param name="name">The profile's name.</param>
    /// <param name="profile">The profile, when found.</param>
    /// <returns>True when found.</returns>
    public bool TryGet(string name, out InspectionProfile profile)
    {
        ArgumentNullException.ThrowIfNull(name);
        profile = null!;
        return _profiles is { } profiles && profiles.TryGetValue(name, out profile!);
    }

    private async Task<InspectionProfile> CustomizeAsync(string name, string folder, CancellationToken cancellationToken)
    {
        List<Observation> references = [.. Directory.EnumerateFiles(folder)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .Select(ImageObservation.FromFile)];
        if (references.Count == 0)
        {
            throw new InvalidObservationException(folder, $"The references folder of profile '{name}' holds no images ({string.Join(", ", ImageExtensions)}).", null);
        }

        var spec = new InspectionSpec
        {
            TaskDescription = "Decide whether the part shows a defect.",
            ClassContext = $"a part of the kind '{name}'",
            References = [.. references],
        };
        return await _inspector.CustomizeAsync(spec, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Profile '{Name}' {How} {Path}")]
        public static partial void ProfileLoaded(ILogger logger, string name, string how, string path);
    }
}
