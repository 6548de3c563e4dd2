using Customizable.Vlm.Evaluation.Metrics;

namespace Customizable.Vlm.Evaluation;

/// <summary>The metrics of one evaluation run (one category): what <c>metrics.json</c> holds. Undefined metrics are null.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class EvaluationMetrics
{
    /// <summary>Gets the category.</summary>
    public required string Category { get; init; }

    /// <summary>Gets the dataset layout's command-line name (<c>mvtec</c>, <c>mvtec3d</c>, <c>loco</c>, <c>manifest</c>, <c>ucsd</c>).</summary>
    public required string Layout { get; init; }

    /// <summary>Gets the number of references customized from.</summary>
    public required int Shots { get; init; }

    /// <summary>Gets the requested number of references, or null for all of them.</summary>
    public int? ShotsRequested { get; init; }

    /// <summary>Gets the seed that chose the references.</summary>
    public required int Seed { get; init; }

    /// <summary>Gets the reasoner's name.</summary>
    public required string Reasoner { get; init; }

    /// <summary>Gets a description of the reasoner and where it ran, or null.</summary>
    public string? ReasonerDescription { get; init; }

    /// <summary>Gets the number of normal test items evaluated.</summary>
    public required int NormalCount { get; init; }

    /// <summary>Gets the number of anomalous test items evaluated.</summary>
    public required int AnomalousCount { get; init; }

    /// <summary>Gets the number of test items left out because they were chosen as references (manifests only).</summary>
    public int ExcludedCount { get; init; }

    /// <summary>Gets the image AUROC in [0, 1].</summary>
    public double? ImageAuroc { get; init; }

    /// <summary>Gets the image average precision in [0, 1] (anomalous = positive).</summary>
    public double? ImageAupr { get; init; }

    /// <summary>Gets the best image F1 and its score threshold.</summary>
    public F1MaxResult? F1Max { get; init; }

    /// <summary>Gets the F1 of flagging every test item anomalous, <c>2P / (2P + N)</c> for P anomalous and N normal items, in
    /// [0, 1]; null without anomalous items. An F1-max equal to it says the scores separate nothing better than "flag everything".</summary>
    public double? F1Trivial { get; init; }

    /// <summary>Gets whether <see cref="F1Max"/> equals <see cref="F1Trivial"/> (within 1e-9): the best threshold flags everything.</summary>
    public bool F1MaxIsTrivial { get; init; }

    /// <summary>Gets the F1 of the reasoner's own decisions (<see cref="Confusion"/>), in [0, 1]; null when nothing is anomalous in
    /// truth or in the decisions.</summary>
    public double? DecisionF1 => Confusion.F1;

    /// <summary>Gets <see cref="DecisionF1"/> divided by the F1-max, in [0, 1] (how much of the best threshold's F1 the default
    /// decision reaches); null when either is undefined or the F1-max is 0.</summary>
    public double? DecisionF1ToF1MaxRatio => DecisionF1 is { } d && F1Max is { F1: > 0 } best ? d / best.F1 : null;

    /// <summary>Gets the accuracy of the reasoner's own decisions, in [0, 1].</summary>
    public double? Accuracy { get; init; }

    /// <summary>Gets the counts of the reasoner's own decisions.</summary>
    public ConfusionCounts Confusion { get; init; }

    /// <summary>Gets the pixel AUROC in [0, 1]; null without masks or without anomaly maps.</summary>
    public double? PixelAuroc { get; init; }

    /// <summary>Gets the point AUROC in [0, 1] of a point-cloud dataset: every point of every test cloud pooled, its per-point score
    /// (<see cref="AnomalyVerdict.PointScores"/>) against its ground-truth label (points of normal clouds are normal); null for image
    /// datasets and for reasoners without anomaly maps.</summary>
    public double? PointAuroc { get; init; }

    /// <summary>Gets the number of points pooled for <see cref="PointAuroc"/>; 0 when it is not computed.</summary>
    public int PointCount { get; init; }

    /// <summary>Gets the normalised AU-PRO in [0, 1] up to <see cref="AuProFalsePositiveRateLimit"/>; null without masks or maps.</summary>
    public double? AuPro { get; init; }

    /// <summary>Gets the hit rate in [0, 1]: over the anomalous test images whose ground-truth mask marks at least one pixel of the
    /// evaluation grid, the mean of whether the anomaly map's maximum lies inside the mask (read on the grid pixel AUROC uses; tied
    /// maxima count the fraction inside). Null without masks or without anomaly maps.</summary>
    public double? HitRate { get; init; }

    /// <summary>Gets the number of anomalous test images <see cref="HitRate"/> was measured on.</summary>
    public int HitRateCount { get; init; }

    /// <summary>Gets the FPR limit of <see cref="AuPro"/>.</summary>
    public double AuProFalsePositiveRateLimit { get; init; } = 0.3;

    /// <summary>Gets the longer side of the pixel-metric grid in pixels (0 = full resolution).</summary>
    public int PixelResolution { get; init; }

    /// <summary>Gets the mean inspection time per test item in milliseconds (decoding included, customization excluded).</summary>
    public double MillisecondsPerImage { get; init; }

    /// <summary>Gets the customization time in seconds (reading and encoding the references, building the reference model).</summary>
    public double CustomizeSeconds { get; init; }

    /// <summary>Gets the metrics of each anomalous defect type against all normals, in ordinal order of the type.</summary>
    public required IReadOnlyDictionary<string, DefectTypeMetrics> PerDefectType { get; init; }

    /// <summary>Gets the frame metrics of each video clip (test items with a <see cref="Datasets.DatasetItem.Clip"/>, e.g. UCSD), in
    /// ordinal order of the clip; empty for still images. <see cref="ImageAuroc"/> is then the frame AUROC of all clips' frames pooled
    /// (the "micro" AUC).</summary>
    public IReadOnlyDictionary<string, ClipMetrics> PerClip { get; init; } = new Dictionary<string, ClipMetrics>();

    /// <summary>Gets the mean of the defined per-clip frame AUROCs in [0, 1] (the "macro" AUC); null without clips.</summary>
    public double? MeanClipAuroc { get; init; }

    /// <summary>Gets the smoothing radius of the smoothed clip metrics, in evaluated frames on each side (0 = none).</summary>
    public int TemporalSmoothingRadius { get; init; }

    /// <summary>Gets the frame AUROC of all clips' frames pooled after temporal smoothing within each clip, in [0, 1]; null when
    /// <see cref="TemporalSmoothingRadius"/> is 0 or there are no clips.</summary>
    public double? SmoothedImageAuroc { get; init; }

    /// <summary>Gets the mean of the defined smoothed per-clip frame AUROCs in [0, 1]; null without smoothing or clips.</summary>
    public double? MeanSmoothedClipAuroc { get; init; }

    /// <summary>Gets the clips the pixel metrics were computed over when only some clips have masks (UCSD ships masks for some test
    /// clips); empty when the pixel metrics cover every test item or are not computed.</summary>
    public IReadOnlyList<string> PixelMetricsClips { get; init; } = [];
}
