using Customizable.Vlm.Evaluation.Datasets;

namespace Customizable.Vlm.Evaluation;

/// <summary>Tells point-cloud items (inspected as <see cref="PointCloudObservation"/>) from image items.</summary>
internal static class CloudItems
{
    /// <summary>True for an item with point labels, one a reader marked as a cloud (an XYZ TIFF), or a <c>.pcd</c>/<c>.ply</c> file.</summary>
    public static bool IsCloud(DatasetItem item) => item.PointLabelsPath is not null || item.IsPointCloud || AnomalyShapeNetReader.IsCloud(item.ImagePath);
}
