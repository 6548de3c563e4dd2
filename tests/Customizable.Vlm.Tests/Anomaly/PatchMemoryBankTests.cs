using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Tests.Anomaly;

public class PatchMemoryBankTests
{
    private static float[] RandomFeatures(int count, int dims, int seed)
    {
        var random = new Random(seed);
        float[] values = new float[count * dims];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    private static double NaiveNearest(float[] bank, int count, int dims, ReadOnlySpan<float> query)
    {
        double best = double.MaxValue;
        for (int j = 0; j < count; j++)
        {
            double d = 0;
            for (int k = 0; k < dims; k++)
            {
                double diff = query[k] - bank[(j * dims) + k];
                d += diff * diff;
            }

            best = Math.Min(best, d);
        }

        return best;
    }

    /// <summary>Every kernel this machine can run (the scalar one always), with bank sizes that leave partial and odd panels.</summary>
    public static TheoryData<string, int, int, int, int> Cases()
    {
        var data = new TheoryData<string, int, int, int, int>();
        foreach (string kernel in Enum.GetValues<SimdKernel>().Where(SimdKernels.IsSupported).Select(k => k.ToString()))
        {
            data.Add(kernel, 1, 1, 1, 1);
            data.Add(kernel, 17, 5, 3, 1);
            data.Add(kernel, 33, 98, 9, 1);
            data.Add(kernel, 100, 384, 37, 1);
            data.Add(kernel, 333, 96, 50, 2);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Nearest_distances_match_a_naive_double_precision_search(string kernel, int count, int dims, int queries, int threads)
    {
        float[] bank = RandomFeatures(count, dims, 1);
        float[] q = RandomFeatures(queries, dims, 2);
        var memory = PatchMemoryBank.Create(bank, count, dims);

        float[] result = new float[queries];
        memory.NearestSquaredDistances(q, queries, result, threads, Enum.Parse<SimdKernel>(kernel));

        for (int i = 0; i < queries; i++)
        {
            double expected = NaiveNearest(bank, count, dims, q.AsSpan(i * dims, dims));
            double tolerance = 1e-4 * Math.Max(1, expected) + (1e-5 * dims);
            Assert.InRange(result[i], expected - tolerance, expected + tolerance);
        }
    }

    /// <summary>Features like principal-component scores: variance falling with the dimension, so the leading ones carry most of it.</summary>
    private static float[] DecayingFeatures(int count, int dims, int seed)
    {
        var random = new Random(seed);
        float[] values = new float[count * dims];
        for (int i = 0; i < count; i++)
        {
            for (int k = 0; k < dims; k++)
            {
                values[(i * dims) + k] = (float)(((random.NextDouble() * 2) - 1) / (1 + (0.2 * k)));
            }
        }

        return values;
    }

    /// <summary>Pruned searches (a prefix index) on every kernel this machine runs, banks with partial panels, prefixes from 1 to
    /// dims - 1, features with and without decaying variance, queries that are bank features, and 1 or 2 threads.</summary>
    public static TheoryData<string, int, int, int, int, bool> PrunedCases()
    {
        var data = new TheoryData<string, int, int, int, int, bool>();
        foreach (string kernel in Enum.GetValues<SimdKernel>().Where(SimdKernels.IsSupported).Select(k => k.ToString()))
        {
            data.Add(kernel, 1, 2, 1, 1, true);
            data.Add(kernel, 17, 5, 2, 1, false);
            data.Add(kernel, 33, 65, 32, 1, true);
            data.Add(kernel, 500, 129, 32, 2, true);
            data.Add(kernel, 333, 96, 95, 1, false);
            data.Add(kernel, 1000, 129, 16, 2, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PrunedCases))]
    public void A_pruned_search_finds_the_same_nearest_distances(string kernel, int count, int dims, int prefix, int threads, bool decaying)
    {
        float[] bank = decaying ? DecayingFeatures(count, dims, 1) : RandomFeatures(count, dims, 1);
        float[] random = decaying ? DecayingFeatures(53, dims, 2) : RandomFeatures(53, dims, 2);
        // Half the queries are random, half are bank features slightly moved (a close nearest neighbour, as real patches have).
        float[] q = new float[106 * dims];
        random.CopyTo(q, 0);
        for (int i = 0; i < 53; i++)
        {
            int j = (i * 7) % count;
            for (int k = 0; k < dims; k++)
            {
                q[((53 + i) * dims) + k] = bank[(j * dims) + k] + (0.01f * random[(i * dims) + k]);
            }
        }

        var pruned = PatchMemoryBank.Create(bank, count, dims, prefix);
        Assert.Equal(prefix, pruned.PrefixDimensions);
        float[] result = new float[106];
        pruned.NearestSquaredDistances(q, 106, result, threads, Enum.Parse<SimdKernel>(kernel));

        for (int i = 0; i < 106; i++)
        {
            double expected = NaiveNearest(bank, count, dims, q.AsSpan(i * dims, dims));
            double tolerance = 1e-4 * Math.Max(1, expected) + (1e-5 * dims);
            Assert.InRange(result[i], expected - tolerance, expected + tolerance);
        }
    }

    [Theory]
    [InlineData(300, 64, 1)]
    [InlineData(517, 40, 2)]
    public void The_exact_search_in_the_references_principal_axes_finds_the_raw_nearest_distances(int count, int dims, int threads)
    {
        // Correlated features (decaying variance along directions that are not the coordinate axes), as patch features are; the
        // exact search rotates bank and queries into the bank's principal axes and prunes by the leading coordinates.
        var random = new Random(5);
        float[] mix = [.. Enumerable.Range(0, dims * dims).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        float[] Correlated(int n, int seed)
        {
            float[] z = DecayingFeatures(n, dims, seed), x = new float[n * dims];
            for (int i = 0; i < n; i++)
            {
                for (int a = 0; a < dims; a++)
                {
                    float v = 0;
                    for (int b = 0; b < dims; b++)
                    {
                        v += mix[(a * dims) + b] * z[(i * dims) + b];
                    }

                    x[(i * dims) + a] = v;
                }
            }

            return x;
        }

        float[] bank = Correlated(count, 1), queries = Correlated(60, 2);
        for (int k = 0; k < dims; k++)
        {
            queries[(59 * dims) + k] = bank[(3 * dims) + k]; // one query equal to a bank feature: distance 0
        }

        PatchProjection rotation = PatchProjection.Fit(bank, count, dims, dims);
        Assert.True(rotation.IsRotation);
        Assert.Equal(dims, rotation.OutputDimensions);
        float[] rotatedBank = (float[])bank.Clone(), rotatedQueries = new float[queries.Length];
        rotation.Project(rotatedBank, count, rotatedBank); // in place
        rotation.Project(queries, 60, rotatedQueries);
        var search = PatchMemoryBank.Create(rotatedBank, count, dims, prefixDimensions: 8);
        float[] result = new float[60];
        search.NearestSquaredDistances(rotatedQueries, 60, result, threads);

        for (int i = 0; i < 60; i++)
        {
            double expected = NaiveNearest(bank, count, dims, queries.AsSpan(i * dims, dims));
            double tolerance = (1e-4 * Math.Max(1, expected)) + (1e-5 * dims);
            Assert.InRange(result[i], expected - tolerance, expected + tolerance);
        }
    }

    [Fact]
    public void A_prefix_as_long_as_the_feature_builds_no_index()
    {
        Assert.Equal(0, PatchMemoryBank.Create(RandomFeatures(10, 8, 1), 10, 8, 8).PrefixDimensions);
        Assert.Throws<ArgumentOutOfRangeException>(() => PatchMemoryBank.Create(RandomFeatures(10, 8, 1), 10, 8, -1));
    }

    [Fact]
    public void The_default_search_agrees_with_the_scalar_kernel()
    {
        float[] bank = RandomFeatures(200, 66, 8);
        float[] q = RandomFeatures(21, 66, 9);
        var memory = PatchMemoryBank.Create(bank, 200, 66);
        float[] fast = new float[21], scalar = new float[21];

        memory.NearestSquaredDistances(q, 21, fast, 2);
        memory.NearestSquaredDistances(q, 21, scalar, 1, SimdKernel.Scalar);

        for (int i = 0; i < fast.Length; i++)
        {
            Assert.Equal(scalar[i], fast[i], 3);
        }
    }

    [Fact]
    public void A_query_equal_to_a_bank_feature_has_distance_zero()
    {
        float[] bank = RandomFeatures(40, 64, 3);
        var memory = PatchMemoryBank.Create(bank, 40, 64);
        float[] result = new float[1];

        memory.NearestSquaredDistances(bank.AsSpan(17 * 64, 64), 1, result);

        Assert.InRange(result[0], 0, 1e-3);
    }

    [Fact]
    public void Features_round_trip_through_the_packed_layout()
    {
        float[] bank = RandomFeatures(35, 7, 4);
        var memory = PatchMemoryBank.Create(bank, 35, 7);

        Assert.Equal(bank, memory.ToArray());
    }

    [Fact]
    public void Features_round_trip_through_a_bank_with_a_prefix_index()
    {
        float[] bank = RandomFeatures(35, 7, 4);
        var memory = PatchMemoryBank.Create(bank, 35, 7, prefixDimensions: 3);

        Assert.Equal(bank, memory.ToArray());
        Assert.Throws<ArgumentException>(() => PatchMemoryBank.Create([1f, float.NaN, 0f, 0f], 2, 2, prefixDimensions: 1));
    }

    [Fact]
    public void Non_finite_features_are_rejected()
    {
        float[] bank = RandomFeatures(3, 4, 5);
        bank[6] = float.NaN;

        Assert.Throws<ArgumentException>(() => PatchMemoryBank.Create(bank, 3, 4));
    }

    [Fact]
    public void Coreset_selection_keeps_every_cluster()
    {
        // Four tight clusters far apart: a 4-point coreset must take one from each.
        const int dims = 8;
        var features = new List<float>();
        var random = new Random(6);
        for (int c = 0; c < 4; c++)
        {
            for (int i = 0; i < 25; i++)
            {
                for (int k = 0; k < dims; k++)
                {
                    features.Add((k == c ? 100 : 0) + (float)random.NextDouble());
                }
            }
        }

        int[] selected = CoresetSampler.Select(features.ToArray(), 100, dims, 4, projectionDimensions: 8, seed: 1);

        Assert.Equal(4, selected.Select(i => i / 25).Distinct().Count());
    }
}
