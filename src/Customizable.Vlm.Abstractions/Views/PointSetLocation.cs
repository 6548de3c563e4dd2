using System.Numerics;

namespace Customizable.Vlm;

/// <summary>A set of points of the original point cloud, by index, with their bounding box in cloud coordinates.</summary>
/// <param name="pointIndices">Indices into the original cloud's points, ascending, without duplicates.</param>
/// <param name="min">The smallest x, y and z of the points, in cloud units.</param>
/// <param name="max">The largest x, y and z of the points, in cloud units.</param>
public sealed class PointSetLocation(ReadOnlyMemory<int> pointIndices, Vector3 min, Vector3 max) : SourceLocation
{
    /// <inheritdoc />
    public override ObservationModality Modality => ObservationModality.PointCloud;

    /// <summary>Gets the indices into the original cloud's points, ascending, without duplicates.</summary>
    public ReadOnlyMemory<int> PointIndices { get; } = pointIndices;

    /// <summary>Gets the smallest coordinates of the points, in cloud units.</summary>
    public Vector3 Min { get; } = min;

    /// <summary>Gets the largest coordinates of the points, in cloud units.</summary>
    public Vector3 Max { get; } = max;

    /// <inheritdoc />
    public override string ToString() => $"{PointIndices.Length} points in [{Min}, {Max}]";
}
