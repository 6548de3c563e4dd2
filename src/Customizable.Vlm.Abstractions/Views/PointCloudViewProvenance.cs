using System.Numerics;

namespace Customizable.Vlm;

/// <summary>Provenance of a view rendered from a point cloud: the camera used and, per view pixel, which point was seen there.</summary>
/// <remarks>The per-pixel point index buffer is what maps findings back to 3D exactly; the camera matrix documents the projection.</remarks>
public sealed class PointCloudViewProvenance : ViewProvenance
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="viewName">A short name of the camera (e.g. "top", "azimuth 40 elevation 30").</param>
    /// <param name="viewWidth">Width of the rendered view in pixels.</param>
    /// <param name="viewHeight">Height of the rendered view in pixels.</param>
    /// <param name="cloudToView">Maps cloud coordinates (row vector, homogeneous, divided by w) to view pixel coordinates x, y and depth z.</param>
    /// <param name="pixelToPointIndex">For each view pixel (row-major), the index of the point seen there, or -1 for background.</param>
    /// <param name="points">The source cloud's points, used to report bounding boxes of mapped findings.</param>
    public PointCloudViewProvenance(string viewName, int viewWidth, int viewHeight, Matrix4x4 cloudToView, ReadOnlyMemory<int> pixelToPointIndex, ReadOnlyMemory<Vector3> points)
    {
        Throw.IfNull(viewName);
        Throw.IfLessThan(viewWidth, 1);
        Throw.IfLessThan(viewHeight, 1);
        if (pixelToPointIndex.Length != (long)viewWidth * viewHeight)
        {
            throw new ArgumentException($"Expected {viewWidth * viewHeight} point indices (one per view pixel), got {pixelToPointIndex.Length}.", nameof(pixelToPointIndex));
        }

        ViewName = viewName;
        ViewWidth = viewWidth;
        ViewHeight = viewHeight;
        CloudToView = cloudToView;
        PixelToPointIndex = pixelToPointIndex;
        Points = points;
    }

    /// <inheritdoc />
    public override ObservationModality SourceModality => ObservationModality.PointCloud;

    /// <summary>Gets the camera's short name.</summary>
    public string ViewName { get; }

    /// <summary>Gets the width of the view in pixels.</summary>
    public int ViewWidth { get; }

    /// <summary>Gets the height of the view in pixels.</summary>
    public int ViewHeight { get; }

    /// <summary>Gets the projection from cloud coordinates to view pixel coordinates (x, y) and depth (z).</summary>
    public Matrix4x4 CloudToView { get; }

    /// <summary>Gets, per view pixel (row-major), the index of the point seen there, or -1.</summary>
    public ReadOnlyMemory<int> PixelToPointIndex { get; }

    /// <summary>Gets the source cloud's points.</summary>
    public ReadOnlyMemory<Vector3> Points { get; }

    /// <inheritdoc />
    public override SourceLocation MapToSource(PixelRect viewBox, RegionMask? viewMask = null)
    {
        PixelRect box = viewBox.Intersect(new PixelRect(0, 0, ViewWidth, ViewHeight));
        var indices = new SortedSet<int>();
        ReadOnlySpan<int> map = PixelToPointIndex.Span;
        for (int y = box.Y; y < box.Bottom; y++)
        {
            for (int x = box.X; x < box.Right; x++)
            {
                int index = map[(y * ViewWidth) + x];
                if (index >= 0 && (viewMask is null || viewMask.Contains(x, y)))
                {
                    indices.Add(index);
                }
            }
        }

        int[] result = [.. indices];
        Vector3 min = new(float.PositiveInfinity);
        Vector3 max = new(float.NegativeInfinity);
        ReadOnlySpan<Vector3> points = Points.Span;
        foreach (int index in result)
        {
            if ((uint)index < (uint)points.Length)
            {
                min = Vector3.Min(min, points[index]);
                max = Vector3.Max(max, points[index]);
            }
        }

        return result.Length == 0 ? new PointSetLocation(result, Vector3.Zero, Vector3.Zero) : new PointSetLocation(result, min, max);
    }
}
