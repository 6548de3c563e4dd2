namespace Customizable.Vlm;

/// <summary>What parts of an <see cref="AnomalyPrompt"/> a reasoner reads, so that the inspector builds only those.</summary>
/// <remarks>Declared through <see cref="AnomalyReasonerMetadata.Inputs"/>. A reasoner that declares nothing is assumed to read
/// everything (<see cref="All"/>).</remarks>
[Flags]
public enum AnomalyReasonerInputs
{
    /// <summary>Nothing beyond the spec and the query views (always present on a prompt).</summary>
    None = 0,

    /// <summary>The rendered prompt text (task, class context, rules, captions, instructions).</summary>
    PromptText = 1,

    /// <summary>Images of the normal references among <see cref="AnomalyPrompt.Parts"/>.</summary>
    ReferenceImages = 2,

    /// <summary>Images of the query among <see cref="AnomalyPrompt.Parts"/> (as opposed to <see cref="AnomalyPrompt.QueryViews"/>, always present).</summary>
    QueryImages = 4,

    /// <summary>The precomputed <see cref="AnomalyPrompt.ReferenceModel"/> of the profile.</summary>
    ReferenceModel = 8,

    /// <summary>Everything: what a prompt-reading vision-language model needs, and the default for reasoners that declare nothing.</summary>
    All = PromptText | ReferenceImages | QueryImages | ReferenceModel,
}
