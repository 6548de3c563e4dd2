namespace Customizable.Vlm.Anomaly;

/// <summary>Separable Gaussian smoothing of a single-channel float map (borders replicate the edge value).</summary>
public static class GaussianBlur
{
    /// <summary>Smooths <paramref name="map"/> in place.</summary>
    /// <param name="map">Row-major values, <c>width * height</c>.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="sigma">Standard deviation in pixels; 0 or less leaves the map unchanged. The kernel spans 3 sigma each side.</param>
    public static void Apply(Span<float> map, int width, int height, double sigma)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (map.Length < (long)width * height)
        {
            throw new ArgumentException("The map is smaller than width * height.", nameof(map));
        }

        if (!(sigma > 0))
        {
            return;
        }

        int radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        float[] kernel = new float[(2 * radius) + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++)
        {
            double w = Math.Exp(-(i * i) / (2 * sigma * sigma));
            kernel[i + radius] = (float)w;
            sum += w;
        }

        for (int i = 0; i < kernel.Length; i++)
        {
            kernel[i] = (float)(kernel[i] / sum);
        }

        float[] line = new float[Math.Max(width, height)];
        for (int y = 0; y < height; y++)
        {
            Span<float> row = map.Slice(y * width, width);
            row.CopyTo(line);
            for (int x = 0; x < width; x++)
            {
                float acc = 0;
                for (int k = -radius; k <= radius; k++)
                {
                    acc += kernel[k + radius] * line[Math.Clamp(x + k, 0, width - 1)];
                }

                row[x] = acc;
            }
        }

        for (int x = 0; x < width; x++)
        {
            for (int y = 0; y < height; y++)
            {
                line[y] = map[(y * width) + x];
            }

            for (int y = 0; y < height; y++)
            {
                float acc = 0;
                for (int k = -radius; k <= radius; k++)
                {
                    acc += kernel[k + radius] * line[Math.Clamp(y + k, 0, height - 1)];
                }

                map[(y * width) + x] = acc;
            }
        }
    }
}
