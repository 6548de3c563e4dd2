namespace Customizable.Vlm;

/// <summary>Memory layout of the pixels of a <see cref="RawFrame"/>. Every format is 8 bits per channel, rows top to bottom, pixels left to right.</summary>
public enum PixelFormat
{
    /// <summary>Three bytes per pixel: red, green, blue. The format every encoder of this library produces.</summary>
    Rgb24 = 0,

    /// <summary>Three bytes per pixel: blue, green, red.</summary>
    Bgr24 = 1,

    /// <summary>Four bytes per pixel: red, green, blue, alpha (straight, not premultiplied).</summary>
    Rgba32 = 2,

    /// <summary>Four bytes per pixel: blue, green, red, alpha (straight, not premultiplied).</summary>
    Bgra32 = 3,

    /// <summary>One byte per pixel: luminance.</summary>
    Gray8 = 4,
}
