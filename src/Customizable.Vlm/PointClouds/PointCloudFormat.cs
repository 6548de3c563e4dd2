namespace Customizable.Vlm.PointClouds;

/// <summary>The file format of a point cloud, for <see cref="PointCloudReader"/>.</summary>
public enum PointCloudFormat
{
    /// <summary>Detect from the content: <c>ply</c> magic, a TIFF header (<c>II*</c> / <c>MM*</c>), a PCD header (<c># .PCD</c>, <c>VERSION</c> or <c>FIELDS</c>), otherwise text.</summary>
    Auto = 0,

    /// <summary>Stanford PLY: ascii, binary_little_endian or binary_big_endian.</summary>
    Ply = 1,

    /// <summary>PCL PCD, versions .5 to .7: ascii, binary or binary_compressed.</summary>
    Pcd = 2,

    /// <summary>Plain text XYZ / PTS / CSV: one point per line, 3 or more columns, optional header and count lines.</summary>
    Text = 3,

    /// <summary>
    /// Organized XYZ TIFF as in MVTec 3D-AD (<c>xyz/*.tiff</c>): one image, 3 samples per pixel (x, y, z), 32-bit IEEE float,
    /// uncompressed and interleaved, in strips or tiles, little- or big-endian. Each pixel is one point in the file's units; an
    /// all-zero pixel is a missing point. The grid is kept (<see cref="PointCloud.OrganizedWidth"/> x <see cref="PointCloud.OrganizedHeight"/>).
    /// </summary>
    Tiff = 4,
}
