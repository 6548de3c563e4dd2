using System.Numerics.Tensors;
using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Tests.Anomaly;

public class CoresetSamplerTests
{
    /// <summary>Features near a low-dimensional manifold, as patch features are: blobs of different spread, plus exact duplicates.</summary>
    private static float[] ClusteredFeatures(int count, int dims, int seed)
    {
        var random = new Random(seed);
        int blobs = 40;
        float[] centres = new float[blobs * dims];
        for (int i = 0; i < centres.Length; i++)
        {
            centres[i] = (float)((random.NextDouble() * 8) - 4);
        }

        float[] values = new float[count * dims];
        for (int i = 0; i < count; i++)
        {
            if (i % 97 == 5)
            {
                // An exact duplicate of an earlier feature: ties must break as in the exhaustive search.
                values.AsSpan((i - 5) * dims, dims).CopyTo(values.AsSpan(i * dims, dims));
                continue;
            }

            int blob = random.Next(blobs);
            double spread = 0.05 + (blob % 5 * 0.2);
            for (int k = 0; k < dims; k++)
            {
                values[(i * dims) + k] = centres[(blob * dims) + k] + (float)(spread * ((random.NextDouble() * 2) - 1));
            }
        }

        return values;
    }

    /// <summary>The greedy search as first written: every pick measured against every feature, on the same projection and distance kernel.</summary>
    private static int[] Exhaustive(float[] features, int count, int dims, int target, int pd, int seed)
    {
        var random = new Random(seed);
        float[] projection = new float[pd * dims];
        float scale = 1f / MathF.Sqrt(pd);
        for (int i = 0; i < projection.Length; i++)
        {
            projection[i] = random.Next(2) == 0 ? -scale : scale;
        }

        float[] projected = new float[count * pd];
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < pd; j++)
            {
                projected[(i * pd) + j] = TensorPrimitives.Dot(features.AsSpan(i * dims, dims), projection.AsSpan(j * dims, dims));
            }
        }

        float[] nearest = new float[count];
        nearest.AsSpan().Fill(float.PositiveInfinity);
        int[] selected = new int[target];
        int current = random.Next(count);
        for (int s = 0; s < target; s++)
        {
            selected[s] = current;
            int farthest = 0;
            float farthestDistance = -1;
            for (int i = 0; i < count; i++)
            {
                nearest[i] = Math.Min(nearest[i], SquaredDistance.Between(projected.AsSpan(current * pd, pd), projected.AsSpan(i * pd, pd)));
                if (nearest[i] > farthestDistance)
                {
                    farthestDistance = nearest[i];
                    farthest = i;
                }
            }

            current = farthest;
        }

        return selected;
    }

    /// <summary>The largest and the mean distance (full feature space) from every feature to its nearest selected feature.</summary>
    private static (double Max, double Mean) Coverage(float[] features, int count, int dims, int[] selected)
    {
        double max = 0, sum = 0;
        for (int i = 0; i < count; i++)
        {
            float best = float.PositiveInfinity;
            foreach (int j in selected)
            {
                best = Math.Min(best, TensorPrimitives.Distance(features.AsSpan(i * dims, dims), features.AsSpan(j * dims, dims)));
            }

            max = Math.Max(max, best);
            sum += best;
        }

        return (max, sum / count);
    }

    [Theory]
    [InlineData(3000, 300, 16, 0)]
    [InlineData(3000, 1500, 16, 1)]
    [InlineData(40_000, 400, 8, 2)]
    public void Pruned_search_picks_the_same_features_in_the_same_order_as_the_exhaustive_search(int count, int target, int pd, int seed)
    {
        const int dims = 24;
        float[] features = ClusteredFeatures(count, dims, seed);

        int[] selected = CoresetSampler.Select(features, count, dims, target, projectionDimensions: pd, seed: seed);

        Assert.Equal(Exhaustive(features, count, dims, target, pd, seed), selected);
    }

    [Fact]
    public void Selection_covers_the_features_better_than_a_random_subset_of_the_same_size()
    {
        const int count = 2000, dims = 24, target = 100;
        float[] features = ClusteredFeatures(count, dims, 3);
        int[] random = [.. Enumerable.Range(0, count).OrderBy(_ => Random.Shared.Next()).Take(target)];

        (double max, double mean) = Coverage(features, count, dims, CoresetSampler.Select(features, count, dims, target, projectionDimensions: 16));
        (double randomMax, double randomMean) = Coverage(features, count, dims, random);

        Assert.True(max < randomMax, $"coreset max {max} vs random {randomMax}");
        Assert.True(mean < randomMean * 1.25, $"coreset mean {mean} vs random {randomMean}");
    }

    [Fact]
    public void Selected_features_are_distinct_while_distinct_features_remain()
    {
        const int count = 500, dims = 12;
        float[] features = ClusteredFeatures(count, dims, 4);

        int[] selected = CoresetSampler.Select(features, count, dims, 200, projectionDimensions: 12);

        Assert.Equal(200, selected.Distinct().Count());
        Assert.All(selected, i => Assert.InRange(i, 0, count - 1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(128)]
    [InlineData(131)]
    public void Squared_distance_matches_a_double_precision_sum(int length)
    {
        float[] a = ClusteredFeatures(1, length, length), b = ClusteredFeatures(1, length, length + 1);
        double expected = 0;
        for (int k = 0; k < length; k++)
        {
            expected += (a[k] - (double)b[k]) * (a[k] - (double)b[k]);
        }

        Assert.Equal(expected, SquaredDistance.Between(a, b), expected * 1e-5);
    }

    [Fact]
    public void A_cancelled_token_stops_the_selection()
    {
        float[] features = ClusteredFeatures(1000, 8, 5);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => CoresetSampler.Select(features, 1000, 8, 100, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Too_few_floats_or_a_target_out_of_range_are_refused()
    {
        float[] features = new float[10 * 4];

        Assert.Throws<ArgumentException>(() => CoresetSampler.Select(features, 11, 4, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => CoresetSampler.Select(features, 10, 4, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => CoresetSampler.Select(features, 10, 4, 0));
    }
}
