namespace Customizable.Vlm.Reasoning;

/// <summary>What a <see cref="HybridReasoner"/> does when its explaining reasoner fails (transport error, model error).</summary>
public enum HybridExplainerFailure
{
    /// <summary>The explainer's exception propagates (the default): a failure is never hidden.</summary>
    Throw = 0,

    /// <summary>The measured verdict is returned alone; the error message is stored under
    /// <see cref="HybridPropertyNames.ExplainerError"/> and <see cref="HybridVerdictDetails.ExplainerError"/>. Cancellation still propagates.</summary>
    KeepMeasured = 1,
}
