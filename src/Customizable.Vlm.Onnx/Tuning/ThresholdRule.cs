using System.Globalization;
using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Onnx.Tuning;

/// <summary>Sets the decision threshold (a raw score) from held-out normal scores and the scores of synthetic defects planted on
/// the same references.</summary>
internal static class ThresholdRule
{
    private const double WeakDefectQuantile = 0.1;
    private const double TowardsDefects = 0.25;

    /// <summary>Chooses the threshold.</summary>
    /// <param name="normal">Raw scores of held-out normal references (at least one).</param>
    /// <param name="defects">Raw scores of synthetic defects (may be empty).</param>
    /// <param name="margin">The user's shift, in units of the normal scores' spread (negative flags more).</param>
    /// <returns>The raw threshold and the rule that set it, in words.</returns>
    public static (double Threshold, string Rule) Choose(IReadOnlyList<double> normal, IReadOnlyList<double> defects, double margin)
    {
        ArgumentNullException.ThrowIfNull(normal);
        ArgumentNullException.ThrowIfNull(defects);
        double spread = ScoreCalibration.Spread(normal);
        double max = normal.Max();
        string shift = margin == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", shifted by {margin:+0.##;-0.##} spread(s)");
        if (defects.Count == 0)
        {
            return (max + ((1 + margin) * spread), string.Create(CultureInfo.InvariantCulture, $"one spread above the largest of {normal.Count} normal score(s) (no synthetic defect could be planted){shift}"));
        }

        // A quarter of the way from the mean held-out normal score towards the weakest synthetic defects (their 10th percentile):
        // a part is flagged once it deviates clearly more than normal parts typically do, well before it deviates as much as a small
        // planted defect. Chosen by the decision F1 over the development categories (docs/accuracy.md): planted defects are easier
        // than real ones, and a threshold at the largest normal score, or one spread above it, missed most real defects there.
        double mean = normal.Average();
        double threshold = TowardsWeakDefects(mean, defects) + (margin * spread);
        return (threshold, string.Create(CultureInfo.InvariantCulture, $"a quarter of the way from the mean of {normal.Count} held-out normal scores to the 10th percentile of {defects.Count} synthetic-defect scores{shift}"));
    }

    /// <summary>The point a quarter of the way from <paramref name="mean"/> (of the normal scores) to the 10th percentile of the
    /// synthetic-defect scores: the rule's threshold before any margin (also applied to fused view scores by
    /// <see cref="ViewFusionThreshold"/>).</summary>
    /// <param name="mean">The mean normal score.</param>
    /// <param name="defects">The synthetic-defect scores (at least one).</param>
    /// <returns>The threshold.</returns>
    public static double TowardsWeakDefects(double mean, IReadOnlyList<double> defects)
    {
        double[] sorted = [.. defects.Order()];
        double weakDefect = sorted[(int)Math.Floor((sorted.Length - 1) * WeakDefectQuantile)];
        return mean + (TowardsDefects * (weakDefect - mean));
    }
}
