namespace Customizable.Vlm.Imaging;

/// <summary>Exact area-average downscaling of RGB frames in integer arithmetic: identical output on every machine.</summary>
/// <remarks>Each output pixel is the mean of the source area it covers, with fractional pixel coverage weighted exactly (rational
/// arithmetic, one rounding at the end). Used for prompt images, where determinism matters more than speed.</remarks>
internal static class FrameResizer
{
    /// <summary>Returns the size of a frame fitted inside a square of <paramref name="maxSide"/> (never enlarged).</summary>
    public static (int Width, int Height) FitWithin(int width, int height, int maxSide)
    {
        if (width <= maxSide && height <= maxSide)
        {
            return (width, height);
        }

        return width >= height
            ? (maxSide, Math.Max(1, (int)(((long)height * maxSide + (width / 2)) / width)))
            : (Math.Max(1, (int)(((long)width * maxSide + (height / 2)) / height)), maxSide);
    }

    /// <summary>Resamples a tightly packed RGB frame to <paramref name="width"/> x <paramref name="height"/> (down or up, area-weighted).</summary>
    public static RawFrame Resize(RawFrame rgb, int width, int height)
    {
        if (rgb.Format != PixelFormat.Rgb24)
        {
            throw new ArgumentException("The frame must be RGB.", nameof(rgb));
        }

        int sw = rgb.Width, sh = rgb.Height;
        if (sw == width && sh == height)
        {
            return rgb;
        }

        // Output rows are built one at a time from the source rows they cover; each source row is resampled horizontally once
        // (sums scaled by sw: in units where a source pixel is `width` long, one output pixel is `sw` long). Memory: two rows.
        byte[] output = new byte[(long)width * height * 3];
        long[] horizontal = new long[width * 3];
        long[] accumulator = new long[width * 3];
        int cachedRow = -1;
        long denominator = (long)sw * sh;
        for (int y = 0; y < height; y++)
        {
            Array.Clear(accumulator);
            long top = (long)y * sh, bottom = (long)(y + 1) * sh;
            for (long j = top / height; j * height < bottom && j < sh; j++)
            {
                if (j != cachedRow)
                {
                    ResampleRow(rgb.GetRow((int)j), sw, width, horizontal);
                    cachedRow = (int)j;
                }

                long weight = Math.Min(bottom, (j + 1) * height) - Math.Max(top, j * height);
                for (int x = 0; x < accumulator.Length; x++)
                {
                    accumulator[x] += weight * horizontal[x];
                }
            }

            Span<byte> destination = output.AsSpan(y * width * 3, width * 3);
            for (int x = 0; x < accumulator.Length; x++)
            {
                destination[x] = (byte)Math.Min(255, (accumulator[x] + (denominator / 2)) / denominator);
            }
        }

        return new RawFrame(width, height, PixelFormat.Rgb24, output);
    }

    private static void ResampleRow(ReadOnlySpan<byte> row, int sw, int width, long[] destination)
    {
        for (int x = 0; x < width; x++)
        {
            long start = (long)x * sw, end = (long)(x + 1) * sw;
            long r = 0, g = 0, b = 0;
            for (long i = start / width; i * width < end && i < sw; i++)
            {
                long weight = Math.Min(end, (i + 1) * width) - Math.Max(start, i * width);
                int o = (int)(i * 3);
                r += weight * row[o];
                g += weight * row[o + 1];
                b += weight * row[o + 2];
            }

            destination[x * 3] = r;
            destination[(x * 3) + 1] = g;
            destination[(x * 3) + 2] = b;
        }
    }
}
