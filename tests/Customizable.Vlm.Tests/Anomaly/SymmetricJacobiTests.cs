using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Tests.Anomaly;

public class SymmetricJacobiTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(40)]
    public void A_random_symmetric_matrix_is_decomposed_into_orthonormal_eigenvectors(int n)
    {
        var random = new Random(n);
        double[,] a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                a[i, j] = a[j, i] = (random.NextDouble() * 2) - 1;
            }
        }

        (double[] values, double[,] vectors) = SymmetricJacobi.Decompose(a);

        for (int e = 0; e < n; e++)
        {
            for (int i = 0; i < n; i++)
            {
                double av = 0;
                for (int k = 0; k < n; k++)
                {
                    av += a[i, k] * vectors[k, e];
                }

                Assert.Equal(values[e] * vectors[i, e], av, 9);
            }

            for (int f = 0; f < n; f++)
            {
                double dot = 0;
                for (int k = 0; k < n; k++)
                {
                    dot += vectors[k, e] * vectors[k, f];
                }

                Assert.Equal(e == f ? 1 : 0, dot, 9);
            }
        }
    }

    [Fact]
    public void A_diagonal_matrix_keeps_its_diagonal_as_eigenvalues()
    {
        double[,] a = { { 3, 0, 0 }, { 0, -1, 0 }, { 0, 0, 2 } };

        (double[] values, _) = SymmetricJacobi.Decompose(a);

        Assert.Equal([3.0, -1.0, 2.0], values);
    }
}
