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

    [Fact]
    public void Subsampled_selection_is_deterministic_for_a_seed_and_keeps_exactly_the_bank_size()
    {
        const int count = 12_000, dims = 16, target = 300, group = 400;
        float[] features = ClusteredFeatures(count, dims, 6);

        int[] first = CoresetSampler.SelectSubsampled(features, count, dims, target, group, projectionDimensions: 8, seed: 3);
        int[] again = CoresetSampler.SelectSubsampled(features, count, dims, target, group, projectionDimensions: 8, seed: 3);
        int[] other = CoresetSampler.SelectSubsampled(features, count, dims, target, group, projectionDimensions: 8, seed: 4);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(target, first.Length);
        Assert.Equal(target, first.Distinct().Count());
        Assert.All(first, i => Assert.InRange(i, 0, count - 1));
    }

    [Fact]
    public void Subsampled_selection_is_the_full_selection_when_the_features_do_not_far_outnumber_the_bank()
    {
        const int count = 3000, dims = 16, target = 500;
        float[] features = ClusteredFeatures(count, dims, 7);

        Assert.Equal(
            CoresetSampler.Select(features, count, dims, target, projectionDimensions: 8, seed: 1),
            CoresetSampler.SelectSubsampled(features, count, dims, target, groupSize: 100, projectionDimensions: 8, seed: 1));
    }

    [Theory]
    [InlineData(10_000, 400, 1_000)]
    [InlineData(10_050, 400, 1_000)]
    [InlineData(999, 1000, 500)]
    public void Stratified_subsample_takes_the_same_share_from_every_group(int count, int group, int size)
    {
        int[] subsample = CoresetSampler.StratifiedSubsample(count, group, size, seed: 2);

        Assert.Equal(size, subsample.Length);
        Assert.Equal(size, subsample.Distinct().Count());
        Assert.Equal([.. subsample.Order()], subsample);
        Assert.All(subsample, i => Assert.InRange(i, 0, count - 1));
        int groups = (count + group - 1) / group;
        int[] shares = [.. Enumerable.Range(0, groups).Select(g => subsample.Count(i => i / group == g))];
        Assert.InRange(shares.Max() - shares.Min(), 0, count % group == 0 ? 1 : size / groups);
    }

    [Fact]
    public void Subsampled_selection_covers_clustered_features_better_than_random_subsets_of_the_same_size()
    {
        const int count = 20_000, dims = 24, target = 200, group = 500;
        float[] features = ClusteredFeatures(count, dims, 8);

        int[] selected = CoresetSampler.SelectSubsampled(features, count, dims, target, group, projectionDimensions: 16);
        (double max, double mean) = Coverage(features, count, dims, selected);

        for (int seed = 0; seed < 3; seed++)
        {
            var random = new Random(seed);
            int[] subset = [.. Enumerable.Range(0, count).OrderBy(_ => random.Next()).Take(target)];
            (double randomMax, double randomMean) = Coverage(features, count, dims, subset);
            Assert.True(max < randomMax, $"subsampled coreset max {max} vs random subset {randomMax} (seed {seed})");
            Assert.True(mean < randomMean * 1.1, $"subsampled coreset mean {mean} vs random subset {randomMean} (seed {seed})");
        }

        (double fullMax, _) = Coverage(features, count, dims, CoresetSampler.Select(features, count, dims, target, projectionDimensions: 16));
        Assert.True(max < fullMax * 1.5, $"subsampled coreset max {max} vs the full selection's {fullMax}");
    }

    [Fact]
    public void Subsampled_selection_refuses_a_bad_group_or_factor()
    {
        float[] features = new float[100 * 4];

        Assert.Throws<ArgumentOutOfRangeException>(() => CoresetSampler.SelectSubsampled(features, 100, 4, 5, groupSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CoresetSampler.SelectSubsampled(features, 100, 4, 5, 10, subsampleFactor: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CoresetSampler.SelectSubsampled(features, 100, 4, 5, 10, subsampleFactor: 4, subsampleAbove: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => CoresetSampler.SelectSubsampled(features, 100, 4, 101, 10));
        Assert.Throws<ArgumentException>(() => CoresetSampler.SelectSubsampled(features, 101, 4, 5, 10));
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
