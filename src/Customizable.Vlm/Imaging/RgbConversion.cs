using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Imaging;

/// <summary>Row converters from the library's pixel formats to tightly packed RGB, with alpha compositing.</summary>
internal static class RgbConversion
{
    /// <summary>Converts one row of <paramref name="format"/> pixels to RGB.</summary>
    /// <param name="configuration">The ImageSharp configuration (for vectorized conversions).</param>
    /// <param name="format">The source layout.</param>
    /// <param name="source">Exactly <c>width * bytesPerPixel</c> bytes.</param>
    /// <param name="destination">Exactly <c>width * 3</c> bytes.</param>
    /// <param name="background">The colour alpha is composited over.</param>
    public static void ConvertRow(Configuration configuration, PixelFormat format, ReadOnlySpan<byte> source, Span<byte> destination, RgbColor background)
    {
        switch (format)
        {
            case PixelFormat.Rgb24:
                source.CopyTo(destination);
                break;
            case PixelFormat.Bgr24:
                PixelOperations<Bgr24>.Instance.ToRgb24(configuration, MemoryMarshal.Cast<byte, Bgr24>(source), MemoryMarshal.Cast<byte, Rgb24>(destination));
                break;
            case PixelFormat.Gray8:
                PixelOperations<L8>.Instance.ToRgb24(configuration, MemoryMarshal.Cast<byte, L8>(source), MemoryMarshal.Cast<byte, Rgb24>(destination));
                break;
            case PixelFormat.Rgba32:
                Composite(source, destination, 0, 2, background);
                break;
            case PixelFormat.Bgra32:
                Composite(source, destination, 2, 0, background);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown pixel format.");
        }
    }

    /// <summary>Composites a row of straight-alpha RGBA pixels over <paramref name="background"/>.</summary>
    /// <param name="source">The pixels.</param>
    /// <param name="destination">Exactly <c>source.Length * 3</c> bytes.</param>
    /// <param name="background">The colour alpha is composited over.</param>
    public static void Composite(ReadOnlySpan<Rgba32> source, Span<byte> destination, RgbColor background) =>
        Composite(MemoryMarshal.AsBytes(source), destination, 0, 2, background);

    private static void Composite(ReadOnlySpan<byte> source, Span<byte> destination, int redOffset, int blueOffset, RgbColor background)
    {
        int width = source.Length / 4;
        if (destination.Length < width * 3)
        {
            throw new ArgumentException("The destination row is too short.", nameof(destination));
        }

        for (int i = 0, s = 0, d = 0; i < width; i++, s += 4, d += 3)
        {
            int a = source[s + 3];
            byte r = source[s + redOffset];
            byte g = source[s + 1];
            byte b = source[s + blueOffset];
            if (a == 255)
            {
                destination[d] = r;
                destination[d + 1] = g;
                destination[d + 2] = b;
            }
            else
            {
                destination[d] = Blend(r, background.R, a);
                destination[d + 1] = Blend(g, background.G, a);
                destination[d + 2] = Blend(b, background.B, a);
            }
        }
    }

    /// <summary>Returns <c>round((c * a + bg * (255 - a)) / 255)</c> without a division.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Blend(byte colour, byte background, int alpha)
    {
        int x = (colour * alpha) + (background * (255 - alpha)) + 128;
        return (byte)((x + (x >> 8)) >> 8);
    }
}
