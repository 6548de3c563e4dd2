namespace Customizable.Vlm.Reasoning;

/// <summary>
/// What a <see cref="HybridReasoner"/> combined: the measuring reasoner's verdict, the explaining reasoner's verdict, the prompt
/// the explainer saw, and whether the two disagree. Found in <see cref="AnomalyVerdict.RawRepresentation"/> of a hybrid verdict
/// (or through <see cref="HybridVerdictExtensions.GetHybridDetails"/>).
/// </summary>
/// <remarks>Immutable once handed over; the verdicts inside are the inner reasoners' own objects.</remarks>
public sealed class HybridVerdictDetails
{
    internal HybridVerdictDetails(AnomalyVerdict measured, AnomalyVerdict? explanation, AnomalyPrompt? explainerPrompt, string? explainerError)
    {
        Measured = measured;
        Explanation = explanation;
        ExplainerPrompt = explainerPrompt;
        ExplainerError = explainerError;
        Disagreement = measured.IsAnomalous is bool m && explanation?.IsAnomalous is bool e ? m != e : null;
    }

    /// <summary>Gets the measuring reasoner's verdict (score, decision, regions, maps).</summary>
    public AnomalyVerdict Measured { get; }

    /// <summary>Gets the explaining reasoner's verdict, or null when it was not asked or failed.</summary>
    public AnomalyVerdict? Explanation { get; }

    /// <summary>Gets the prompt sent to the explainer (the original prompt plus the measured evidence), or null when it was not asked.</summary>
    public AnomalyPrompt? ExplainerPrompt { get; }

    /// <summary>Gets the explainer's error message when it failed and the measured verdict was kept, or null.</summary>
    public string? ExplainerError { get; }

    /// <summary>Gets whether the two decisions differ: true when they do, false when they agree, null when either is unknown.</summary>
    public bool? Disagreement { get; }
}
