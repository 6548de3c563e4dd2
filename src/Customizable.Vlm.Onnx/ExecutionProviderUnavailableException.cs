namespace Customizable.Vlm.Onnx;

/// <summary>
/// Raised when the requested execution provider (CUDA) cannot be used and falling back to the CPU is not allowed
/// (<see cref="OnnxSessionOptions.AllowCpuFallback"/> is <see langword="false"/>).
/// </summary>
public class ExecutionProviderUnavailableException : OnnxBackendException
{
    /// <summary>Creates the exception with a default message.</summary>
    public ExecutionProviderUnavailableException()
        : base("The requested ONNX Runtime execution provider is not available.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    public ExecutionProviderUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    /// <param name="innerException">The error ONNX Runtime reported.</param>
    public ExecutionProviderUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a provider.</summary>
    /// <param name="provider">The provider that was requested.</param>
    /// <param name="message">What went wrong and how to fix it.</param>
    /// <param name="innerException">The error ONNX Runtime reported.</param>
    public ExecutionProviderUnavailableException(OnnxExecutionProvider provider, string message, Exception? innerException)
        : base(message, innerException)
    {
        Provider = provider;
    }

    /// <summary>Gets the execution provider that was requested but could not be used.</summary>
    public OnnxExecutionProvider Provider { get; } = OnnxExecutionProvider.Cuda;
}
