namespace Customizable.Vlm.Evaluation;

/// <summary>Metrics of one defect type against all normal test items.</summary>
/// <param name="AnomalousCount">Test items of this type.</param>
/// <param name="NormalCount">Normal test items it is ranked against.</param>
/// <param name="ImageAuroc">Image AUROC of this type against the normals; null without normals.</param>
/// <param name="ImageAupr">Average precision of this type against the normals.</param>
/// <param name="Detected">Items of this type the reasoner flagged anomalous.</param>
public sealed record DefectTypeMetrics(int AnomalousCount, int NormalCount, double? ImageAuroc, double? ImageAupr, int Detected)
{
    /// <summary>Gets the fraction of this type's items flagged anomalous, in [0, 1].</summary>
    public double? DetectionRate => AnomalousCount == 0 ? null : (double)Detected / AnomalousCount;

    /// <summary>Gets the hit rate of this type's items in [0, 1] (see <see cref="EvaluationMetrics.HitRate"/>); null without masks
    /// or maps.</summary>
    public double? HitRate { get; init; }

    /// <summary>Gets the number of this type's items <see cref="HitRate"/> was measured on.</summary>
    public int HitRateCount { get; init; }
}
