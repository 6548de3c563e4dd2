namespace Customizable.Vlm.Anomaly;

/// <summary>Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations (double precision).</summary>
/// <remarks>Meant for matrices of up to a few hundred rows (cost about 10 n^3 per call). Stateless and thread-safe.</remarks>
internal static class SymmetricJacobi
{
    /// <summary>Decomposes <paramref name="matrix"/> (not modified) as <c>V diag(values) V^T</c>.</summary>
    /// <param name="matrix">A symmetric n x n matrix (only symmetric input is meaningful).</param>
    /// <returns>The eigenvalues (unsorted) and the eigenvectors as the columns of an n x n matrix.</returns>
    public static (double[] Values, double[,] Vectors) Decompose(double[,] matrix)
    {
        int n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n)
        {
            throw new ArgumentException("The matrix must be square.", nameof(matrix));
        }

        double[,] a = (double[,])matrix.Clone();
        double[,] v = new double[n, n];
        double scale = 0;
        for (int i = 0; i < n; i++)
        {
            v[i, i] = 1;
            for (int j = 0; j < n; j++)
            {
                scale += a[i, j] * a[i, j];
            }
        }

        double tolerance = 1e-26 * scale;
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int p = 0; p < n; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    off += a[p, q] * a[p, q];
                }
            }

            if (off <= tolerance || off == 0)
            {
                break;
            }

            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    if (a[p, q] == 0)
                    {
                        continue;
                    }

                    Rotate(a, v, n, p, q);
                }
            }
        }

        double[] values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = a[i, i];
        }

        return (values, v);
    }

    /// <summary>Applies the rotation in the (p, q) plane that zeroes a[p, q]: a = J^T a J, v = v J.</summary>
    private static void Rotate(double[,] a, double[,] v, int n, int p, int q)
    {
        // The angle phi solves cot(2 phi) = (a_qq - a_pp) / (2 a_pq); t = tan(phi) is its smaller root.
        double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
        double t = Math.Abs(theta) > 1e150
            ? 1 / (2 * theta)
            : Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
        double c = 1 / Math.Sqrt((t * t) + 1), s = t * c;
        for (int k = 0; k < n; k++)
        {
            double akp = a[k, p], akq = a[k, q];
            a[k, p] = (c * akp) - (s * akq);
            a[k, q] = (s * akp) + (c * akq);
        }

        for (int k = 0; k < n; k++)
        {
            double apk = a[p, k], aqk = a[q, k];
            a[p, k] = (c * apk) - (s * aqk);
            a[q, k] = (s * apk) + (c * aqk);
        }

        for (int k = 0; k < n; k++)
        {
            double vkp = v[k, p], vkq = v[k, q];
            v[k, p] = (c * vkp) - (s * vkq);
            v[k, q] = (s * vkp) + (c * vkq);
        }
    }
}
