namespace Customizable.Vlm.OnnxGenAI;

/// <summary>
/// Base type of the errors raised by the ONNX Runtime GenAI reasoner (model folders that cannot be loaded, execution providers
/// that cannot be used, inputs the model rejects). Catch it to handle every failure of this backend at once.
/// </summary>
public class GenAIException : CustomizableVlmException
{
    /// <summary>Creates the exception with a default message.</summary>
    public GenAIException()
        : base("The ONNX Runtime GenAI reasoner failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and, where possible, how to fix it.</param>
    public GenAIException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    /// <param name="message">What went wrong and, where possible, how to fix it.</param>
    /// <param name="innerException">The underlying error (often an <c>OnnxRuntimeGenAIException</c>).</param>
    public GenAIException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
