using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Onnx;

/// <summary>What the embedded reasoner's self-tuning chose at customization and the evidence for it: the configurations tried on
/// held-out references with planted synthetic defects, and the decision threshold set between their scores.</summary>
/// <remarks>Immutable and thread-safe. Stored in the reference model (and so in saved profiles).</remarks>
public sealed class FeatureTuningReport
{
    /// <summary>Initializes a new report.</summary>
    /// <param name="resizeMode">The chosen (or pinned) resize mode.</param>
    /// <param name="normalizeFeatures">The chosen (or pinned) normalisation.</param>
    /// <param name="candidates">The configurations tried, in the order they were tried (empty when nothing was left to choose).</param>
    /// <param name="heldOutReferences">How many references were held out to score.</param>
    /// <param name="syntheticDefects">How many synthetic defects were planted per configuration.</param>
    /// <param name="elapsed">Time spent choosing.</param>
    /// <param name="budgetExhausted">Whether the budget ran out before every candidate was tried.</param>
    /// <param name="thresholds">Per view slot, the evidence behind the decision threshold.</param>
    public FeatureTuningReport(TensorResizeMode resizeMode, bool normalizeFeatures, IReadOnlyList<FeatureTuningCandidate> candidates, int heldOutReferences, int syntheticDefects, TimeSpan elapsed, bool budgetExhausted, IReadOnlyList<FeatureThresholdEvidence> thresholds)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(thresholds);
        ResizeMode = resizeMode;
        NormalizeFeatures = normalizeFeatures;
        Candidates = [.. candidates];
        HeldOutReferences = heldOutReferences;
        SyntheticDefects = syntheticDefects;
        Elapsed = elapsed;
        BudgetExhausted = budgetExhausted;
        Thresholds = [.. thresholds];
    }

    /// <summary>Gets the resize mode the model uses.</summary>
    public TensorResizeMode ResizeMode { get; }

    /// <summary>Gets whether the model scales patch features to unit length.</summary>
    public bool NormalizeFeatures { get; }

    /// <summary>Gets a short name of the settings used, such as <c>center-crop+raw</c>.</summary>
    public string Chosen => new Tuning.FeatureSettings(ResizeMode, NormalizeFeatures).Name;

    /// <summary>Gets the configurations tried, in the order they were tried; empty when every setting was pinned (or the budget
    /// was zero).</summary>
    public IReadOnlyList<FeatureTuningCandidate> Candidates { get; }

    /// <summary>Gets how many references were held out and scored against the others while choosing.</summary>
    public int HeldOutReferences { get; }

    /// <summary>Gets how many synthetic defects were planted per configuration while choosing.</summary>
    public int SyntheticDefects { get; }

    /// <summary>Gets the time spent choosing.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Gets whether the time budget ran out before every candidate was tried.</summary>
    public bool BudgetExhausted { get; }

    /// <summary>Gets, per view slot, the scores the decision threshold was set between.</summary>
    public IReadOnlyList<FeatureThresholdEvidence> Thresholds { get; }
}
