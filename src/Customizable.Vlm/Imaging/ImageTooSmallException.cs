namespace Customizable.Vlm.Imaging;

/// <summary>
/// An image is smaller than <see cref="ImageLoadOptions.MinWidth"/> or <see cref="ImageLoadOptions.MinHeight"/>: too small for the
/// model to see anything in it, so it is refused instead of being scored.
/// </summary>
/// <remarks>The message names the source, the size (as displayed, in pixels) and the configured minimum.</remarks>
public class ImageTooSmallException : InvalidObservationException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public ImageTooSmallException()
        : base("The image is smaller than the configured minimum.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public ImageTooSmallException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying cause.</param>
    public ImageTooSmallException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance naming the source, its size and the minimum it missed.</summary>
    /// <param name="sourceName">The file path or caller-given name of the image; may be null when unknown.</param>
    /// <param name="width">The image width in pixels, as displayed.</param>
    /// <param name="height">The image height in pixels, as displayed.</param>
    /// <param name="minWidth">The configured minimum width in pixels.</param>
    /// <param name="minHeight">The configured minimum height in pixels.</param>
    public ImageTooSmallException(string? sourceName, int width, int height, int minWidth, int minHeight)
        : base(sourceName, $"The image is {width}x{height} pixels, smaller than the accepted minimum of {minWidth}x{minHeight} (ImageLoadOptions.MinWidth/MinHeight).", null)
    {
        Width = width;
        Height = height;
        MinWidth = minWidth;
        MinHeight = minHeight;
    }

    /// <summary>Gets the image width in pixels, as displayed (0 when not given).</summary>
    public int Width { get; }

    /// <summary>Gets the image height in pixels, as displayed (0 when not given).</summary>
    public int Height { get; }

    /// <summary>Gets the configured minimum width in pixels (0 when not given).</summary>
    public int MinWidth { get; }

    /// <summary>Gets the configured minimum height in pixels (0 when not given).</summary>
    public int MinHeight { get; }
}
