namespace Customizable.Vlm.Evaluation.Metrics;

/// <summary>Pixel-level localisation metrics over a whole test set.</summary>
/// <param name="Auroc">Pixel AUROC in [0, 1] over every pixel of every image; null without anomalous or without normal pixels.</param>
/// <param name="AuPro">Area under the per-region-overlap curve up to <paramref name="MaxFalsePositiveRate"/>, divided by that limit so
/// that 1 is perfect; null without ground-truth regions or without normal pixels.</param>
/// <param name="MaxFalsePositiveRate">The false-positive-rate limit of <paramref name="AuPro"/> (0.3 as in MVTec AD).</param>
/// <param name="PixelCount">The number of pixels evaluated.</param>
/// <param name="RegionCount">The number of connected ground-truth regions (8-connectivity).</param>
public readonly record struct PixelMetrics(double? Auroc, double? AuPro, double MaxFalsePositiveRate, long PixelCount, int RegionCount);
