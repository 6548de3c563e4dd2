namespace Customizable.Vlm.Evaluation.Metrics;

/// <summary>Counts of a binary decision against the truth, anomalous being the positive class.</summary>
/// <param name="TruePositives">Anomalous items flagged anomalous.</param>
/// <param name="FalsePositives">Normal items flagged anomalous.</param>
/// <param name="TrueNegatives">Normal items passed as normal.</param>
/// <param name="FalseNegatives">Anomalous items passed as normal.</param>
public readonly record struct ConfusionCounts(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    /// <summary>Gets the number of items counted.</summary>
    public int Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>Gets the accuracy in [0, 1], or null when nothing was counted.</summary>
    public double? Accuracy => Total == 0 ? null : (double)(TruePositives + TrueNegatives) / Total;

    /// <summary>Gets the true-positive rate (recall) in [0, 1], or null without anomalous items.</summary>
    public double? TruePositiveRate => TruePositives + FalseNegatives == 0 ? null : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>Gets the F1 score <c>2TP / (2TP + FP + FN)</c> in [0, 1], or null when there is no anomalous item and none was
    /// flagged.</summary>
    public double? F1 => (2 * TruePositives) + FalsePositives + FalseNegatives == 0 ? null : 2.0 * TruePositives / ((2.0 * TruePositives) + FalsePositives + FalseNegatives);

    /// <summary>Gets the false-positive rate in [0, 1], or null without normal items.</summary>
    public double? FalsePositiveRate => FalsePositives + TrueNegatives == 0 ? null : (double)FalsePositives / (FalsePositives + TrueNegatives);
}
