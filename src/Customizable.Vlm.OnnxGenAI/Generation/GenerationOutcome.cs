namespace Customizable.Vlm.OnnxGenAI.Generation;

/// <summary>The result of one decoding loop.</summary>
/// <param name="Text">The answer text (end-of-sequence tokens excluded).</param>
/// <param name="TokenCount">The number of tokens generated.</param>
/// <param name="Stop">Why generation ended.</param>
/// <param name="Decision">The logits' verdict at the decision token, or null when none was found or logits were unavailable.</param>
internal sealed record GenerationOutcome(string Text, int TokenCount, GenerationStop Stop, DecisionProbability? Decision);
