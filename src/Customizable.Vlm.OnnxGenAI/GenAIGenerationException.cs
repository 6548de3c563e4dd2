namespace Customizable.Vlm.OnnxGenAI;

/// <summary>
/// Raised when the model rejects a prompt or fails while answering: the multimodal processor refuses the rendered prompt and its
/// images, the model's inputs do not fit its graphs (<see cref="GenAIGenerationStage.SetInputs"/>), or a decoding step fails.
/// The reasoner stays usable: the failed generator is released and never touched again.
/// </summary>
public class GenAIGenerationException : GenAIException
{
    /// <summary>Creates the exception with a default message.</summary>
    public GenAIGenerationException()
        : base("ONNX Runtime GenAI failed to generate an answer.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public GenAIGenerationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The error ONNX Runtime GenAI reported.</param>
    public GenAIGenerationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a stage of the pipeline.</summary>
    /// <param name="stage">Where it failed.</param>
    /// <param name="inputTokenCount">The number of input ids the processor produced, or null when unknown.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The error ONNX Runtime GenAI reported, or null.</param>
    public GenAIGenerationException(GenAIGenerationStage stage, int? inputTokenCount, string message, Exception? innerException)
        : base(message, innerException)
    {
        Stage = stage;
        InputTokenCount = inputTokenCount;
    }

    /// <summary>Gets the step that failed.</summary>
    public GenAIGenerationStage Stage { get; }

    /// <summary>Gets the number of input ids (text tokens plus image placeholder tokens) the processor produced, or null when the
    /// failure came before processing or the count could not be read.</summary>
    public int? InputTokenCount { get; }

    /// <summary>Gets the number of answer tokens generated before the failure (0 when it failed before generation).</summary>
    public int GeneratedTokenCount { get; init; }
}
