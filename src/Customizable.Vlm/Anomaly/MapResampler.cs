namespace Customizable.Vlm.Anomaly;

/// <summary>Bilinear resampling of single-channel float maps under an axis-aligned affine map (pixel-centre aligned).</summary>
internal static class MapResampler
{
    /// <summary>
    /// Fills <paramref name="destination"/> by sampling <paramref name="source"/> at
    /// <c>sourceX = (x + 0.5) * scaleX + offsetX - 0.5</c> (likewise for y), clamping at the borders.
    /// </summary>
    /// <param name="source">Row-major source values.</param>
    /// <param name="sourceWidth">Source width.</param>
    /// <param name="sourceHeight">Source height.</param>
    /// <param name="destination">Row-major destination values.</param>
    /// <param name="destinationWidth">Destination width.</param>
    /// <param name="destinationHeight">Destination height.</param>
    /// <param name="scaleX">Source pixels per destination pixel, horizontally.</param>
    /// <param name="scaleY">Source pixels per destination pixel, vertically.</param>
    /// <param name="offsetX">Source x (continuous, edge-based) of the destination's left edge.</param>
    /// <param name="offsetY">Source y of the destination's top edge.</param>
    public static void Resample(
        ReadOnlySpan<float> source, int sourceWidth, int sourceHeight,
        Span<float> destination, int destinationWidth, int destinationHeight,
        double scaleX, double scaleY, double offsetX = 0, double offsetY = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(destinationWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(destinationHeight, 1);
        if (source.Length < (long)sourceWidth * sourceHeight || destination.Length < (long)destinationWidth * destinationHeight)
        {
            throw new ArgumentException("A buffer is smaller than its width * height.");
        }

        int[] x0 = new int[destinationWidth];
        float[] fx = new float[destinationWidth];
        for (int x = 0; x < destinationWidth; x++)
        {
            double sx = Math.Clamp(((x + 0.5) * scaleX) + offsetX - 0.5, 0, sourceWidth - 1);
            x0[x] = Math.Min((int)sx, sourceWidth - 1);
            fx[x] = (float)(sx - x0[x]);
        }

        for (int y = 0; y < destinationHeight; y++)
        {
            double sy = Math.Clamp(((y + 0.5) * scaleY) + offsetY - 0.5, 0, sourceHeight - 1);
            int y0 = Math.Min((int)sy, sourceHeight - 1);
            int y1 = Math.Min(y0 + 1, sourceHeight - 1);
            float fy = (float)(sy - y0);
            ReadOnlySpan<float> r0 = source.Slice(y0 * sourceWidth, sourceWidth);
            ReadOnlySpan<float> r1 = source.Slice(y1 * sourceWidth, sourceWidth);
            Span<float> target = destination.Slice(y * destinationWidth, destinationWidth);
            for (int x = 0; x < destinationWidth; x++)
            {
                int a = x0[x];
                int b = Math.Min(a + 1, sourceWidth - 1);
                float top = r0[a] + ((r0[b] - r0[a]) * fx[x]);
                float bottom = r1[a] + ((r1[b] - r1[a]) * fx[x]);
                target[x] = top + ((bottom - top) * fy);
            }
        }
    }
}
