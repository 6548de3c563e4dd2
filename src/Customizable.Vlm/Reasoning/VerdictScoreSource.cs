namespace Customizable.Vlm.Reasoning;

/// <summary>Where the <see cref="AnomalyVerdict.Score"/> of a generative reasoner's verdict comes from; stored under
/// <see cref="VerdictPropertyNames.ScoreSource"/> in <see cref="AnomalyVerdict.AdditionalProperties"/>.</summary>
/// <remarks>Every source keeps the verdict's contract: the score is in [0, 1] and is at least 0.5 exactly when the verdict says anomalous.</remarks>
public enum VerdictScoreSource
{
    /// <summary>No decision could be read; the score is 0.5 and carries no information.</summary>
    None = 0,

    /// <summary>Only a hard label was given: 1.0 for anomalous, 0.0 for normal. Ties are frequent, so AUROC over such scores equals
    /// the balanced accuracy of the labels.</summary>
    HardLabel = 1,

    /// <summary>The model's self-reported confidence <c>c</c> in its own answer, in [0, 1], mapped around 0.5:
    /// <c>0.5 + c / 2</c> for anomalous and <c>0.5 - c / 2</c> (just below 0.5 at <c>c = 0</c>) for normal.</summary>
    SelfReportedConfidence = 2,

    /// <summary>The model's self-reported anomaly score or probability in [0, 1], used as is.</summary>
    SelfReportedScore = 3,

    /// <summary>The probability a local model assigns to the "anomalous" answer at its decision token (read from its logits).</summary>
    TokenProbability = 4,

    /// <summary>A measured score (feature distances), e.g. kept by a hybrid reasoner while the language model explains.</summary>
    Measured = 5,
}
