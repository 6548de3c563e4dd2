using System.Diagnostics;
using System.Numerics.Tensors;
using Customizable.Vlm.Anomaly;
using Customizable.Vlm.Onnx.Tuning;
using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Onnx;

public sealed partial class FeatureReasoner
{
    private const int TuningReferences = 6;
    private const int TuningHeldOut = 3;
    private const int TuningDefectsPerHeldOut = 4;

    /// <summary>How much better (in objective units) a candidate must be than the first (default) one to replace it.</summary>
    private const double PreferenceMargin = 0.1;

    /// <summary>The settings to try, most promising first: the pinned values restrict the list; letterbox is tried only for views
    /// whose aspect differs from the backbone input's by more than 15%.</summary>
    private List<FeatureSettings> CandidateSettings(List<EncodedView> views, BackboneResolution resolution)
    {
        double inputAspect = (double)resolution.Backbone.InputWidth / resolution.Backbone.InputHeight;
        double aspect = views.Average(v => (double)v.Frame.Width / v.Frame.Height);
        bool elongated = Math.Abs(Math.Log(aspect / inputAspect)) > Math.Log(1.15);
        FeatureSettings[] order =
        [
            new(TensorResizeMode.Stretch, true),
            new(TensorResizeMode.ShorterSideThenCenterCrop, false),
            new(TensorResizeMode.ShorterSideThenCenterCrop, true),
            new(TensorResizeMode.Stretch, false),
            new(TensorResizeMode.Letterbox, true),
            new(TensorResizeMode.Letterbox, false),
        ];
        var result = order
            .Where(s => _options.ResizeMode is null ? s.ResizeMode != TensorResizeMode.Letterbox || elongated : s.ResizeMode == _options.ResizeMode)
            .Where(s => _options.NormalizeFeatures is null || s.Normalize == _options.NormalizeFeatures)
            .Select(s => s with { Resolution = resolution, PerLayer = _options.NormalizeLayersSeparately })
            .ToList();
        return result;
    }

    private TuningOutcome ChooseSettings(List<EncodedView> views, BackboneResolution resolution, CancellationToken cancellationToken)
    {
        List<FeatureSettings> candidates = CandidateSettings(views, resolution);
        bool canPlant = views.All(v => CanPlantDefects(v.Frame));
        if (candidates.Count == 1 || _options.SelfTuningBudget == TimeSpan.Zero || !canPlant)
        {
            // Without tuning, the measured default, with whatever the options pin (a pinned value always holds).
            FeatureSettings only = candidates.Count == 1
                ? candidates[0]
                : new FeatureSettings(_options.ResizeMode ?? FeatureSettings.Fallback.ResizeMode, _options.NormalizeFeatures ?? FeatureSettings.Fallback.Normalize, resolution) { PerLayer = _options.NormalizeLayersSeparately };
            return new TuningOutcome(only, [], 0, 0, TimeSpan.Zero, BudgetExhausted: false);
        }

        long started = Stopwatch.GetTimestamp();
        int[] subset = [.. CalibrationIndices(views.Count, TuningReferences)];
        int heldCount = Math.Min(subset.Length, TuningHeldOut);
        int[] heldOut = [.. CalibrationIndices(subset.Length, heldCount)];
        var frames = subset.Select(i => views[i].Frame).ToList();
        var planted = new List<(int HeldOut, SyntheticDefect Defect)>();
        foreach (int h in heldOut)
        {
            for (int d = 0; d < TuningDefectsPerHeldOut; d++)
            {
                planted.Add((h, SyntheticDefects.Plant(frames[h], (h * TuningDefectsPerHeldOut) + d, seed: 7919)));
            }
        }

        var tried = new List<FeatureTuningCandidate>();
        FeatureSettings best = candidates[0];
        double bestObjective = double.NegativeInfinity, firstObjective = double.NaN;
        bool exhausted = false;
        foreach (FeatureSettings settings in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (tried.Count > 0 && Stopwatch.GetElapsedTime(started) > _options.SelfTuningBudget)
            {
                exhausted = true;
                break;
            }

            FeatureTuningCandidate result = TryCandidate(settings, frames, heldOut, planted, cancellationToken);
            tried.Add(result);
            if (tried.Count == 1)
            {
                (best, bestObjective, firstObjective) = (settings, result.Objective, result.Objective);
            }
            else if (result.Objective > bestObjective && result.Objective >= firstObjective + PreferenceMargin)
            {
                // Another setting replaces the first (the measured default) only when it is clearly better on the planted defects:
                // small differences there did not carry to real defects on the development categories (docs/accuracy.md).
                (best, bestObjective) = (settings, result.Objective);
            }
        }

        return new TuningOutcome(best, tried, heldOut.Length, planted.Count, Stopwatch.GetElapsedTime(started), exhausted);
    }

    private FeatureTuningCandidate TryCandidate(FeatureSettings settings, List<RawFrame> frames, int[] heldOut, List<(int HeldOut, SyntheticDefect Defect)> planted, CancellationToken cancellationToken)
    {
        BackboneResolution r = R(settings);
        int patches = r.PatchesPerImage;
        int stride = patches * _dimensions;
        float[] features = ExtractPatches([.. frames, .. planted.Select(p => p.Defect.Frame)], settings, cancellationToken);
        float[] distances = new float[patches];
        var normal = new List<double>();
        var defects = new List<double>();
        int hits = 0;
        foreach (int h in heldOut)
        {
            cancellationToken.ThrowIfCancellationRequested();
            PatchMemoryBank? bank = null;
            if (frames.Count > 1)
            {
                float[] others = new float[(frames.Count - 1) * stride];
                for (int i = 0, o = 0; i < frames.Count; i++)
                {
                    if (i != h)
                    {
                        features.AsSpan(i * stride, stride).CopyTo(others.AsSpan(o++ * stride, stride));
                    }
                }

                bank = PatchMemoryBank.Create(others, (frames.Count - 1) * patches, _dimensions);
            }

            ReadOnlySpan<float> own = features.AsSpan(h * stride, stride);
            PreprocessGeometry g = PreprocessorFor(settings).GetGeometry(frames[h].Width, frames[h].Height);
            float[] map = new float[g.TensorWidth * g.TensorHeight];
            normal.Add(ScoreAgainst(own, bank, own, _dimensions, r, g, map, distances, _options.EdgePatchRings ?? 0));
            for (int j = 0; j < planted.Count; j++)
            {
                if (planted[j].HeldOut != h)
                {
                    continue;
                }

                ReadOnlySpan<float> query = features.AsSpan((frames.Count + j) * stride, stride);
                defects.Add(ScoreAgainst(query, bank, own, _dimensions, r, g, map, distances, _options.EdgePatchRings ?? 0));
                int peak = TensorPrimitives.IndexOfMax(map);
                if (Hits(planted[j].Defect, g, peak % g.TensorWidth, peak / g.TensorWidth))
                {
                    hits++;
                }
            }
        }

        double auroc = Auroc(normal, defects);
        double hitRate = defects.Count == 0 ? 0 : (double)hits / defects.Count;
        double normalMax = Math.Max(normal.Max(), 1e-12);
        double separation = Median(defects) / normalMax;
        double objective = auroc + (0.5 * hitRate) + (0.1 * Math.Min(separation, 3));
        return new FeatureTuningCandidate(settings.ResizeMode, settings.Normalize, auroc, hitRate, separation, objective);
    }

    /// <summary>Whether the map's peak (tensor pixels) falls on the planted defect, within one backbone patch (8 input pixels).</summary>
    private static bool Hits(SyntheticDefect defect, PreprocessGeometry g, int peakX, int peakY)
    {
        int w = defect.Frame.Width, h = defect.Frame.Height;
        double sx = g.TensorToSourceX(peakX), sy = g.TensorToSourceY(peakY);
        int rx = (int)Math.Ceiling(8 * g.ScaleX), ry = (int)Math.Ceiling(8 * g.ScaleY);
        for (int y = Math.Max(0, (int)sy - ry); y <= Math.Min(h - 1, (int)sy + ry); y++)
        {
            for (int x = Math.Max(0, (int)sx - rx); x <= Math.Min(w - 1, (int)sx + rx); x++)
            {
                if (defect.Mask[(y * w) + x])
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static double Auroc(List<double> negatives, List<double> positives)
    {
        if (negatives.Count == 0 || positives.Count == 0)
        {
            return 0.5;
        }

        double wins = 0;
        foreach (double p in positives)
        {
            foreach (double n in negatives)
            {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }

        return wins / ((double)positives.Count * negatives.Count);
    }

    /// <summary>The median of <paramref name="values"/>; 0 when there are none.</summary>
    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        if (sorted.Length == 0)
        {
            return 0;
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
