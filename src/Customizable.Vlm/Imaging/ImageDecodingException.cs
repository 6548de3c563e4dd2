namespace Customizable.Vlm.Imaging;

/// <summary>
/// Encoded image data could not be decoded: empty, truncated, corrupt, or in a format this library does not read.
/// </summary>
/// <remarks>
/// The message names the source (file path or caller-given name) and the reason; <see cref="Exception.InnerException"/> holds
/// the decoder's own exception when there was one.
/// </remarks>
public class ImageDecodingException : InvalidObservationException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public ImageDecodingException()
        : base("The image could not be decoded.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public ImageDecodingException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying cause.</param>
    public ImageDecodingException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance naming the source and the reason.</summary>
    /// <param name="sourceName">The file path or caller-given name of the image; may be null when unknown.</param>
    /// <param name="reason">Why it could not be decoded, in one sentence.</param>
    /// <param name="innerException">The decoder's exception, if any.</param>
    public ImageDecodingException(string? sourceName, string reason, Exception? innerException)
        : base(sourceName, reason, innerException)
    {
    }
}
