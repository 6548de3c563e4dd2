using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Customizable.Vlm.Anomaly;
using Customizable.Vlm.Preprocessing;
using Microsoft.Extensions.Logging;

namespace Customizable.Vlm.Onnx;

public sealed partial class FeatureReasoner
{
    /// <summary>Extracts patch features ([frames * gridH * gridW, dims], patch-major) in batches.</summary>
    internal float[] ExtractPatches(IReadOnlyList<RawFrame> frames, Tuning.FeatureSettings settings, CancellationToken cancellationToken)
    {
        float[] result = new float[(long)frames.Count * R(settings).PatchesPerImage * _dimensions];
        ExtractPatches(frames, result, settings, cancellationToken);
        return result;
    }

    /// <summary>Extracts patch features into <paramref name="destination"/> ([frames * gridH * gridW, dims], patch-major).</summary>
    internal void ExtractPatches(IReadOnlyList<RawFrame> frames, Span<float> destination, Tuning.FeatureSettings settings, CancellationToken cancellationToken)
        => ExtractPatches(frames, destination, default, settings, cancellationToken);

    /// <summary>Extracts patch features into <paramref name="destination"/> and, when <paramref name="mirrored"/> is not empty, those
    /// of the same frames mirrored left to right into <paramref name="mirrored"/> (both [frames * gridH * gridW, dims], patch-major;
    /// an empty <paramref name="destination"/> skips the unmirrored images). The mirrored images reuse the preprocessed tensor, each
    /// of its rows reversed, so they cost backbone work but no second resize; with both, each batch and its mirror image go through
    /// the backbone in one run. Patch (x, y) of a mirrored image lies at
    /// (gridW - 1 - x, y) of the unmirrored grid.</summary>
    internal void ExtractPatches(IReadOnlyList<RawFrame> frames, Span<float> destination, Span<float> mirrored, Tuning.FeatureSettings settings, CancellationToken cancellationToken)
    {
        BackboneResolution r = R(settings);
        FeatureBackbone backbone = r.Backbone;
        int patchesPerImage = r.PatchesPerImage;
        var outputs = new Memory<float>[backbone.OutputNames.Count];
        for (int start = 0; start < frames.Count; start += _options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(_options.BatchSize, frames.Count - start);
            var batch = new RawFrame[count];
            for (int i = 0; i < count; i++)
            {
                batch[i] = frames[start + i];
            }

            using PooledTensor tensor = PreprocessorFor(settings).PreprocessBatchPooled(batch);

            // Both orientations: one backbone run on the batch followed by its mirror image (rows reversed), which keeps ONNX
            // Runtime's threads busier than two runs of half the size. One orientation: the tensor as it is, or mirrored in place.
            bool both = !destination.IsEmpty && !mirrored.IsEmpty;
            int images = both ? 2 * count : count;
            float[]? doubled = both ? ArrayPool<float>.Shared.Rent(2 * tensor.Length) : null;
            float[][] rented = new float[outputs.Length][];
            try
            {
                ReadOnlySpan<float> input;
                if (doubled is not null)
                {
                    tensor.Span.CopyTo(doubled);
                    tensor.Span.CopyTo(doubled.AsSpan(tensor.Length));
                    MirrorRows(doubled.AsSpan(tensor.Length, tensor.Length), tensor.Width);
                    input = doubled.AsSpan(0, 2 * tensor.Length);
                }
                else
                {
                    if (destination.IsEmpty)
                    {
                        MirrorRows(tensor.Span, tensor.Width);
                    }

                    input = tensor.Span;
                }

                for (int o = 0; o < outputs.Length; o++)
                {
                    int length = backbone.GetOutputLength(o, images);
                    rented[o] = ArrayPool<float>.Shared.Rent(length);
                    outputs[o] = rented[o].AsMemory(0, length);
                }

                FeatureMaps maps = backbone.ExtractInto(input, images, outputs, cancellationToken);
                for (int i = 0; i < images; i++)
                {
                    bool mirror = destination.IsEmpty || i >= count;
                    int index = start + (i % count);
                    PatchFeatureAssembler.Assemble(maps, i, r.GridWidth, r.GridHeight, r.LocalAveragingKernel, settings.Normalize, settings.PerLayer,
                        (mirror ? mirrored : destination).Slice(index * patchesPerImage * _dimensions, patchesPerImage * _dimensions));
                }
            }
            finally
            {
                foreach (float[]? array in rented)
                {
                    if (array is not null)
                    {
                        ArrayPool<float>.Shared.Return(array);
                    }
                }

                if (doubled is not null)
                {
                    ArrayPool<float>.Shared.Return(doubled);
                }
            }
        }
    }

    /// <summary>Reverses every row of an NCHW tensor (or any buffer of rows <paramref name="width"/> long): the images mirrored left
    /// to right.</summary>
    internal static void MirrorRows(Span<float> tensor, int width)
    {
        for (int start = 0; start + width <= tensor.Length; start += width)
        {
            tensor.Slice(start, width).Reverse();
        }
    }

    /// <summary>
    /// Averages each patch distance with that of its twin in the mirrored image (<see cref="FeatureReasonerOptions.MirroredQuery"/>):
    /// <paramref name="distances"/>[y, x] becomes the mean of itself and <paramref name="mirrored"/>[y, gridWidth - 1 - x].
    /// </summary>
    internal static void AverageWithMirror(Span<float> distances, ReadOnlySpan<float> mirrored, int gridWidth, int gridHeight)
    {
        for (int y = 0; y < gridHeight; y++)
        {
            Span<float> row = distances.Slice(y * gridWidth, gridWidth);
            ReadOnlySpan<float> twin = mirrored.Slice(y * gridWidth, gridWidth);
            for (int x = 0; x < gridWidth; x++)
            {
                row[x] = 0.5f * (row[x] + twin[gridWidth - 1 - x]);
            }
        }
    }

    private static IEnumerable<int> CalibrationIndices(int count, int samples)
    {
        int n = Math.Min(count, samples);
        return Enumerable.Range(0, n).Select(i => (int)((long)i * count / n)).Distinct();
    }

    private static float[] Gather(float[] all, int[] rows, int dimensions)
    {
        float[] result = new float[(long)rows.Length * dimensions];
        for (int i = 0; i < rows.Length; i++)
        {
            all.AsSpan(rows[i] * dimensions, dimensions).CopyTo(result.AsSpan(i * dimensions, dimensions));
        }

        return result;
    }

    /// <summary>With a single reference: each query patch against the reference's patches outside its 7x7 neighbourhood (the
    /// query may be the reference itself).</summary>
    private static void ExclusionDistances(ReadOnlySpan<float> query, ReadOnlySpan<float> reference, int dimensions, int gridWidth, Span<float> distances)
    {
        const int exclusion = 3;
        for (int p = 0; p < distances.Length; p++)
        {
            int px = p % gridWidth, py = p / gridWidth;
            float best = float.MaxValue;
            ReadOnlySpan<float> a = query.Slice(p * dimensions, dimensions);
            for (int q = 0; q < distances.Length; q++)
            {
                if (Math.Abs((q % gridWidth) - px) <= exclusion && Math.Abs((q / gridWidth) - py) <= exclusion)
                {
                    continue;
                }

                best = Math.Min(best, TensorPrimitives.Distance(a, reference.Slice(q * dimensions, dimensions)));
            }

            distances[p] = best;
        }
    }

    /// <summary>Patch distances -> smoothed map over the backbone input (tensor pixels) in <paramref name="map"/>; padding set to 0.
    /// A patch of the outermost <paramref name="rings"/> rings of the grid first takes the distance of the nearest patch inside
    /// them when that is lower (<see cref="FeatureReasonerOptions.EdgePatchRings"/>).</summary>
    private static void RawMap(BackboneResolution r, ReadOnlySpan<float> distances, PreprocessGeometry g, Span<float> map, int rings)
    {
        // Bilinear upsampling to the tensor and Gaussian smoothing, as one separable operator.
        if (rings > 0 && r.GridWidth > 2 * rings && r.GridHeight > 2 * rings)
        {
            float[] rented = ArrayPool<float>.Shared.Rent(distances.Length);
            try
            {
                Span<float> inner = rented.AsSpan(0, distances.Length);
                ReplaceEdgePatches(distances, r.GridWidth, r.GridHeight, rings, inner);
                r.Smoother.Apply(inner, map);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
        else
        {
            r.Smoother.Apply(distances, map);
        }

        if (g.ContentWidth != g.TensorWidth || g.ContentHeight != g.TensorHeight)
        {
            for (int y = 0; y < g.TensorHeight; y++)
            {
                for (int x = 0; x < g.TensorWidth; x++)
                {
                    if (!g.IsContent(x, y))
                    {
                        map[(y * g.TensorWidth) + x] = 0;
                    }
                }
            }
        }
    }

    /// <summary>Copies a patch grid, each patch of the outermost <paramref name="rings"/> rings taking the lower of its own value and
    /// the value of the nearest patch inside the rings (the grid is larger than <c>2 * rings</c> on both axes). The lower, not the
    /// inner value: replacing every edge patch widened a high row next to the edge, and a held-out synthetic normal part was flagged
    /// at its bottom edge.</summary>
    internal static void ReplaceEdgePatches(ReadOnlySpan<float> grid, int width, int height, int rings, Span<float> result)
    {
        for (int y = 0; y < height; y++)
        {
            int sourceRow = Math.Clamp(y, rings, height - 1 - rings) * width;
            for (int x = 0; x < width; x++)
            {
                float own = grid[(y * width) + x];
                result[(y * width) + x] = Math.Min(own, grid[sourceRow + Math.Clamp(x, rings, width - 1 - rings)]);
            }
        }
    }

    private double ImageScore(ReadOnlySpan<float> map, PreprocessGeometry g)
    {
        if (_options.ImageScore == ImageScoreMode.Max)
        {
            return TensorPrimitives.Max(map);
        }

        int content = g.ContentWidth * g.ContentHeight;
        int k = Math.Max(1, (int)Math.Round(content * _options.TopKFraction));
        float[] sorted = ArrayPool<float>.Shared.Rent(map.Length);
        try
        {
            Span<float> values = sorted.AsSpan(0, map.Length);
            map.CopyTo(values);
            values.Sort();
            return TensorPrimitives.Sum(values.Slice(values.Length - k, k)) / k;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(sorted);
        }
    }
}
