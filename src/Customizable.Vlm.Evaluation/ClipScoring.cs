using Customizable.Vlm.Evaluation.Metrics;

namespace Customizable.Vlm.Evaluation;

/// <summary>
/// Frame metrics of video clips: per-clip AUROC, their mean, and the same after temporal smoothing of each clip's frame scores
/// (the mean over the <c>radius</c> evaluated frames on each side, clipped at the clip's ends: the inspector's
/// <see cref="AnomalyInspectorOptions.TemporalSmoothingRadius"/> semantics).
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class ClipScoring
{
    /// <summary>The smoothed copy of <paramref name="raw"/>: each value is the mean of the values within <paramref name="radius"/>
    /// positions (fewer at the ends). Radius 0 returns a copy.</summary>
    public static double[] Smooth(IReadOnlyList<double> raw, int radius)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        double[] smoothed = new double[raw.Count];
        for (int k = 0; k < raw.Count; k++)
        {
            int from = Math.Max(0, k - radius), to = Math.Min(raw.Count - 1, k + radius);
            double sum = 0;
            for (int j = from; j <= to; j++)
            {
                sum += raw[j];
            }

            smoothed[k] = sum / (to - from + 1);
        }

        return smoothed;
    }

    /// <summary>Computes the clip metrics of the predictions whose item has a <see cref="Datasets.DatasetItem.Clip"/>; items without
    /// one are ignored. Frames are ordered by <see cref="Datasets.DatasetItem.FrameIndex"/> within their clip.</summary>
    /// <param name="predictions">The predictions.</param>
    /// <param name="radius">The smoothing radius in evaluated frames; 0 for no smoothing.</param>
    /// <returns>The per-clip metrics in ordinal order of the clip, the mean of the defined per-clip AUROCs (raw and smoothed), and the
    /// AUROC of all smoothed frames pooled (null when <paramref name="radius"/> is 0 or no item has a clip).</returns>
    public static ClipSummary Compute(IReadOnlyList<ItemPrediction> predictions, int radius)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var perClip = new SortedDictionary<string, ClipMetrics>(StringComparer.Ordinal);
        var pooledScores = new List<double>();
        var pooledLabels = new List<bool>();
        foreach (IGrouping<string, ItemPrediction> clip in predictions.Where(p => p.Item.Clip is not null).GroupBy(p => p.Item.Clip!, StringComparer.Ordinal))
        {
            ItemPrediction[] frames = [.. clip.OrderBy(p => p.Item.FrameIndex ?? 0)];
            double[] raw = [.. frames.Select(p => p.Score)];
            bool[] labels = [.. frames.Select(p => p.Item.IsAnomalous)];
            double[]? smoothed = radius > 0 ? Smooth(raw, radius) : null;
            if (smoothed is not null)
            {
                pooledScores.AddRange(smoothed);
                pooledLabels.AddRange(labels);
            }

            perClip[clip.Key] = new ClipMetrics(
                frames.Length,
                labels.Count(l => l),
                BinaryClassificationMetrics.Auroc(raw, labels),
                smoothed is null ? null : BinaryClassificationMetrics.Auroc(smoothed, labels));
        }

        return new ClipSummary(
            perClip,
            Mean(perClip.Values.Select(c => c.ImageAuroc)),
            Mean(perClip.Values.Select(c => c.SmoothedImageAuroc)),
            pooledScores.Count == 0 ? null : BinaryClassificationMetrics.Auroc(pooledScores, pooledLabels));
    }

    private static double? Mean(IEnumerable<double?> values)
    {
        double[] defined = [.. values.Where(v => v is not null).Select(v => v!.Value)];
        return defined.Length == 0 ? null : defined.Average();
    }
}
