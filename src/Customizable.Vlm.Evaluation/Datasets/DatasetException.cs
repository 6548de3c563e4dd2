namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>A dataset cannot be used: unknown layout, missing folder or file, unreadable image or mask, malformed manifest, empty split.</summary>
/// <remarks>The message always names the offending path; <see cref="Path"/> carries it for programs.</remarks>
public class DatasetException : CustomizableVlmException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public DatasetException()
        : base("The dataset cannot be read.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong, naming the path.</param>
    public DatasetException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying cause.</summary>
    /// <param name="message">What went wrong, naming the path.</param>
    /// <param name="innerException">The underlying cause.</param>
    public DatasetException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance naming the offending path.</summary>
    /// <param name="path">The file or folder that is missing, unreadable or malformed.</param>
    /// <param name="message">What went wrong, in one sentence that names <paramref name="path"/>.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public DatasetException(string path, string message, Exception? innerException)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>Gets the file or folder that is missing, unreadable or malformed, or null when not known.</summary>
    public string? Path { get; }
}
