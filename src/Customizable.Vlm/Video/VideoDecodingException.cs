namespace Customizable.Vlm.Video;

/// <summary>A video could not be decoded: corrupt or truncated, no video stream, zero frames, or frames of differing sizes.</summary>
/// <remarks>The message names the source (file or folder path, or the caller-given name) and the reason; for files decoded by
/// ffmpeg it ends with the last lines ffmpeg wrote to its error output.</remarks>
public class VideoDecodingException : InvalidObservationException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public VideoDecodingException()
        : base("The video could not be decoded.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public VideoDecodingException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying cause.</param>
    public VideoDecodingException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance naming the source and the reason.</summary>
    /// <param name="sourceName">The path or caller-given name of the video; may be null when unknown.</param>
    /// <param name="reason">Why it could not be decoded.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public VideoDecodingException(string? sourceName, string reason, Exception? innerException)
        : base(sourceName, reason, innerException)
    {
    }
}
