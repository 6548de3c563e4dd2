namespace Customizable.Vlm.Reasoning;

/// <summary>Keys that <see cref="HybridReasoner"/> adds to <see cref="AnomalyVerdict.AdditionalProperties"/>.</summary>
public static class HybridPropertyNames
{
    /// <summary>A nullable <see cref="bool"/>: true when the measurement and the explaining model reach different decisions, false
    /// when they agree, null when the model's decision is unknown (unreadable answer, not asked, or failed). Same as
    /// <see cref="HybridVerdictDetails.Disagreement"/>.</summary>
    public const string Disagreement = "cvlm.hybrid.disagreement";

    /// <summary>A nullable <see cref="bool"/>: the explaining model's own decision (null when unknown).</summary>
    public const string ExplainerAnomalous = "cvlm.hybrid.explainer_anomalous";

    /// <summary>A <see cref="double"/> in [0, 1]: the explaining model's own score.</summary>
    public const string ExplainerScore = "cvlm.hybrid.explainer_score";

    /// <summary>A <see cref="VerdictStatus"/>: how the explaining model's answer could be read.</summary>
    public const string ExplainerStatus = "cvlm.hybrid.explainer_status";

    /// <summary>A <see cref="string"/>: the explainer's error message, when it failed and <see cref="HybridExplainerFailure.KeepMeasured"/> is set.</summary>
    public const string ExplainerError = "cvlm.hybrid.explainer_error";
}
