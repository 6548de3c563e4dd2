using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Customizable.Vlm.Anomaly;

/// <summary>The squared Euclidean distance of two short vectors, with 256-bit fused multiply-adds where the machine has them.</summary>
/// <remarks>Used where one distance is measured at a time (coreset selection), so the per-call cost matters more than blocking. The
/// sum is accumulated in 4 interleaved partial sums, so it can differ from a sequential sum in the last bits; it is the same for the
/// same inputs on the same machine. Stateless and thread-safe.</remarks>
internal static class SquaredDistance
{
    /// <summary>Sum over <c>k</c> of <c>(a[k] - b[k])^2</c>.</summary>
    /// <param name="a">The first vector.</param>
    /// <param name="b">The second vector, at least as long as <paramref name="a"/>.</param>
    /// <returns>The squared distance, in squared units of the vectors.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Between(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int length = a.Length;
        if (b.Length < length)
        {
            throw new ArgumentException("The second vector is shorter than the first.", nameof(b));
        }

        ref float x = ref MemoryMarshal.GetReference(a);
        ref float y = ref MemoryMarshal.GetReference(b);
        int k = 0;
        float sum = 0;
        if (Fma.IsSupported && length >= 16)
        {
            Vector256<float> s0 = Vector256<float>.Zero, s1 = Vector256<float>.Zero;
            for (; k <= length - 16; k += 16)
            {
                Vector256<float> d0 = Vector256.LoadUnsafe(ref x, (nuint)k) - Vector256.LoadUnsafe(ref y, (nuint)k);
                Vector256<float> d1 = Vector256.LoadUnsafe(ref x, (nuint)(k + 8)) - Vector256.LoadUnsafe(ref y, (nuint)(k + 8));
                s0 = Fma.MultiplyAdd(d0, d0, s0);
                s1 = Fma.MultiplyAdd(d1, d1, s1);
            }

            sum = Vector256.Sum(s0 + s1);
        }
        else if (Vector128.IsHardwareAccelerated && length >= 4)
        {
            Vector128<float> s0 = Vector128<float>.Zero;
            for (; k <= length - 4; k += 4)
            {
                Vector128<float> d0 = Vector128.LoadUnsafe(ref x, (nuint)k) - Vector128.LoadUnsafe(ref y, (nuint)k);
                s0 += d0 * d0;
            }

            sum = Vector128.Sum(s0);
        }

        for (; k < length; k++)
        {
            float d = Unsafe.Add(ref x, k) - Unsafe.Add(ref y, k);
            sum += d * d;
        }

        return sum;
    }
}
