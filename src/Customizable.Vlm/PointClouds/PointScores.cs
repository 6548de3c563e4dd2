using System.Globalization;
using System.Numerics;

namespace Customizable.Vlm.PointClouds;

/// <summary>
/// Projects a verdict's per-view anomaly maps back onto the points of the inspected cloud (<see cref="AnomalyVerdict.PointScores"/>)
/// and says where in 3D the strongest region lies.
/// </summary>
/// <remarks>A point's score is the largest map value, clamped to [0, 1], over the pixels it won in the z-test of any view
/// (<see cref="PointCloudViewProvenance.PixelToPointIndex"/>) and the pixels it lies on in a view where it is on the visible
/// surface: it projects (<see cref="PointCloudViewProvenance.CloudToView"/>) onto a pixel whose winner is within
/// <see cref="SurfaceTolerance"/> of its depth. In a dense cloud most points lose every z-test to a neighbour on the same surface
/// (several points per pixel); without the second rule they would score nothing. A point visible in no view scores 0. Stateless.</remarks>
internal static class PointScores
{
    /// <summary>How far behind the winner of its pixel a point may lie and still count as seen, in normalised view units (the
    /// cloud scaled into the unit sphere): about two pixels of a 224-pixel view.</summary>
    public const float SurfaceTolerance = 0.02f;

    /// <summary>Fills <see cref="AnomalyVerdict.PointScores"/> and prefixes the reasoning with the strongest region's 3D place; leaves
    /// the verdict unchanged when its views are not views of one point cloud or the reasoner gave no maps.</summary>
    public static void Apply(AnomalyVerdict verdict, IReadOnlyList<EncodedView> views)
    {
        if (views.Count == 0 || verdict.AnomalyMaps.Count == 0 || views[0].Provenance is not PointCloudViewProvenance first)
        {
            return;
        }

        ReadOnlyMemory<Vector3> points = first.Points;
        if (!views.All(v => v.Provenance is PointCloudViewProvenance p && p.Points.Length == points.Length))
        {
            return;
        }

        float[] scores = Project(verdict.AnomalyMaps, views, points.Length);
        verdict.PointScores = scores;
        if (Describe(verdict, points.Span) is { } where)
        {
            verdict.Reasoning = $"{where} {verdict.Reasoning}".Trim();
        }
    }

    /// <summary>The per-point maximum of the clamped map values over the pixels each point won.</summary>
    internal static float[] Project(IEnumerable<AnomalyMap> maps, IReadOnlyList<EncodedView> views, int pointCount)
    {
        float[] scores = new float[pointCount];
        foreach (AnomalyMap map in maps)
        {
            if (map.ViewIndex >= views.Count || views[map.ViewIndex].Provenance is not PointCloudViewProvenance view
                || view.ViewWidth != map.Width || view.ViewHeight != map.Height)
            {
                continue;
            }

            ReadOnlySpan<int> winners = view.PixelToPointIndex.Span;
            float[] values = map.Values;
            for (int i = 0; i < winners.Length; i++)
            {
                int index = winners[i];
                if ((uint)index < (uint)scores.Length)
                {
                    Raise(scores, index, values[i]);
                }
            }

            // Points that lost their pixel to a neighbour on the same surface take that pixel's value.
            ReadOnlySpan<Vector3> points = view.Points.Span;
            int count = Math.Min(points.Length, scores.Length);
            for (int i = 0; i < count; i++)
            {
                if (Project(view, points[i]) is not (int pixel, float depth))
                {
                    continue;
                }

                int winner = winners[pixel];
                if (winner == i || ((uint)winner < (uint)points.Length && Project(view, points[winner]) is (_, float front) && depth - front <= SurfaceTolerance))
                {
                    Raise(scores, i, values[pixel]);
                }
            }
        }

        return scores;
    }

    private static void Raise(float[] scores, int index, float value)
    {
        value = float.IsNaN(value) ? 0 : Math.Clamp(value, 0, 1);
        if (value > scores[index])
        {
            scores[index] = value;
        }
    }

    /// <summary>The row-major pixel a point projects to and its distance from the camera in normalised units (orthographic: the
    /// view's depth; perspective: 1 / the view's z), or null outside the view or behind the camera.</summary>
    private static (int Pixel, float Depth)? Project(PointCloudViewProvenance view, Vector3 point)
    {
        Vector4 h = Vector4.Transform(new Vector4(point, 1), view.CloudToView);
        if (!(h.W > 0))
        {
            return null;
        }

        float x = h.X / h.W, y = h.Y / h.W, z = h.Z / h.W;
        if (!(x >= 0 && y >= 0 && x < view.ViewWidth && y < view.ViewHeight))
        {
            return null;
        }

        bool perspective = MathF.Abs(h.W - 1) > 1e-6f;
        float depth = perspective ? (z > 0 ? 1 / z : float.PositiveInfinity) : z;
        return (((int)y * view.ViewWidth) + (int)x, depth);
    }

    /// <summary>"Strongest region around (x, y, z), upper +X side, 2.1% of the points." for the highest-scoring region with points.</summary>
    internal static string? Describe(AnomalyVerdict verdict, ReadOnlySpan<Vector3> points)
    {
        AnomalyRegion? strongest = null;
        foreach (AnomalyRegion region in verdict.Regions)
        {
            if (region.SourceLocation is PointSetLocation { PointIndices.Length: > 0 } && (strongest is null || (region.Score ?? 0) > (strongest.Score ?? 0)))
            {
                strongest = region;
            }
        }

        if (strongest?.SourceLocation is not PointSetLocation location || points.Length == 0)
        {
            return null;
        }

        Vector3 min = new(float.PositiveInfinity), max = new(float.NegativeInfinity);
        foreach (Vector3 p in points)
        {
            if (float.IsFinite(p.X) && float.IsFinite(p.Y) && float.IsFinite(p.Z))
            {
                min = Vector3.Min(min, p);
                max = Vector3.Max(max, p);
            }
        }

        Vector3 sum = Vector3.Zero;
        int count = 0;
        foreach (int index in location.PointIndices.Span)
        {
            if ((uint)index < (uint)points.Length)
            {
                sum += points[index];
                count++;
            }
        }

        if (count == 0 || !float.IsFinite(min.X))
        {
            return null;
        }

        Vector3 centre = sum / count;
        string side = Side(centre, (min + max) / 2, (max - min) / 2);
        double fraction = (double)count / points.Length;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Strongest region around ({centre.X:0.###}, {centre.Y:0.###}, {centre.Z:0.###}), {side}, {fraction:0.0%} of the points.");
    }

    /// <summary>Where a point lies in the cloud's bounding box: "upper"/"lower" when it is in the outer thirds along z, and the
    /// x or y side it leans to most ("+X side"), or "centre".</summary>
    internal static string Side(Vector3 point, Vector3 centre, Vector3 half)
    {
        static float Rel(float v, float c, float h) => h > 0 ? (v - c) / h : 0;
        float rx = Rel(point.X, centre.X, half.X), ry = Rel(point.Y, centre.Y, half.Y), rz = Rel(point.Z, centre.Z, half.Z);
        string vertical = rz > 1f / 3 ? "upper " : rz < -1f / 3 ? "lower " : string.Empty;
        string horizontal = Math.Max(Math.Abs(rx), Math.Abs(ry)) <= 1f / 3
            ? "centre"
            : Math.Abs(rx) >= Math.Abs(ry) ? (rx > 0 ? "+X side" : "-X side") : (ry > 0 ? "+Y side" : "-Y side");
        return vertical + horizontal;
    }
}
