namespace Customizable.Vlm.Video;

/// <summary>
/// Renders how a frame changed since an earlier frame as an image: each pixel is the absolute difference of the two frames' grey
/// levels, multiplied by a gain and clipped to 0..255, written to the three RGB channels (black: no change).
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class MotionImage
{
    /// <summary>Renders the motion image of <paramref name="current"/> against <paramref name="earlier"/>.</summary>
    /// <param name="current">The frame (any <see cref="PixelFormat"/> with three or four channels, or grey).</param>
    /// <param name="earlier">The earlier frame, the same size.</param>
    /// <param name="gain">The factor applied to the grey-level difference (0..255 scale) before clipping, greater than 0.</param>
    /// <returns>A tightly packed RGB frame of the same size over a fresh array.</returns>
    /// <exception cref="InvalidObservationException">The frames differ in size.</exception>
    public static RawFrame Render(RawFrame current, RawFrame earlier, float gain)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(earlier);
        if (current.Width != earlier.Width || current.Height != earlier.Height)
        {
            throw new InvalidObservationException(
                $"A video's frames change size ({earlier.Width}x{earlier.Height} then {current.Width}x{current.Height}); motion views need frames of one size.");
        }

        int width = current.Width, height = current.Height;
        byte[] pixels = new byte[checked(width * height * 3)];
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> a = current.GetRow(y), b = earlier.GetRow(y);
            Span<byte> row = pixels.AsSpan(y * width * 3, width * 3);
            for (int x = 0; x < width; x++)
            {
                float difference = MathF.Abs(Grey(a, x, current.Format) - Grey(b, x, earlier.Format)) * gain;
                byte value = (byte)Math.Min(255f, difference + 0.5f);
                row[3 * x] = value;
                row[(3 * x) + 1] = value;
                row[(3 * x) + 2] = value;
            }
        }

        return new RawFrame(width, height, PixelFormat.Rgb24, pixels);
    }

    /// <summary>The grey level (ITU-R BT.601 luma weights, 0..255) of pixel <paramref name="x"/> of a row.</summary>
    private static float Grey(ReadOnlySpan<byte> row, int x, PixelFormat format) => format switch
    {
        PixelFormat.Rgb24 => (0.299f * row[3 * x]) + (0.587f * row[(3 * x) + 1]) + (0.114f * row[(3 * x) + 2]),
        PixelFormat.Bgr24 => (0.114f * row[3 * x]) + (0.587f * row[(3 * x) + 1]) + (0.299f * row[(3 * x) + 2]),
        PixelFormat.Rgba32 => (0.299f * row[4 * x]) + (0.587f * row[(4 * x) + 1]) + (0.114f * row[(4 * x) + 2]),
        PixelFormat.Bgra32 => (0.114f * row[4 * x]) + (0.587f * row[(4 * x) + 1]) + (0.299f * row[(4 * x) + 2]),
        PixelFormat.Gray8 => row[x],
        _ => throw new NotSupportedException($"Pixel format {format} has no motion rendering."),
    };
}
