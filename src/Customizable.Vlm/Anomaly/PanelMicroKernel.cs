using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Customizable.Vlm.Anomaly;

/// <summary>
/// The register-blocked inner loop shared by <see cref="PatchMemoryBank"/> (distances) and <see cref="PatchProjection"/>
/// (projection): dot products of 4 rows with the columns of transposed panels of 16, accumulated with fused multiply-adds.
/// </summary>
/// <remarks>
/// <para>A panel stores 16 vectors of length <c>dims</c> transposed: element <c>k</c> of vector <c>j</c> is at <c>k * 16 + j</c>. The rows
/// are 4 contiguous vectors of <c>dims</c> floats. Each method returns the 8 accumulators in a <see cref="Tile{TVector}"/> and leaves
/// what to do with them (keep a running minimum, store) to the caller. Both are inlined into the callers' pinned loops so the
/// accumulators stay in registers; callers check <see cref="SimdKernels.IsSupported"/> first.</para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
internal static class PanelMicroKernel
{
    /// <summary>Floats in one panel row (the number of vectors a panel holds).</summary>
    public const int PanelWidth = 16;

    /// <summary>4 rows x 1 panel with AVX + FMA: <c>C{r}0</c> holds lanes 0-7 of the panel, <c>C{r}1</c> lanes 8-15.</summary>
    /// <param name="rows">4 rows of <paramref name="dims"/> floats, one after the other.</param>
    /// <param name="dims">Length of each row and panel vector.</param>
    /// <param name="panel">The panel, <c>16 * dims</c> floats.</param>
    /// <param name="tile">Receives the 4 x 16 dot products.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Multiply4x16(float* rows, int dims, float* panel, out Tile<Vector256<float>> tile)
    {
        float* a0 = rows, a1 = rows + dims, a2 = rows + (2 * dims), a3 = rows + (3 * dims);
        float* bp = panel;
        Vector256<float> c00 = Vector256<float>.Zero, c01 = Vector256<float>.Zero;
        Vector256<float> c10 = Vector256<float>.Zero, c11 = Vector256<float>.Zero;
        Vector256<float> c20 = Vector256<float>.Zero, c21 = Vector256<float>.Zero;
        Vector256<float> c30 = Vector256<float>.Zero, c31 = Vector256<float>.Zero;
        for (int k = 0; k < dims; k++)
        {
            Vector256<float> b0 = Avx.LoadVector256(bp);
            Vector256<float> b1 = Avx.LoadVector256(bp + 8);
            bp += PanelWidth;
            Vector256<float> x = Vector256.Create(a0[k]);
            c00 = Fma.MultiplyAdd(x, b0, c00);
            c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a1[k]);
            c10 = Fma.MultiplyAdd(x, b0, c10);
            c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a2[k]);
            c20 = Fma.MultiplyAdd(x, b0, c20);
            c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a3[k]);
            c30 = Fma.MultiplyAdd(x, b0, c30);
            c31 = Fma.MultiplyAdd(x, b1, c31);
        }

        tile = new Tile<Vector256<float>>(c00, c01, c10, c11, c20, c21, c30, c31);
    }

    /// <summary>4 rows x 2 panels with AVX-512F: <c>C{r}0</c> holds the 16 lanes of <paramref name="panel0"/>, <c>C{r}1</c> those of
    /// <paramref name="panel1"/>. 2 loads and 4 broadcasts per 8 FMAs.</summary>
    /// <param name="rows">4 rows of <paramref name="dims"/> floats, one after the other.</param>
    /// <param name="dims">Length of each row and panel vector.</param>
    /// <param name="panel0">The first panel, <c>16 * dims</c> floats.</param>
    /// <param name="panel1">The second panel, <c>16 * dims</c> floats.</param>
    /// <param name="tile">Receives the 4 x 32 dot products.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Multiply4x32(float* rows, int dims, float* panel0, float* panel1, out Tile<Vector512<float>> tile)
    {
        float* a0 = rows, a1 = rows + dims, a2 = rows + (2 * dims), a3 = rows + (3 * dims);
        float* bp0 = panel0, bp1 = panel1;
        Vector512<float> c00 = Vector512<float>.Zero, c01 = Vector512<float>.Zero;
        Vector512<float> c10 = Vector512<float>.Zero, c11 = Vector512<float>.Zero;
        Vector512<float> c20 = Vector512<float>.Zero, c21 = Vector512<float>.Zero;
        Vector512<float> c30 = Vector512<float>.Zero, c31 = Vector512<float>.Zero;
        for (int k = 0; k < dims; k++)
        {
            Vector512<float> b0 = Avx512F.LoadVector512(bp0);
            Vector512<float> b1 = Avx512F.LoadVector512(bp1);
            bp0 += PanelWidth;
            bp1 += PanelWidth;
            Vector512<float> x = Vector512.Create(a0[k]);
            c00 = Avx512F.FusedMultiplyAdd(x, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a1[k]);
            c10 = Avx512F.FusedMultiplyAdd(x, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a2[k]);
            c20 = Avx512F.FusedMultiplyAdd(x, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a3[k]);
            c30 = Avx512F.FusedMultiplyAdd(x, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
        }

        tile = new Tile<Vector512<float>>(c00, c01, c10, c11, c20, c21, c30, c31);
    }

    /// <summary>The 8 accumulators of a 4-row tile: <c>C{row}{half}</c>.</summary>
    /// <typeparam name="TVector">The SIMD vector type.</typeparam>
    internal readonly struct Tile<TVector>(TVector c00, TVector c01, TVector c10, TVector c11, TVector c20, TVector c21, TVector c30, TVector c31)
        where TVector : struct
    {
        public TVector C00 { get; } = c00;

        public TVector C01 { get; } = c01;

        public TVector C10 { get; } = c10;

        public TVector C11 { get; } = c11;

        public TVector C20 { get; } = c20;

        public TVector C21 { get; } = c21;

        public TVector C30 { get; } = c30;

        public TVector C31 { get; } = c31;
    }
}
