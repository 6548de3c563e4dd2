namespace Customizable.Vlm.Onnx;

/// <summary>
/// Raised when an ONNX graph cannot be edited as requested, for example when a requested feature output names a
/// value that no node of the graph produces. <see cref="AvailableNames"/> lists the names that can be used instead.
/// </summary>
public class OnnxGraphException : OnnxBackendException
{
    /// <summary>Creates the exception with a default message.</summary>
    public OnnxGraphException()
        : base("The ONNX graph could not be edited.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What could not be done.</param>
    public OnnxGraphException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    /// <param name="message">What could not be done.</param>
    /// <param name="innerException">The underlying error.</param>
    public OnnxGraphException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message and the names that would have been valid.</summary>
    /// <param name="message">What could not be done.</param>
    /// <param name="availableNames">Names of values the graph does produce.</param>
    public OnnxGraphException(string message, IReadOnlyList<string> availableNames)
        : base(message)
    {
        AvailableNames = availableNames ?? [];
    }

    /// <summary>Gets the names of the values that could be requested instead (empty when not applicable).</summary>
    public IReadOnlyList<string> AvailableNames { get; } = [];
}
