using Customizable.Vlm.Evaluation.Metrics;

namespace Customizable.Vlm.Evaluation;

/// <summary>The metrics of one evaluation run (one category): what <c>metrics.json</c> holds. Undefined metrics are null.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class EvaluationMetrics
{
    /// <summary>Gets the category.</summary>
    public required string Category { get; init; }

    /// <summary>Gets the dataset layout's command-line name (<c>mvtec</c>, <c>mvtec3d</c>, <c>loco</c>, <c>manifest</c>).</summary>
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

    /// <summary>Gets the accuracy of the reasoner's own decisions, in [0, 1].</summary>
    public double? Accuracy { get; init; }

    /// <summary>Gets the counts of the reasoner's own decisions.</summary>
    public ConfusionCounts Confusion { get; init; }

    /// <summary>Gets the pixel AUROC in [0, 1]; null without masks or without anomaly maps.</summary>
    public double? PixelAuroc { get; init; }

    /// <summary>Gets the normalised AU-PRO in [0, 1] up to <see cref="AuProFalsePositiveRateLimit"/>; null without masks or maps.</summary>
    public double? AuPro { get; init; }

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
}
