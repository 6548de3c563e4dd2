using System.Numerics;

namespace Customizable.Vlm.PointClouds;

/// <summary>
/// A point cloud read from a file or built from memory: positions, optional RGB colours and normals, the organized grid when
/// the source has one, and how many non-finite points were dropped.
/// </summary>
/// <remarks>
/// <para>Coordinates are the source's own (usually millimetres or metres, right-handed); nothing is rescaled. Point indices are
/// positions in <see cref="Positions"/>; <see cref="SourceIndices"/> maps them back to the record number in the source when
/// points were dropped.</para>
/// <para>Thread-safety: immutable; safe to share across threads. The arrays are owned by the cloud and never written after
/// construction.</para>
/// </remarks>
public sealed class PointCloud
{
    private readonly Vector3[] _positions;
    private readonly byte[]? _colors;
    private readonly Vector3[]? _normals;
    private readonly int[]? _sourceIndices;

    /// <summary>Initializes a new cloud over arrays it takes ownership of.</summary>
    /// <param name="positions">The finite positions, at least one.</param>
    /// <param name="colors">Three bytes (R, G, B) per point, or null.</param>
    /// <param name="normals">One normal per point (not necessarily unit length), or null.</param>
    /// <param name="sourceName">The file name or caller-given name, or null.</param>
    /// <param name="organizedWidth">Columns of the source grid, or 0 when the source is not organized.</param>
    /// <param name="organizedHeight">Rows of the source grid, or 0 when the source is not organized.</param>
    /// <param name="droppedNonFinite">How many source points were dropped because a coordinate was NaN or infinite.</param>
    /// <param name="sourceIndices">For each point, its record number in the source, or null when nothing was dropped.</param>
    /// <exception cref="ArgumentException">The cloud is empty or the buffers disagree in length.</exception>
    public PointCloud(
        Vector3[] positions,
        byte[]? colors = null,
        Vector3[]? normals = null,
        string? sourceName = null,
        int organizedWidth = 0,
        int organizedHeight = 0,
        long droppedNonFinite = 0,
        int[]? sourceIndices = null)
    {
        ArgumentNullException.ThrowIfNull(positions);
        if (positions.Length == 0)
        {
            throw new ArgumentException("A point cloud needs at least one point.", nameof(positions));
        }

        if (colors is not null && colors.Length != positions.Length * 3)
        {
            throw new ArgumentException($"Expected {positions.Length * 3} colour bytes (3 per point), got {colors.Length}.", nameof(colors));
        }

        if (normals is not null && normals.Length != positions.Length)
        {
            throw new ArgumentException($"Expected {positions.Length} normals, got {normals.Length}.", nameof(normals));
        }

        if (sourceIndices is not null && sourceIndices.Length != positions.Length)
        {
            throw new ArgumentException($"Expected {positions.Length} source indices, got {sourceIndices.Length}.", nameof(sourceIndices));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(organizedWidth);
        ArgumentOutOfRangeException.ThrowIfNegative(organizedHeight);
        ArgumentOutOfRangeException.ThrowIfNegative(droppedNonFinite);
        _positions = positions;
        _colors = colors;
        _normals = normals;
        _sourceIndices = sourceIndices;
        SourceName = sourceName;
        OrganizedWidth = organizedWidth;
        OrganizedHeight = organizedHeight;
        DroppedNonFinite = droppedNonFinite;
    }

    /// <summary>Gets the number of points kept.</summary>
    public int Count => _positions.Length;

    /// <summary>Gets the point positions, in the source's units and frame.</summary>
    public ReadOnlyMemory<Vector3> Positions => _positions;

    /// <summary>Gets three bytes (R, G, B, 0-255) per point, or null when the source has no colours.</summary>
    public ReadOnlyMemory<byte>? Colors => _colors is null ? (ReadOnlyMemory<byte>?)null : new ReadOnlyMemory<byte>(_colors);

    /// <summary>Gets one normal per point as stored in the source (not necessarily unit length), or null.</summary>
    public ReadOnlyMemory<Vector3>? Normals => _normals is null ? (ReadOnlyMemory<Vector3>?)null : new ReadOnlyMemory<Vector3>(_normals);

    /// <summary>Gets, per point, its record number in the source (row-major grid index for organized clouds), or null when no point was dropped (then the index is the record number).</summary>
    public ReadOnlyMemory<int>? SourceIndices => _sourceIndices is null ? (ReadOnlyMemory<int>?)null : new ReadOnlyMemory<int>(_sourceIndices);

    /// <summary>Gets the number of grid columns of an organized source (e.g. 640 for a 640x480 depth camera), or 0.</summary>
    public int OrganizedWidth { get; }

    /// <summary>Gets the number of grid rows of an organized source, or 0.</summary>
    public int OrganizedHeight { get; }

    /// <summary>Gets whether the source is an organized grid with more than one row (PCD <c>HEIGHT</c> &gt; 1, an XYZ image).</summary>
    public bool IsOrganized => OrganizedHeight > 1 && OrganizedWidth > 0;

    /// <summary>Gets how many source points were dropped because a coordinate was NaN or infinite (for an XYZ TIFF, also the all-zero pixels that mark missing points).</summary>
    public long DroppedNonFinite { get; }

    /// <summary>Gets the file name or caller-given name, or null.</summary>
    public string? SourceName { get; }

    /// <summary>Computes the axis-aligned bounds of the points.</summary>
    /// <returns>The smallest and largest x, y and z, in the source's units.</returns>
    public (Vector3 Min, Vector3 Max) GetBounds()
    {
        Vector3 min = new(float.PositiveInfinity), max = new(float.NegativeInfinity);
        foreach (Vector3 p in _positions)
        {
            min = Vector3.Min(min, p);
            max = Vector3.Max(max, p);
        }

        return (min, max);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{SourceName ?? "cloud"}: {Count} points{(_colors is null ? string.Empty : ", colours")}{(_normals is null ? string.Empty : ", normals")}{(IsOrganized ? $", {OrganizedWidth}x{OrganizedHeight} grid" : string.Empty)}{(DroppedNonFinite > 0 ? $", {DroppedNonFinite} non-finite dropped" : string.Empty)}";
}
