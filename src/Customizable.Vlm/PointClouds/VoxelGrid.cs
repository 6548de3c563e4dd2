using System.Buffers;
using System.Numerics;

namespace Customizable.Vlm.PointClouds;

/// <summary>
/// A dense voxel grid over the normalised cloud ([-1, 1]^3): points sorted by cell (counting sort), for local density and
/// nearest-neighbour queries. Buffers are pooled and returned by <see cref="Dispose"/>.
/// </summary>
/// <remarks>Read-only after construction; concurrent queries are safe. Points whose radius is negative (non-finite input) are left out.</remarks>
internal sealed class VoxelGrid : IDisposable
{
    private readonly int[] _start;
    private readonly int[] _order;
    private readonly int _cells;

    public VoxelGrid(ReadOnlySpan<Vector3> points, ReadOnlySpan<bool> valid)
    {
        int n = points.Length;

        // About 8-16 points per occupied cell on a surface: occupied cells grow like side^2.
        Side = Math.Clamp((int)Math.Sqrt(n / 16.0), 4, 128);
        CellSize = 2.0001f / Side;
        _cells = Side * Side * Side;
        _start = ArrayPool<int>.Shared.Rent(_cells + 1);
        _order = ArrayPool<int>.Shared.Rent(Math.Max(1, n));
        Span<int> start = _start.AsSpan(0, _cells + 1);
        start.Clear();
        for (int i = 0; i < n; i++)
        {
            if (valid[i])
            {
                start[CellOf(points[i]) + 1]++;
            }
        }

        for (int c = 0; c < _cells; c++)
        {
            start[c + 1] += start[c];
        }

        int[] fill = ArrayPool<int>.Shared.Rent(_cells);
        try
        {
            start[.._cells].CopyTo(fill);
            for (int i = 0; i < n; i++)
            {
                if (valid[i])
                {
                    _order[fill[CellOf(points[i])]++] = i;
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(fill);
        }
    }

    /// <summary>Gets the number of cells along each axis.</summary>
    public int Side { get; }

    /// <summary>Gets the number of cells (<c>Side^3</c>).</summary>
    public int CellCount => _cells;

    /// <summary>Gets the edge length of a cell, in normalised units.</summary>
    public float CellSize { get; }

    public int CellOf(Vector3 p)
    {
        int x = Math.Clamp((int)((p.X + 1.00005f) / CellSize), 0, Side - 1);
        int y = Math.Clamp((int)((p.Y + 1.00005f) / CellSize), 0, Side - 1);
        int z = Math.Clamp((int)((p.Z + 1.00005f) / CellSize), 0, Side - 1);
        return (((z * Side) + y) * Side) + x;
    }

    /// <summary>The points of one cell (indices into the cloud).</summary>
    public ReadOnlySpan<int> Cell(int cell) => _order.AsSpan(_start[cell], _start[cell + 1] - _start[cell]);

    /// <summary>Counts the points in the 3x3x3 block of cells around <paramref name="cell"/>.</summary>
    public int CountAround(int cell, int radius = 1)
    {
        (int cx, int cy, int cz) = Split(cell);
        int count = 0;
        for (int z = Math.Max(0, cz - radius); z <= Math.Min(Side - 1, cz + radius); z++)
        {
            for (int y = Math.Max(0, cy - radius); y <= Math.Min(Side - 1, cy + radius); y++)
            {
                int row = ((z * Side) + y) * Side;
                int x0 = row + Math.Max(0, cx - radius), x1 = row + Math.Min(Side - 1, cx + radius);
                count += _start[x1 + 1] - _start[x0];
            }
        }

        return count;
    }

    /// <summary>Finds up to <c>nearest.Length</c> nearest neighbours of point <paramref name="self"/> (itself excluded) in the surrounding cells.</summary>
    /// <returns>How many were found (fewer when the neighbourhood holds fewer points).</returns>
    public int Nearest(ReadOnlySpan<Vector3> points, int self, Span<int> nearest, Span<float> distances)
    {
        Vector3 p = points[self];
        (int cx, int cy, int cz) = Split(CellOf(p));
        int k = nearest.Length, found = 0;
        for (int radius = 1; radius <= 2; radius++)
        {
            found = 0;
            for (int z = Math.Max(0, cz - radius); z <= Math.Min(Side - 1, cz + radius); z++)
            {
                for (int y = Math.Max(0, cy - radius); y <= Math.Min(Side - 1, cy + radius); y++)
                {
                    int row = ((z * Side) + y) * Side;
                    int from = _start[row + Math.Max(0, cx - radius)], to = _start[row + Math.Min(Side - 1, cx + radius) + 1];
                    for (int j = from; j < to; j++)
                    {
                        int q = _order[j];
                        if (q == self)
                        {
                            continue;
                        }

                        float d = Vector3.DistanceSquared(p, points[q]);
                        if (found == k && d >= distances[k - 1])
                        {
                            continue;
                        }

                        int at = found < k ? found++ : k - 1;
                        while (at > 0 && distances[at - 1] > d)
                        {
                            distances[at] = distances[at - 1];
                            nearest[at] = nearest[at - 1];
                            at--;
                        }

                        distances[at] = d;
                        nearest[at] = q;
                    }
                }
            }

            if (found >= Math.Min(k, 3))
            {
                break;
            }
        }

        return found;
    }

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(_start);
        ArrayPool<int>.Shared.Return(_order);
    }

    private (int X, int Y, int Z) Split(int cell) => (cell % Side, cell / Side % Side, cell / (Side * Side));
}
