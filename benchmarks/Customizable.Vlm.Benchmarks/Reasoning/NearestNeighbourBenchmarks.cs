using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Benchmarks.Reasoning;

/// <summary>
/// Nearest-neighbour search of one image's 784 patches (384 dims) against the patches of 4, 16 or 64 references (784 each): the
/// exact blocked kernel (AVX-512 where available) on 1 and 2 threads, the AVX2 kernel, and the default projected search (128
/// principal components + 1 residual coordinate, the 784 queries projected inside the measured call), with and without the first
/// pass over the leading components that profiles use, versus a plain loop of
/// <see cref="TensorPrimitives.Distance(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class NearestNeighbourBenchmarks
{
    private const int Dims = 384;
    private const int Patches = 784;
    private const int Components = 128;
    private float[] _bank = null!;
    private float[] _queries = null!;
    private float[] _projectedQueries = null!;
    private float[] _result = null!;
    private PatchMemoryBank _memory = null!;
    private PatchMemoryBank _projectedMemory = null!;
    private PatchMemoryBank _prunedMemory = null!;
    private PatchProjection _projection = null!;

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
        int count = References * Patches;
        _memory = PatchMemoryBank.Create(_bank, count, Dims);
        _projection = PatchProjection.Fit(_bank, count, Dims, Components);
        float[] projectedBank = new float[count * _projection.OutputDimensions];
        _projection.Project(_bank, count, projectedBank);
        _projectedMemory = PatchMemoryBank.Create(projectedBank, count, _projection.OutputDimensions);
        _prunedMemory = PatchMemoryBank.Create(projectedBank, count, _projection.OutputDimensions, _projection.SearchPrefix);
        _projectedQueries = new float[Patches * _projection.OutputDimensions];
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
    public float ExactOneThread()
    {
        _memory.NearestSquaredDistances(_queries, Patches, _result, 1);
        return _result[0];
    }

    [Benchmark]
    public float ExactTwoThreads()
    {
        _memory.NearestSquaredDistances(_queries, Patches, _result, 2);
        return _result[0];
    }

    /// <summary>The exact search with the AVX2 kernel (the kernel of the previous measurement), 2 threads.</summary>
    [Benchmark]
    public float ExactAvx2TwoThreads()
    {
        _memory.NearestSquaredDistances(_queries, Patches, _result, 2, SimdKernel.Avx2);
        return _result[0];
    }

    /// <summary>The default search: project the queries, then search the 97-wide bank on 2 threads.</summary>
    [Benchmark]
    public float ProjectedTwoThreads()
    {
        _projection.Project(_queries, Patches, _projectedQueries);
        _projectedMemory.NearestSquaredDistances(_projectedQueries, Patches, _result, 2);
        return _result[0];
    }

    /// <summary>The same with the bank a profile builds (a first pass over the 32 leading components). These uniform random
    /// features spread their variance evenly and have no close neighbours, so the first pass skips little here; on real patch
    /// features it skips 98-99.7% of the bank (<see cref="InspectStageBenchmarks.SearchProjected"/>, docs/performance.md).</summary>
    [Benchmark]
    public float ProjectedPrunedTwoThreads()
    {
        _projection.Project(_queries, Patches, _projectedQueries);
        _prunedMemory.NearestSquaredDistances(_projectedQueries, Patches, _result, 2);
        return _result[0];
    }
}
