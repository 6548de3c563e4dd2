namespace Customizable.Vlm.Evaluation.Metrics;

/// <summary>Pools the per-point scores and ground-truth labels of every test cloud for the point AUROC.</summary>
/// <remarks>Not thread-safe; one per evaluation run.</remarks>
internal sealed class PointMetricsAccumulator
{
    private readonly List<double> _scores = [];
    private readonly List<bool> _labels = [];

    /// <summary>Gets the number of points added.</summary>
    public int Count => _scores.Count;

    /// <summary>Adds one cloud's points: its scores and labels (null labels: every point normal).</summary>
    public void Add(ReadOnlySpan<float> scores, bool[]? labels)
    {
        for (int i = 0; i < scores.Length; i++)
        {
            _scores.Add(float.IsNaN(scores[i]) ? 0 : scores[i]);
            _labels.Add(labels is not null && labels[i]);
        }
    }

    /// <summary>The pooled point AUROC, or null when no anomalous or no normal point was added.</summary>
    public double? Auroc() => BinaryClassificationMetrics.Auroc(_scores, _labels);
}
