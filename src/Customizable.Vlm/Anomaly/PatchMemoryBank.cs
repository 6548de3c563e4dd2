using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Customizable.Vlm.Anomaly;

/// <summary>
/// A memory of reference patch features and an exact nearest-neighbour search over it (squared Euclidean distance).
/// </summary>
/// <remarks>
/// <para>The bank is stored in panels of 16 features, transposed, so that a blocked SIMD kernel computes
/// <c>|q|^2 + min_j(|b_j|^2 - 2 q.b_j)</c> with fused multiply-adds, keeping a block of the bank in cache while several query blocks
/// pass over it: 4 queries x 32 bank features (two panels, eight 512-bit accumulators) per step with AVX-512, 4 x 16 with AVX2 + FMA.
/// Without either a scalar kernel computes the same distances.</para>
/// <para>A bank of principal-component scores can be built with a prefix index (<see cref="Create(ReadOnlySpan{float}, int, int, int)"/>):
/// its searches run the same kernels over the leading dimensions only and compare in full just the features that could be nearer
/// than the best so far (PatchMemoryBank.Pruned.cs); it then keeps the features row by row instead of in full panels.</para>
/// <para>Thread-safety: immutable after construction; concurrent searches are safe. A search allocates nothing per call except
/// when it runs on several threads.</para>
/// </remarks>
internal sealed partial class PatchMemoryBank
{
    private const int PanelWidth = PanelMicroKernel.PanelWidth;
    private const int QueryBlock = 4;
    private const int ChunkBytes = 512 * 1024;

    private readonly float[] _packed;
    private readonly float[] _norms;
    private readonly PrefixIndex? _prefix;

    private PatchMemoryBank(float[] packed, float[] norms, int count, int dimensions, PrefixIndex? prefix)
    {
        _packed = packed;
        _norms = norms;
        _prefix = prefix;
        Count = count;
        Dimensions = dimensions;
    }

    /// <summary>Gets the number of features in the bank.</summary>
    public int Count { get; }

    /// <summary>Gets the length of each feature vector.</summary>
    public int Dimensions { get; }

    /// <summary>Gets whether searches use a SIMD kernel (AVX-512, or AVX2 + FMA) on this machine.</summary>
    public static bool IsVectorized => SimdKernels.Best != SimdKernel.Scalar;

    /// <summary>Creates a bank from row-major features.</summary>
    /// <param name="features">At least <c>count * dimensions</c> values, one feature after the other.</param>
    /// <param name="count">Number of features, at least 1.</param>
    /// <param name="dimensions">Length of each feature, at least 1.</param>
    /// <returns>The bank (the input is copied).</returns>
    /// <exception cref="ArgumentException">The buffer is too short or holds a value that is not finite.</exception>
    public static PatchMemoryBank Create(ReadOnlySpan<float> features, int count, int dimensions) => Create(features, count, dimensions, 0);

    /// <summary>Creates a bank from row-major features whose leading dimensions carry most of the variance (principal-component
    /// scores), with a prefix index that lets the SIMD searches skip most of the bank.</summary>
    /// <param name="features">At least <c>count * dimensions</c> values, one feature after the other.</param>
    /// <param name="count">Number of features, at least 1.</param>
    /// <param name="dimensions">Length of each feature, at least 1.</param>
    /// <param name="prefixDimensions">How many leading dimensions the first pass of a search compares (0: no prefix index, every
    /// search compares all dimensions). Searches return the same nearest distances either way.</param>
    /// <returns>The bank (the input is copied).</returns>
    /// <exception cref="ArgumentException">The buffer is too short or holds a value that is not finite.</exception>
    public static PatchMemoryBank Create(ReadOnlySpan<float> features, int count, int dimensions, int prefixDimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixDimensions);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        long needed = (long)count * dimensions;
        if (features.Length < needed)
        {
            throw new ArgumentException($"{count} features of {dimensions} values need {needed} floats, got {features.Length}.", nameof(features));
        }

        // An even number of panels lets the AVX-512 kernel take them in pairs; padding lanes have an infinite norm.
        int panels = (count + PanelWidth - 1) / PanelWidth;
        panels += panels & 1;
        // With a prefix index searches read its panels and rows, so the full panels are not built.
        bool indexed = prefixDimensions > 0 && prefixDimensions < dimensions;
        float[] packed = indexed ? [] : new float[(long)panels * PanelWidth * dimensions];
        float[] norms = indexed ? [] : new float[panels * PanelWidth];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> row = features.Slice(i * dimensions, dimensions);
            if (ContainsNonFinite(row))
            {
                throw new ArgumentException($"Feature {i} holds a value that is not finite.", nameof(features));
            }

            if (indexed)
            {
                continue;
            }

            norms[i] = TensorPrimitives.Dot(row, row);
            int panel = i / PanelWidth, lane = i % PanelWidth;
            int baseIndex = panel * PanelWidth * dimensions;
            for (int k = 0; k < dimensions; k++)
            {
                packed[baseIndex + (k * PanelWidth) + lane] = row[k];
            }
        }

        // Padding lanes never win the minimum.
        for (int i = count; i < norms.Length; i++)
        {
            norms[i] = float.MaxValue;
        }

        return new PatchMemoryBank(packed, norms, count, dimensions, indexed ? PrefixIndex.Build(features, count, dimensions, prefixDimensions, panels) : null);
    }

    /// <summary>Copies feature <paramref name="index"/> into <paramref name="destination"/>.</summary>
    /// <param name="index">Index in [0, Count).</param>
    /// <param name="destination">At least <see cref="Dimensions"/> floats.</param>
    public void CopyFeature(int index, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Dimensions, nameof(destination));
        if (_prefix is not null)
        {
            _prefix.Rows.AsSpan(index * Dimensions, Dimensions).CopyTo(destination);
            return;
        }

        int panel = index / PanelWidth, lane = index % PanelWidth;
        int baseIndex = panel * PanelWidth * Dimensions;
        for (int k = 0; k < Dimensions; k++)
        {
            destination[k] = _packed[baseIndex + (k * PanelWidth) + lane];
        }
    }

    /// <summary>Copies all features, row-major, into a new array.</summary>
    /// <returns><c>Count * Dimensions</c> floats.</returns>
    public float[] ToArray()
    {
        float[] result = new float[(long)Count * Dimensions];
        for (int i = 0; i < Count; i++)
        {
            CopyFeature(i, result.AsSpan(i * Dimensions, Dimensions));
        }

        return result;
    }

    /// <summary>Computes, for each query, the squared Euclidean distance to its nearest feature in the bank.</summary>
    /// <param name="queries">Row-major query features, <c>queryCount * Dimensions</c> floats.</param>
    /// <param name="queryCount">Number of queries.</param>
    /// <param name="squaredDistances">Receives one distance per query (never negative).</param>
    /// <param name="maxDegreeOfParallelism">Threads to use; 1 runs on the caller's thread.</param>
    public void NearestSquaredDistances(ReadOnlySpan<float> queries, int queryCount, Span<float> squaredDistances, int maxDegreeOfParallelism = 1) =>
        NearestSquaredDistances(queries, queryCount, squaredDistances, maxDegreeOfParallelism, SimdKernels.Best);

    internal void NearestSquaredDistances(ReadOnlySpan<float> queries, int queryCount, Span<float> squaredDistances, int maxDegreeOfParallelism, SimdKernel kernel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queryCount, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        if (queries.Length < (long)queryCount * Dimensions)
        {
            throw new ArgumentException($"{queryCount} queries need {(long)queryCount * Dimensions} floats.", nameof(queries));
        }

        if (squaredDistances.Length < queryCount)
        {
            throw new ArgumentException($"The destination must hold {queryCount} distances.", nameof(squaredDistances));
        }

        if (queryCount == 0)
        {
            return;
        }

        SimdKernels.EnsureSupported(kernel);

        int blocks = (queryCount + QueryBlock - 1) / QueryBlock;
        if (maxDegreeOfParallelism == 1 || blocks < 2)
        {
            Range(queries, queryCount, squaredDistances, 0, blocks, kernel);
            return;
        }

        // Parallel.For cannot capture spans: work on pinned pointers for the duration of the call.
        unsafe
        {
            fixed (float* q = queries)
            fixed (float* d = squaredDistances)
            {
                nint qp = (nint)q, dp = (nint)d;
                int qLen = queryCount * Dimensions;
                int workers = Math.Min(maxDegreeOfParallelism, blocks);
                int perWorker = (blocks + workers - 1) / workers;
                Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
                {
                    int first = w * perWorker;
                    int last = Math.Min(blocks, first + perWorker);
                    if (first < last)
                    {
                        Range(new ReadOnlySpan<float>((float*)qp, qLen), queryCount, new Span<float>((float*)dp, queryCount), first, last, kernel);
                    }
                });
            }
        }
    }

    private static bool ContainsNonFinite(ReadOnlySpan<float> row)
    {
        foreach (float v in row)
        {
            if (!float.IsFinite(v))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Searches query blocks [<paramref name="firstBlock"/>, <paramref name="lastBlock"/>) with the bank's search: the plain
    /// blocked kernels, or with a prefix index its pruned kernels (the scalar kernel then compares rows directly).</summary>
    private void Range(ReadOnlySpan<float> queries, int queryCount, Span<float> result, int firstBlock, int lastBlock, SimdKernel kernel)
    {
        if (_prefix is null)
        {
            SearchRange(queries, queryCount, result, firstBlock, lastBlock, kernel);
        }
        else if (kernel == SimdKernel.Scalar)
        {
            ScalarRowsRange(queries, queryCount, result, firstBlock, lastBlock);
        }
        else
        {
            PrunedSearchRange(queries, queryCount, result, firstBlock, lastBlock, kernel);
        }
    }

    private void SearchRange(ReadOnlySpan<float> queries, int queryCount, Span<float> result, int firstBlock, int lastBlock, SimdKernel kernel)
    {
        int dims = Dimensions;
        int panels = _norms.Length / PanelWidth;
        int panelsPerChunk = Math.Max(2, ChunkBytes / (PanelWidth * dims * sizeof(float)) & ~1);
        int blockCount = lastBlock - firstBlock;

        // Running minima of |b|^2 - 2 q.b, 8 lanes per query.
        float[] lanes = System.Buffers.ArrayPool<float>.Shared.Rent(blockCount * QueryBlock * 8);
        float[] block = System.Buffers.ArrayPool<float>.Shared.Rent(QueryBlock * dims);
        try
        {
            lanes.AsSpan(0, blockCount * QueryBlock * 8).Fill(float.MaxValue);
            for (int chunkStart = 0; chunkStart < panels; chunkStart += panelsPerChunk)
            {
                int chunkEnd = Math.Min(panels, chunkStart + panelsPerChunk);
                for (int b = firstBlock; b < lastBlock; b++)
                {
                    int q0 = b * QueryBlock;
                    for (int r = 0; r < QueryBlock; r++)
                    {
                        int q = Math.Min(q0 + r, queryCount - 1); // Duplicate the last query to fill a partial block.
                        queries.Slice(q * dims, dims).CopyTo(block.AsSpan(r * dims, dims));
                    }

                    Span<float> laneBlock = lanes.AsSpan((b - firstBlock) * QueryBlock * 8, QueryBlock * 8);
                    switch (kernel)
                    {
                        case SimdKernel.Avx512:
                            KernelAvx512(block, laneBlock, chunkStart, chunkEnd, dims);
                            break;
                        case SimdKernel.Avx2:
                            KernelAvx(block, laneBlock, chunkStart, chunkEnd, dims);
                            break;
                        default:
                            KernelScalar(block, laneBlock, chunkStart, chunkEnd, dims);
                            break;
                    }
                }
            }

            for (int b = firstBlock; b < lastBlock; b++)
            {
                for (int r = 0; r < QueryBlock; r++)
                {
                    int q = (b * QueryBlock) + r;
                    if (q >= queryCount)
                    {
                        break;
                    }

                    ReadOnlySpan<float> lane = lanes.AsSpan((((b - firstBlock) * QueryBlock) + r) * 8, 8);
                    float min = TensorPrimitives.Min(lane);
                    ReadOnlySpan<float> row = queries.Slice(q * dims, dims);
                    result[q] = Math.Max(0f, TensorPrimitives.Dot(row, row) + min);
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(lanes);
            System.Buffers.ArrayPool<float>.Shared.Return(block);
        }
    }

    /// <summary>4 queries x 16 bank features (one panel) per step: <see cref="PanelMicroKernel.Multiply4x16"/>, then the running minima.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void KernelAvx(float[] block, Span<float> lanes, int panelStart, int panelEnd, int dims)
    {
        fixed (float* a = block)
        fixed (float* packed = _packed)
        fixed (float* norms = _norms)
        fixed (float* laneMin = lanes)
        {
            Vector256<float> m0 = Avx.LoadVector256(laneMin);
            Vector256<float> m1 = Avx.LoadVector256(laneMin + 8);
            Vector256<float> m2 = Avx.LoadVector256(laneMin + 16);
            Vector256<float> m3 = Avx.LoadVector256(laneMin + 24);
            Vector256<float> minusTwo = Vector256.Create(-2f);
            for (int p = panelStart; p < panelEnd; p++)
            {
                PanelMicroKernel.Multiply4x16(a, dims, packed + ((long)p * PanelWidth * dims), out PanelMicroKernel.Tile<Vector256<float>> c);
                Vector256<float> n0 = Avx.LoadVector256(norms + (p * PanelWidth));
                Vector256<float> n1 = Avx.LoadVector256(norms + (p * PanelWidth) + 8);
                m0 = Avx.Min(m0, Avx.Min(Fma.MultiplyAdd(minusTwo, c.C00, n0), Fma.MultiplyAdd(minusTwo, c.C01, n1)));
                m1 = Avx.Min(m1, Avx.Min(Fma.MultiplyAdd(minusTwo, c.C10, n0), Fma.MultiplyAdd(minusTwo, c.C11, n1)));
                m2 = Avx.Min(m2, Avx.Min(Fma.MultiplyAdd(minusTwo, c.C20, n0), Fma.MultiplyAdd(minusTwo, c.C21, n1)));
                m3 = Avx.Min(m3, Avx.Min(Fma.MultiplyAdd(minusTwo, c.C30, n0), Fma.MultiplyAdd(minusTwo, c.C31, n1)));
            }

            Avx.Store(laneMin, m0);
            Avx.Store(laneMin + 8, m1);
            Avx.Store(laneMin + 16, m2);
            Avx.Store(laneMin + 24, m3);
        }
    }

    /// <summary>4 queries x 32 bank features (two panels) per step: <see cref="PanelMicroKernel.Multiply4x32"/>, then the running minima.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void KernelAvx512(float[] block, Span<float> lanes, int panelStart, int panelEnd, int dims)
    {
        fixed (float* a = block)
        fixed (float* packed = _packed)
        fixed (float* norms = _norms)
        fixed (float* laneMin = lanes)
        {
            Vector512<float> m0 = Vector512.Create(float.MaxValue), m1 = m0, m2 = m0, m3 = m0;
            Vector512<float> minusTwo = Vector512.Create(-2f);
            for (int p = panelStart; p < panelEnd; p += 2)
            {
                float* bp0 = packed + ((long)p * PanelWidth * dims);
                PanelMicroKernel.Multiply4x32(a, dims, bp0, bp0 + (PanelWidth * dims), out PanelMicroKernel.Tile<Vector512<float>> c);
                Vector512<float> n0 = Avx512F.LoadVector512(norms + (p * PanelWidth));
                Vector512<float> n1 = Avx512F.LoadVector512(norms + ((p + 1) * PanelWidth));
                m0 = Avx512F.Min(m0, Avx512F.Min(Avx512F.FusedMultiplyAdd(minusTwo, c.C00, n0), Avx512F.FusedMultiplyAdd(minusTwo, c.C01, n1)));
                m1 = Avx512F.Min(m1, Avx512F.Min(Avx512F.FusedMultiplyAdd(minusTwo, c.C10, n0), Avx512F.FusedMultiplyAdd(minusTwo, c.C11, n1)));
                m2 = Avx512F.Min(m2, Avx512F.Min(Avx512F.FusedMultiplyAdd(minusTwo, c.C20, n0), Avx512F.FusedMultiplyAdd(minusTwo, c.C21, n1)));
                m3 = Avx512F.Min(m3, Avx512F.Min(Avx512F.FusedMultiplyAdd(minusTwo, c.C30, n0), Avx512F.FusedMultiplyAdd(minusTwo, c.C31, n1)));
            }

            // Fold 16 lanes into the 8 running lanes each query keeps.
            Avx.Store(laneMin, Avx.Min(Avx.LoadVector256(laneMin), Avx.Min(m0.GetLower(), m0.GetUpper())));
            Avx.Store(laneMin + 8, Avx.Min(Avx.LoadVector256(laneMin + 8), Avx.Min(m1.GetLower(), m1.GetUpper())));
            Avx.Store(laneMin + 16, Avx.Min(Avx.LoadVector256(laneMin + 16), Avx.Min(m2.GetLower(), m2.GetUpper())));
            Avx.Store(laneMin + 24, Avx.Min(Avx.LoadVector256(laneMin + 24), Avx.Min(m3.GetLower(), m3.GetUpper())));
        }
    }

    private void KernelScalar(float[] block, Span<float> lanes, int panelStart, int panelEnd, int dims)
    {
        Span<float> dots = stackalloc float[PanelWidth];
        for (int r = 0; r < QueryBlock; r++)
        {
            ReadOnlySpan<float> a = block.AsSpan(r * dims, dims);
            Span<float> laneMin = lanes.Slice(r * 8, 8);
            for (int p = panelStart; p < panelEnd; p++)
            {
                dots.Clear();
                ReadOnlySpan<float> panel = _packed.AsSpan(p * PanelWidth * dims, PanelWidth * dims);
                for (int k = 0; k < dims; k++)
                {
                    float x = a[k];
                    ReadOnlySpan<float> column = panel.Slice(k * PanelWidth, PanelWidth);
                    for (int j = 0; j < PanelWidth; j++)
                    {
                        dots[j] += x * column[j];
                    }
                }

                for (int j = 0; j < PanelWidth; j++)
                {
                    float candidate = _norms[(p * PanelWidth) + j] - (2 * dots[j]);
                    int lane = j % 8;
                    if (candidate < laneMin[lane])
                    {
                        laneMin[lane] = candidate;
                    }
                }
            }
        }
    }
}
