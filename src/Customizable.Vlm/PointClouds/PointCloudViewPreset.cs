namespace Customizable.Vlm.PointClouds;

/// <summary>Which cameras <see cref="PointCloudEncoder"/> renders.</summary>
public enum PointCloudViewPreset
{
    /// <summary>Six views along the axes of the normalised cloud, labelled by the side the camera is on: +X, -X, +Y, -Y, +Z, -Z.</summary>
    Fast6 = 0,

    /// <summary>
    /// 27 views in the manner of CPMF: the cloud rotated about x, then y, then z by each of -45, 0 and +45 degrees, seen from +Z
    /// (labels such as <c>rx-45 ry+0 rz+45</c>). Covers the +Z hemisphere densely; slower (27 feature extractions per cloud).
    /// </summary>
    Cpmf27 = 1,
}
