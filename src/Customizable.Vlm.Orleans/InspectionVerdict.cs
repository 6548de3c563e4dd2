using System.Globalization;

namespace Customizable.Vlm.Orleans;

/// <summary>The verdict of an inspection on the cluster, as it travels back to the caller: the fields of
/// <see cref="AnomalyVerdict"/> a caller acts on, with the same values as a local <see cref="AnomalyInspector.InspectAsync"/> on the
/// same profile and image (score, decision, thresholds and regions are copied, not recomputed).</summary>
/// <remarks>Serialized by Orleans; a plain data object (not thread-safe for writes, safe to share once filled). Anomaly maps, raw
/// reasoner text and other evidence stay on the silo.</remarks>
[GenerateSerializer]
public sealed class InspectionVerdict
{
    /// <summary>The score at and above which an image is anomalous: scores are calibrated so the decision threshold sits at 0.5.</summary>
    public const double DecisionThreshold = 0.5;

    /// <summary>Gets or sets the profile the image was inspected with.</summary>
    [Id(0)]
    public string ProfileName { get; set; } = string.Empty;

    /// <summary>Gets or sets the request's image name, or null.</summary>
    [Id(1)]
    public string? Name { get; set; }

    /// <summary>Gets or sets the anomaly score in [0, 1]; anomalous at and above <see cref="DecisionThreshold"/> (0.5).</summary>
    [Id(2)]
    public double Score { get; set; }

    /// <summary>Gets or sets whether the image is anomalous; null when the reasoner could not decide.</summary>
    [Id(3)]
    public bool? IsAnomalous { get; set; }

    /// <summary>Gets or sets the reasoner's raw score (for the embedded reasoner: the patch distance to the normal memory), or null when
    /// the reasoner reports none.</summary>
    [Id(4)]
    public double? RawScore { get; set; }

    /// <summary>Gets or sets the calibrated threshold on <see cref="RawScore"/> (the raw value that maps to a score of 0.5), or null.</summary>
    [Id(5)]
    public double? RawThreshold { get; set; }

    /// <summary>Gets or sets the human-readable reasoning.</summary>
    [Id(6)]
    public string Reasoning { get; set; } = string.Empty;

    /// <summary>Gets or sets the located regions, strongest first as the reasoner reported them; empty when none.</summary>
    [Id(7)]
    public IReadOnlyList<InspectionRegion> Regions { get; set; } = Array.Empty<InspectionRegion>();

    /// <summary>Gets or sets the defect type the reasoner named, or null.</summary>
    [Id(8)]
    public string? DefectType { get; set; }

    [Id(9)]
    private int _status;

    /// <summary>Gets or sets how the verdict was reached (<see cref="VerdictStatus"/>).</summary>
    public VerdictStatus Status { get => (VerdictStatus)_status; set => _status = (int)value; }

    /// <summary>Gets or sets the address of the silo that inspected the image.</summary>
    [Id(10)]
    public string Silo { get; set; } = string.Empty;

    /// <summary>Gets or sets how long the inspection took on the silo, from admission to verdict (queueing before admission excluded).</summary>
    [Id(11)]
    public TimeSpan Elapsed { get; set; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{ProfileName}/{Name}: {(IsAnomalous == true ? "anomalous" : IsAnomalous == false ? "normal" : "undecided")} {Score:0.000} ({Regions.Count} regions) on {Silo}");

    internal static InspectionVerdict From(AnomalyVerdict verdict, InspectionRequest request, string silo, TimeSpan elapsed) => new()
    {
        ProfileName = request.ProfileName,
        Name = request.Name,
        Score = verdict.Score,
        IsAnomalous = verdict.IsAnomalous,
        RawScore = Number(verdict, VerdictPropertyNames.RawScore),
        RawThreshold = Number(verdict, VerdictPropertyNames.RawThreshold),
        Reasoning = verdict.Reasoning,
        Regions = verdict.Regions.Select(InspectionRegion.From).ToArray(),
        DefectType = verdict.DefectType,
        Status = verdict.Status,
        Silo = silo,
        Elapsed = elapsed,
    };

    private static double? Number(AnomalyVerdict verdict, string key) =>
        verdict.AdditionalProperties is { } properties && properties.TryGetValue(key, out object? value) && value is not null
            ? Convert.ToDouble(value, CultureInfo.InvariantCulture)
            : null;
}
