namespace Customizable.Vlm.PointClouds;

/// <summary>The file format of a point cloud, for <see cref="PointCloudReader"/>.</summary>
public enum PointCloudFormat
{
    /// <summary>Detect from the content: <c>ply</c> magic, a PCD header (<c># .PCD</c>, <c>VERSION</c> or <c>FIELDS</c>), otherwise text.</summary>
    Auto = 0,

    /// <summary>Stanford PLY: ascii, binary_little_endian or binary_big_endian.</summary>
    Ply = 1,

    /// <summary>PCL PCD, versions .5 to .7: ascii, binary or binary_compressed.</summary>
    Pcd = 2,

    /// <summary>Plain text XYZ / PTS / CSV: one point per line, 3 or more columns, optional header and count lines.</summary>
    Text = 3,
}
