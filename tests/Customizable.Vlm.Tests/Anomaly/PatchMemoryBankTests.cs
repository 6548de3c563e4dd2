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

    [Theory]
    [InlineData(1, 1, 1, 1)]
    [InlineData(17, 5, 3, 1)]
    [InlineData(100, 384, 37, 1)]
    [InlineData(333, 96, 50, 2)]
    public void Nearest_distances_match_a_naive_double_precision_search(int count, int dims, int queries, int threads)
    {
        float[] bank = RandomFeatures(count, dims, 1);
        float[] q = RandomFeatures(queries, dims, 2);
        var memory = PatchMemoryBank.Create(bank, count, dims);

        float[] fast = new float[queries];
        float[] scalar = new float[queries];
        memory.NearestSquaredDistances(q, queries, fast, threads);
        memory.NearestSquaredDistances(q, queries, scalar, threads, forceScalar: true);

        for (int i = 0; i < queries; i++)
        {
            double expected = NaiveNearest(bank, count, dims, q.AsSpan(i * dims, dims));
            double tolerance = 1e-4 * Math.Max(1, expected) + (1e-5 * dims);
            Assert.InRange(fast[i], expected - tolerance, expected + tolerance);
            Assert.InRange(scalar[i], expected - tolerance, expected + tolerance);
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
