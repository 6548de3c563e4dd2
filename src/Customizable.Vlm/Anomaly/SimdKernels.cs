using System.Runtime.Intrinsics.X86;

namespace Customizable.Vlm.Anomaly;

/// <summary>Which <see cref="SimdKernel"/> this machine can run.</summary>
internal static class SimdKernels
{
    /// <summary>Gets the fastest kernel this machine supports.</summary>
    public static SimdKernel Best { get; } = Avx512F.IsSupported ? SimdKernel.Avx512 : IsSupported(SimdKernel.Avx2) ? SimdKernel.Avx2 : SimdKernel.Scalar;

    /// <summary>Whether <paramref name="kernel"/> can run here.</summary>
    public static bool IsSupported(SimdKernel kernel) => kernel switch
    {
        SimdKernel.Avx512 => Avx512F.IsSupported,
        SimdKernel.Avx2 => Fma.IsSupported && Avx.IsSupported,
        _ => true,
    };

    /// <summary>Throws <see cref="PlatformNotSupportedException"/> when <paramref name="kernel"/> cannot run here.</summary>
    public static void EnsureSupported(SimdKernel kernel)
    {
        if (!IsSupported(kernel))
        {
            throw new PlatformNotSupportedException($"The {kernel} kernel is not supported on this machine.");
        }
    }
}
