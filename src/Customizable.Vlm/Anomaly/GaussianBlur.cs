using System.Buffers;
using System.Numerics.Tensors;

namespace Customizable.Vlm.Anomaly;

/// <summary>Separable Gaussian smoothing of a single-channel float map (borders replicate the edge value).</summary>
/// <remarks>Stateless and thread-safe. Both passes run as whole-row multiply-adds (<see cref="TensorPrimitives"/>, SIMD), one call
/// per kernel tap; the only scratch memory is rented from <see cref="ArrayPool{T}.Shared"/>, so a call allocates nothing.</remarks>
internal static class GaussianBlur
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

        int radius = (int)Math.Min(Math.Max(1, Math.Ceiling(3 * sigma)), 1 << 20);
        int length = width * height;
        float[] taps = ArrayPool<float>.Shared.Rent((2 * radius) + 1);
        float[] padded = ArrayPool<float>.Shared.Rent(width + (2 * radius));
        float[] rows = ArrayPool<float>.Shared.Rent(length);
        try
        {
            Span<float> kernel = taps.AsSpan(0, (2 * radius) + 1);
            FillKernel(kernel, sigma);

            // Horizontal pass: each row, edge-replicated into a padded line, becomes the sum over taps of weight * shifted line.
            Span<float> line = padded.AsSpan(0, width + (2 * radius));
            Span<float> horizontal = rows.AsSpan(0, length);
            for (int y = 0; y < height; y++)
            {
                Span<float> row = map.Slice(y * width, width);
                line[..radius].Fill(row[0]);
                row.CopyTo(line.Slice(radius, width));
                line[(radius + width)..].Fill(row[width - 1]);
                Span<float> target = horizontal.Slice(y * width, width);
                TensorPrimitives.Multiply(line[..width], kernel[0], target);
                for (int k = 1; k < kernel.Length; k++)
                {
                    TensorPrimitives.MultiplyAdd(line.Slice(k, width), kernel[k], target, target);
                }
            }

            // Vertical pass: each output row is the weighted sum of whole source rows (clamped at the top and bottom).
            for (int y = 0; y < height; y++)
            {
                Span<float> target = map.Slice(y * width, width);
                TensorPrimitives.Multiply(horizontal.Slice(Math.Clamp(y - radius, 0, height - 1) * width, width), kernel[0], target);
                for (int k = 1; k < kernel.Length; k++)
                {
                    int source = Math.Clamp(y + k - radius, 0, height - 1);
                    TensorPrimitives.MultiplyAdd(horizontal.Slice(source * width, width), kernel[k], target, target);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(taps);
            ArrayPool<float>.Shared.Return(padded);
            ArrayPool<float>.Shared.Return(rows);
        }
    }

    /// <summary>Writes the normalised weights of a Gaussian of <paramref name="sigma"/> over <c>kernel.Length</c> taps (centred).</summary>
    internal static void FillKernel(Span<float> kernel, double sigma)
    {
        int radius = kernel.Length / 2;
        double sum = 0;
        for (int i = -radius; i <= radius; i++)
        {
            sum += Math.Exp(-(i * i) / (2 * sigma * sigma));
        }

        for (int i = -radius; i <= radius; i++)
        {
            kernel[i + radius] = (float)(Math.Exp(-(i * i) / (2 * sigma * sigma)) / sum);
        }
    }
}
