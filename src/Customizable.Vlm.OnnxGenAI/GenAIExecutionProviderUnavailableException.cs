namespace Customizable.Vlm.OnnxGenAI;

/// <summary>
/// Raised when CUDA was requested, cannot be used, and falling back to the CPU is not allowed
/// (<see cref="GenAIReasonerOptions.AllowCpuFallback"/> is <see langword="false"/>).
/// </summary>
public class GenAIExecutionProviderUnavailableException : GenAIException
{
    /// <summary>Creates the exception with a default message.</summary>
    public GenAIExecutionProviderUnavailableException()
        : base("The requested ONNX Runtime GenAI execution provider is not available.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    public GenAIExecutionProviderUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    /// <param name="innerException">The error ONNX Runtime GenAI reported.</param>
    public GenAIExecutionProviderUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
