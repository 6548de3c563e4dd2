using System.Numerics.Tensors;
using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Onnx;

/// <summary>Turns backbone feature maps into patch features: local averaging, resampling to one grid, concatenation, optional L2 normalisation.</summary>
internal static class PatchFeatureAssembler
{
    /// <summary>Writes the patches of sample <paramref name="sample"/> into <paramref name="destination"/> ([gridH * gridW, dims], patch-major).</summary>
    public static void Assemble(FeatureMaps maps, int sample, int gridWidth, int gridHeight, int kernel, bool normalize, Span<float> destination)
    {
        int dims = 0;
        foreach (FeatureMap map in maps.Maps)
        {
            dims += map.Channels;
        }

        int patches = gridWidth * gridHeight;
        int channelOffset = 0;
        float[] plane = new float[patches];
        foreach (FeatureMap map in maps.Maps)
        {
            ReadOnlySpan<float> data = map.GetSample(sample).Span;
            int hw = map.Height * map.Width;
            float[] averaged = new float[hw];
            for (int c = 0; c < map.Channels; c++)
            {
                ReadOnlySpan<float> channel = data.Slice(c * hw, hw);
                LocalAverage(channel, map.Width, map.Height, kernel, averaged);
                ReadOnlySpan<float> onGrid = averaged;
                if (map.Width != gridWidth || map.Height != gridHeight)
                {
                    MapResampler.Resample(averaged, map.Width, map.Height, plane, gridWidth, gridHeight, (double)map.Width / gridWidth, (double)map.Height / gridHeight);
                    onGrid = plane;
                }

                for (int p = 0; p < patches; p++)
                {
                    destination[(p * dims) + channelOffset + c] = onGrid[p];
                }
            }

            channelOffset += map.Channels;
        }

        if (normalize)
        {
            for (int p = 0; p < patches; p++)
            {
                Span<float> patch = destination.Slice(p * dims, dims);
                float norm = TensorPrimitives.Norm(patch);
                if (norm > 0)
                {
                    TensorPrimitives.Divide(patch, norm, patch);
                }
            }
        }
    }

    /// <summary>Mean over a k x k window clipped at the borders (averaging only the pixels that exist).</summary>
    internal static void LocalAverage(ReadOnlySpan<float> source, int width, int height, int kernel, Span<float> destination)
    {
        if (kernel <= 1)
        {
            source.CopyTo(destination);
            return;
        }

        int r = kernel / 2;
        for (int y = 0; y < height; y++)
        {
            int y0 = Math.Max(0, y - r), y1 = Math.Min(height - 1, y + r);
            for (int x = 0; x < width; x++)
            {
                int x0 = Math.Max(0, x - r), x1 = Math.Min(width - 1, x + r);
                float sum = 0;
                for (int yy = y0; yy <= y1; yy++)
                {
                    sum += TensorPrimitives.Sum(source.Slice((yy * width) + x0, x1 - x0 + 1));
                }

                destination[(y * width) + x] = sum / ((y1 - y0 + 1) * (x1 - x0 + 1));
            }
        }
    }
}
