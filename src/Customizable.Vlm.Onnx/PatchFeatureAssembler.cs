using System.Buffers;
using System.Numerics.Tensors;

namespace Customizable.Vlm.Onnx;

/// <summary>Turns backbone feature maps into patch features: local averaging, resampling to one grid, concatenation, optional L2
/// normalisation (of the whole feature, or of each layer's block on its own).</summary>
/// <remarks>Every step works on channel vectors (the maps are first transposed from CHW to HWC), so each operation is a SIMD
/// add or multiply-add over 128 or 256 contiguous floats. Scratch buffers come from <see cref="ArrayPool{T}.Shared"/>.</remarks>
internal static class PatchFeatureAssembler
{
    /// <summary>Writes the patches of sample <paramref name="sample"/> into <paramref name="destination"/> ([gridH * gridW, dims], patch-major).</summary>
    /// <param name="maps">The backbone's feature maps.</param>
    /// <param name="sample">The sample of the batch.</param>
    /// <param name="gridWidth">The patch grid's width.</param>
    /// <param name="gridHeight">The patch grid's height.</param>
    /// <param name="kernel">The local averaging window.</param>
    /// <param name="normalize">Whether each patch feature is scaled to unit length.</param>
    /// <param name="perLayer">With <paramref name="normalize"/>: each map's block of channels is scaled on its own to length
    /// 1/sqrt(maps), so the whole feature still has unit length and every layer weighs the same in distances (otherwise the layer
    /// with more channels and larger values dominates).</param>
    /// <param name="destination">Receives the patches.</param>
    public static void Assemble(FeatureMaps maps, int sample, int gridWidth, int gridHeight, int kernel, bool normalize, bool perLayer, Span<float> destination)
    {
        int dims = 0;
        foreach (FeatureMap map in maps.Maps)
        {
            dims += map.Channels;
        }

        int patches = gridWidth * gridHeight;
        int channelOffset = 0;
        foreach (FeatureMap map in maps.Maps)
        {
            int channels = map.Channels, width = map.Width, height = map.Height, length = map.SampleLength;
            float[] hwc = ArrayPool<float>.Shared.Rent(length);
            int boxScratch = length + (width * channels);
            float[] scratch = ArrayPool<float>.Shared.Rent(boxScratch + length);
            try
            {
                TransposeToHwc(map.GetSample(sample).Span, channels, width * height, hwc);
                if (width == gridWidth && height == gridHeight)
                {
                    BoxAverageHwc(hwc.AsSpan(0, length), width, height, channels, kernel / 2, scratch.AsSpan(0, boxScratch), destination, dims, channelOffset);
                }
                else
                {
                    Span<float> averaged = scratch.AsSpan(boxScratch, length);
                    BoxAverageHwc(hwc.AsSpan(0, length), width, height, channels, kernel / 2, scratch.AsSpan(0, boxScratch), averaged, channels, 0);
                    ResampleHwc(averaged, width, height, channels, destination, gridWidth, gridHeight, dims, channelOffset);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(hwc);
                ArrayPool<float>.Shared.Return(scratch);
            }

            channelOffset += map.Channels;
        }

        int layers = maps.Maps.Count;
        if (normalize && perLayer && layers > 1)
        {
            // The block lengths are read once: enumerating the maps inside the patch loop would allocate an enumerator per patch.
            Span<int> channels = layers <= 16 ? stackalloc int[layers] : new int[layers];
            for (int i = 0; i < layers; i++)
            {
                channels[i] = maps.Maps[i].Channels;
            }

            float blockLength = 1 / MathF.Sqrt(layers);
            for (int p = 0; p < patches; p++)
            {
                int offset = p * dims;
                foreach (int count in channels)
                {
                    Span<float> block = destination.Slice(offset, count);
                    float norm = TensorPrimitives.Norm(block);
                    if (norm > 0)
                    {
                        TensorPrimitives.Multiply(block, blockLength / norm, block);
                    }

                    offset += count;
                }
            }
        }
        else if (normalize)
        {
            for (int p = 0; p < patches; p++)
            {
                Span<float> patch = destination.Slice(p * dims, dims);
                float norm = TensorPrimitives.Norm(patch);
                if (norm > 0)
                {
                    TensorPrimitives.Multiply(patch, 1 / norm, patch);
                }
            }
        }
    }

    /// <summary>[channels, pixels] -> [pixels, channels].</summary>
    internal static void TransposeToHwc(ReadOnlySpan<float> chw, int channels, int pixels, Span<float> hwc)
    {
        // Pixel-major writes are contiguous; the reads touch one cache line per channel, reused for 16 consecutive pixels.
        for (int p = 0; p < pixels; p++)
        {
            Span<float> target = hwc.Slice(p * channels, channels);
            for (int c = 0; c < target.Length; c++)
            {
                target[c] = chw[(c * pixels) + p];
            }
        }
    }

    /// <summary>
    /// Mean over a (2 * radius + 1)^2 window clipped at the borders (averaging only the pixels that exist) of an HWC map; the
    /// result of pixel p goes to <c>destination[p * stride + offset ..][..channels]</c>.
    /// </summary>
    /// <param name="source">[height * width, channels] values.</param>
    /// <param name="width">Map width.</param>
    /// <param name="height">Map height.</param>
    /// <param name="channels">Channels per pixel.</param>
    /// <param name="radius">Window radius (0 copies).</param>
    /// <param name="scratch">At least <c>(height + 1) * width * channels</c> floats when <paramref name="radius"/> is positive, else unused.</param>
    /// <param name="destination">Receives the averages.</param>
    /// <param name="stride">Floats between consecutive pixels in <paramref name="destination"/> (at least <paramref name="channels"/>).</param>
    /// <param name="offset">Position of channel 0 within a pixel of <paramref name="destination"/>.</param>
    internal static void BoxAverageHwc(ReadOnlySpan<float> source, int width, int height, int channels, int radius, Span<float> scratch, Span<float> destination, int stride, int offset)
    {
        int pixels = width * height;
        if (radius <= 0)
        {
            for (int p = 0; p < pixels; p++)
            {
                source.Slice(p * channels, channels).CopyTo(destination.Slice((p * stride) + offset, channels));
            }

            return;
        }

        int rowLength = width * channels;
        Span<float> horizontal = scratch[..(pixels * channels)];
        Span<float> vertical = scratch.Slice(pixels * channels, rowLength);

        // Horizontal window sums: a whole row is contiguous, so "pixel x + dx" is the row shifted by dx * channels.
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<float> row = source.Slice(y * rowLength, rowLength);
            Span<float> sum = horizontal.Slice(y * rowLength, rowLength);
            row.CopyTo(sum);
            for (int dx = 1; dx <= radius && dx < width; dx++)
            {
                int shifted = (width - dx) * channels;
                TensorPrimitives.Add(sum[..shifted], row.Slice(dx * channels, shifted), sum[..shifted]);
                TensorPrimitives.Add(sum.Slice(dx * channels, shifted), row[..shifted], sum.Slice(dx * channels, shifted));
            }
        }

        // Vertical window sums of whole rows, then the division by the window's pixel count.
        for (int y = 0; y < height; y++)
        {
            int y0 = Math.Max(0, y - radius), y1 = Math.Min(height - 1, y + radius);
            horizontal.Slice(y0 * rowLength, rowLength).CopyTo(vertical);
            for (int yy = y0 + 1; yy <= y1; yy++)
            {
                TensorPrimitives.Add(vertical, horizontal.Slice(yy * rowLength, rowLength), vertical);
            }

            int rows = y1 - y0 + 1;
            for (int x = 0; x < width; x++)
            {
                int columns = Math.Min(width - 1, x + radius) - Math.Max(0, x - radius) + 1;
                TensorPrimitives.Multiply(vertical.Slice(x * channels, channels), 1f / (rows * columns), destination.Slice((((y * width) + x) * stride) + offset, channels));
            }
        }
    }

    /// <summary>
    /// Bilinear resampling (pixel-centre aligned, clamped) of an HWC map to <paramref name="gridWidth"/> x <paramref name="gridHeight"/>;
    /// grid pixel p goes to <c>destination[p * stride + offset ..][..channels]</c>.
    /// </summary>
    internal static void ResampleHwc(ReadOnlySpan<float> source, int width, int height, int channels, Span<float> destination, int gridWidth, int gridHeight, int stride, int offset)
    {
        double scaleX = (double)width / gridWidth, scaleY = (double)height / gridHeight;
        for (int gy = 0; gy < gridHeight; gy++)
        {
            (int y0, int y1, float fy) = Tap(gy, scaleY, height);
            for (int gx = 0; gx < gridWidth; gx++)
            {
                (int x0, int x1, float fx) = Tap(gx, scaleX, width);
                Span<float> target = destination.Slice((((gy * gridWidth) + gx) * stride) + offset, channels);
                TensorPrimitives.Multiply(source.Slice(((y0 * width) + x0) * channels, channels), (1 - fx) * (1 - fy), target);
                TensorPrimitives.MultiplyAdd(source.Slice(((y0 * width) + x1) * channels, channels), fx * (1 - fy), target, target);
                TensorPrimitives.MultiplyAdd(source.Slice(((y1 * width) + x0) * channels, channels), (1 - fx) * fy, target, target);
                TensorPrimitives.MultiplyAdd(source.Slice(((y1 * width) + x1) * channels, channels), fx * fy, target, target);
            }
        }
    }

    private static (int I0, int I1, float Fraction) Tap(int index, double scale, int size)
    {
        double s = Math.Clamp(((index + 0.5) * scale) - 0.5, 0, size - 1);
        int i0 = Math.Min((int)s, size - 1);
        return (i0, Math.Min(i0 + 1, size - 1), (float)(s - i0));
    }
}
