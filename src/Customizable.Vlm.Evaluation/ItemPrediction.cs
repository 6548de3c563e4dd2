namespace Customizable.Vlm.Evaluation;

/// <summary>The verdict on one test item, as kept for metrics and reports.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ItemPrediction
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="item">The test item.</param>
    /// <param name="score">The verdict's score in [0, 1] (0.5 = threshold).</param>
    /// <param name="isAnomalous">The reasoner's decision.</param>
    /// <param name="milliseconds">The wall-clock time of the inspection (decoding included), in milliseconds.</param>
    /// <param name="reasoning">The verdict's reasoning text.</param>
    /// <param name="evidence">The anomaly map (and ground truth) on the evaluation grid, or null when the reasoner made no map.</param>
    public ItemPrediction(Datasets.DatasetItem item, double score, bool isAnomalous, double milliseconds, string reasoning, PixelEvidence? evidence)
    {
        ArgumentNullException.ThrowIfNull(item);
        Item = item;
        Score = score;
        IsAnomalous = isAnomalous;
        Milliseconds = milliseconds;
        Reasoning = reasoning ?? string.Empty;
        Evidence = evidence;
    }

    /// <summary>Gets the test item.</summary>
    public Datasets.DatasetItem Item { get; }

    /// <summary>Gets the score in [0, 1]; 0.5 is the reasoner's threshold.</summary>
    public double Score { get; }

    /// <summary>Gets the reasoner's decision (its <see cref="AnomalyVerdict.IsAnomalous"/>, or score &gt;= 0.5 when that is unknown).</summary>
    public bool IsAnomalous { get; }

    /// <summary>Gets the inspection time in milliseconds (decoding included, customization excluded).</summary>
    public double Milliseconds { get; }

    /// <summary>Gets the reasoning text.</summary>
    public string Reasoning { get; }

    /// <summary>Gets the anomaly map on the evaluation grid, or null.</summary>
    public PixelEvidence? Evidence { get; }

    /// <summary>Gets whether the decision is wrong.</summary>
    public bool IsError => IsAnomalous != Item.IsAnomalous;
}
