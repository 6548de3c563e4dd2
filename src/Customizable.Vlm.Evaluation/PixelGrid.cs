namespace Customizable.Vlm.Evaluation;

/// <summary>Resamples anomaly maps and ground-truth masks onto the evaluation grid (a longer side of at most N pixels).</summary>
internal static class PixelGrid
{
    /// <summary>The grid size for a source of <paramref name="width"/> x <paramref name="height"/>; 0 keeps the source size.</summary>
    public static (int Width, int Height) Size(int width, int height, int maxSide)
    {
        if (maxSide <= 0 || Math.Max(width, height) <= maxSide)
        {
            return (width, height);
        }

        double scale = (double)maxSide / Math.Max(width, height);
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    /// <summary>Box-averages a map onto the grid (each target pixel is the mean of the source pixels it covers).</summary>
    public static float[] Average(ReadOnlySpan<float> source, int sourceWidth, int sourceHeight, int width, int height)
    {
        if (sourceWidth == width && sourceHeight == height)
        {
            return source.ToArray();
        }

        float[] result = new float[width * height];
        for (int y = 0; y < height; y++)
        {
            (int y0, int y1) = Span(y, height, sourceHeight);
            for (int x = 0; x < width; x++)
            {
                (int x0, int x1) = Span(x, width, sourceWidth);
                double sum = 0;
                for (int sy = y0; sy < y1; sy++)
                {
                    for (int sx = x0; sx < x1; sx++)
                    {
                        sum += source[(sy * sourceWidth) + sx];
                    }
                }

                result[(y * width) + x] = (float)(sum / ((y1 - y0) * (x1 - x0)));
            }
        }

        return result;
    }

    /// <summary>Resamples a mask onto the grid: a target pixel is anomalous when at least half of the source pixels it covers are.</summary>
    public static bool[] Vote(ReadOnlySpan<bool> source, int sourceWidth, int sourceHeight, int width, int height)
    {
        if (sourceWidth == width && sourceHeight == height)
        {
            return source.ToArray();
        }

        bool[] result = new bool[width * height];
        for (int y = 0; y < height; y++)
        {
            (int y0, int y1) = Span(y, height, sourceHeight);
            for (int x = 0; x < width; x++)
            {
                (int x0, int x1) = Span(x, width, sourceWidth);
                int set = 0;
                for (int sy = y0; sy < y1; sy++)
                {
                    for (int sx = x0; sx < x1; sx++)
                    {
                        set += source[(sy * sourceWidth) + sx] ? 1 : 0;
                    }
                }

                result[(y * width) + x] = 2 * set >= (y1 - y0) * (x1 - x0);
            }
        }

        return result;
    }

    /// <summary>The source pixels [start, end) covered by target pixel <paramref name="index"/> (at least one).</summary>
    private static (int Start, int End) Span(int index, int target, int source)
    {
        int start = (int)((long)index * source / target);
        int end = (int)((long)(index + 1) * source / target);
        return (Math.Min(start, source - 1), Math.Max(end, start + 1));
    }
}
