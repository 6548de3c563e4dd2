namespace Customizable.Vlm.Onnx;

/// <summary>The evidence behind one view slot's decision threshold: raw scores (smoothed patch distances) of held-out normal
/// references and of synthetic defects planted on them, and where the threshold was put.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class FeatureThresholdEvidence
{
    /// <summary>Initializes a new record.</summary>
    /// <param name="slot">The view slot.</param>
    /// <param name="normalScores">Raw scores of the held-out normal references.</param>
    /// <param name="defectScores">Raw scores of the synthetic defects (empty when none could be planted).</param>
    /// <param name="threshold">The raw score that maps to 0.5.</param>
    /// <param name="rule">How the threshold was set, in words.</param>
    public FeatureThresholdEvidence(int slot, IReadOnlyList<double> normalScores, IReadOnlyList<double> defectScores, double threshold, string rule)
    {
        ArgumentNullException.ThrowIfNull(normalScores);
        ArgumentNullException.ThrowIfNull(defectScores);
        ArgumentNullException.ThrowIfNull(rule);
        Slot = slot;
        NormalScores = [.. normalScores];
        DefectScores = [.. defectScores];
        Threshold = threshold;
        Rule = rule;
    }

    /// <summary>Gets the view slot.</summary>
    public int Slot { get; }

    /// <summary>Gets the raw scores of the held-out normal references.</summary>
    public IReadOnlyList<double> NormalScores { get; }

    /// <summary>Gets the raw scores of the synthetic defects planted on them.</summary>
    public IReadOnlyList<double> DefectScores { get; }

    /// <summary>Gets the raw score that maps to 0.5.</summary>
    public double Threshold { get; }

    /// <summary>Gets how the threshold was set, in words.</summary>
    public string Rule { get; }
}
