using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Customizable.Vlm.Anomaly;

/// <summary>
/// The pruned search of a bank built with a prefix index: the SIMD kernel compares only the leading dimensions (a lower bound of
/// the squared distance, since the other terms are non-negative), and only a bank feature whose bound falls below the query's best
/// distance so far is compared in full.
/// </summary>
/// <remarks>
/// Exact: every feature that could be nearer than the best so far is compared in full, so the result is the nearest distance over
/// the whole bank (computed from differences, which is at least as accurate as the expansion the plain kernels use). How much it
/// saves depends on how much of the distance the leading dimensions carry: on principal-component scores of reference patches the
/// first 32 of 129 leave about 0.3-2% of the bank to compare in full (docs/performance.md).
/// </remarks>
internal sealed partial class PatchMemoryBank
{
    /// <summary>Gets how many leading dimensions the first pass of a search compares, or 0 when every search compares all of them.</summary>
    public int PrefixDimensions => _prefix?.Dimensions ?? 0;

    private void PrunedSearchRange(ReadOnlySpan<float> queries, int queryCount, Span<float> result, int firstBlock, int lastBlock, SimdKernel kernel)
    {
        PrefixIndex prefix = _prefix!;
        int dims = Dimensions, m = prefix.Dimensions;
        int panels = prefix.Norms.Length / PanelWidth;
        int panelsPerChunk = Math.Max(2, ChunkBytes / (PanelWidth * m * sizeof(float)) & ~1);
        int blockCount = lastBlock - firstBlock;
        int slots = blockCount * QueryBlock;
        int firstQuery = firstBlock * QueryBlock;

        float[] heads = ArrayPool<float>.Shared.Rent(slots * m);
        float[] state = ArrayPool<float>.Shared.Rent(slots * 4);
        try
        {
            // Per query slot: its leading dimensions (contiguous, 4 per block), the best squared distance so far, the bound a feature's
            // partial term must beat, the squared length of its leading dimensions and the rounding slack of the partial term.
            Span<float> best = state.AsSpan(0, slots), bound = state.AsSpan(slots, slots), headNorm = state.AsSpan(2 * slots, slots), slack = state.AsSpan(3 * slots, slots);
            for (int i = 0; i < slots; i++)
            {
                int q = firstQuery + i;
                if (q >= queryCount)
                {
                    // A partial block: nothing may pass the bound.
                    heads.AsSpan(i * m, m).Clear();
                    (best[i], bound[i], headNorm[i], slack[i]) = (0, float.NegativeInfinity, 0, 0);
                    continue;
                }

                ReadOnlySpan<float> head = queries.Slice(q * dims, m);
                head.CopyTo(heads.AsSpan(i * m, m));
                headNorm[i] = TensorPrimitives.Dot(head, head);
                slack[i] = 1e-5f * (1f + headNorm[i] + prefix.MaxNorm);
                best[i] = float.PositiveInfinity;
                bound[i] = float.PositiveInfinity;
            }

            for (int chunkStart = 0; chunkStart < panels; chunkStart += panelsPerChunk)
            {
                int chunkEnd = Math.Min(panels, chunkStart + panelsPerChunk);
                for (int b = 0; b < blockCount; b++)
                {
                    if (kernel == SimdKernel.Avx512)
                    {
                        PrunedAvx512(heads, b * QueryBlock, chunkStart, chunkEnd, queries, firstQuery, state, slots);
                    }
                    else
                    {
                        PrunedAvx(heads, b * QueryBlock, chunkStart, chunkEnd, queries, firstQuery, state, slots);
                    }
                }
            }

            for (int i = 0; i < slots; i++)
            {
                int q = firstQuery + i;
                if (q < queryCount)
                {
                    result[q] = best[i];
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(heads);
            ArrayPool<float>.Shared.Return(state);
        }
    }

    /// <summary>4 queries x 32 bank features (two panels) per step over the leading dimensions; features under a query's bound are
    /// compared in full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void PrunedAvx512(float[] heads, int slot0, int panelStart, int panelEnd, ReadOnlySpan<float> queries, int firstQuery, float[] state, int slots)
    {
        PrefixIndex prefix = _prefix!;
        int m = prefix.Dimensions;
        fixed (float* a = &heads[slot0 * m])
        fixed (float* packed = prefix.Packed)
        fixed (float* norms = prefix.Norms)
        fixed (float* bound = &state[slots])
        {
            Vector512<float> minusTwo = Vector512.Create(-2f);
            for (int p = panelStart; p < panelEnd; p += 2)
            {
                float* bp0 = packed + ((long)p * PanelWidth * m);
                PanelMicroKernel.Multiply4x32(a, m, bp0, bp0 + (PanelWidth * m), out PanelMicroKernel.Tile<Vector512<float>> c);
                Vector512<float> n0 = Avx512F.LoadVector512(norms + (p * PanelWidth));
                Vector512<float> n1 = Avx512F.LoadVector512(norms + ((p + 1) * PanelWidth));
                ulong m0 = Below(Avx512F.FusedMultiplyAdd(minusTwo, c.C00, n0), Avx512F.FusedMultiplyAdd(minusTwo, c.C01, n1), bound[slot0]);
                ulong m1 = Below(Avx512F.FusedMultiplyAdd(minusTwo, c.C10, n0), Avx512F.FusedMultiplyAdd(minusTwo, c.C11, n1), bound[slot0 + 1]);
                ulong m2 = Below(Avx512F.FusedMultiplyAdd(minusTwo, c.C20, n0), Avx512F.FusedMultiplyAdd(minusTwo, c.C21, n1), bound[slot0 + 2]);
                ulong m3 = Below(Avx512F.FusedMultiplyAdd(minusTwo, c.C30, n0), Avx512F.FusedMultiplyAdd(minusTwo, c.C31, n1), bound[slot0 + 3]);
                if ((m0 | m1 | m2 | m3) != 0)
                {
                    RefineBlock(m0, m1, m2, m3, p * PanelWidth, queries, firstQuery, slot0, state, slots);
                }
            }
        }
    }

    /// <summary>4 queries x 16 bank features (one panel) per step over the leading dimensions with AVX2 + FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void PrunedAvx(float[] heads, int slot0, int panelStart, int panelEnd, ReadOnlySpan<float> queries, int firstQuery, float[] state, int slots)
    {
        PrefixIndex prefix = _prefix!;
        int m = prefix.Dimensions;
        fixed (float* a = &heads[slot0 * m])
        fixed (float* packed = prefix.Packed)
        fixed (float* norms = prefix.Norms)
        fixed (float* bound = &state[slots])
        {
            Vector256<float> minusTwo = Vector256.Create(-2f);
            for (int p = panelStart; p < panelEnd; p++)
            {
                PanelMicroKernel.Multiply4x16(a, m, packed + ((long)p * PanelWidth * m), out PanelMicroKernel.Tile<Vector256<float>> c);
                Vector256<float> n0 = Avx.LoadVector256(norms + (p * PanelWidth));
                Vector256<float> n1 = Avx.LoadVector256(norms + (p * PanelWidth) + 8);
                ulong m0 = Below(Fma.MultiplyAdd(minusTwo, c.C00, n0), Fma.MultiplyAdd(minusTwo, c.C01, n1), bound[slot0]);
                ulong m1 = Below(Fma.MultiplyAdd(minusTwo, c.C10, n0), Fma.MultiplyAdd(minusTwo, c.C11, n1), bound[slot0 + 1]);
                ulong m2 = Below(Fma.MultiplyAdd(minusTwo, c.C20, n0), Fma.MultiplyAdd(minusTwo, c.C21, n1), bound[slot0 + 2]);
                ulong m3 = Below(Fma.MultiplyAdd(minusTwo, c.C30, n0), Fma.MultiplyAdd(minusTwo, c.C31, n1), bound[slot0 + 3]);
                if ((m0 | m1 | m2 | m3) != 0)
                {
                    RefineBlock(m0, m1, m2, m3, p * PanelWidth, queries, firstQuery, slot0, state, slots);
                }
            }
        }
    }

    /// <summary>Without SIMD: every row compared in full.</summary>
    private void ScalarRowsRange(ReadOnlySpan<float> queries, int queryCount, Span<float> result, int firstBlock, int lastBlock)
    {
        int dims = Dimensions;
        float[] rows = _prefix!.Rows;
        for (int q = firstBlock * QueryBlock; q < Math.Min(queryCount, lastBlock * QueryBlock); q++)
        {
            ReadOnlySpan<float> query = queries.Slice(q * dims, dims);
            float best = float.PositiveInfinity;
            for (int j = 0; j < Count; j++)
            {
                best = Math.Min(best, SquaredDistance.Between(query, rows.AsSpan(j * dims, dims)));
            }

            result[q] = best;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Below(Vector512<float> low, Vector512<float> high, float bound)
    {
        Vector512<float> b = Vector512.Create(bound);
        return Vector512.LessThan(low, b).ExtractMostSignificantBits() | (Vector512.LessThan(high, b).ExtractMostSignificantBits() << 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Below(Vector256<float> low, Vector256<float> high, float bound)
    {
        Vector256<float> b = Vector256.Create(bound);
        return Vector256.LessThan(low, b).ExtractMostSignificantBits() | ((ulong)Vector256.LessThan(high, b).ExtractMostSignificantBits() << 8);
    }

    /// <summary>The full comparisons of one step: the masks of the block's 4 queries (bit i: feature <c>entry + i</c>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RefineBlock(ulong m0, ulong m1, ulong m2, ulong m3, int entry, ReadOnlySpan<float> queries, int firstQuery, int slot0, float[] state, int slots)
    {
        Refine(m0, entry, queries, firstQuery, slot0, state, slots);
        Refine(m1, entry, queries, firstQuery, slot0 + 1, state, slots);
        Refine(m2, entry, queries, firstQuery, slot0 + 2, state, slots);
        Refine(m3, entry, queries, firstQuery, slot0 + 3, state, slots);
    }

    /// <summary>Compares the features flagged in <paramref name="mask"/> (bit i: feature <c>entry + i</c>) in full with the query of
    /// slot <paramref name="slot"/>, and lowers its best distance and bound.</summary>
    private void Refine(ulong mask, int entry, ReadOnlySpan<float> queries, int firstQuery, int slot, float[] state, int slots)
    {
        if (mask == 0)
        {
            return;
        }

        PrefixIndex prefix = _prefix!;
        int dims = Dimensions;
        ReadOnlySpan<float> query = queries.Slice((firstQuery + slot) * dims, dims);
        ref float best = ref state[slot];
        ref float bound = ref state[slots + slot];
        float headNorm = state[(2 * slots) + slot], slack = state[(3 * slots) + slot];
        while (mask != 0)
        {
            int j = entry + BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
            if (j >= Count)
            {
                break; // Padding lanes come last.
            }

            float d = SquaredDistance.Between(query, prefix.Rows.AsSpan(j * dims, dims));
            if (d < best)
            {
                best = d;
                bound = d - headNorm + slack;
            }
        }
    }

    /// <summary>The leading dimensions of every feature in panels (as the full bank), their squared lengths, and the features row by
    /// row for the full comparisons.</summary>
    private sealed class PrefixIndex
    {
        private PrefixIndex(int dimensions, float[] packed, float[] norms, float[] rows, float maxNorm)
        {
            Dimensions = dimensions;
            Packed = packed;
            Norms = norms;
            Rows = rows;
            MaxNorm = maxNorm;
        }

        public int Dimensions { get; }

        public float[] Packed { get; }

        public float[] Norms { get; }

        public float[] Rows { get; }

        public float MaxNorm { get; }

        public static PrefixIndex Build(ReadOnlySpan<float> features, int count, int dimensions, int prefixDimensions, int panels)
        {
            int m = prefixDimensions;
            float[] packed = new float[(long)panels * PanelWidth * m];
            float[] norms = new float[panels * PanelWidth];
            float maxNorm = 0;
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<float> head = features.Slice(i * dimensions, m);
                int baseIndex = i / PanelWidth * PanelWidth * m, lane = i % PanelWidth;
                for (int k = 0; k < m; k++)
                {
                    packed[baseIndex + (k * PanelWidth) + lane] = head[k];
                }

                norms[i] = TensorPrimitives.Dot(head, head);
                maxNorm = Math.Max(maxNorm, norms[i]);
            }

            norms.AsSpan(count).Fill(float.MaxValue);
            return new PrefixIndex(m, packed, norms, features[..(count * dimensions)].ToArray(), maxNorm);
        }
    }
}
