using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Customizable.Vlm.Anomaly;

/// <summary>
/// A linear dimension reduction of patch features that makes the nearest-neighbour search cheaper: the principal components of
/// normal reference patches, plus one coordinate that keeps the length of what the components miss.
/// </summary>
/// <remarks>
/// <para>For a feature <c>x</c> with centred part <c>c = x - Mean</c>, the projection is <c>y = Basis c</c> (<see cref="Components"/>
/// values; the rows of <see cref="Basis"/> are orthonormal) followed by the residual length <c>r = |c - Basis^T y| =
/// sqrt(max(0, |c|^2 - |y|^2))</c>. The squared Euclidean distance between two projected features is therefore
/// <c>|y_a - y_b|^2 + (r_a - r_b)^2</c>: a lower bound of the exact distance <c>|x_a - x_b|^2 = |y_a - y_b|^2 + |res_a - res_b|^2</c>
/// (triangle inequality on the residual vectors), equal to it when the two residuals point the same way. The residual coordinate
/// keeps the search sensitive to energy outside the normal subspace (a patch unlike every reference has a long residual), which a
/// plain projection would discard. The search kernel itself is unchanged; it just runs over <see cref="OutputDimensions"/>
/// instead of <see cref="InputDimensions"/> values.</para>
/// <para>With every component kept (<see cref="IsRotation"/>), the projection is a rotation into the principal axes: the residual
/// coordinate is dropped (it would always be 0; <see cref="OutputDimensions"/> = <see cref="InputDimensions"/>) and distances are
/// the exact ones up to rounding. The exact search uses it so that its first pass over the
/// leading coordinates (<see cref="SearchPrefix"/>) can skip most of the bank.</para>
/// <para>Immutable and thread-safe. <see cref="Project"/> allocates nothing (scratch comes from <see cref="ArrayPool{T}.Shared"/>).</para>
/// </remarks>
internal sealed class PatchProjection
{
    private const int PanelWidth = PanelMicroKernel.PanelWidth;
    private const int FeatureBlock = 4;
    private const int Oversampling = 16;
    private const int PowerIterations = 40;

    private readonly float[] _mean;
    private readonly float[] _basis;
    private readonly float[] _panels;
    private readonly int _paddedComponents;

    private PatchProjection(float[] mean, float[] basis, int components, double retainedVariance)
    {
        _mean = mean;
        _basis = basis;
        InputDimensions = mean.Length;
        Components = components;
        RetainedVariance = retainedVariance;

        // The kernels read the basis transposed, in panels of 16 components: panel p holds [k][16] for components 16p..16p+15.
        // An even number of panels lets the AVX-512 kernel take them in pairs.
        _paddedComponents = (components + (2 * PanelWidth) - 1) / (2 * PanelWidth) * 2 * PanelWidth;
        _panels = new float[_paddedComponents * InputDimensions];
        for (int j = 0; j < components; j++)
        {
            int panel = j / PanelWidth, lane = j % PanelWidth;
            for (int k = 0; k < InputDimensions; k++)
            {
                _panels[(panel * PanelWidth * InputDimensions) + (k * PanelWidth) + lane] = basis[(j * InputDimensions) + k];
            }
        }
    }

    /// <summary>Gets the length of the features this projection accepts.</summary>
    public int InputDimensions { get; }

    /// <summary>Gets the number of principal components kept.</summary>
    public int Components { get; }

    /// <summary>Gets how many leading coordinates (the largest principal components) a memory bank of projected features compares in
    /// the first pass of its search (<see cref="PatchMemoryBank.Create(ReadOnlySpan{float}, int, int, int)"/>): 32 with at least 64
    /// components, where they leave about 0.3-2% of the bank to compare in full; 0 (no first pass) with fewer.</summary>
    public int SearchPrefix => Components >= 64 ? 32 : 0;

    /// <summary>Gets whether every component is kept (<see cref="Components"/> = <see cref="InputDimensions"/>): the projection is
    /// then a rotation that keeps distances, and there is no residual coordinate.</summary>
    public bool IsRotation => Components == InputDimensions;

    /// <summary>Gets the length of a projected feature: <see cref="Components"/> + 1 residual-length coordinate, or
    /// <see cref="Components"/> for a rotation (<see cref="IsRotation"/>).</summary>
    public int OutputDimensions => IsRotation ? Components : Components + 1;

    /// <summary>Gets the fraction in [0, 1] of the fitted features' variance that the components hold.</summary>
    public double RetainedVariance { get; }

    /// <summary>Gets the mean feature subtracted before projecting (<see cref="InputDimensions"/> values).</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>Gets the orthonormal components, strongest first, row-major (<see cref="Components"/> x <see cref="InputDimensions"/>).</summary>
    public ReadOnlySpan<float> Basis => _basis;

    /// <summary>Gets whether <see cref="Project"/> uses a SIMD kernel (AVX-512, or AVX2 + FMA) on this machine.</summary>
    public static bool IsVectorized => SimdKernels.Best != SimdKernel.Scalar;

    /// <summary>Fits the principal components of a set of (normal) features.</summary>
    /// <param name="features">Row-major features, <c>count * dimensions</c> floats, all finite.</param>
    /// <param name="count">Number of features, at least 2.</param>
    /// <param name="dimensions">Length of each feature, at least 1.</param>
    /// <param name="components">Components to keep, in [1, <paramref name="dimensions"/>].</param>
    /// <param name="maxSamples">At most this many features (evenly spaced) enter the covariance; at least 2.</param>
    /// <param name="seed">Seed of the starting subspace (the fit is deterministic for a given seed).</param>
    /// <param name="cancellationToken">Checked between stages and iterations.</param>
    /// <returns>The projection.</returns>
    /// <remarks>The covariance of up to <paramref name="maxSamples"/> features is formed in single precision; the leading eigenvectors
    /// are found by subspace iteration (<paramref name="components"/> + 16 vectors, 40 steps) followed by a Rayleigh-Ritz step solved
    /// with Jacobi rotations in double precision.</remarks>
    public static PatchProjection Fit(ReadOnlySpan<float> features, int count, int dimensions, int components, int maxSamples = 8192, int seed = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(components, dimensions);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSamples, 2);
        if (features.Length < (long)count * dimensions)
        {
            throw new ArgumentException($"{count} features of {dimensions} values need {(long)count * dimensions} floats, got {features.Length}.", nameof(features));
        }

        int samples = Math.Min(count, maxSamples);
        float[] mean = new float[dimensions];
        for (int s = 0; s < samples; s++)
        {
            ReadOnlySpan<float> row = features.Slice(SampleIndex(s, samples, count) * dimensions, dimensions);
            if (!TensorPrimitives.IsFiniteAll(row))
            {
                throw new ArgumentException($"Feature {SampleIndex(s, samples, count)} holds a value that is not finite.", nameof(features));
            }

            TensorPrimitives.Add(mean, row, mean);
        }

        TensorPrimitives.Multiply(mean, 1f / samples, mean);

        // Upper triangle of the covariance by rank-1 updates, then mirrored.
        float[] covariance = new float[dimensions * dimensions];
        float[] centred = new float[dimensions];
        for (int s = 0; s < samples; s++)
        {
            if ((s & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            TensorPrimitives.Subtract(features.Slice(SampleIndex(s, samples, count) * dimensions, dimensions), mean, centred);
            for (int a = 0; a < dimensions; a++)
            {
                Span<float> upper = covariance.AsSpan((a * dimensions) + a, dimensions - a);
                TensorPrimitives.MultiplyAdd(centred.AsSpan(a), centred[a], upper, upper);
            }
        }

        double trace = 0;
        for (int a = 0; a < dimensions; a++)
        {
            for (int b = a; b < dimensions; b++)
            {
                float v = covariance[(a * dimensions) + b] / (samples - 1);
                covariance[(a * dimensions) + b] = v;
                covariance[(b * dimensions) + a] = v;
            }

            trace += covariance[(a * dimensions) + a];
        }

        (float[] basis, double[] variances) = LeadingEigenvectors(covariance, dimensions, components, seed, cancellationToken);
        double retained = trace > 0 ? Math.Clamp(variances.Sum() / trace, 0, 1) : 1;
        return new PatchProjection(mean, basis, components, retained);
    }

    /// <summary>Recreates a projection from its parts (for example read from a saved profile).</summary>
    /// <param name="mean">The mean feature (<paramref name="dimensions"/> values).</param>
    /// <param name="basis">Orthonormal rows, <paramref name="components"/> x <paramref name="dimensions"/>.</param>
    /// <param name="components">Number of components, in [1, <paramref name="dimensions"/>].</param>
    /// <param name="dimensions">Input feature length.</param>
    /// <param name="retainedVariance">Fraction of variance held, in [0, 1].</param>
    /// <returns>The projection (the arrays are copied).</returns>
    /// <exception cref="ArgumentException">A length is wrong, a value is not finite, or the rows are not orthonormal (to 1e-3).</exception>
    public static PatchProjection Create(ReadOnlySpan<float> mean, ReadOnlySpan<float> basis, int components, int dimensions, double retainedVariance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(components, dimensions);
        if (!(retainedVariance >= 0 && retainedVariance <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(retainedVariance), retainedVariance, "Must be in [0, 1].");
        }

        if (mean.Length != dimensions || basis.Length != (long)components * dimensions)
        {
            throw new ArgumentException($"Expected a mean of {dimensions} and a basis of {(long)components * dimensions} values, got {mean.Length} and {basis.Length}.");
        }

        if (!TensorPrimitives.IsFiniteAll(mean) || !TensorPrimitives.IsFiniteAll(basis))
        {
            throw new ArgumentException("The projection holds a value that is not finite.");
        }

        for (int i = 0; i < components; i++)
        {
            ReadOnlySpan<float> row = basis.Slice(i * dimensions, dimensions);
            for (int j = 0; j <= i; j++)
            {
                float dot = TensorPrimitives.Dot(row, basis.Slice(j * dimensions, dimensions));
                if (Math.Abs(dot - (i == j ? 1 : 0)) > 1e-3)
                {
                    throw new ArgumentException($"The projection's rows {j} and {i} are not orthonormal (dot product {dot}).", nameof(basis));
                }
            }
        }

        return new PatchProjection(mean.ToArray(), basis.ToArray(), components, retainedVariance);
    }

    /// <summary>Projects features for a nearest-neighbour search (see the remarks of <see cref="PatchProjection"/>); queries and
    /// memory-bank features are projected the same way.</summary>
    /// <param name="features">Row-major features, <c>count * InputDimensions</c> floats.</param>
    /// <param name="count">Number of features.</param>
    /// <param name="destination">Receives <c>count * OutputDimensions</c> floats, row-major. For a rotation it may be the same memory
    /// as <paramref name="features"/> (projected in place: each block of rows is read before it is written).</param>
    public void Project(ReadOnlySpan<float> features, int count, Span<float> destination) =>
        ProjectCore(features, count, destination, SimdKernels.Best);

    internal void ProjectCore(ReadOnlySpan<float> features, int count, Span<float> destination, SimdKernel kernel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 0);
        SimdKernels.EnsureSupported(kernel);
        int dims = InputDimensions, output = OutputDimensions;
        if (features.Length < (long)count * dims || destination.Length < (long)count * output)
        {
            throw new ArgumentException($"{count} features need {(long)count * dims} input and {(long)count * output} output floats.");
        }

        float[] centred = ArrayPool<float>.Shared.Rent(FeatureBlock * dims);
        float[] projected = ArrayPool<float>.Shared.Rent(FeatureBlock * _paddedComponents);
        try
        {
            Span<float> norms = stackalloc float[FeatureBlock];
            for (int start = 0; start < count; start += FeatureBlock)
            {
                int block = Math.Min(FeatureBlock, count - start);
                for (int r = 0; r < FeatureBlock; r++)
                {
                    // A partial block repeats its last feature; the copies are not written out.
                    Span<float> c = centred.AsSpan(r * dims, dims);
                    TensorPrimitives.Subtract(features.Slice((start + Math.Min(r, block - 1)) * dims, dims), _mean, c);
                    norms[r] = IsRotation ? 0f : TensorPrimitives.Dot(c, c); // only the residual length reads it
                }

                switch (kernel)
                {
                    case SimdKernel.Avx512:
                        ProjectBlockAvx512(centred, projected);
                        break;
                    case SimdKernel.Avx2:
                        ProjectBlockAvx(centred, projected);
                        break;
                    default:
                        ProjectBlockScalar(centred, projected);
                        break;
                }

                for (int r = 0; r < block; r++)
                {
                    ReadOnlySpan<float> y = projected.AsSpan(r * _paddedComponents, Components);
                    Span<float> target = destination.Slice((start + r) * output, output);
                    y.CopyTo(target);
                    if (!IsRotation)
                    {
                        target[Components] = MathF.Sqrt(Math.Max(0f, norms[r] - TensorPrimitives.Dot(y, y)));
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(centred);
            ArrayPool<float>.Shared.Return(projected);
        }
    }

    private static int SampleIndex(int s, int samples, int count) => (int)((long)s * count / samples);

    /// <summary>4 centred features x 16 components per step: <see cref="PanelMicroKernel.Multiply4x16"/>, stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void ProjectBlockAvx(float[] centred, float[] projected)
    {
        int dims = InputDimensions, padded = _paddedComponents;
        fixed (float* a = centred)
        fixed (float* panels = _panels)
        fixed (float* result = projected)
        {
            for (int p = 0; p < padded / PanelWidth; p++)
            {
                PanelMicroKernel.Multiply4x16(a, dims, panels + ((long)p * PanelWidth * dims), out PanelMicroKernel.Tile<Vector256<float>> c);
                float* o = result + (p * PanelWidth);
                Avx.Store(o, c.C00);
                Avx.Store(o + 8, c.C01);
                Avx.Store(o + padded, c.C10);
                Avx.Store(o + padded + 8, c.C11);
                Avx.Store(o + (2 * padded), c.C20);
                Avx.Store(o + (2 * padded) + 8, c.C21);
                Avx.Store(o + (3 * padded), c.C30);
                Avx.Store(o + (3 * padded) + 8, c.C31);
            }
        }
    }

    /// <summary>4 centred features x 32 components (two panels) per step: <see cref="PanelMicroKernel.Multiply4x32"/>, stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void ProjectBlockAvx512(float[] centred, float[] projected)
    {
        int dims = InputDimensions, padded = _paddedComponents;
        fixed (float* a = centred)
        fixed (float* panels = _panels)
        fixed (float* result = projected)
        {
            for (int p = 0; p < padded / PanelWidth; p += 2)
            {
                float* bp0 = panels + ((long)p * PanelWidth * dims);
                PanelMicroKernel.Multiply4x32(a, dims, bp0, bp0 + (PanelWidth * dims), out PanelMicroKernel.Tile<Vector512<float>> c);
                float* o = result + (p * PanelWidth);
                Avx512F.Store(o, c.C00);
                Avx512F.Store(o + PanelWidth, c.C01);
                Avx512F.Store(o + padded, c.C10);
                Avx512F.Store(o + padded + PanelWidth, c.C11);
                Avx512F.Store(o + (2 * padded), c.C20);
                Avx512F.Store(o + (2 * padded) + PanelWidth, c.C21);
                Avx512F.Store(o + (3 * padded), c.C30);
                Avx512F.Store(o + (3 * padded) + PanelWidth, c.C31);
            }
        }
    }

    private void ProjectBlockScalar(float[] centred, float[] projected)
    {
        int dims = InputDimensions;
        for (int r = 0; r < FeatureBlock; r++)
        {
            ReadOnlySpan<float> c = centred.AsSpan(r * dims, dims);
            for (int j = 0; j < Components; j++)
            {
                projected[(r * _paddedComponents) + j] = TensorPrimitives.Dot(c, _basis.AsSpan(j * dims, dims));
            }
        }
    }

    /// <summary>The <paramref name="count"/> leading eigenvectors (rows, strongest first) and eigenvalues of a symmetric matrix.</summary>
    internal static (float[] Vectors, double[] Values) LeadingEigenvectors(float[] matrix, int n, int count, int seed, CancellationToken cancellationToken)
    {
        int k = Math.Min(n, count + Oversampling);
        var random = new Random(seed);
        float[] q = new float[k * n];
        for (int i = 0; i < q.Length; i++)
        {
            // Box-Muller normal deviates: a rotation-invariant random start.
            q[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        Orthonormalize(q, k, n, random);
        float[] z = new float[k * n];

        // When the subspace is the whole space (every component asked for), iterating cannot improve it: Rayleigh-Ritz alone is the
        // exact decomposition.
        for (int iteration = 0; k < n && iteration < PowerIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Multiply(matrix, n, q, k, z);
            (q, z) = (z, q);
            Orthonormalize(q, k, n, random);
        }

        // Rayleigh-Ritz: the k x k matrix Q A Q^T, diagonalised exactly; its eigenvectors rotate Q into the Ritz vectors.
        Multiply(matrix, n, q, k, z);
        double[,] small = new double[k, k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double v = 0.5 * (TensorPrimitives.Dot(q.AsSpan(i * n, n), z.AsSpan(j * n, n)) + TensorPrimitives.Dot(q.AsSpan(j * n, n), z.AsSpan(i * n, n)));
                small[i, j] = v;
                small[j, i] = v;
            }
        }

        (double[] values, double[,] vectors) = SymmetricJacobi.Decompose(small);
        int[] order = [.. Enumerable.Range(0, k).OrderByDescending(i => values[i]).ThenBy(i => i)];
        float[] result = new float[count * n];
        double[] resultValues = new double[count];
        double[] row = new double[n];
        for (int c = 0; c < count; c++)
        {
            int e = order[c];
            Array.Clear(row);
            for (int i = 0; i < k; i++)
            {
                double w = vectors[i, e];
                ReadOnlySpan<float> qi = q.AsSpan(i * n, n);
                for (int d = 0; d < n; d++)
                {
                    row[d] += w * qi[d];
                }
            }

            for (int d = 0; d < n; d++)
            {
                result[(c * n) + d] = (float)row[d];
            }

            resultValues[c] = Math.Max(0, values[e]);
        }

        // Restore exact orthonormality lost to rounding (a no-op up to float precision).
        Orthonormalize(result, count, n, random);
        return (result, resultValues);
    }

    /// <summary>z_i = A q_i for each of the k rows of q (A symmetric, n x n).</summary>
    private static void Multiply(float[] matrix, int n, float[] q, int k, float[] z)
    {
        for (int i = 0; i < k; i++)
        {
            ReadOnlySpan<float> qi = q.AsSpan(i * n, n);
            Span<float> zi = z.AsSpan(i * n, n);
            for (int a = 0; a < n; a++)
            {
                zi[a] = TensorPrimitives.Dot(matrix.AsSpan(a * n, n), qi);
            }
        }
    }

    /// <summary>Modified Gram-Schmidt, twice, over the k rows; a row that vanishes is replaced by a random one.</summary>
    private static void Orthonormalize(float[] rows, int k, int n, Random random)
    {
        for (int i = 0; i < k; i++)
        {
            Span<float> ri = rows.AsSpan(i * n, n);
            for (int attempt = 0; ; attempt++)
            {
                float before = TensorPrimitives.Norm(ri);
                for (int pass = 0; pass < 2; pass++)
                {
                    for (int j = 0; j < i; j++)
                    {
                        ReadOnlySpan<float> rj = rows.AsSpan(j * n, n);
                        TensorPrimitives.MultiplyAdd(rj, -TensorPrimitives.Dot(ri, rj), ri, ri);
                    }
                }

                float norm = TensorPrimitives.Norm(ri);
                if (norm > 1e-4f * before && norm > 1e-30f)
                {
                    TensorPrimitives.Multiply(ri, 1 / norm, ri);
                    break;
                }

                if (attempt == 8)
                {
                    throw new InvalidOperationException("Could not complete an orthonormal basis.");
                }

                for (int d = 0; d < n; d++)
                {
                    ri[d] = (float)((random.NextDouble() * 2) - 1);
                }
            }
        }
    }
}
