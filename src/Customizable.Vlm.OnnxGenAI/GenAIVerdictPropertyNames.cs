namespace Customizable.Vlm.OnnxGenAI;

/// <summary>
/// Keys that <see cref="GenAIAnomalyReasoner"/> adds to <see cref="AnomalyVerdict.AdditionalProperties"/>, beside the shared
/// ones of <see cref="VerdictPropertyNames"/> (score source, confidence, parse notes).
/// </summary>
public static class GenAIVerdictPropertyNames
{
    /// <summary>An <see cref="int"/>: input ids of the processed prompt (text plus image tokens), or null when unreadable.</summary>
    public const string InputTokens = "cvlm.genai.input_tokens";

    /// <summary>An <see cref="int"/>: answer tokens generated.</summary>
    public const string GeneratedTokens = "cvlm.genai.generated_tokens";

    /// <summary>A <see cref="string"/>: why generation ended, <c>end_of_sequence</c> or <c>token_cap</c> (the answer may be cut off).</summary>
    public const string StopReason = "cvlm.genai.stop_reason";

    /// <summary>An <see cref="int"/>: the number of images handed to the multimodal processor.</summary>
    public const string ImageCount = "cvlm.genai.images";

    /// <summary>A <see cref="string"/>: the execution provider that ran the model, <c>Cpu</c> or <c>Cuda</c>.</summary>
    public const string ExecutionProvider = VerdictPropertyNames.ExecutionProvider;

    /// <summary>A <see cref="string"/>: the prompt family (renderer) used, e.g. <c>phi3v</c>.</summary>
    public const string PromptFamily = "cvlm.genai.prompt_family";

    /// <summary>A <see cref="double"/> in [0, 1]: probability of the anomalous answer at the decision token, renormalised over
    /// the two answers; absent when no decision token was found or the logits could not be read.</summary>
    public const string DecisionProbability = "cvlm.genai.decision_probability";

    /// <summary>A <see cref="double"/> in [0, 1]: the probability the model gave to either answer at the decision token (low values
    /// mean the renormalised probability rests on little).</summary>
    public const string DecisionMass = "cvlm.genai.decision_mass";

    /// <summary>A <see cref="string"/>: why the decision probability was not used as the score (it disagreed with the parsed
    /// answer, or the answer was unreadable); absent when it was used or there was none.</summary>
    public const string DecisionProbabilityIgnored = "cvlm.genai.decision_probability_ignored";

    /// <summary>A <see cref="double"/>: milliseconds from preprocessing to the last token.</summary>
    public const string Milliseconds = "cvlm.genai.milliseconds";
}
