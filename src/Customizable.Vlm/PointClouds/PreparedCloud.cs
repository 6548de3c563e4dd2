using System.Buffers;
using System.Numerics;
using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.PointClouds;

/// <summary>
/// A cloud ready to render: positions normalised into the unit sphere (centred on the mean, optionally on principal axes), unit
/// normals in that frame, a splat radius per point from the local density, and the colours. Buffers are pooled.
/// </summary>
/// <remarks>Read-only after construction (views render concurrently from it); <see cref="Dispose"/> once every view is done.</remarks>
internal sealed class PreparedCloud : IDisposable
{
    private PreparedCloud(int count, ReadOnlyMemory<Vector3> source, ReadOnlyMemory<byte>? colors)
    {
        Count = count;
        Source = source;
        Colors = colors;
        Positions = ArrayPool<Vector3>.Shared.Rent(count);
        Normals = ArrayPool<Vector3>.Shared.Rent(count);
        Radius = ArrayPool<float>.Shared.Rent(count);
        X = ArrayPool<float>.Shared.Rent(count);
        Y = ArrayPool<float>.Shared.Rent(count);
        Z = ArrayPool<float>.Shared.Rent(count);
    }

    public int Count { get; }

    /// <summary>The caller's points, in cloud units (what provenance reports).</summary>
    public ReadOnlyMemory<Vector3> Source { get; }

    /// <summary>Three bytes per point, or null.</summary>
    public ReadOnlyMemory<byte>? Colors { get; }

    /// <summary>Normalised positions (first <see cref="Count"/> entries are meaningful).</summary>
    public Vector3[] Positions { get; }

    /// <summary>The x coordinates of <see cref="Positions"/> in an array of their own, for the vectorised splatting loop.</summary>
    public float[] X { get; }

    /// <summary>The y coordinates of <see cref="Positions"/>.</summary>
    public float[] Y { get; }

    /// <summary>The z coordinates of <see cref="Positions"/>.</summary>
    public float[] Z { get; }

    /// <summary>Unit normals in the normalised frame.</summary>
    public Vector3[] Normals { get; }

    /// <summary>Splat half-size in normalised units; negative for a dropped (non-finite) point.</summary>
    public float[] Radius { get; }

    /// <summary>Maps cloud coordinates (row vector) to the normalised frame.</summary>
    public Matrix4x4 CloudToNormalised { get; private set; }

    public static PreparedCloud Create(ReadOnlyMemory<Vector3> points, ReadOnlyMemory<Vector3>? normals, ReadOnlyMemory<byte>? colors, PointCloudEncoderOptions options, string? name, CancellationToken cancellationToken)
    {
        int n = points.Length;
        if (n == 0)
        {
            throw new InvalidObservationException(name, "The cloud has no points.", null);
        }

        if (normals is { } given && given.Length != n)
        {
            throw new InvalidObservationException(name, $"The cloud has {n} points but {given.Length} normals.", null);
        }

        var cloud = new PreparedCloud(n, points, colors);
        bool[] valid = ArrayPool<bool>.Shared.Rent(n);
        try
        {
            cloud.Normalise(points.Span, valid, options.AlignPrincipalAxes, name);
            cancellationToken.ThrowIfCancellationRequested();
            using var grid = new VoxelGrid(cloud.Positions.AsSpan(0, n), valid.AsSpan(0, n));
            cloud.EstimateSpacing(grid, valid, options.SplatScale);
            cancellationToken.ThrowIfCancellationRequested();
            if (normals is { } fromFile)
            {
                cloud.TransformNormals(fromFile.Span);
            }
            else
            {
                NormalEstimator.Estimate(cloud.Positions, valid, n, grid, options.NeighbourCount, cloud.Normals, options.MaxDegreeOfParallelism, cancellationToken);
            }

            return cloud;
        }
        catch
        {
            cloud.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(valid);
        }
    }

    public void Dispose()
    {
        ArrayPool<Vector3>.Shared.Return(Positions);
        ArrayPool<Vector3>.Shared.Return(Normals);
        ArrayPool<float>.Shared.Return(Radius);
        ArrayPool<float>.Shared.Return(X);
        ArrayPool<float>.Shared.Return(Y);
        ArrayPool<float>.Shared.Return(Z);
    }

    private static Matrix4x4 PrincipalAxes(ReadOnlySpan<Vector3> points, bool[] valid, Vector3 mean)
    {
        double[,] covariance = new double[3, 3];
        for (int i = 0; i < points.Length; i++)
        {
            if (!valid[i])
            {
                continue;
            }

            Vector3 d = points[i] - mean;
            double[] v = [d.X, d.Y, d.Z];
            for (int a = 0; a < 3; a++)
            {
                for (int b = 0; b < 3; b++)
                {
                    covariance[a, b] += v[a] * v[b];
                }
            }
        }

        (double[] values, double[,] vectors) = SymmetricJacobi.Decompose(covariance);
        int[] order = [0, 1, 2];
        Array.Sort(order, (a, b) => values[b].CompareTo(values[a]));
        var axes = new Vector3[3];
        for (int r = 0; r < 3; r++)
        {
            int c = order[r];
            axes[r] = Vector3.Normalize(new Vector3((float)vectors[0, c], (float)vectors[1, c], (float)vectors[2, c]));
        }

        // Signs: the heavier tail (third moment) points to +; then keep the frame right-handed.
        for (int r = 0; r < 2; r++)
        {
            double third = 0;
            for (int i = 0; i < points.Length; i++)
            {
                if (valid[i])
                {
                    double t = Vector3.Dot(points[i] - mean, axes[r]);
                    third += t * t * t;
                }
            }

            if (third < 0)
            {
                axes[r] = -axes[r];
            }
        }

        axes[2] = Vector3.Cross(axes[0], axes[1]);

        // Row-vector convention: p' = p M, so the axes are the columns.
        return new Matrix4x4(
            axes[0].X, axes[1].X, axes[2].X, 0,
            axes[0].Y, axes[1].Y, axes[2].Y, 0,
            axes[0].Z, axes[1].Z, axes[2].Z, 0,
            0, 0, 0, 1);
    }

    private void Normalise(ReadOnlySpan<Vector3> points, bool[] valid, bool align, string? name)
    {
        double sx = 0, sy = 0, sz = 0;
        int kept = 0;
        for (int i = 0; i < points.Length; i++)
        {
            Vector3 p = points[i];
            bool ok = float.IsFinite(p.X) && float.IsFinite(p.Y) && float.IsFinite(p.Z);
            valid[i] = ok;
            if (ok)
            {
                sx += p.X;
                sy += p.Y;
                sz += p.Z;
                kept++;
            }
        }

        if (kept == 0)
        {
            throw new InvalidObservationException(name, "Every point of the cloud has a NaN or infinite coordinate.", null);
        }

        var mean = new Vector3((float)(sx / kept), (float)(sy / kept), (float)(sz / kept));
        Matrix4x4 rotation = align ? PrincipalAxes(points, valid, mean) : Matrix4x4.Identity;
        float radius = 0;
        for (int i = 0; i < points.Length; i++)
        {
            if (valid[i])
            {
                radius = MathF.Max(radius, (points[i] - mean).LengthSquared());
            }
        }

        radius = MathF.Sqrt(radius);
        float scale = radius > 0 && float.IsFinite(1 / radius) ? 1 / radius : 1;
        CloudToNormalised = Matrix4x4.CreateTranslation(-mean) * rotation * Matrix4x4.CreateScale(scale);
        Matrix4x4 m = CloudToNormalised;
        for (int i = 0; i < points.Length; i++)
        {
            Vector3 p = valid[i] ? Vector3.Transform(points[i], m) : Vector3.Zero;
            Positions[i] = p;
            X[i] = p.X;
            Y[i] = p.Y;
            Z[i] = p.Z;
        }
    }

    private void EstimateSpacing(VoxelGrid grid, bool[] valid, float splatScale)
    {
        // A surface crossing a 3x3x3 block of cells covers about 9 cell faces: spacing = 3 h / sqrt(points in the block).
        // Computed once per occupied cell and given to the cell's points.
        float h = grid.CellSize;
        for (int i = 0; i < Count; i++)
        {
            if (!valid[i])
            {
                Radius[i] = -1e30f;
            }
        }

        for (int cell = 0; cell < grid.CellCount; cell++)
        {
            ReadOnlySpan<int> members = grid.Cell(cell);
            if (members.IsEmpty)
            {
                continue;
            }

            float radius = splatScale * 3 * h / MathF.Sqrt(Math.Max(1, grid.CountAround(cell)));
            foreach (int i in members)
            {
                Radius[i] = radius;
            }
        }
    }

    private void TransformNormals(ReadOnlySpan<Vector3> normals)
    {
        Matrix4x4 m = CloudToNormalised;
        for (int i = 0; i < Count; i++)
        {
            Vector3 n = Vector3.TransformNormal(normals[i], m);
            float length = n.Length();
            Normals[i] = length > 1e-20f && float.IsFinite(length) ? n / length : Vector3.Zero;
        }
    }
}
