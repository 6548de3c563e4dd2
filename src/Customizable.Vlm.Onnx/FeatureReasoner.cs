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
/// <para>Thread-safety: all members may be called concurrently. The backbone session is shared (ONNX Runtime sessions are
/// thread-safe); no lock is taken. Ownership: the reasoner owns its backbone and releases it on <see cref="Dispose"/>.</para>
/// </remarks>
public sealed partial class FeatureReasoner : IAnomalyReasoner, IReferenceModelBuilder
{
    private const string ModelId = "customizable-vlm/embedded-patch-memory";
    private readonly FeatureReasonerOptions _options;
    private readonly FeatureBackbone _backbone;
    private readonly TensorPreprocessor _preprocessor;
    private readonly ILogger _logger;
    private readonly int _gridWidth;
    private readonly int _gridHeight;
    private readonly int _dimensions;
    private readonly SmoothUpsampler _smoother;

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
        _backbone = new FeatureBackbone(_options.Backbone, _logger);
        try
        {
            _preprocessor = new TensorPreprocessor(new TensorPreprocessorOptions
            {
                TargetWidth = _backbone.InputWidth,
                TargetHeight = _backbone.InputHeight,
                ResizeMode = _options.ResizeMode,
                ResizeShorterSide = (int)Math.Round(Math.Min(_backbone.InputWidth, _backbone.InputHeight) * 256.0 / 224.0),
                ChannelOrder = _backbone.ChannelOrder,
                Scale = _backbone.Scale,
                Mean = new RgbTriple(_backbone.MeanRgb[0], _backbone.MeanRgb[1], _backbone.MeanRgb[2]),
                Std = new RgbTriple(_backbone.StdRgb[0], _backbone.StdRgb[1], _backbone.StdRgb[2]),
                PadValue = new RgbTriple(_backbone.MeanRgb[0] / _backbone.Scale, _backbone.MeanRgb[1] / _backbone.Scale, _backbone.MeanRgb[2] / _backbone.Scale),
            });

            (_, _gridHeight, _gridWidth) = _backbone.GetOutputShape(0);
            _smoother = new SmoothUpsampler(_gridWidth, _gridHeight, _backbone.InputWidth, _backbone.InputHeight, _options.SmoothingSigma);
            for (int i = 0; i < _backbone.OutputNames.Count; i++)
            {
                _dimensions += _backbone.GetOutputShape(i).Channels;
            }

            FeatureSignature = string.Create(
                CultureInfo.InvariantCulture,
                $"{Path.GetFileName(_backbone.ModelPath)}|{string.Join('+', _backbone.OutputNames)}|{_backbone.InputWidth}x{_backbone.InputHeight}|{_options.ResizeMode}|k{_options.LocalAveragingKernel}|l2={_options.NormalizeFeatures}");
        }
        catch
        {
            _backbone.Dispose();
            throw;
        }
    }

    /// <summary>Gets the execution provider actually in use (after any fallback).</summary>
    public OnnxExecutionProvider ActiveProvider => _backbone.ActiveProvider;

    /// <summary>Gets a description of the feature settings; reference models built with other settings are rejected.</summary>
    public string FeatureSignature { get; }

    /// <summary>Gets the length of one patch feature.</summary>
    public int FeatureDimensions => _dimensions;

    /// <inheritdoc />
    public string ReferenceModelKind => FeatureReferenceModel.ModelKind;

    private bool UsesProjection => _options.ProjectionDimensions > 0 && _options.ProjectionDimensions < _dimensions;

    /// <inheritdoc />
    public async ValueTask<ReferenceModel> BuildReferenceModelAsync(InspectionSpec spec, IReadOnlyList<EncodedView> referenceViews, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(referenceViews);
        if (referenceViews.Count == 0)
        {
            throw new ArgumentException("At least one reference view is needed.", nameof(referenceViews));
        }

        await Task.Yield();
        long started = Stopwatch.GetTimestamp();
        int n = referenceViews.Count;
        int patchesPerImage = _gridWidth * _gridHeight;
        float[] all = ExtractPatches(referenceViews.Select(v => v.Frame).ToList(), cancellationToken);

        // The bank: every reference patch, or a greedy coreset of them when too many.
        int total = n * patchesPerImage;
        int[] kept;
        if (_options.MaxMemoryBankSize > 0 && total > _options.MaxMemoryBankSize)
        {
            kept = CoresetSampler.Select(all, total, _dimensions, _options.MaxMemoryBankSize, seed: 0, cancellationToken: cancellationToken);
            Array.Sort(kept);
        }
        else
        {
            kept = Enumerable.Range(0, total).ToArray();
        }

        // Optional principal-component projection fitted on all reference patches; the bank and every search then use it.
        PatchProjection? projection = UsesProjection
            ? PatchProjection.Fit(all, total, _dimensions, _options.ProjectionDimensions, cancellationToken: cancellationToken)
            : null;
        int searchDimensions = projection?.OutputDimensions ?? _dimensions;
        float[] rows = all;
        if (projection is not null)
        {
            rows = new float[(long)total * searchDimensions];
            projection.Project(all, total, rows);
        }

        PatchMemoryBank bank = PatchMemoryBank.Create(Gather(rows, kept, searchDimensions), kept.Length, searchDimensions);

        // Calibration from normal data only: score references against a bank without them.
        var scores = new List<double>();
        float patchMax = 0;
        float[] distances = new float[patchesPerImage];
        foreach (int s in CalibrationIndices(n, _options.CalibrationSamples))
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadOnlySpan<float> own = rows.AsSpan(s * patchesPerImage * searchDimensions, patchesPerImage * searchDimensions);
            if (n == 1)
            {
                SelfDistances(own, searchDimensions, distances);
            }
            else
            {
                int[] others = kept.Where(i => i / patchesPerImage != s).ToArray();
                PatchMemoryBank held = PatchMemoryBank.Create(Gather(rows, others, searchDimensions), others.Length, searchDimensions);
                held.NearestSquaredDistances(own, patchesPerImage, distances, _options.SearchParallelism);
                TensorPrimitives.Sqrt(distances, distances);
            }

            PreprocessGeometry geometry = _preprocessor.GetGeometry(referenceViews[s].Frame.Width, referenceViews[s].Frame.Height);
            float[] map = new float[geometry.TensorWidth * geometry.TensorHeight];
            RawMap(distances, geometry, map);
            scores.Add(ImageScore(map, geometry));
            patchMax = Math.Max(patchMax, TensorPrimitives.Max(distances));
        }

        var model = new FeatureReferenceModel(bank, projection, ScoreCalibration.Fit(scores, _options.ThresholdMargin), _gridWidth, _gridHeight, patchMax, n, FeatureSignature);
        Log.Built(_logger, n, kept.Length, model.Calibration.Threshold, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return model;
    }

    /// <inheritdoc />
    public async Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        FeatureReferenceModel model = prompt.ReferenceModel as FeatureReferenceModel
            ?? (FeatureReferenceModel)await BuildFromPromptAsync(prompt, cancellationToken).ConfigureAwait(false);
        if (model.FeatureSignature != FeatureSignature || model.FeatureDimensions != _dimensions)
        {
            throw new CustomizableVlmException($"The reference model was built with features '{model.FeatureSignature}' ({model.FeatureDimensions} values), but this reasoner extracts '{FeatureSignature}' ({_dimensions} values). Customize again with these options.");
        }

        if (prompt.QueryViews.Count == 0)
        {
            throw new ArgumentException("The prompt has no query view.", nameof(prompt));
        }

        var verdict = new AnomalyVerdict { Status = VerdictStatus.Measured, ModelId = ModelId };
        var regions = new List<AnomalyRegion>();
        double bestRaw = double.NegativeInfinity;
        string peakWhere = "centre";
        double peakStrength = 0;
        int patchesPerImage = _gridWidth * _gridHeight;
        PatchProjection? projection = model.Projection;
        int searchDimensions = model.Bank.Dimensions;

        // Per-call buffers come from the pool; only the verdict's own data (map grid, regions, text) is allocated.
        float[] patches = ArrayPool<float>.Shared.Rent(patchesPerImage * _dimensions);
        float[] projected = ArrayPool<float>.Shared.Rent(projection is null ? 0 : patchesPerImage * searchDimensions);
        float[] distances = ArrayPool<float>.Shared.Rent(patchesPerImage);
        float[] raw = ArrayPool<float>.Shared.Rent(_backbone.InputWidth * _backbone.InputHeight);
        try
        {
            for (int v = 0; v < prompt.QueryViews.Count; v++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                EncodedView view = prompt.QueryViews[v];
                RawFrame frame = view.Frame;
                PreprocessGeometry g = _preprocessor.GetGeometry(frame.Width, frame.Height);
                Span<float> features = patches.AsSpan(0, patchesPerImage * _dimensions);
                ExtractPatches([frame], features, cancellationToken);
                if (projection is not null)
                {
                    projection.Project(features, patchesPerImage, projected);
                    features = projected.AsSpan(0, patchesPerImage * searchDimensions);
                }

                Span<float> nearest = distances.AsSpan(0, patchesPerImage);
                model.Bank.NearestSquaredDistances(features, patchesPerImage, nearest, _options.SearchParallelism);
                TensorPrimitives.Sqrt(nearest, nearest);
                Span<float> rawMap = raw.AsSpan(0, g.TensorWidth * g.TensorHeight);
                RawMap(nearest, g, rawMap);
                ApplyIgnoreRegions(rawMap, g, view, prompt.Spec);
                double rawScore = ImageScore(rawMap, g);
                int peak = TensorPrimitives.IndexOfMax(rawMap);
                var tensorToView = new ImageProvenance(frame.Width, frame.Height, g.ScaleX, g.ScaleY, g.OffsetX, g.OffsetY);
                if (rawScore > bestRaw)
                {
                    bestRaw = rawScore;
                    peakStrength = rawMap[peak] / Math.Max(model.NormalPatchMax, 1e-6f);
                    peakWhere = EvidenceText.Position(tensorToView.MapBox(new PixelRect(peak % g.TensorWidth, peak / g.TensorWidth, 1, 1)), frame.Width, frame.Height);
                }

                // The verdict keeps the calibrated map at the backbone-input resolution; view pixels are sampled from it on demand.
                float[] calibrated = rawMap.ToArray();
                model.Calibration.CalibrateInPlace(calibrated);
                regions.AddRange(FindRegions(calibrated, rawMap, g, v, frame, model, prompt.QueryViews.Count));
                verdict.AnomalyMaps.Add(new AnomalyMap(calibrated, g.TensorWidth, g.TensorHeight, tensorToView, v));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(patches);
            ArrayPool<float>.Shared.Return(projected);
            ArrayPool<float>.Shared.Return(distances);
            ArrayPool<float>.Shared.Return(raw);
        }

        double score = model.Calibration.Calibrate(bestRaw);
        var findings = new List<string>();
        bool anomalous = score >= 0.5;
        if (anomalous && regions.Count > 0 && CheckAreaRules(prompt.Spec, regions, findings))
        {
            // Every region is within what the rules tolerate: report, but do not flag.
            anomalous = false;
            score = Math.Min(score, 0.499);
        }

        verdict.IsAnomalous = anomalous;
        verdict.Score = score;
        verdict.Regions = regions;
        verdict.Reasoning = EvidenceText.Compose(anomalous, score, model.ReferenceCount, regions, findings, peakStrength, peakWhere);
        verdict.AdditionalProperties = new Dictionary<string, object?>
        {
            ["raw_score"] = bestRaw,
            ["raw_threshold"] = model.Calibration.Threshold,
            ["execution_provider"] = ActiveProvider.ToString(),
        };
        return verdict;
    }

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
    public ReferenceModel Read(Stream source) => FeatureReferenceModelFormat.Read(source);

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType == typeof(FeatureReasonerOptions) ? _options.Clone()
            : serviceType == typeof(FeatureBackbone) ? _backbone
            : null;
    }

    /// <inheritdoc />
    public void Dispose() => _backbone.Dispose();

    /// <summary>Extracts patch features ([frames * gridH * gridW, dims], patch-major) in batches.</summary>
    internal float[] ExtractPatches(IReadOnlyList<RawFrame> frames, CancellationToken cancellationToken)
    {
        float[] result = new float[(long)frames.Count * _gridWidth * _gridHeight * _dimensions];
        ExtractPatches(frames, result, cancellationToken);
        return result;
    }

    /// <summary>Extracts patch features into <paramref name="destination"/> ([frames * gridH * gridW, dims], patch-major).</summary>
    internal void ExtractPatches(IReadOnlyList<RawFrame> frames, Span<float> destination, CancellationToken cancellationToken)
    {
        int patchesPerImage = _gridWidth * _gridHeight;
        var outputs = new Memory<float>[_backbone.OutputNames.Count];
        for (int start = 0; start < frames.Count; start += _options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(_options.BatchSize, frames.Count - start);
            var batch = new RawFrame[count];
            for (int i = 0; i < count; i++)
            {
                batch[i] = frames[start + i];
            }

            using PooledTensor tensor = _preprocessor.PreprocessBatchPooled(batch);
            float[][] rented = new float[outputs.Length][];
            try
            {
                for (int o = 0; o < outputs.Length; o++)
                {
                    int length = _backbone.GetOutputLength(o, count);
                    rented[o] = ArrayPool<float>.Shared.Rent(length);
                    outputs[o] = rented[o].AsMemory(0, length);
                }

                FeatureMaps maps = _backbone.ExtractInto(tensor.Span, count, outputs, cancellationToken);
                for (int i = 0; i < count; i++)
                {
                    PatchFeatureAssembler.Assemble(maps, i, _gridWidth, _gridHeight, _options.LocalAveragingKernel, _options.NormalizeFeatures,
                        destination.Slice((start + i) * patchesPerImage * _dimensions, patchesPerImage * _dimensions));
                }
            }
            finally
            {
                foreach (float[]? array in rented)
                {
                    if (array is not null)
                    {
                        ArrayPool<float>.Shared.Return(array);
                    }
                }
            }
        }
    }

    private static IEnumerable<int> CalibrationIndices(int count, int samples)
    {
        int n = Math.Min(count, samples);
        return Enumerable.Range(0, n).Select(i => (int)((long)i * count / n)).Distinct();
    }

    private static float[] Gather(float[] all, int[] rows, int dimensions)
    {
        float[] result = new float[(long)rows.Length * dimensions];
        for (int i = 0; i < rows.Length; i++)
        {
            all.AsSpan(rows[i] * dimensions, dimensions).CopyTo(result.AsSpan(i * dimensions, dimensions));
        }

        return result;
    }

    /// <summary>With a single reference: each patch against the same image's patches outside its 7x7 neighbourhood.</summary>
    private void SelfDistances(ReadOnlySpan<float> patches, int dimensions, Span<float> distances)
    {
        const int exclusion = 3;
        for (int p = 0; p < distances.Length; p++)
        {
            int px = p % _gridWidth, py = p / _gridWidth;
            float best = float.MaxValue;
            ReadOnlySpan<float> a = patches.Slice(p * dimensions, dimensions);
            for (int q = 0; q < distances.Length; q++)
            {
                if (Math.Abs((q % _gridWidth) - px) <= exclusion && Math.Abs((q / _gridWidth) - py) <= exclusion)
                {
                    continue;
                }

                best = Math.Min(best, TensorPrimitives.Distance(a, patches.Slice(q * dimensions, dimensions)));
            }

            distances[p] = best;
        }
    }

    /// <summary>Patch distances -> smoothed map over the backbone input (tensor pixels) in <paramref name="map"/>; padding set to 0.</summary>
    private void RawMap(ReadOnlySpan<float> distances, PreprocessGeometry g, Span<float> map)
    {
        // Bilinear upsampling to the tensor and Gaussian smoothing, as one separable operator.
        _smoother.Apply(distances, map);
        if (g.ContentWidth != g.TensorWidth || g.ContentHeight != g.TensorHeight)
        {
            for (int y = 0; y < g.TensorHeight; y++)
            {
                for (int x = 0; x < g.TensorWidth; x++)
                {
                    if (!g.IsContent(x, y))
                    {
                        map[(y * g.TensorWidth) + x] = 0;
                    }
                }
            }
        }
    }

    private double ImageScore(ReadOnlySpan<float> map, PreprocessGeometry g)
    {
        if (_options.ImageScore == ImageScoreMode.Max)
        {
            return TensorPrimitives.Max(map);
        }

        int content = g.ContentWidth * g.ContentHeight;
        int k = Math.Max(1, (int)Math.Round(content * _options.TopKFraction));
        float[] sorted = ArrayPool<float>.Shared.Rent(map.Length);
        try
        {
            Span<float> values = sorted.AsSpan(0, map.Length);
            map.CopyTo(values);
            values.Sort();
            return TensorPrimitives.Sum(values.Slice(values.Length - k, k)) / k;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(sorted);
        }
    }

    private static void ApplyIgnoreRegions(Span<float> raw, PreprocessGeometry g, EncodedView view, InspectionSpec spec)
    {
        if (view.Provenance is not ImageProvenance source)
        {
            return;
        }

        foreach (NormalityRule rule in spec.NormalityRules)
        {
            if (rule.IgnoreRegions is null)
            {
                continue;
            }

            foreach (PixelRect r in rule.IgnoreRegions)
            {
                // Source pixels -> view pixels -> tensor pixels.
                double vx0 = (r.X - source.OffsetX) / source.ScaleX, vx1 = (r.Right - source.OffsetX) / source.ScaleX;
                double vy0 = (r.Y - source.OffsetY) / source.ScaleY, vy1 = (r.Bottom - source.OffsetY) / source.ScaleY;
                int tx0 = Math.Clamp((int)Math.Floor((vx0 - g.OffsetX) / g.ScaleX), 0, g.TensorWidth);
                int tx1 = Math.Clamp((int)Math.Ceiling((vx1 - g.OffsetX) / g.ScaleX), 0, g.TensorWidth);
                int ty0 = Math.Clamp((int)Math.Floor((vy0 - g.OffsetY) / g.ScaleY), 0, g.TensorHeight);
                int ty1 = Math.Clamp((int)Math.Ceiling((vy1 - g.OffsetY) / g.ScaleY), 0, g.TensorHeight);
                for (int y = ty0; y < ty1; y++)
                {
                    raw.Slice((y * g.TensorWidth) + tx0, Math.Max(0, tx1 - tx0)).Clear();
                }
            }
        }
    }

    private List<AnomalyRegion> FindRegions(float[] calibrated, ReadOnlySpan<float> raw, PreprocessGeometry g, int viewIndex, RawFrame frame, FeatureReferenceModel model, int viewCount)
    {
        int minPixels = Math.Max(1, (int)(_options.MinRegionFraction * g.TensorWidth * g.TensorHeight));
        var tensorToView = new ImageProvenance(frame.Width, frame.Height, g.ScaleX, g.ScaleY, g.OffsetX, g.OffsetY);
        double contentArea = (double)g.ContentWidth * g.ContentHeight;
        var result = new List<AnomalyRegion>();
        foreach (MapComponent c in ConnectedComponents.Find(calibrated, g.TensorWidth, g.TensorHeight, 0.5f, minPixels))
        {
            var location = (ImageRegionLocation)tensorToView.MapToSource(c.Box, c.Mask);
            if (location.Box.IsEmpty)
            {
                continue;
            }

            var region = new AnomalyRegion(viewIndex, location.Box)
            {
                Mask = location.Mask,
                Score = c.Peak,
                AreaFraction = c.PixelCount / contentArea,
            };
            double strength = raw[(c.PeakY * g.TensorWidth) + c.PeakX] / Math.Max(model.NormalPatchMax, 1e-6f);
            region.Description = EvidenceText.Describe(region, strength, frame.Width, frame.Height, viewCount);
            result.Add(region);
        }

        return result;
    }

    /// <summary>Applies the rules' area checks; returns true when every region is tolerated by a rule.</summary>
    private static bool CheckAreaRules(InspectionSpec spec, List<AnomalyRegion> regions, List<string> findings)
    {
        var areaRules = spec.NormalityRules.Where(r => r.MaxDefectAreaFraction is not null).ToList();
        if (areaRules.Count == 0)
        {
            return false;
        }

        bool allTolerated = true;
        foreach (NormalityRule rule in areaRules)
        {
            double max = rule.MaxDefectAreaFraction!.Value;
            var violating = regions.Select((r, i) => (r, i)).Where(t => t.r.AreaFraction > max).Select(t => (t.i + 1).ToString(CultureInfo.InvariantCulture)).ToList();
            string name = rule.Id ?? $"\"{rule.Text}\"";
            if (violating.Count > 0)
            {
                allTolerated = false;
                findings.Add(string.Create(CultureInfo.InvariantCulture, $"Rule {name} (at most {max * 100:0.##}% of the image) is violated by region {string.Join(", ", violating)}."));
            }
            else
            {
                findings.Add(string.Create(CultureInfo.InvariantCulture, $"Rule {name} (at most {max * 100:0.##}% of the image) tolerates every region found, so the part is not flagged."));
            }
        }

        return allTolerated;
    }

    private async ValueTask<ReferenceModel> BuildFromPromptAsync(AnomalyPrompt prompt, CancellationToken cancellationToken)
    {
        var references = prompt.ReferenceImages.Select(p => p.View).ToList();
        if (references.Count == 0)
        {
            throw new ArgumentException("The prompt has neither a reference model nor reference images.", nameof(prompt));
        }

        Log.BuildingOnTheFly(_logger, references.Count);
        return await BuildReferenceModelAsync(prompt.Spec, references, cancellationToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Information, "Built a patch memory of {Patches} patches from {References} references; raw threshold {Threshold:0.###}; {Milliseconds:0} ms.")]
        public static partial void Built(ILogger logger, int references, int patches, double threshold, double milliseconds);

        [LoggerMessage(11, LogLevel.Warning, "The prompt carries no reference model: building one from its {References} reference images for this call only. Customize once with AnomalyInspector to avoid this cost.")]
        public static partial void BuildingOnTheFly(ILogger logger, int references);
    }
}
