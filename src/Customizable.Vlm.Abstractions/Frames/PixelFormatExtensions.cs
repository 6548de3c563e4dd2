namespace Customizable.Vlm;

/// <summary>Facts about <see cref="PixelFormat"/> values.</summary>
public static class PixelFormatExtensions
{
    /// <summary>Gets the number of bytes one pixel occupies.</summary>
    /// <param name="format">The pixel format.</param>
    /// <returns>1, 3 or 4.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="PixelFormat"/>.</exception>
    public static int BytesPerPixel(this PixelFormat format) => format switch
    {
        PixelFormat.Rgb24 or PixelFormat.Bgr24 => 3,
        PixelFormat.Rgba32 or PixelFormat.Bgra32 => 4,
        PixelFormat.Gray8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown pixel format."),
    };
}
