using System.Collections.Concurrent;
using System.Numerics;

namespace Customizable.Vlm.PointClouds;

/// <summary>Estimates unit normals from the k nearest neighbours (plane fit: the covariance's smallest eigenvector).</summary>
/// <remarks>Stateless and thread-safe. Orientation is arbitrary (the renderer shades two-sided).</remarks>
internal static class NormalEstimator
{
    /// <summary>Writes a unit normal for each valid point among the first <paramref name="count"/> of <paramref name="points"/>.</summary>
    public static void Estimate(Vector3[] points, bool[] valid, int count, VoxelGrid grid, int k, Vector3[] normals, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.ForEach(Partitioner.Create(0, count, 4096), parallel, range =>
        {
            Span<int> nearest = stackalloc int[k];
            Span<float> distances = stackalloc float[k];
            for (int i = range.Item1; i < range.Item2; i++)
            {
                if (!valid[i])
                {
                    continue;
                }

                int found = grid.Nearest(points, i, nearest, distances);
                normals[i] = found < 2 ? Vector3.UnitZ : FitNormal(points, i, nearest[..found]);
            }
        });
    }

    /// <summary>The unit normal of the plane through a point and its neighbours.</summary>
    public static Vector3 FitNormal(ReadOnlySpan<Vector3> points, int self, ReadOnlySpan<int> neighbours)
    {
        Vector3 mean = points[self];
        foreach (int q in neighbours)
        {
            mean += points[q];
        }

        mean /= neighbours.Length + 1;
        float xx = 0, xy = 0, xz = 0, yy = 0, yz = 0, zz = 0;
        Accumulate(points[self] - mean);
        foreach (int q in neighbours)
        {
            Accumulate(points[q] - mean);
        }

        return SmallestEigenvector(xx, xy, xz, yy, yz, zz);

        void Accumulate(Vector3 d)
        {
            xx += d.X * d.X;
            xy += d.X * d.Y;
            xz += d.X * d.Z;
            yy += d.Y * d.Y;
            yz += d.Y * d.Z;
            zz += d.Z * d.Z;
        }
    }

    /// <summary>The unit eigenvector of the smallest eigenvalue of a symmetric 3x3 matrix (closed-form eigenvalues, cross products of rows).</summary>
    public static Vector3 SmallestEigenvector(float a00, float a01, float a02, float a11, float a12, float a22)
    {
        double scale = Math.Max(Math.Max(Math.Abs(a00), Math.Abs(a11)), Math.Max(Math.Abs(a22), Math.Max(Math.Abs(a01), Math.Max(Math.Abs(a02), Math.Abs(a12)))));
        if (scale <= 0)
        {
            return Vector3.UnitZ;
        }

        double m00 = a00 / scale, m01 = a01 / scale, m02 = a02 / scale, m11 = a11 / scale, m12 = a12 / scale, m22 = a22 / scale;
        double q = (m00 + m11 + m22) / 3;
        double p1 = (m01 * m01) + (m02 * m02) + (m12 * m12);
        double p2 = ((m00 - q) * (m00 - q)) + ((m11 - q) * (m11 - q)) + ((m22 - q) * (m22 - q)) + (2 * p1);
        double p = Math.Sqrt(p2 / 6);
        double smallest;
        if (p < 1e-12)
        {
            return Vector3.UnitZ;
        }

        double b00 = (m00 - q) / p, b01 = m01 / p, b02 = m02 / p, b11 = (m11 - q) / p, b12 = m12 / p, b22 = (m22 - q) / p;
        double det = (b00 * ((b11 * b22) - (b12 * b12))) - (b01 * ((b01 * b22) - (b12 * b02))) + (b02 * ((b01 * b12) - (b11 * b02)));
        double phi = Math.Acos(Math.Clamp(det / 2, -1, 1)) / 3;
        smallest = q + (2 * p * Math.Cos(phi + (2 * Math.PI / 3)));
        var r0 = new Vector3((float)(m00 - smallest), (float)m01, (float)m02);
        var r1 = new Vector3((float)m01, (float)(m11 - smallest), (float)m12);
        var r2 = new Vector3((float)m02, (float)m12, (float)(m22 - smallest));
        Vector3 c0 = Vector3.Cross(r0, r1), c1 = Vector3.Cross(r0, r2), c2 = Vector3.Cross(r1, r2);
        float l0 = c0.LengthSquared(), l1 = c1.LengthSquared(), l2 = c2.LengthSquared();
        Vector3 best = l0 >= l1 && l0 >= l2 ? c0 : l1 >= l2 ? c1 : c2;
        float length = best.Length();
        return length > 1e-20f ? best / length : Vector3.UnitZ;
    }
}
