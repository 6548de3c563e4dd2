using Customizable.Vlm.Evaluation.Datasets;

namespace Customizable.Vlm.Evaluation;

/// <summary>Everything an evaluation run produced: the metrics, the chosen references and one prediction per test item.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class EvaluationResult
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="dataset">The dataset evaluated.</param>
    /// <param name="references">The training items customized from.</param>
    /// <param name="predictions">One prediction per evaluated test item, in test order.</param>
    /// <param name="metrics">The metrics.</param>
    /// <param name="createdAt">When the run finished.</param>
    public EvaluationResult(EvaluationDataset dataset, IReadOnlyList<DatasetItem> references, IReadOnlyList<ItemPrediction> predictions, EvaluationMetrics metrics, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(metrics);
        Dataset = dataset;
        References = references;
        Predictions = predictions;
        Metrics = metrics;
        CreatedAt = createdAt;
    }

    /// <summary>Gets the dataset evaluated.</summary>
    public EvaluationDataset Dataset { get; }

    /// <summary>Gets the training items customized from.</summary>
    public IReadOnlyList<DatasetItem> References { get; }

    /// <summary>Gets one prediction per evaluated test item, in test order.</summary>
    public IReadOnlyList<ItemPrediction> Predictions { get; }

    /// <summary>Gets the metrics.</summary>
    public EvaluationMetrics Metrics { get; }

    /// <summary>Gets when the run finished (UTC).</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Gets the profile customized from <see cref="References"/> and inspected with, with whatever its reasoner chose and
    /// recorded there (for the embedded reasoner the threshold evidence); null when the result was built without it.</summary>
    public InspectionProfile? Profile { get; init; }
}
