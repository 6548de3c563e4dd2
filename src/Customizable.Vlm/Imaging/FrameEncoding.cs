using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Imaging;

/// <summary>Encodes frames into PNG or JPEG bytes in memory (for sending images to remote models).</summary>
/// <remarks>Stateless and thread-safe. The encoders' settings are fixed, so the same frame gives the same bytes.</remarks>
public static class FrameEncoding
{
    private static readonly PngEncoder Png = new() { CompressionLevel = PngCompressionLevel.DefaultCompression, ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 };

    /// <summary>Encodes a frame as an 8-bit RGB PNG (lossless).</summary>
    /// <param name="frame">The pixels (any <see cref="PixelFormat"/>; alpha is composited, grey expanded to RGB).</param>
    /// <returns>The PNG file's bytes.</returns>
    public static byte[] ToPng(RawFrame frame) => Encode(frame, Png);

    /// <summary>Encodes a frame as a baseline JPEG with 4:2:0 chroma subsampling.</summary>
    /// <param name="frame">The pixels (any <see cref="PixelFormat"/>).</param>
    /// <param name="quality">The JPEG quality in [1, 100].</param>
    /// <returns>The JPEG file's bytes.</returns>
    public static byte[] ToJpeg(RawFrame frame, int quality = 90)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        return Encode(frame, new JpegEncoder { Quality = quality, ColorType = JpegColorType.YCbCrRatio420 });
    }

    private static byte[] Encode(RawFrame frame, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(frame);
        RawFrame rgb = ImageLoader.Shared.ToRgb24(frame);
        using Image<Rgb24> image = Image.LoadPixelData<Rgb24>(rgb.Pixels.Span[..(rgb.Width * rgb.Height * 3)], rgb.Width, rgb.Height);
        using var buffer = new MemoryStream();
        image.Save(buffer, encoder);
        return buffer.ToArray();
    }
}
