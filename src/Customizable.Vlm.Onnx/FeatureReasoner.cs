using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Customizable.Vlm.Anomaly;
using Customizable.Vlm.Preprocessing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Customizable.Vlm.Onnx;

/// <summary>
/// The embedded default reasoner: few-shot, offline, CPU or CUDA. Pretrained CNN patch features (ResNet18 layer2 + layer3,
/// locally averaged) of the query are compared with a memory bank of the references' patches; the nearest-neighbour distance of
/// each patch forms an anomaly map, its peak the image score, calibrated on the references alone so that 0.5 is the threshold.
/// </summary>
/// <remarks>
/// <para>Score meaning: a monotone map of the largest smoothed patch distance to the normal memory (by default measured on the
/// references' 128 principal components plus a residual length, see <see cref="FeatureReasonerOptions.ProjectionDimensions"/>);
/// 0.5 sits at the largest leave-one-out score of the references plus <see cref="FeatureReasonerOptions.ThresholdMargin"/> times
/// their spread. Anomaly maps are kept at the backbone input's resolution with their mapping to view pixels
/// (<see cref="AnomalyMap.GridToView"/>); regions are found there and reported in source pixels.</para>
/// <para>Views: the reference model keeps one memory per view slot (<see cref="EncodedView.Slot"/>); a query view is compared with
/// the memory of its own slot and calibrated by it; the verdict's score is the highest calibrated view score.</para>
/// <para>Asynchrony: the CPU-bound work of <see cref="ReasonAsync"/> and <see cref="BuildReferenceModelAsync"/> runs on the thread
/// pool, never on the caller's thread or its synchronization context.</para>
/// <para>Thread-safety: all members may be called concurrently. The backbone session is shared (ONNX Runtime sessions are
/// thread-safe); no lock is taken. Ownership and disposal: the reasoner owns its backbone; <see cref="Dispose"/> and
/// <see cref="DisposeAsync"/> wait for the calls in flight to finish before releasing it, and calls made after disposal began throw
/// <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
public sealed partial class FeatureReasoner : IAnomalyReasoner, IReferenceModelBuilder, IAsyncDisposable
{
    private const string ModelId = "customizable-vlm/embedded-patch-memory";

    /// <summary>The smallest input side (pixels) a profile may ask the backbone to run at.</summary>
    internal const int MinInputSide = 32;

    /// <summary>The largest input side (pixels) a profile may ask the backbone to run at.</summary>
    internal const int MaxInputSide = 2048;
    private readonly FeatureReasonerOptions _options;
    private readonly BackboneResolution _resolution;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int Width, int Height, int Kernel), BackboneResolution> _otherResolutions = new();
    private readonly object _resolutionsLock = new();
    private readonly ILogger _logger;
    private readonly int _dimensions;

    /// <summary><see cref="FeatureSignature"/> without its input size and averaging window: what a model must match, whatever its
    /// size and window.</summary>
    private readonly string _signatureToMatch;
    private readonly Threading.UsageGate _gate = new(nameof(FeatureReasoner));
    private int _disposed;

    /// <summary>Initializes a new reasoner and loads its backbone.</summary>
    /// <param name="options">Options; null for the defaults (shipped ResNet18 on the best available provider).</param>
    /// <param name="logger">A logger for provider fallback and timing; null for none.</param>
    /// <exception cref="OnnxModelNotFoundException">The backbone model file is missing.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">CUDA was required but is not available.</exception>
    public FeatureReasoner(FeatureReasonerOptions? options = null, ILogger<FeatureReasoner>? logger = null)
    {
        _options = options?.Clone() ?? new FeatureReasonerOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _resolution = new BackboneResolution(_options.Backbone, _options.LocalAveragingKernel, _options.SmoothingSigma, _logger);
        _dimensions = _resolution.Dimensions;
        FeatureSignature = _resolution.Signature;
        BackboneResolution.TrySplit(FeatureSignature, out _, out _, out _, out _signatureToMatch);
    }

    /// <summary>Gets the execution provider actually in use (after any fallback).</summary>
    public OnnxExecutionProvider ActiveProvider => _resolution.Backbone.ActiveProvider;

    /// <summary>Gets the backbone, for this library's tests and benchmarks (it is owned by the reasoner and never handed out).</summary>
    internal FeatureBackbone Backbone => _resolution.Backbone;

    /// <summary>Gets a description of the feature extraction (model file, layers, input size, averaging window); reference models
    /// built with another extraction are rejected. The settings a profile chooses for itself (resize mode, normalisation) are not
    /// part of it: they travel with the model (<see cref="FeatureReferenceModel.ResizeMode"/>, <see cref="FeatureReferenceModel.NormalizeFeatures"/>).</summary>
    public string FeatureSignature { get; }

    /// <summary>Gets the length of one patch feature.</summary>
    public int FeatureDimensions => _dimensions;

    /// <inheritdoc />
    public string ReferenceModelKind => FeatureReferenceModel.ModelKind;

    internal bool UsesProjection => _options.ProjectionDimensions > 0 && _options.ProjectionDimensions < _dimensions;

    /// <summary>Gets the principal components a customized bank is stored in: <see cref="FeatureReasonerOptions.ProjectionDimensions"/>,
    /// or every dimension for the exact search (a rotation, which keeps distances and lets the search skip most of the bank by its
    /// leading coordinates).</summary>
    internal int BankComponents => UsesProjection ? _options.ProjectionDimensions : _dimensions;

    /// <inheritdoc />
    public void Write(ReferenceModel model, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (model is not FeatureReferenceModel m)
        {
            throw new ArgumentException($"Expected a {nameof(FeatureReferenceModel)}.", nameof(model));
        }

        FeatureReferenceModelFormat.Write(m, destination);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidProfileException">The data is malformed, or the model was built with other feature settings (another
    /// backbone, layers, input size, resize mode or normalisation) than this reasoner's <see cref="FeatureSignature"/>.</exception>
    public ReferenceModel Read(Stream source)
    {
        FeatureReferenceModel model = FeatureReferenceModelFormat.Read(source);
        if (!IsCompatible(model))
        {
            throw new InvalidProfileException(IncompatibleMessage(model));
        }

        return model;
    }

    /// <inheritdoc />
    /// <remarks>Answers <see cref="AnomalyReasonerMetadata"/> (reads the reference model only), <see cref="IReferenceModelBuilder"/>,
    /// <see cref="FeatureReasonerOptions"/> (a copy) and the reasoner itself.</remarks>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(AnomalyReasonerMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType == typeof(FeatureReasonerOptions) ? _options.Clone()
            : null;
    }

    /// <summary>Waits for the calls in flight, then releases the backbone. Calls made after disposal began throw
    /// <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _gate.CloseAsync().GetAwaiter().GetResult();
        ReleaseBackbone();
    }

    /// <summary>Waits asynchronously for the calls in flight, then releases the backbone.</summary>
    /// <returns>A task that completes when the backbone is released.</returns>
    public async ValueTask DisposeAsync()
    {
        await _gate.CloseAsync().ConfigureAwait(false);
        ReleaseBackbone();
    }

    private static AnomalyReasonerMetadata Metadata { get; } = new("embedded", AnomalyReasonerInputs.ReferenceModel, ModelId);

    private void ReleaseBackbone()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _resolution.Dispose();
            lock (_resolutionsLock)
            {
                foreach (BackboneResolution other in _otherResolutions.Values)
                {
                    other.Dispose();
                }

                _otherResolutions.Clear();
            }
        }
    }

    /// <summary>Whether a model was built with this reasoner's backbone and layers, at an input size this reasoner can run
    /// (<see cref="MinInputSide"/> to <see cref="MaxInputSide"/> pixels a side) and with an averaging window it can apply (the size
    /// and the window themselves may differ from the options': the model's are used).</summary>
    internal bool IsCompatible(FeatureReferenceModel model)
    {
        if (model.FeatureDimensions != _dimensions
            || !BackboneResolution.TrySplit(model.BaseSignature, out int width, out int height, out _, out string rest))
        {
            return false;
        }

        return rest == _signatureToMatch && width is >= MinInputSide and <= MaxInputSide && height is >= MinInputSide and <= MaxInputSide;
    }

    /// <summary>The backbone at the input size and averaging window the model was built with (the options' ones, or another
    /// resolution loaded once on first use).</summary>
    internal BackboneResolution ResolutionFor(FeatureReferenceModel model)
    {
        if (!BackboneResolution.TrySplit(model.BaseSignature, out int width, out int height, out int kernel, out _))
        {
            throw new CustomizableVlmException(IncompatibleMessage(model));
        }

        return ResolutionAt(width, height, kernel);
    }

    /// <summary>The backbone at an input size, with the options' averaging window.</summary>
    internal BackboneResolution ResolutionAt(int width, int height) => ResolutionAt(width, height, _options.LocalAveragingKernel);

    /// <summary>The backbone at an input size and averaging window (the options' ones, or another loaded once on first use).</summary>
    internal BackboneResolution ResolutionAt(int width, int height, int kernel)
    {
        if (width == _resolution.Backbone.InputWidth && height == _resolution.Backbone.InputHeight && kernel == _resolution.LocalAveragingKernel)
        {
            return _resolution;
        }

        if (_otherResolutions.TryGetValue((width, height, kernel), out BackboneResolution? resolution))
        {
            return resolution;
        }

        // Loading a session takes about a second: done once per size, under this reasoner's own lock (never on the default size's path).
        lock (_resolutionsLock)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (!_otherResolutions.TryGetValue((width, height, kernel), out resolution))
            {
                FeatureBackboneOptions backbone = _options.Backbone.Clone();
                (backbone.InputWidth, backbone.InputHeight) = (width, height);
                resolution = new BackboneResolution(backbone, kernel, _options.SmoothingSigma, _logger);
                _otherResolutions[(width, height, kernel)] = resolution;
            }

            return resolution;
        }
    }

    /// <summary>The settings with the backbone they run on (the options' size when the settings name none).</summary>
    private BackboneResolution R(Tuning.FeatureSettings settings) => settings.Resolution ?? _resolution;

    internal TensorPreprocessor PreprocessorFor(Tuning.FeatureSettings settings) => R(settings).PreprocessorFor(settings.ResizeMode);

    private string IncompatibleMessage(FeatureReferenceModel model) =>
        $"The reference model was built with features '{model.FeatureSignature}' ({model.FeatureDimensions} values), but this reasoner extracts '{FeatureSignature}' ({_dimensions} values). Customize again with these options, or use a reasoner with the options the profile was built with.";

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Information, "Built patch memories for {Slots} view slot(s), {Patches} patches from {References} reference views; {Milliseconds:0} ms.")]
        public static partial void Built(ILogger logger, int slots, int references, int patches, double milliseconds);

        [LoggerMessage(11, LogLevel.Warning, "The prompt carries no reference model: building one from its {References} reference images for this call only. Customize once with AnomalyInspector to avoid this cost.")]
        public static partial void BuildingOnTheFly(ILogger logger, int references);
    }
}
