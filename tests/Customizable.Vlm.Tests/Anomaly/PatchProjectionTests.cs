using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Tests.Anomaly;

public class PatchProjectionTests
{
    /// <summary>Features with known principal axes: an orthonormal basis U (rows) and standard deviations that fall with the
    /// index, plus a mean offset; returns the features and U.</summary>
    private static (float[] Features, double[][] Axes) Structured(int count, int dims, double[] deviations, int seed)
    {
        var random = new Random(seed);
        double[][] axes = RandomOrthonormal(deviations.Length, dims, random);
        float[] features = new float[count * dims];
        for (int i = 0; i < count; i++)
        {
            for (int a = 0; a < deviations.Length; a++)
            {
                double w = Normal(random) * deviations[a];
                for (int d = 0; d < dims; d++)
                {
                    features[(i * dims) + d] += (float)(w * axes[a][d]);
                }
            }

            for (int d = 0; d < dims; d++)
            {
                features[(i * dims) + d] += 0.5f + (0.01f * d);
            }
        }

        return (features, axes);
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double[][] RandomOrthonormal(int rows, int dims, Random random)
    {
        var result = new double[rows][];
        for (int r = 0; r < rows; r++)
        {
            double[] v = [.. Enumerable.Range(0, dims).Select(_ => Normal(random))];
            for (int q = 0; q < r; q++)
            {
                double dot = v.Zip(result[q]).Sum(t => t.First * t.Second);
                for (int d = 0; d < dims; d++)
                {
                    v[d] -= dot * result[q][d];
                }
            }

            double norm = Math.Sqrt(v.Sum(x => x * x));
            result[r] = [.. v.Select(x => x / norm)];
        }

        return result;
    }

    private static float[] RandomFeatures(int count, int dims, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count * dims).Select(_ => (float)((random.NextDouble() * 2) - 1))];
    }

    [Fact]
    public void The_fitted_components_span_the_strongest_axes_in_order()
    {
        double[] deviations = [5, 4, 3, 2, 0.2, 0.2, 0.2, 0.2];
        (float[] features, double[][] axes) = Structured(3000, 24, deviations, 1);

        PatchProjection projection = PatchProjection.Fit(features, 3000, 24, 4);

        // Each component is (up to sign) the matching axis.
        for (int c = 0; c < 4; c++)
        {
            double dot = 0;
            for (int d = 0; d < 24; d++)
            {
                dot += projection.Basis[(c * 24) + d] * axes[c][d];
            }

            Assert.True(Math.Abs(dot) > 0.99, $"component {c} has |cos| {Math.Abs(dot):0.000} with its axis");
        }

        double total = deviations.Sum(s => s * s);
        Assert.Equal((25 + 16 + 9 + 4) / total, projection.RetainedVariance, 0.01);
        for (int d = 0; d < 24; d++)
        {
            // The sample mean of 3000 features whose spread per dimension is about 1.5.
            Assert.Equal(0.5 + (0.01 * d), projection.Mean[d], 0.1);
        }
    }

    [Fact]
    public void The_basis_rows_are_orthonormal()
    {
        float[] features = RandomFeatures(500, 40, 2);

        PatchProjection projection = PatchProjection.Fit(features, 500, 40, 12, maxSamples: 300);

        for (int i = 0; i < 12; i++)
        {
            for (int j = 0; j < 12; j++)
            {
                double dot = 0;
                for (int d = 0; d < 40; d++)
                {
                    dot += projection.Basis[(i * 40) + d] * projection.Basis[(j * 40) + d];
                }

                Assert.Equal(i == j ? 1 : 0, dot, 4);
            }
        }
    }

    [Fact]
    public void A_projected_pair_distance_is_the_subspace_distance_plus_the_squared_difference_of_residual_lengths()
    {
        const int dims = 30, components = 6;
        float[] fit = RandomFeatures(400, dims, 3);
        PatchProjection projection = PatchProjection.Fit(fit, 400, dims, components);
        float[] pairs = RandomFeatures(40, dims, 4);
        float[] projected = new float[40 * projection.OutputDimensions];

        projection.Project(pairs, 40, projected);

        // Double-precision reference: y = B c and residual r = c - B^T y of the centred features.
        (double[] Y, double[] R) Split(int row)
        {
            double[] c = [.. Enumerable.Range(0, dims).Select(d => (double)pairs[(row * dims) + d] - projection.Mean[d])];
            double[] y = [.. Enumerable.Range(0, components).Select(k => Enumerable.Range(0, dims).Sum(d => c[d] * projection.Basis[(k * dims) + d]))];
            double[] r = [.. c];
            for (int k = 0; k < components; k++)
            {
                for (int d = 0; d < dims; d++)
                {
                    r[d] -= y[k] * projection.Basis[(k * dims) + d];
                }
            }

            return (y, r);
        }

        static double Squared(IEnumerable<double> values) => values.Sum(v => v * v);
        int output = projection.OutputDimensions;
        for (int i = 0; i < 40; i += 2)
        {
            (double[] ya, double[] ra) = Split(i);
            (double[] yb, double[] rb) = Split(i + 1);
            double expected = Squared(ya.Zip(yb, (a, b) => a - b)) + Math.Pow(Math.Sqrt(Squared(ra)) - Math.Sqrt(Squared(rb)), 2);
            double exact = Squared(Enumerable.Range(0, dims).Select(d => (double)pairs[(i * dims) + d] - pairs[((i + 1) * dims) + d]));
            double reduced = Squared(Enumerable.Range(0, output).Select(d => (double)projected[(i * output) + d] - projected[((i + 1) * output) + d]));

            Assert.Equal(expected, reduced, 1e-4);
            Assert.True(reduced <= exact + 1e-4, $"pair {i}: {reduced} exceeds the exact {exact}");
            Assert.Equal(Math.Sqrt(Squared(ra)), projected[(i * output) + components], 1e-4);
        }
    }

    [Fact]
    public void Features_inside_the_fitted_subspace_keep_their_exact_distances()
    {
        (float[] features, _) = Structured(600, 20, [3, 2, 1], 6);
        PatchProjection projection = PatchProjection.Fit(features, 600, 20, 3);
        float[] projected = new float[600 * projection.OutputDimensions];

        projection.Project(features, 600, projected);

        for (int i = 1; i < 50; i++)
        {
            double exact = 0, reduced = 0;
            for (int d = 0; d < 20; d++)
            {
                double diff = features[d] - features[(i * 20) + d];
                exact += diff * diff;
            }

            for (int d = 0; d < projection.OutputDimensions; d++)
            {
                double diff = projected[d] - projected[(i * projection.OutputDimensions) + d];
                reduced += diff * diff;
            }

            Assert.Equal(exact, reduced, 1e-5 * exact);
        }
    }

    [Fact]
    public void Keeping_every_component_is_a_rotation_that_keeps_every_distance_and_can_project_in_place()
    {
        float[] features = RandomFeatures(300, 48, 21);
        PatchProjection rotation = PatchProjection.Fit(features, 300, 48, 48);
        float[] rotated = new float[300 * 48];
        rotation.Project(features, 300, rotated);
        float[] inPlace = (float[])features.Clone();
        rotation.Project(inPlace, 300, inPlace);

        Assert.True(rotation.IsRotation);
        Assert.Equal(48, rotation.OutputDimensions);
        Assert.Equal(1.0, rotation.RetainedVariance, 1e-4);
        Assert.Equal(rotated, inPlace);
        for (int i = 1; i < 300; i += 7)
        {
            double exact = 0, turned = 0;
            for (int d = 0; d < 48; d++)
            {
                double diff = features[d] - features[(i * 48) + d];
                exact += diff * diff;
                double r = rotated[d] - rotated[(i * 48) + d];
                turned += r * r;
            }

            Assert.Equal(exact, turned, 1e-4 * exact);
        }

        // Strongest axis first: the coordinates' variance falls.
        double Variance(int c) => Enumerable.Range(0, 300).Select(i => (double)rotated[(i * 48) + c]).Select(v => v * v).Average();
        Assert.True(Variance(0) >= Variance(24) && Variance(24) >= Variance(47), $"{Variance(0)} {Variance(24)} {Variance(47)}");
    }

    /// <summary>Every SIMD kernel this machine can run, with shapes that leave partial feature blocks and component panels.</summary>
    public static TheoryData<string, int, int, int> Cases()
    {
        var data = new TheoryData<string, int, int, int>();
        foreach (SimdKernel kernel in Enum.GetValues<SimdKernel>().Where(k => k != SimdKernel.Scalar && SimdKernels.IsSupported(k)))
        {
            data.Add(kernel.ToString(), 1, 5, 1);
            data.Add(kernel.ToString(), 7, 384, 96);
            data.Add(kernel.ToString(), 9, 66, 17);
            data.Add(kernel.ToString(), 4, 16, 16);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_simd_kernel_matches_the_scalar_one(string kernel, int count, int dims, int components)
    {
        PatchProjection projection = PatchProjection.Fit(RandomFeatures(200, dims, 7), 200, dims, components);
        float[] features = RandomFeatures(count, dims, 8);
        float[] fast = new float[count * projection.OutputDimensions], scalar = new float[fast.Length];

        projection.ProjectCore(features, count, fast, Enum.Parse<SimdKernel>(kernel));
        projection.ProjectCore(features, count, scalar, SimdKernel.Scalar);

        int output = projection.OutputDimensions;
        for (int i = 0; i < fast.Length; i++)
        {
            // The residual length is sqrt(|c|^2 - |y|^2): summation-order rounding of about 1e-6 |c|^2 can reach it as its square
            // root when the components hold nearly everything.
            Assert.Equal(scalar[i], fast[i], i % output == components ? 5e-3f : 1e-4f);
        }
    }

    [Fact]
    public void The_public_projection_uses_the_best_kernel_of_the_machine()
    {
        PatchProjection projection = PatchProjection.Fit(RandomFeatures(100, 40, 13), 100, 40, 10);
        float[] features = RandomFeatures(6, 40, 14);
        float[] viaPublic = new float[6 * 11], viaBest = new float[6 * 11];

        projection.Project(features, 6, viaPublic);
        projection.ProjectCore(features, 6, viaBest, SimdKernels.Best);

        Assert.Equal(viaBest, viaPublic);
        Assert.Equal(SimdKernels.Best != SimdKernel.Scalar, PatchProjection.IsVectorized);
    }

    [Fact]
    public void A_projection_recreated_from_its_parts_projects_identically()
    {
        PatchProjection fitted = PatchProjection.Fit(RandomFeatures(300, 32, 9), 300, 32, 8);
        PatchProjection copy = PatchProjection.Create(fitted.Mean, fitted.Basis, 8, 32, fitted.RetainedVariance);
        float[] features = RandomFeatures(5, 32, 10);
        float[] a = new float[5 * 9], b = new float[5 * 9];

        fitted.Project(features, 5, a);
        copy.Project(features, 5, b);

        Assert.Equal(a, b);
        Assert.Equal(fitted.RetainedVariance, copy.RetainedVariance);
    }

    [Fact]
    public void Inconsistent_parts_are_rejected()
    {
        PatchProjection fitted = PatchProjection.Fit(RandomFeatures(300, 16, 11), 300, 16, 4);
        float[] basis = fitted.Basis.ToArray();
        float[] skewed = basis.ToArray();
        skewed[3] += 0.5f;
        float[] nan = basis.ToArray();
        nan[0] = float.NaN;

        Assert.Throws<ArgumentException>(() => PatchProjection.Create(fitted.Mean, skewed, 4, 16, 0.5));
        Assert.Throws<ArgumentException>(() => PatchProjection.Create(fitted.Mean, nan, 4, 16, 0.5));
        Assert.Throws<ArgumentException>(() => PatchProjection.Create(fitted.Mean, basis.AsSpan(0, 16 * 3), 4, 16, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => PatchProjection.Create(fitted.Mean, basis, 4, 16, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => PatchProjection.Fit(RandomFeatures(10, 4, 12), 10, 4, 5));
        Assert.Throws<ArgumentException>(() => PatchProjection.Fit(new float[] { 1, float.PositiveInfinity, 0, 0 }, 2, 2, 1));
    }

    [Fact]
    public void Identical_features_give_a_valid_projection_with_zero_residuals()
    {
        float[] features = new float[50 * 8];
        Array.Fill(features, 0.25f);

        PatchProjection projection = PatchProjection.Fit(features, 50, 8, 3);
        float[] projected = new float[projection.OutputDimensions];
        projection.Project(features, 1, projected);

        Assert.All(projected, v => Assert.Equal(0f, v, 1e-5f));
    }
}
