using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Onnx;

/// <summary>One configuration tried by the embedded reasoner's self-tuning, with what it measured on held-out references and the
/// synthetic defects planted on them.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class FeatureTuningCandidate
{
    /// <summary>Initializes a new candidate record.</summary>
    /// <param name="resizeMode">How views were fitted to the backbone input.</param>
    /// <param name="normalizeFeatures">Whether patch features were scaled to unit length.</param>
    /// <param name="syntheticAuroc">Image AUROC of the synthetic defects against the held-out normal references, in [0, 1].</param>
    /// <param name="hitRate">Fraction in [0, 1] of synthetic defects whose anomaly-map maximum fell on the defect.</param>
    /// <param name="separation">Median over the synthetic defects of their score divided by the largest held-out normal score
    /// (greater than 1 means the typical defect scores above every normal).</param>
    /// <param name="objective">The value the choice maximized (see <see cref="Objective"/>).</param>
    public FeatureTuningCandidate(TensorResizeMode resizeMode, bool normalizeFeatures, double syntheticAuroc, double hitRate, double separation, double objective)
    {
        ResizeMode = resizeMode;
        NormalizeFeatures = normalizeFeatures;
        SyntheticAuroc = syntheticAuroc;
        HitRate = hitRate;
        Separation = separation;
        Objective = objective;
    }

    /// <summary>Gets how views were fitted to the backbone input.</summary>
    public TensorResizeMode ResizeMode { get; }

    /// <summary>Gets whether patch features were scaled to unit length.</summary>
    public bool NormalizeFeatures { get; }

    /// <summary>Gets a short name such as <c>stretch+l2</c> or <c>center-crop+raw</c>.</summary>
    public string Name => new Tuning.FeatureSettings(ResizeMode, NormalizeFeatures).Name;

    /// <summary>Gets the image AUROC, in [0, 1], of the synthetic defects against the held-out normal references.</summary>
    public double SyntheticAuroc { get; }

    /// <summary>Gets the fraction, in [0, 1], of synthetic defects whose anomaly-map maximum fell on the planted defect.</summary>
    public double HitRate { get; }

    /// <summary>Gets the median over the synthetic defects of their score divided by the largest held-out normal score.</summary>
    public double Separation { get; }

    /// <summary>Gets the value the choice maximized: <c>SyntheticAuroc + 0.5 * HitRate + 0.1 * min(Separation, 3)</c>.</summary>
    public double Objective { get; }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"{Name}: synthetic AUROC {SyntheticAuroc:0.000}, hit rate {HitRate:0.00}, separation {Separation:0.00}x");
}
