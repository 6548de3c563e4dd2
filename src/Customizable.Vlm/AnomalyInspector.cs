using System.Diagnostics;
using System.Diagnostics.Metrics;
using Customizable.Vlm.Diagnostics;
using Customizable.Vlm.IO;
using Customizable.Vlm.Imaging;
using Customizable.Vlm.Profiles;
using Customizable.Vlm.Prompting;
using Customizable.Vlm.Video;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Customizable.Vlm;

/// <summary>
/// The facade: customize an inspection once from normal references, then inspect many observations with it.
/// <c>observation -> encoder -> views -> composer (spec + reference views) -> prompt -> reasoner -> verdict -> source coordinates</c>.
/// </summary>
/// <remarks>
/// <para>Thread-safety: all members may be called concurrently; profiles are immutable and can be shared.</para>
/// <para>Ownership: the inspector does not own the reasoner, encoders or composer it is given (it never disposes them).</para>
/// <para>Telemetry: spans on the <see cref="ActivitySource"/> and instruments on the <see cref="Meter"/> named
/// <see cref="CustomizableVlmDiagnostics.SourceName"/> (<c>Customizable.Vlm</c>): <c>cvlm.customize</c>, <c>cvlm.inspect</c>,
/// <c>cvlm.encode</c>, <c>cvlm.reason</c>, <c>cvlm.profile.load</c>; see <see cref="CustomizableVlmDiagnostics"/>. Inspections log at
/// Debug only.</para>
/// </remarks>
public sealed partial class AnomalyInspector
{
    private readonly IModalityEncoder[] _encoders;
    private readonly IPromptComposer _composer;
    private readonly AnomalyInspectorOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly AnomalyReasonerInputs _inputs;
    private readonly IReferenceModelBuilder? _builder;
    private readonly InspectorTelemetry _telemetry;
    private readonly string _reasonerName;
    private readonly string? _modelId;
    private readonly int _gridMaxSide;

    /// <summary>Initializes a new inspector.</summary>
    /// <param name="reasoner">The reasoner that compares queries with references.</param>
    /// <param name="options">Options; null for defaults.</param>
    /// <param name="encoders">Encoders tried in order; null or empty for the built-in image, video and point-cloud encoders.</param>
    /// <param name="composer">The prompt composer; null for <see cref="DefaultPromptComposer"/>. Used only for reasoners that read
    /// prompt text or images (see <see cref="AnomalyReasonerMetadata.Inputs"/>).</param>
    /// <param name="logger">A logger; null for none.</param>
    /// <param name="timeProvider">The clock used to stamp profiles; null for the system clock.</param>
    /// <param name="meterFactory">Creates the <c>Customizable.Vlm</c> meter (the DI container's <see cref="IMeterFactory"/>); null for a
    /// meter shared by all inspectors of the process.</param>
    public AnomalyInspector(
        IAnomalyReasoner reasoner,
        AnomalyInspectorOptions? options = null,
        IEnumerable<IModalityEncoder>? encoders = null,
        IPromptComposer? composer = null,
        ILogger<AnomalyInspector>? logger = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(reasoner);
        Reasoner = reasoner;
        _options = options?.Clone() ?? new AnomalyInspectorOptions();
        _options.Validate();
        _encoders = encoders?.ToArray() is { Length: > 0 } list ? list : [new ImageEncoder(), new Video.VideoEncoder(), new PointClouds.PointCloudEncoder()];
        _composer = composer ?? new DefaultPromptComposer();
        _gridMaxSide = (_composer as DefaultPromptComposer)?.Options.MaxImageSide ?? PromptComposerOptions.DefaultMaxImageSide;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _inputs = AnomalyReasonerMetadata.InputsOf(reasoner);
        _builder = reasoner.GetService<IReferenceModelBuilder>();
        _telemetry = InspectorTelemetry.Create(meterFactory);
        AnomalyReasonerMetadata? metadata = reasoner.GetService<AnomalyReasonerMetadata>();
        _reasonerName = metadata?.ProviderName ?? "unknown";
        _modelId = metadata?.ModelId;
    }

    /// <summary>Gets the reasoner.</summary>
    public IAnomalyReasoner Reasoner { get; }

    /// <summary>Gets what the reasoner reads; the inspector builds nothing else.</summary>
    public AnomalyReasonerInputs ReasonerInputs => _inputs;

    /// <summary>Whether a video is shown to the reasoner as one grid of key frames (<see cref="KeyFrameGridEncoder"/>) rather than one
    /// view per sampled frame: for reasoners that read the prompt's query images and use no reference model (a chat or local
    /// vision-language model). A reasoner that scores views against a reference model (the embedded one, a hybrid whose measurer is
    /// it) needs the per-frame views its memory was built from.</summary>
    private bool ReadsKeyFrameGrid => (_inputs & AnomalyReasonerInputs.QueryImages) != 0 && (_inputs & AnomalyReasonerInputs.ReferenceModel) == 0;

    private bool ComposesPrompts => (_inputs & (AnomalyReasonerInputs.PromptText | AnomalyReasonerInputs.ReferenceImages | AnomalyReasonerInputs.QueryImages)) != 0;

    /// <summary>Customizes an inspection: encodes the spec's references once and lets the reasoner precompute what it needs (its
    /// reference model, through <see cref="IReferenceModelBuilder"/>); reference views are kept, prepared by the composer, only for
    /// reasoners that read reference images.</summary>
    /// <remarks>The references are read and decoded up to <see cref="Environment.ProcessorCount"/> at a time (the encoders are
    /// thread-safe by contract); their views keep the order of <see cref="InspectionSpec.References"/>. When several references fail,
    /// the first failure observed is thrown.</remarks>
    /// <param name="spec">The spec; at least one reference. A snapshot is taken: later changes to it do not affect the profile.</param>
    /// <param name="cancellationToken">Cancels the reading of references and the reasoner's preparation.</param>
    /// <returns>The profile to inspect with.</returns>
    /// <exception cref="ArgumentException">The spec has no references, or too many.</exception>
    /// <exception cref="InvalidObservationException">A reference cannot be read.</exception>
    /// <exception cref="PromptTemplateException">The spec's prompt template cannot be used by the composer (e.g. an unknown placeholder).</exception>
    /// <exception cref="CustomizableVlmException">A rule does not apply to the references' modality (see <see cref="NormalityRule"/>).</exception>
    public async Task<InspectionProfile> CustomizeAsync(InspectionSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.References.Count == 0)
        {
            throw new ArgumentException("Customizing needs at least one reference observation of a normal part.", nameof(spec));
        }

        if (spec.References.Count > _options.MaxReferences)
        {
            throw new ArgumentException($"{spec.References.Count} references exceed MaxReferences ({_options.MaxReferences}).", nameof(spec));
        }

        long started = Stopwatch.GetTimestamp();
        TagList tags = new() { { CustomizableVlmDiagnostics.TagReasoner, _reasonerName } };
        using Activity? activity = StartActivity(CustomizableVlmDiagnostics.SpanCustomize, ActivityKind.Internal);
        try
        {
            InspectionProfile profile = await CustomizeCoreAsync(spec, started, cancellationToken).ConfigureAwait(false);
            _telemetry.CustomizeDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            activity?.SetTag("cvlm.references", spec.References.Count);
            return profile;
        }
        catch (Exception ex)
        {
            _telemetry.RecordError(activity, "customize", ex, tags);
            TagList failed = tags;
            failed.Add(CustomizableVlmDiagnostics.TagErrorType, InspectorTelemetry.ErrorTypeOf(ex));
            _telemetry.CustomizeDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, failed);
            throw;
        }
    }

    private async Task<InspectionProfile> CustomizeCoreAsync(InspectionSpec spec, long started, CancellationToken cancellationToken)
    {
        InspectionSpec frozen = spec.Clone();
        if (ComposesPrompts)
        {
            _composer.Validate(frozen);
        }

        // Re-scan-like variants of reference clouds (PointCloudEncoderOptions.ReferenceVariants) are rendered only for a reference
        // model: they join its memory and calibration, never the profile's reference views.
        (List<EncodedView> views, List<EncodedView> variants) = await EncodeReferencesAsync(frozen.References, withVariants: _builder is not null, cancellationToken).ConfigureAwait(false);

        RuleChecks.ValidateFor(frozen, views);
        ReferenceModel? model = null;
        if (_builder is not null)
        {
            model = await _builder.BuildReferenceModelAsync(frozen, variants.Count == 0 ? views : [.. views, .. variants], cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<EncodedView> kept = (_inputs & AnomalyReasonerInputs.ReferenceImages) != 0 || model is null
            ? _composer.PrepareReferenceViews(views)
            : [];
        Log.Customized(_logger, frozen.References.Count, views.Count, model?.Kind ?? "none", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new InspectionProfile(frozen, kept, model, _time.GetUtcNow(), [.. views.Select(ReferenceViewInfo.Of)])
        {
            MotionViews = frozen.References.FirstOrDefault(r => r is VideoObservation) is { } video && EncoderFor(video) is VideoEncoder encoder ? encoder.MotionViews : null,
        };
    }

    /// <summary>The first of the inspector's encoders that can encode <paramref name="observation"/>, or null.</summary>
    private IModalityEncoder? EncoderFor(Observation observation) => Array.Find(_encoders, e => e.CanEncode(observation));

    /// <summary>The encoder an observation is inspected with under <paramref name="profile"/>: for a video, the inspector's
    /// <see cref="VideoEncoder"/> with the profile's motion views (<see cref="InspectionProfile.MotionViews"/>), unless the profile does
    /// not record them; otherwise the first encoder that can encode it.</summary>
    private IModalityEncoder? EncoderFor(InspectionProfile profile, Observation observation)
    {
        IModalityEncoder? encoder = EncoderFor(observation);
        return encoder is VideoEncoder video && !profile.HasUnrecordedMotionViews ? video.WithMotionViews(profile.MotionViews) : encoder;
    }

    /// <summary>Inspects one observation. Only what the reasoner reads is built: a prompt is composed only for reasoners that read
    /// prompt text or images. A video is encoded with the profile's motion views (<see cref="InspectionProfile.MotionViews"/>, none when
    /// null), whatever the inspector's <see cref="VideoEncoderOptions.MotionFrameGap"/>, which applies to customization.</summary>
    /// <param name="profile">The customized inspection.</param>
    /// <param name="observation">What to inspect.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The verdict; each region carries its location in the observation's own coordinates. For a video whose frames the
    /// reasoner scores one by one (<see cref="AnomalyVerdict.ViewScores"/>), the frame scores are smoothed over
    /// <see cref="AnomalyInspectorOptions.TemporalSmoothingRadius"/> neighbours (<see cref="AnomalyVerdict.FrameScores"/>), the score is
    /// the highest smoothed frame score, and each run of frames at or above 0.5 is one region with a
    /// <see cref="TimeRangeLocation"/>. A chat or local vision-language model (query images read, no reference model) is shown a video
    /// as one grid of key frames (<see cref="AnomalyInspectorOptions.VideoGridColumns"/>) plus the reference frames, and each tile its
    /// anomalous answer names (<c>"tiles": [3]</c>) becomes a region with that tile's <see cref="TimeRangeLocation"/>. For a point
    /// cloud with anomaly maps, <see cref="AnomalyVerdict.PointScores"/> holds one score per point and the reasoning starts with where
    /// in 3D the strongest region lies.</returns>
    /// <exception cref="InvalidObservationException">The observation cannot be read.</exception>
    /// <exception cref="CustomizableVlmException">A rule does not apply to the observation's modality (see <see cref="NormalityRule"/>).</exception>
    public async Task<AnomalyVerdict> InspectAsync(InspectionProfile profile, Observation observation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(observation);
        long started = Stopwatch.GetTimestamp();
        string modality = InspectorTelemetry.ModalityName(observation.Modality);
        TagList tags = new() { { CustomizableVlmDiagnostics.TagReasoner, _reasonerName }, { CustomizableVlmDiagnostics.TagModality, modality } };
        using Activity? activity = StartActivity(CustomizableVlmDiagnostics.SpanInspect, ActivityKind.Internal);
        activity?.SetTag(CustomizableVlmDiagnostics.TagModality, modality);
        AnomalyVerdict verdict;
        try
        {
            verdict = await InspectCoreAsync(profile, observation, tags, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _telemetry.RecordError(activity, "inspect", ex, tags);
            TagList failed = tags;
            failed.Add(CustomizableVlmDiagnostics.TagOutcome, "error");
            _telemetry.Inspections.Add(1, failed);
            failed.Add(CustomizableVlmDiagnostics.TagErrorType, InspectorTelemetry.ErrorTypeOf(ex));
            _telemetry.InspectDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, failed);
            throw;
        }

        string outcome = InspectorTelemetry.OutcomeOf(verdict);
        activity?.SetTag(CustomizableVlmDiagnostics.TagOutcome, outcome);
        activity?.SetTag("cvlm.score", verdict.Score);
        if (verdict.IsAnomalous == true)
        {
            _telemetry.AnomaliesFlagged.Add(1, tags);
        }

        tags.Add(CustomizableVlmDiagnostics.TagOutcome, outcome);
        _telemetry.Inspections.Add(1, tags);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        _telemetry.InspectDuration.Record(seconds, tags);
        Log.Inspected(_logger, observation.Name, verdict.Score, verdict.IsAnomalous, seconds * 1000);
        return verdict;
    }

    private async Task<AnomalyVerdict> InspectCoreAsync(InspectionProfile profile, Observation observation, TagList tags, CancellationToken cancellationToken)
    {
        if (await InspectVideoStreamingAsync(profile, observation, tags, cancellationToken).ConfigureAwait(false) is { } streamed)
        {
            return streamed;
        }

        IModalityEncoder? encoder = EncoderFor(profile, observation);
        if (ReadsKeyFrameGrid && encoder is VideoEncoder videoEncoder)
        {
            // A vision-language model sees the video as one labelled grid of key frames (see ReadsKeyFrameGrid).
            encoder = new KeyFrameGridEncoder(videoEncoder, _options.VideoGridSampling, _options.VideoGridColumns, _gridMaxSide);
        }

        IReadOnlyList<EncodedView> views = await EncodeAsync(observation, encoder, cancellationToken).ConfigureAwait(false);
        InspectionSpec spec = profile.FrozenSpec;
        RuleChecks.ValidateFor(spec, views);
        AnomalyPrompt prompt;
        if (ComposesPrompts)
        {
            var context = new PromptContext(spec, profile.ReferenceViews, views) { ReferenceModel = profile.ReferenceModel };
            prompt = await _composer.ComposeAsync(context, cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(prompt.ReferenceModel, profile.ReferenceModel))
            {
                // A composer that does not pass the context's model on: attach it (the parts are shared, not rebuilt).
                prompt = new AnomalyPrompt(prompt.Parts, prompt.Spec, prompt.QueryViews)
                {
                    ReferenceModel = profile.ReferenceModel,
                    AdditionalProperties = prompt.AdditionalProperties,
                };
            }
        }
        else
        {
            prompt = new AnomalyPrompt([], spec, views) { ReferenceModel = profile.ReferenceModel };
        }

        AnomalyVerdict verdict = await ReasonAsync(prompt, tags, cancellationToken).ConfigureAwait(false);
        foreach (AnomalyRegion region in verdict.Regions)
        {
            if (region.SourceLocation is null && region.ViewIndex < views.Count)
            {
                region.SourceLocation = views[region.ViewIndex].Provenance.MapToSource(region.Box, region.Mask);
            }
        }

        // A key-frame grid: the tiles the model names become regions with their time spans.
        if (encoder is KeyFrameGridEncoder && views.Count == 1)
        {
            VideoGridAnswer.Apply(verdict, views[0]);
        }

        // A video: per-frame scores smoothed over time, runs above the threshold as time-located regions.
        Video.TemporalSegments.Apply(verdict, views, _options.TemporalSmoothingRadius);

        // A point cloud: map values projected back to the points (AnomalyVerdict.PointScores), the strongest region placed in 3D.
        PointClouds.PointScores.Apply(verdict, views);
        return verdict;
    }

    /// <summary>Inspects many observations, at most <see cref="AnomalyInspectorOptions.MaxDegreeOfParallelism"/> at a time.</summary>
    /// <param name="profile">The customized inspection.</param>
    /// <param name="observations">What to inspect.</param>
    /// <param name="cancellationToken">Cancels the remaining work.</param>
    /// <returns>The verdicts, in the order of <paramref name="observations"/>.</returns>
    public async Task<IReadOnlyList<AnomalyVerdict>> InspectManyAsync(InspectionProfile profile, IEnumerable<Observation> observations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(observations);
        Observation[] items = [.. observations];
        var verdicts = new AnomalyVerdict[items.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Length), parallel, async (i, ct) =>
            verdicts[i] = await InspectAsync(profile, items[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return verdicts;
    }

    /// <summary>Saves a profile atomically: written to a temporary file beside <paramref name="path"/>, flushed, then renamed over it.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="path">The destination file.</param>
    /// <param name="cancellationToken">Cancels before the rename (the destination is then untouched).</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public async Task SaveProfileAsync(InspectionProfile profile, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var buffer = new MemoryStream();
        await Task.Run(() => ProfileSerializer.Write(buffer, profile, _builder), cancellationToken).ConfigureAwait(false);
        await AtomicFile.WriteAsync(path, (file, ct) => file.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct).AsTask(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads a profile saved by <see cref="SaveProfileAsync(InspectionProfile, string, CancellationToken)"/>, on this or any other machine. The file's magic, version and
    /// length are checked before its payload is read; a reference model built with settings this inspector's reasoner cannot use is
    /// refused here, not at the first inspection.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="InvalidProfileException">The file does not exist, is a directory, is not a profile, is truncated, tampered
    /// with, of an unsupported version, holds out-of-range values, or needs another reasoner or other reasoner settings.</exception>
    public async Task<InspectionProfile> LoadProfileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return await LoadWithTelemetryAsync(() => LoadProfileCoreAsync(path, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Runs a profile load inside the <c>cvlm.profile.load</c> span and counts it by outcome.</summary>
    private async Task<InspectionProfile> LoadWithTelemetryAsync(Func<Task<InspectionProfile>> load)
    {
        TagList tags = new() { { CustomizableVlmDiagnostics.TagReasoner, _reasonerName } };
        using Activity? activity = StartActivity(CustomizableVlmDiagnostics.SpanProfileLoad, ActivityKind.Internal);
        try
        {
            InspectionProfile profile = await load().ConfigureAwait(false);
            tags.Add(CustomizableVlmDiagnostics.TagOutcome, "success");
            _telemetry.ProfileLoads.Add(1, tags);
            return profile;
        }
        catch (Exception ex)
        {
            _telemetry.RecordError(activity, "profile.load", ex, tags);
            tags.Add(CustomizableVlmDiagnostics.TagOutcome, "error");
            _telemetry.ProfileLoads.Add(1, tags);
            throw;
        }
    }

    private async Task<InspectionProfile> LoadProfileCoreAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new InvalidProfileException($"Profile '{path}' is a directory, not a profile file.");
        }

        // Stat, never open, anything else than a regular file: opening a FIFO for reading blocks until a writer appears, and the
        // token cannot interrupt it (found by a fuzzer).
        if (Imaging.FileKind.DescribeIfNotRegular(path) is { } kind)
        {
            throw new InvalidProfileException($"Profile '{path}' is {kind}, not a profile file.");
        }

        AtomicFile.RemoveOrphans(path);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidProfileException($"Profile '{path}' does not exist.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidProfileException($"Profile '{path}' cannot be opened: {ex.Message}", ex);
        }

        await using (file.ConfigureAwait(false))
        {
            // The serializer reads the prefix first and checks the file's length against it before reading the payload, so a junk
            // file fails at once; the reading and checking run on the thread pool.
            return await Task.Run(() => ProfileSerializer.Read(file, _builder, Path.GetFileName(path)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Encodes (reads and decodes) the references, up to <see cref="Environment.ProcessorCount"/> at a time; the views keep the
    /// references' order. With <paramref name="withVariants"/>, a point cloud encoded by a <see cref="PointClouds.PointCloudEncoder"/>
    /// also gives the views of its re-scan-like variants (in reference order, after all the references' own views), when the
    /// references hold few enough clouds (<see cref="PointClouds.PointCloudEncoderOptions.ReferenceVariantsUpTo"/>).</summary>
    private async Task<(List<EncodedView> Views, List<EncodedView> Variants)> EncodeReferencesAsync(IList<Observation> references, bool withVariants, CancellationToken cancellationToken)
    {
        var encoded = new IReadOnlyList<EncodedView>[references.Count];
        var variants = new IReadOnlyList<EncodedView>[references.Count];
        int clouds = withVariants ? references.Count(r => r is PointCloudObservation) : 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(Environment.ProcessorCount, references.Count), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, references.Count), parallel, async (i, ct) =>
            (encoded[i], variants[i]) = await EncodeReferenceAsync(references[i], EncoderFor(references[i]), clouds, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return ([.. encoded.SelectMany(v => v)], [.. variants.SelectMany(v => v)]);
    }

    /// <summary>Encodes an observation with <paramref name="encoder"/>, the one chosen for it (null when none can).</summary>
    private static async ValueTask<IReadOnlyList<EncodedView>> EncodeCoreAsync(Observation observation, IModalityEncoder? encoder, CancellationToken cancellationToken)
    {
        if (encoder is null)
        {
            throw new NotSupportedException($"No registered encoder handles {observation}. Register an IModalityEncoder for {observation.Modality} observations.");
        }

        IReadOnlyList<EncodedView> views = await encoder.EncodeAsync(observation, cancellationToken).ConfigureAwait(false);
        if (views.Count == 0)
        {
            throw new InvalidObservationException(observation.Name, "the encoder produced no view.", null);
        }

        return views;
    }

    /// <summary>Encodes a reference cloud and its variants, with the checks of <see cref="EncodeCoreAsync"/>.</summary>
    private static async ValueTask<(IReadOnlyList<EncodedView> Views, IReadOnlyList<EncodedView> Variants)> EncodeCloudReferenceAsync(Observation observation, PointClouds.PointCloudEncoder encoder, int referenceClouds, CancellationToken cancellationToken)
    {
        (IReadOnlyList<EncodedView> views, IReadOnlyList<EncodedView> variants) = await encoder.EncodeReferenceAsync(observation, referenceClouds, cancellationToken).ConfigureAwait(false);
        if (views.Count == 0)
        {
            throw new InvalidObservationException(observation.Name, "the encoder produced no view.", null);
        }

        return (views, variants);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Customized an inspection from {References} references ({Views} views, reference model {Kind}) in {Milliseconds:0} ms.")]
        public static partial void Customized(ILogger logger, int references, int views, string kind, double milliseconds);

        [LoggerMessage(2, LogLevel.Debug, "Inspected {Name}: score {Score:0.000}, anomalous {IsAnomalous}, {Milliseconds:0.0} ms.")]
        public static partial void Inspected(ILogger logger, string? name, double score, bool? isAnomalous, double milliseconds);
    }
}
