namespace Customizable.Vlm.Evaluation;

/// <summary>The clip metrics of a run (see <see cref="ClipScoring.Compute"/>).</summary>
/// <param name="PerClip">Per clip, in ordinal order of its name.</param>
/// <param name="MeanAuroc">The mean of the defined per-clip AUROCs, or null.</param>
/// <param name="MeanSmoothedAuroc">The mean of the defined smoothed per-clip AUROCs, or null.</param>
/// <param name="SmoothedPooledAuroc">The AUROC of every clip's smoothed frame scores pooled, or null without smoothing.</param>
internal sealed record ClipSummary(IReadOnlyDictionary<string, ClipMetrics> PerClip, double? MeanAuroc, double? MeanSmoothedAuroc, double? SmoothedPooledAuroc);
