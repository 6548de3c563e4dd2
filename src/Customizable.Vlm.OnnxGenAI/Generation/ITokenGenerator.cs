namespace Customizable.Vlm.OnnxGenAI.Generation;

/// <summary>One running generation, token by token: the seam between the decoding loop and ONNX Runtime GenAI's generator.</summary>
/// <remarks>Not thread-safe: one loop drives one generator.</remarks>
internal interface ITokenGenerator
{
    /// <summary>Gets whether the generator has finished (end of sequence or its maximum length).</summary>
    bool IsDone { get; }

    /// <summary>Runs one decoding step (greedy) and returns the chosen token id.</summary>
    /// <exception cref="GenAIGenerationException">The step failed.</exception>
    int GenerateNextToken();

    /// <summary>Decodes one generated token into the text it adds (may be empty for partial characters).</summary>
    string Decode(int token);

    /// <summary>Gets whether <paramref name="token"/> ends the answer (its text is not part of the answer).</summary>
    bool IsEndOfSequence(int token);

    /// <summary>Reads the logits the last token was chosen from (one row, vocabulary-sized), or null when the model does not expose them.</summary>
    float[]? ReadLastLogits();
}
