namespace Customizable.Vlm;

/// <summary>An observation (image, point cloud, video) could not be read: unreadable, truncated, hostile, empty or beyond a configured limit.</summary>
/// <remarks>The message always names the source (file name or caller-given name) and the reason.</remarks>
public class InvalidObservationException : CustomizableVlmException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public InvalidObservationException()
        : base("The observation could not be read.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public InvalidObservationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying cause.</param>
    public InvalidObservationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance naming the source and the reason.</summary>
    /// <param name="sourceName">The file name or caller-given name of the observation; may be null when unknown.</param>
    /// <param name="reason">Why it could not be read, in one sentence.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public InvalidObservationException(string? sourceName, string reason, Exception? innerException)
        : base($"'{sourceName ?? "<unnamed>"}': {reason}", innerException)
    {
        SourceName = sourceName;
        Reason = reason;
    }

    /// <summary>Gets the file name or caller-given name of the observation, if known.</summary>
    public string? SourceName { get; }

    /// <summary>Gets why the observation could not be read.</summary>
    public string? Reason { get; }
}
