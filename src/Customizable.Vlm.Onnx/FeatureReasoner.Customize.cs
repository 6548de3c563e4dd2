using System.Diagnostics;
using System.Numerics.Tensors;
using Customizable.Vlm.Anomaly;
using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Onnx;

public sealed partial class FeatureReasoner
{
    /// <inheritdoc />
    /// <remarks>Builds one memory per view slot (<see cref="EncodedView.Slot"/>) from that slot's views, each with its own
    /// projection and calibration. Runs on the thread pool.</remarks>
    /// <exception cref="ObjectDisposedException">The reasoner is disposed.</exception>
    public ValueTask<ReferenceModel> BuildReferenceModelAsync(InspectionSpec spec, IReadOnlyList<EncodedView> referenceViews, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(referenceViews);
        if (referenceViews.Count == 0)
        {
            throw new ArgumentException("At least one reference view is needed.", nameof(referenceViews));
        }

        return new ValueTask<ReferenceModel>(Task.Run<ReferenceModel>(
            () =>
            {
                using Threading.UsageGate.Lease lease = _gate.Enter();
                return Build(referenceViews, cancellationToken);
            },
            cancellationToken));
    }

    private FeatureReferenceModel Build(IReadOnlyList<EncodedView> referenceViews, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        var slots = new List<PatchMemorySlot>();
        foreach (IGrouping<int, EncodedView> group in referenceViews.GroupBy(v => v.Slot).OrderBy(g => g.Key))
        {
            cancellationToken.ThrowIfCancellationRequested();
            slots.Add(BuildSlot(group.Key, [.. group], cancellationToken));
        }

        var model = new FeatureReferenceModel(slots, sharedAcrossSlots: false, _gridWidth, _gridHeight, referenceViews.Count, FeatureSignature);
        Log.Built(_logger, slots.Count, referenceViews.Count, model.PatchCount, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return model;
    }

    private PatchMemorySlot BuildSlot(int slot, IReadOnlyList<EncodedView> views, CancellationToken cancellationToken)
    {
        int n = views.Count;
        int patchesPerImage = _gridWidth * _gridHeight;
        float[] all = ExtractPatches([.. views.Select(v => v.Frame)], cancellationToken);

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
            kept = [.. Enumerable.Range(0, total)];
        }

        // Optional principal-component projection fitted on the slot's reference patches; the bank and every search then use it.
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

        // Banks are stored at half precision: round now, so that the model scores the same before and after a save.
        FeatureReferenceModelFormat.Quantize(rows);
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
                int[] others = [.. kept.Where(i => i / patchesPerImage != s)];
                PatchMemoryBank held = PatchMemoryBank.Create(Gather(rows, others, searchDimensions), others.Length, searchDimensions);
                held.NearestSquaredDistances(own, patchesPerImage, distances, _options.SearchParallelism);
                TensorPrimitives.Sqrt(distances, distances);
            }

            PreprocessGeometry geometry = _preprocessor.GetGeometry(views[s].Frame.Width, views[s].Frame.Height);
            float[] map = new float[geometry.TensorWidth * geometry.TensorHeight];
            RawMap(distances, geometry, map);
            scores.Add(ImageScore(map, geometry));
            patchMax = Math.Max(patchMax, TensorPrimitives.Max(distances));
        }

        return new PatchMemorySlot(slot, bank, projection, ScoreCalibration.Fit(scores, _options.ThresholdMargin), patchMax, n);
    }
}
