namespace Customizable.Vlm.OnnxGenAI.Generation;

/// <summary>Why a generation ended.</summary>
internal enum GenerationStop
{
    /// <summary>The model produced its end-of-sequence token (or reached the generator's maximum length).</summary>
    EndOfSequence = 0,

    /// <summary>The token cap (<see cref="GenAIReasonerOptions.MaxNewTokens"/>) was reached.</summary>
    TokenCap = 1,
}
