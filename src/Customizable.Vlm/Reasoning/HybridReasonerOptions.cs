using Customizable.Vlm.Prompting;

namespace Customizable.Vlm.Reasoning;

/// <summary>Options of a <see cref="HybridReasoner"/>.</summary>
/// <remarks>A mutable options class: configure it, then hand it to the reasoner, which keeps a validated copy.</remarks>
public sealed class HybridReasonerOptions
{
    /// <summary>The default of <see cref="EvidenceInstruction"/>.</summary>
    public const string DefaultEvidenceInstruction =
        "These measurements come from comparing the query with the normal references pixel by pixel. Use them as evidence, " +
        "but judge from the images yourself: say where and what the defect is, or why the part is normal.";

    /// <summary>Gets or sets which evidence images are added to the explainer's prompt. Default <see cref="HybridEvidenceImages.HeatMapOverlay"/>.</summary>
    public HybridEvidenceImages EvidenceImages { get; set; } = HybridEvidenceImages.HeatMapOverlay;

    /// <summary>Gets or sets the heat map's opacity in [0, 1] in the overlay image. Default 0.45.</summary>
    public double OverlayOpacity { get; set; } = 0.45;

    /// <summary>Gets or sets the longest side, in pixels, of each evidence image, in [32, 8192]; a larger overlay or close-up is
    /// downscaled the way <see cref="DefaultPromptComposer"/> downscales its images (area average, aspect kept, never enlarged).
    /// Default <see cref="PromptComposerOptions.DefaultMaxImageSide"/> (1024), the composer's default; set it to the composer's
    /// <see cref="PromptComposerOptions.MaxImageSide"/> when that differs.</summary>
    public int MaxEvidenceImageSide { get; set; } = PromptComposerOptions.DefaultMaxImageSide;

    /// <summary>Gets or sets how many regions (strongest first) are described in the evidence text, 0 or more. Default 3.</summary>
    public int MaxRegionsInEvidence { get; set; } = 3;

    /// <summary>Gets or sets the sentence that closes the evidence text and tells the model how to use it.</summary>
    public string EvidenceInstruction { get; set; } = DefaultEvidenceInstruction;

    /// <summary>Gets or sets whether the explainer is asked when the measurement finds the query normal (true, the default: a
    /// disagreement can only be detected then). False saves one model call per normal query; its verdict is then the measured one
    /// and <see cref="HybridVerdictDetails.Disagreement"/> is null.</summary>
    public bool ExplainNormalVerdicts { get; set; } = true;

    /// <summary>Gets or sets what happens when the explainer fails. Default <see cref="HybridExplainerFailure.Throw"/>.</summary>
    public HybridExplainerFailure ExplainerFailure { get; set; } = HybridExplainerFailure.Throw;

    /// <summary>Returns a copy.</summary>
    /// <returns>The copy.</returns>
    public HybridReasonerOptions Clone() => (HybridReasonerOptions)MemberwiseClone();

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentException">The instruction is null.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(OverlayOpacity, 0, nameof(OverlayOpacity));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(OverlayOpacity, 1, nameof(OverlayOpacity));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRegionsInEvidence, nameof(MaxRegionsInEvidence));
        PromptComposerOptions.ValidateImageSide(MaxEvidenceImageSide, nameof(MaxEvidenceImageSide));
        if (EvidenceInstruction is null)
        {
            throw new ArgumentException("The evidence instruction must not be null (use an empty string for none).", nameof(EvidenceInstruction));
        }

        if (!Enum.IsDefined(ExplainerFailure))
        {
            throw new ArgumentOutOfRangeException(nameof(ExplainerFailure), ExplainerFailure, "Unknown failure mode.");
        }
    }
}
