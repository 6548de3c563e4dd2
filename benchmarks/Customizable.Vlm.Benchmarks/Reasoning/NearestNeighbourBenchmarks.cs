using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Benchmarks.Reasoning;

/// <summary>
/// Exact nearest-neighbour search of one image's 784 patches (384 dims) against the patches of 4, 16 or 64 references
/// (784 each): the blocked AVX2 kernel on 1 and 2 threads versus a plain loop of <see cref="TensorPrimitives.Distance(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class NearestNeighbourBenchmarks
{
    private const int Dims = 384;
    private const int Patches = 784;
    private float[] _bank = null!;
    private float[] _queries = null!;
    private float[] _result = null!;
    private PatchMemoryBank _memory = null!;

    [Params(4, 16, 64)]
    public int References { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _bank = new float[References * Patches * Dims];
        for (int i = 0; i < _bank.Length; i++)
        {
            _bank[i] = random.NextSingle();
        }

        _queries = new float[Patches * Dims];
        for (int i = 0; i < _queries.Length; i++)
        {
            _queries[i] = random.NextSingle();
        }

        _result = new float[Patches];
        _memory = PatchMemoryBank.Create(_bank, References * Patches, Dims);
    }

    /// <summary>The straightforward search: one vectorized distance per pair.</summary>
    [Benchmark(Baseline = true)]
    public float NaivePairwiseDistance()
    {
        int count = References * Patches;
        for (int q = 0; q < Patches; q++)
        {
            ReadOnlySpan<float> query = _queries.AsSpan(q * Dims, Dims);
            float best = float.MaxValue;
            for (int j = 0; j < count; j++)
            {
                best = Math.Min(best, TensorPrimitives.Distance(query, _bank.AsSpan(j * Dims, Dims)));
            }

            _result[q] = best;
        }

        return _result[0];
    }

    [Benchmark]
    public float BlockedKernelOneThread()
    {
        _memory.NearestSquaredDistances(_queries, Patches, _result, 1);
        return _result[0];
    }

    [Benchmark]
    public float BlockedKernelTwoThreads()
    {
        _memory.NearestSquaredDistances(_queries, Patches, _result, 2);
        return _result[0];
    }
}
