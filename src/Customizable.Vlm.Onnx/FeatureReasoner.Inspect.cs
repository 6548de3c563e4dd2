using System.Buffers;
using System.Numerics.Tensors;
using Customizable.Vlm.Anomaly;
using Customizable.Vlm.Onnx.Tuning;
using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Onnx;

public sealed partial class FeatureReasoner
{
    /// <inheritdoc />
    /// <remarks>Reads only <see cref="AnomalyPrompt.QueryViews"/>, <see cref="AnomalyPrompt.Spec"/> and
    /// <see cref="AnomalyPrompt.ReferenceModel"/> (a prompt without a model gets one built from its reference images, for this call
    /// only). Runs on the thread pool.</remarks>
    /// <exception cref="ObjectDisposedException">The reasoner is disposed.</exception>
    /// <exception cref="CustomizableVlmException">The model was built with other feature settings, or a query view's slot has no
    /// reference memory.</exception>
    public Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (prompt.QueryViews.Count == 0)
        {
            throw new ArgumentException("The prompt has no query view.", nameof(prompt));
        }

        return Task.Run(
            () =>
            {
                using Threading.UsageGate.Lease lease = _gate.Enter();
                FeatureReferenceModel model = prompt.ReferenceModel as FeatureReferenceModel ?? BuildFromPrompt(prompt, cancellationToken);
                return Reason(prompt, model, cancellationToken);
            },
            cancellationToken);
    }

    private AnomalyVerdict Reason(AnomalyPrompt prompt, FeatureReferenceModel model, CancellationToken cancellationToken)
    {
        if (!IsCompatible(model))
        {
            throw new CustomizableVlmException(IncompatibleMessage(model));
        }

        var verdict = new AnomalyVerdict { Status = VerdictStatus.Measured, ModelId = ModelId };
        var regions = new List<AnomalyRegion>();
        double bestScore = double.NegativeInfinity, bestRaw = 0, bestThreshold = 0;
        string peakWhere = "centre";
        double peakStrength = 0;
        BackboneResolution r = ResolutionFor(model);
        FeatureSettings settings = model.Settings with { Resolution = r };
        int patchesPerImage = r.PatchesPerImage;

        // Per-call buffers come from the pool; only the verdict's own data (map grid, regions, text) is allocated. Query views go
        // through the backbone in batches of BatchSize (one run per batch), then are scored one by one.
        int searchDimensions = model.SearchDimensions;
        // A model with the mirrored query also runs each batch mirrored left to right (FeatureReasonerOptions.MirroredQuery).
        bool mirror = model.Settings.MirrorQuery;
        int batchSize = Math.Min(_options.BatchSize, prompt.QueryViews.Count);
        float[] patches = ArrayPool<float>.Shared.Rent(batchSize * patchesPerImage * _dimensions);
        float[] mirroredPatches = ArrayPool<float>.Shared.Rent(mirror ? batchSize * patchesPerImage * _dimensions : 0);
        var batch = new RawFrame[batchSize];
        float[] projected = ArrayPool<float>.Shared.Rent(model.SlotMemories.Any(s => s.Projection is not null) ? patchesPerImage * searchDimensions : 0);
        float[] distances = ArrayPool<float>.Shared.Rent(patchesPerImage);
        float[] mirrorDistances = ArrayPool<float>.Shared.Rent(mirror ? patchesPerImage : 0);
        float[] raw = ArrayPool<float>.Shared.Rent(r.Backbone.InputWidth * r.Backbone.InputHeight);
        try
        {
            for (int v = 0; v < prompt.QueryViews.Count; v++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                EncodedView view = prompt.QueryViews[v];
                PatchMemorySlot memory = model.For(view.Slot);
                RawFrame frame = view.Frame;
                PreprocessGeometry g = PreprocessorFor(settings).GetGeometry(frame.Width, frame.Height);
                int inBatch = v % batchSize;
                if (inBatch == 0)
                {
                    int count = Math.Min(batchSize, prompt.QueryViews.Count - v);
                    for (int b = 0; b < count; b++)
                    {
                        batch[b] = prompt.QueryViews[v + b].Frame;
                    }

                    ExtractPatches(
                        count == batchSize ? batch : batch[..count],
                        patches.AsSpan(0, count * patchesPerImage * _dimensions),
                        mirror ? mirroredPatches.AsSpan(0, count * patchesPerImage * _dimensions) : default,
                        settings,
                        cancellationToken);
                }

                Span<float> nearest = distances.AsSpan(0, patchesPerImage);
                Nearest(memory, patches.AsSpan(inBatch * patchesPerImage * _dimensions, patchesPerImage * _dimensions), nearest);
                if (mirror)
                {
                    Span<float> twin = mirrorDistances.AsSpan(0, patchesPerImage);
                    Nearest(memory, mirroredPatches.AsSpan(inBatch * patchesPerImage * _dimensions, patchesPerImage * _dimensions), twin);
                    AverageWithMirror(nearest, twin, r.GridWidth, r.GridHeight);
                }

                Span<float> rawMap = raw.AsSpan(0, g.TensorWidth * g.TensorHeight);
                RawMap(r, nearest, g, rawMap, model.Settings.EdgeRings);
                ApplyIgnoreRegions(rawMap, g, view, prompt.Spec);
                double rawScore = ImageScore(rawMap, g);
                double viewScore = memory.Calibration.Calibrate(rawScore);
                verdict.ViewScores.Add(viewScore);
                var tensorToView = new ImageProvenance(frame.Width, frame.Height, g.ScaleX, g.ScaleY, g.OffsetX, g.OffsetY);
                if (viewScore > bestScore)
                {
                    int peak = TensorPrimitives.IndexOfMax(rawMap);
                    (bestScore, bestRaw, bestThreshold) = (viewScore, rawScore, memory.Calibration.Threshold);
                    peakStrength = rawScore / Math.Max(memory.Calibration.Threshold, 1e-9);
                    peakWhere = EvidenceText.Position(tensorToView.MapBox(new PixelRect(peak % g.TensorWidth, peak / g.TensorWidth, 1, 1)), frame.Width, frame.Height);
                }

                // The verdict keeps the calibrated map at the backbone-input resolution; view pixels are sampled from it on demand.
                float[] calibrated = rawMap.ToArray();
                memory.Calibration.CalibrateInPlace(calibrated);
                regions.AddRange(FindRegions(calibrated, rawMap, g, v, frame, memory, prompt.QueryViews.Count));
                verdict.AnomalyMaps.Add(new AnomalyMap(calibrated, g.TensorWidth, g.TensorHeight, tensorToView, v));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(patches);
            ArrayPool<float>.Shared.Return(mirroredPatches);
            ArrayPool<float>.Shared.Return(projected);
            ArrayPool<float>.Shared.Return(distances);
            ArrayPool<float>.Shared.Return(mirrorDistances);
            ArrayPool<float>.Shared.Return(raw);
        }

        // A view's patch features (projected into the slot's search space when it has one) -> their nearest distances in its memory.
        void Nearest(PatchMemorySlot memory, Span<float> features, Span<float> nearest)
        {
            if (memory.Projection is { } projection)
            {
                projection.Project(features, patchesPerImage, projected);
                features = projected.AsSpan(0, patchesPerImage * searchDimensions);
            }

            memory.Bank.NearestSquaredDistances(features, patchesPerImage, nearest, _options.SearchParallelism);
            TensorPrimitives.Sqrt(nearest, nearest);
        }

        double score = bestScore;
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
        // References as a view slot saw them: a point cloud's six rendered views of four references are four references, not 24
        // (a single reference cloud's re-scan-like variants count with it, see PointCloudEncoderOptions.ReferenceVariants).
        int references = model.SharedAcrossSlots ? model.ReferenceCount : model.SlotMemories.Max(s => s.ViewCount);
        verdict.Reasoning = EvidenceText.Compose(anomalous, score, references, regions, findings, peakStrength, peakWhere);
        verdict.AdditionalProperties = new Dictionary<string, object?>
        {
            [VerdictPropertyNames.RawScore] = bestRaw,
            [VerdictPropertyNames.RawThreshold] = bestThreshold,
            [VerdictPropertyNames.ExecutionProvider] = ActiveProvider.ToString(),
        };
        return verdict;
    }

    private FeatureReferenceModel BuildFromPrompt(AnomalyPrompt prompt, CancellationToken cancellationToken)
    {
        var references = prompt.ReferenceImages.Select(p => p.View).ToList();
        if (references.Count == 0)
        {
            throw new ArgumentException("The prompt has neither a reference model nor reference images.", nameof(prompt));
        }

        Log.BuildingOnTheFly(_logger, references.Count);
        return Build(references, cancellationToken);
    }
}
