namespace Customizable.Vlm.Onnx;

/// <summary>
/// Base type of the errors raised by the ONNX Runtime backend of Customizable.Vlm (missing models, unusable
/// execution providers, graphs that cannot be edited as asked). Catch it to handle every backend failure at once.
/// </summary>
public class OnnxBackendException : CustomizableVlmException
{
    /// <summary>Creates the exception with a default message.</summary>
    public OnnxBackendException()
        : base("The ONNX Runtime backend failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and, where possible, how to fix it.</param>
    public OnnxBackendException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    /// <param name="message">What went wrong and, where possible, how to fix it.</param>
    /// <param name="innerException">The underlying error.</param>
    public OnnxBackendException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
