using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Customizable.Vlm.Preprocessing;

/// <summary>
/// The inner loops of <see cref="TensorPreprocessor"/>: a vertical pass that reads source bytes, widens them to float in registers
/// and combines the filter's source rows into one float row, and a horizontal pass that filters that row and writes normalised
/// planar output. Every loop has a scalar fallback, selected by the <c>simd</c> argument or by missing hardware support.
/// </summary>
internal static unsafe class ResampleKernels
{
    /// <summary>Gets a value indicating whether the AVX2 + FMA vertical pass can run on this machine.</summary>
    public static bool VerticalSimdSupported => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>Gets a value indicating whether the 128-bit horizontal pass is hardware accelerated on this machine.</summary>
    public static bool HorizontalSimdSupported => Vector128.IsHardwareAccelerated;

    /// <summary>
    /// Computes <c>dst[i] = sum_k weights[k] * src[(rowStart + k) * stride + i]</c> for <c>i</c> in [0, length).
    /// </summary>
    /// <param name="src">The first byte of the source column range in row 0.</param>
    /// <param name="stride">Bytes between source rows.</param>
    /// <param name="rowStart">First source row.</param>
    /// <param name="count">Number of source rows (taps).</param>
    /// <param name="weights">The taps' weights.</param>
    /// <param name="length">Number of bytes per row to combine.</param>
    /// <param name="dst">Destination floats, at least <paramref name="length"/>.</param>
    /// <param name="simd">Whether SIMD may be used.</param>
    public static void Vertical(byte* src, nint stride, int rowStart, int count, float* weights, int length, float* dst, bool simd)
    {
        byte* first = src + (rowStart * stride);
        int i = 0;
        if (simd && VerticalSimdSupported)
        {
            for (; i <= length - 32; i += 32)
            {
                byte* p = first + i;
                Vector256<float> w = Vector256.Create(weights[0]);
                Vector256<float> a0 = Avx.Multiply(Widen(p), w);
                Vector256<float> a1 = Avx.Multiply(Widen(p + 8), w);
                Vector256<float> a2 = Avx.Multiply(Widen(p + 16), w);
                Vector256<float> a3 = Avx.Multiply(Widen(p + 24), w);
                for (int k = 1; k < count; k++)
                {
                    p += stride;
                    w = Vector256.Create(weights[k]);
                    a0 = Fma.MultiplyAdd(Widen(p), w, a0);
                    a1 = Fma.MultiplyAdd(Widen(p + 8), w, a1);
                    a2 = Fma.MultiplyAdd(Widen(p + 16), w, a2);
                    a3 = Fma.MultiplyAdd(Widen(p + 24), w, a3);
                }

                Avx.Store(dst + i, a0);
                Avx.Store(dst + i + 8, a1);
                Avx.Store(dst + i + 16, a2);
                Avx.Store(dst + i + 24, a3);
            }

            for (; i <= length - 8; i += 8)
            {
                byte* p = first + i;
                Vector256<float> a0 = Avx.Multiply(Widen(p), Vector256.Create(weights[0]));
                for (int k = 1; k < count; k++)
                {
                    p += stride;
                    a0 = Fma.MultiplyAdd(Widen(p), Vector256.Create(weights[k]), a0);
                }

                Avx.Store(dst + i, a0);
            }
        }

        for (; i < length; i++)
        {
            byte* p = first + i;
            float acc = 0f;
            for (int k = 0; k < count; k++, p += stride)
            {
                acc += weights[k] * *p;
            }

            dst[i] = acc;
        }
    }

    /// <summary>
    /// Horizontal pass for 3- or 4-channel rows: output pixel <c>x</c> is <c>sum_k w[k] * row[(start[x] - first + k) * channels + lane]</c>
    /// for lanes 0..2, then <c>value * mul[lane] + add[lane]</c> is stored to <c>lane0</c>, <c>lane1</c>, <c>lane2</c> at index x.
    /// The row must have one readable float after its last pixel.
    /// </summary>
    public static void Horizontal(
        float* row, int channels, ResampleAxis axis, float* lane0, float* lane1, float* lane2, Vector128<float> mul, Vector128<float> add, bool simd)
    {
        int first = axis.First;
        int maxTaps = axis.MaxTaps;
        fixed (int* starts = axis.Start)
        fixed (int* counts = axis.Count)
        fixed (float* weights = axis.Weights)
        {
            int n = axis.Length;
            if (simd && HorizontalSimdSupported)
            {
                float* w = weights;
                for (int x = 0; x < n; x++, w += maxTaps)
                {
                    float* p = row + ((starts[x] - first) * channels);
                    int c = counts[x];
                    Vector128<float> acc = Vector128.Load(p) * Vector128.Create(w[0]);
                    for (int k = 1; k < c; k++)
                    {
                        p += channels;
                        acc = MulAdd(Vector128.Load(p), Vector128.Create(w[k]), acc);
                    }

                    acc = MulAdd(acc, mul, add);
                    lane0[x] = acc.GetElement(0);
                    lane1[x] = acc.GetElement(1);
                    lane2[x] = acc.GetElement(2);
                }

                return;
            }

            float m0 = mul.GetElement(0), m1 = mul.GetElement(1), m2 = mul.GetElement(2);
            float b0 = add.GetElement(0), b1 = add.GetElement(1), b2 = add.GetElement(2);
            for (int x = 0; x < n; x++)
            {
                float* w = weights + (x * maxTaps);
                float* p = row + ((starts[x] - first) * channels);
                int c = counts[x];
                float s0 = 0f, s1 = 0f, s2 = 0f;
                for (int k = 0; k < c; k++, p += channels)
                {
                    s0 += w[k] * p[0];
                    s1 += w[k] * p[1];
                    s2 += w[k] * p[2];
                }

                lane0[x] = (s0 * m0) + b0;
                lane1[x] = (s1 * m1) + b1;
                lane2[x] = (s2 * m2) + b2;
            }
        }
    }

    /// <summary>Horizontal pass for one-channel rows; the gray value is normalised once per output plane.</summary>
    public static void HorizontalGray(
        float* row, ResampleAxis axis, float* plane0, float* plane1, float* plane2, Vector128<float> mul, Vector128<float> add)
    {
        int first = axis.First;
        int maxTaps = axis.MaxTaps;
        float m0 = mul.GetElement(0), m1 = mul.GetElement(1), m2 = mul.GetElement(2);
        float b0 = add.GetElement(0), b1 = add.GetElement(1), b2 = add.GetElement(2);
        fixed (int* starts = axis.Start)
        fixed (int* counts = axis.Count)
        fixed (float* weights = axis.Weights)
        {
            int n = axis.Length;
            for (int x = 0; x < n; x++)
            {
                float* w = weights + (x * maxTaps);
                float* p = row + (starts[x] - first);
                int c = counts[x];
                float s = 0f;
                for (int k = 0; k < c; k++)
                {
                    s += w[k] * p[k];
                }

                plane0[x] = (s * m0) + b0;
                plane1[x] = (s * m1) + b1;
                plane2[x] = (s * m2) + b2;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Widen(byte* p) => Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : (a * b) + c;
}
