namespace Customizable.Vlm.Onnx;

/// <summary>Raised when an ONNX model file does not exist where it was expected.</summary>
public class OnnxModelNotFoundException : OnnxBackendException
{
    /// <summary>Creates the exception with a default message.</summary>
    public OnnxModelNotFoundException()
        : base("The ONNX model file was not found.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Where the model was looked for and how to fix it.</param>
    public OnnxModelNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    /// <param name="message">Where the model was looked for and how to fix it.</param>
    /// <param name="innerException">The underlying error.</param>
    public OnnxModelNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a model path.</summary>
    /// <param name="modelPath">The first (or only) path that was looked at.</param>
    /// <param name="message">Where the model was looked for and how to fix it.</param>
    public OnnxModelNotFoundException(string modelPath, string message)
        : base(message)
    {
        ModelPath = modelPath;
    }

    /// <summary>Gets the path of the missing model, when known.</summary>
    public string? ModelPath { get; }
}
