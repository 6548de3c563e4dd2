namespace Customizable.Vlm.Evaluation.Datasets;

/// <summary>One image (or point cloud) of a dataset split: where it is, whether it is anomalous, its defect type and its ground-truth masks.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class DatasetItem
{
    /// <summary>The defect type of normal items.</summary>
    public const string NormalType = "good";

    /// <summary>Initializes a new item.</summary>
    /// <param name="imagePath">The full path of the image file.</param>
    /// <param name="relativePath">The path relative to the dataset root, with forward slashes (used in reports).</param>
    /// <param name="isAnomalous">True for an anomalous (defective) item.</param>
    /// <param name="defectType">The defect type (the test folder name); <see cref="NormalType"/> for normal items.</param>
    /// <param name="maskPaths">The ground-truth mask files whose union marks the anomalous pixels; empty when the item has none
    /// (normal items, or datasets without masks).</param>
    public DatasetItem(string imagePath, string relativePath, bool isAnomalous, string defectType, IReadOnlyList<string>? maskPaths = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imagePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(defectType);
        ImagePath = imagePath;
        RelativePath = relativePath;
        IsAnomalous = isAnomalous;
        DefectType = defectType;
        MaskPaths = maskPaths ?? [];
    }

    /// <summary>Gets the full path of the image file.</summary>
    public string ImagePath { get; }

    /// <summary>Gets the path relative to the dataset root, with forward slashes.</summary>
    public string RelativePath { get; }

    /// <summary>Gets whether the item is anomalous (the positive class of every metric).</summary>
    public bool IsAnomalous { get; }

    /// <summary>Gets the defect type; <see cref="NormalType"/> for normal items.</summary>
    public string DefectType { get; }

    /// <summary>Gets the ground-truth point labels of an anomalous point cloud (Anomaly-ShapeNet <c>GT/&lt;name&gt;.txt</c>: one
    /// <c>x,y,z,label</c> line per point, in point order), or null for images and for normal clouds.</summary>
    public string? PointLabelsPath { get; init; }

    /// <summary>Gets whether the item is a point cloud whatever its file extension (an MVTec 3D-AD <c>xyz/*.tiff</c>); its
    /// <see cref="MaskPaths"/> then mark anomalous grid cells, mapped to points through the organized grid.</summary>
    internal bool IsPointCloud { get; init; }

    /// <summary>Gets the ground-truth mask files (any non-zero pixel is anomalous; several files are united); empty when none.</summary>
    public IReadOnlyList<string> MaskPaths { get; }

    /// <summary>Gets the video clip the item is a frame of (for UCSD the test clip's folder name, e.g. <c>01</c>), or null for a
    /// still image. Frames of one clip get per-clip metrics and temporal smoothing.</summary>
    public string? Clip { get; init; }

    /// <summary>Gets the item's 0-based frame index within <see cref="Clip"/> (its position in the clip's frame order), or null for a
    /// still image.</summary>
    public int? FrameIndex { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{RelativePath} ({(IsAnomalous ? DefectType : "normal")})";
}
