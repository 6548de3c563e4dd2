using System.Numerics.Tensors;

namespace Customizable.Vlm.Benchmarks.Customization;

/// <summary>The coreset sampler as it was before the pruned search (kept as the baseline of <see cref="CoresetBenchmarks"/>): every pick
/// measures its distance to every feature on a 128-dimensional Rademacher projection.</summary>
/// <remarks>Distances are computed on a fixed random projection (Johnson-Lindenstrauss) to keep selection fast; the seed makes
/// the selection reproducible. Stateless and thread-safe.</remarks>
internal static class LegacyCoresetSampler
{
    /// <summary>Selects <paramref name="targetCount"/> feature indices by greedy farthest-point sampling.</summary>
    /// <param name="features">Row-major features, <c>count * dimensions</c> floats.</param>
    /// <param name="count">Number of features.</param>
    /// <param name="dimensions">Length of each feature.</param>
    /// <param name="targetCount">How many to keep, in [1, count].</param>
    /// <param name="projectionDimensions">Dimensions of the random projection used for distances (at most <paramref name="dimensions"/>).</param>
    /// <param name="seed">Seed of the projection and of the first pick.</param>
    /// <param name="cancellationToken">Checked between picks.</param>
    /// <returns>The selected indices, in selection order.</returns>
    public static int[] Select(ReadOnlySpan<float> features, int count, int dimensions, int targetCount, int projectionDimensions = 128, int seed = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetCount, count);
        if (targetCount == count)
        {
            return Enumerable.Range(0, count).ToArray();
        }

        int pd = Math.Clamp(projectionDimensions, 1, dimensions);
        var random = new Random(seed);
        float[] projection = new float[pd * dimensions];
        float scale = 1f / MathF.Sqrt(pd);
        for (int i = 0; i < projection.Length; i++)
        {
            // Rademacher projection: +-1/sqrt(pd).
            projection[i] = random.Next(2) == 0 ? -scale : scale;
        }

        float[] projected = new float[(long)count * pd];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> row = features.Slice(i * dimensions, dimensions);
            Span<float> target = projected.AsSpan(i * pd, pd);
            for (int j = 0; j < pd; j++)
            {
                target[j] = TensorPrimitives.Dot(row, projection.AsSpan(j * dimensions, dimensions));
            }
        }

        float[] minDistance = new float[count];
        minDistance.AsSpan().Fill(float.PositiveInfinity);
        int[] selected = new int[targetCount];
        int current = random.Next(count);
        for (int s = 0; s < targetCount; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            selected[s] = current;
            ReadOnlySpan<float> center = projected.AsSpan(current * pd, pd);
            int farthest = 0;
            float farthestDistance = -1;
            for (int i = 0; i < count; i++)
            {
                float d = TensorPrimitives.Distance(center, projected.AsSpan(i * pd, pd));
                if (d < minDistance[i])
                {
                    minDistance[i] = d;
                }

                if (minDistance[i] > farthestDistance)
                {
                    farthestDistance = minDistance[i];
                    farthest = i;
                }
            }

            current = farthest;
        }

        return selected;
    }
}
