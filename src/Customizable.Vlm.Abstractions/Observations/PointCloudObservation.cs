using System.Numerics;

namespace Customizable.Vlm;

/// <summary>A 3D point cloud to inspect: a file (PLY, PCD, XYZ) or points in memory.</summary>
/// <remarks>
/// Coordinates are in the sensor's units (usually millimetres or metres) in a right-handed frame. Point indices
/// (position in <see cref="Points"/> or in the file) are how findings are reported back (<see cref="PointSetLocation"/>).
/// Exactly one of <see cref="FilePath"/> or <see cref="Points"/> is set.
/// </remarks>
public sealed class PointCloudObservation : Observation
{
    private PointCloudObservation(string? name, string? filePath, ReadOnlyMemory<Vector3>? points, ReadOnlyMemory<byte>? colors)
        : base(name)
    {
        FilePath = filePath;
        Points = points;
        Colors = colors;
    }

    /// <inheritdoc />
    public override ObservationModality Modality => ObservationModality.PointCloud;

    /// <summary>Gets the path of a point-cloud file, or null.</summary>
    public string? FilePath { get; }

    /// <summary>Gets the points, or null when the cloud is a file.</summary>
    public ReadOnlyMemory<Vector3>? Points { get; }

    /// <summary>Gets optional per-point colours, three bytes (R, G, B) per point, or null.</summary>
    public ReadOnlyMemory<byte>? Colors { get; }

    /// <summary>Creates an observation of a point-cloud file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The observation, named after the file.</returns>
    public static PointCloudObservation FromFile(string path)
    {
        Throw.IfNullOrWhiteSpace(path);
        return new PointCloudObservation(System.IO.Path.GetFileName(path), path, null, null);
    }

    /// <summary>Creates an observation of points held in memory (not copied).</summary>
    /// <param name="points">The points.</param>
    /// <param name="colors">Optional colours, 3 bytes per point.</param>
    /// <param name="name">A name for messages and reports.</param>
    /// <returns>The observation.</returns>
    /// <exception cref="ArgumentException">The colour buffer does not hold exactly 3 bytes per point.</exception>
    public static PointCloudObservation FromPoints(ReadOnlyMemory<Vector3> points, ReadOnlyMemory<byte>? colors = null, string? name = null)
    {
        if (colors is { } c && c.Length != points.Length * 3)
        {
            throw new ArgumentException($"Expected {points.Length * 3} colour bytes (3 per point), got {c.Length}.", nameof(colors));
        }

        return new PointCloudObservation(name, null, points, colors);
    }
}
