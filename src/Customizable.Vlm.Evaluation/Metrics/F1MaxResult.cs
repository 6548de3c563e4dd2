namespace Customizable.Vlm.Evaluation.Metrics;

/// <summary>The best F1 score over all decision thresholds and the threshold that reaches it.</summary>
/// <param name="F1">The largest F1 score, in [0, 1].</param>
/// <param name="Threshold">The smallest score flagged as anomalous at that F1 (items with score &gt;= threshold are positive), on the
/// scores' own scale. When several thresholds reach the same F1 the highest one is reported.</param>
public readonly record struct F1MaxResult(double F1, double Threshold);
