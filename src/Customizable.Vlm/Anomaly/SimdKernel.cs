namespace Customizable.Vlm.Anomaly;

/// <summary>The instruction sets the blocked kernels of <see cref="PatchMemoryBank"/> and <see cref="PatchProjection"/> come in.</summary>
/// <remarks>Internal so that tests and benchmarks can run each kernel the machine supports; the public paths always take
/// <see cref="SimdKernels.Best"/>.</remarks>
internal enum SimdKernel
{
    /// <summary>Portable scalar loops (and <c>TensorPrimitives</c>).</summary>
    Scalar,

    /// <summary>256-bit AVX with FMA.</summary>
    Avx2,

    /// <summary>512-bit AVX-512F.</summary>
    Avx512,
}
