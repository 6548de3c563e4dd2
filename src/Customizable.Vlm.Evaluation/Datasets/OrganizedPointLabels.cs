using Customizable.Vlm.PointClouds;

namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>
/// Turns the per-pixel masks of an organized cloud (an MVTec 3D-AD XYZ TIFF and its <c>gt/*.png</c>) into per-point labels: the
/// reader keeps, for every point, its row-major grid cell (<see cref="PointCloud.SourceIndices"/>; the point index itself when no
/// pixel was dropped), and a point is anomalous when that cell is non-zero in any mask.
/// </summary>
internal static class OrganizedPointLabels
{
    /// <summary>Reads the cloud's grid and the masks and returns one label per point, in the cloud's point order.</summary>
    /// <exception cref="DatasetException">The cloud is not organized, a mask's size differs from the grid, the point count differs
    /// from <paramref name="pointCount"/> (the scores), or a file cannot be read; the message names the file.</exception>
    public static async Task<bool[]> ReadAsync(string cloudPath, IReadOnlyList<string> maskPaths, int pointCount, CancellationToken cancellationToken)
    {
        PointCloud cloud;
        try
        {
            cloud = await new PointCloudReader().ReadAsync(cloudPath, PointCloudFormat.Auto, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidObservationException ex)
        {
            throw new DatasetException(cloudPath, $"The test cloud '{cloudPath}' cannot be read: {ex.Reason ?? ex.Message}", ex);
        }

        if (!cloud.IsOrganized)
        {
            throw new DatasetException(cloudPath, $"The cloud '{cloudPath}' is not an organized grid, so its mask cannot label its points.", null);
        }

        if (cloud.Count != pointCount)
        {
            throw new DatasetException(cloudPath, $"The cloud '{cloudPath}' has {cloud.Count} points but its verdict scored {pointCount}.", null);
        }

        (bool[] mask, int width, int height) = await MaskLoader.LoadUnionAsync(maskPaths, cancellationToken).ConfigureAwait(false);
        if (width != cloud.OrganizedWidth || height != cloud.OrganizedHeight)
        {
            throw new DatasetException(
                maskPaths[0],
                $"The mask '{maskPaths[0]}' is {width}x{height} but the point grid of '{cloudPath}' is {cloud.OrganizedWidth}x{cloud.OrganizedHeight}.",
                null);
        }

        var labels = new bool[cloud.Count];
        ReadOnlySpan<int> cells = cloud.SourceIndices is { } indices ? indices.Span : default;
        for (int i = 0; i < labels.Length; i++)
        {
            int cell = cells.IsEmpty ? i : cells[i];
            labels[i] = (uint)cell < (uint)mask.Length && mask[cell];
        }

        return labels;
    }
}
