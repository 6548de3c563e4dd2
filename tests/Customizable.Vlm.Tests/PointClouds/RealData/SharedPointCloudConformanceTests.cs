using System.Numerics;
using Customizable.Vlm.PointClouds;

namespace Customizable.Vlm.Tests.PointClouds.RealData;

/// <summary>Every file of <c>../shared/data/pointclouds</c> reads with the point count its README lists (kept + dropped non-finite).</summary>
public class SharedPointCloudConformanceTests
{
    /// <summary>Relative path, points listed in the README, whether it has colours, and organized grid (0 = not organized).</summary>
    public static TheoryData<string, int, bool, int, int> Files => new()
    {
        { "ply/ascii/stanford_bun000_rangescan.ply", 40256, false, 0, 0 },
        { "ply/ascii/stanford_bun_zipper_res2.ply", 8171, false, 0, 0 },
        { "ply/ascii/stanford_bun_zipper_res4.ply", 453, false, 0, 0 },
        { "ply/ascii/threejs_dolphins.ply", 855, false, 0, 0 },
        { "ply/ascii/threejs_dolphins_colored.ply", 855, true, 0, 0 },
        { "ply/ascii/happly_platonic_shelf_ascii.ply", 50, false, 0, 0 },
        { "ply/binary_little_endian/open3d_frag_115.ply", 64365, true, 0, 0 },
        { "ply/binary_little_endian/happly_platonic_shelf.ply", 50, false, 0, 0 },
        { "ply/binary_little_endian/open3d_color.ply", 3017, true, 0, 0 },
        { "ply/binary_little_endian/pcl_cube.ply", 24, false, 0, 0 },
        { "ply/binary_big_endian/happly_platonic_shelf_big_endian.ply", 50, false, 0, 0 },
        { "pcd/ascii/pcl_bunny.pcd", 397, false, 0, 0 },
        { "pcd/ascii/pcl_bun0.pcd", 397, false, 0, 0 },
        { "pcd/ascii/pcl_rops_cloud.pcd", 32087, false, 0, 0 },
        { "pcd/ascii/pcl_lamppost.pcd", 1771, false, 0, 0 },
        { "pcd/ascii/threejs_simple.pcd", 213, true, 0, 0 },
        { "pcd/ascii/pdal_utm17_space.pcd", 10, false, 0, 0 },
        { "pcd/ascii/pdal_utm17_comma.pcd", 10, false, 0, 0 },
        { "pcd/binary/open3d_fragment.pcd", 113662, true, 0, 0 },
        { "pcd/binary/open3d_cloud_bin_0.pcd", 3903, true, 0, 0 },
        { "pcd/binary/pcl_colored_cloud.pcd", 1000, true, 1, 1000 },
        { "pcd/binary/pcl_office1_keypoints.pcd", 1318, false, 0, 0 },
        { "pcd/binary/pdal_autzen-utm.pcd", 1065, true, 0, 0 },
        { "pcd/binary_compressed/pcl_table_scene_mug_stereo_textured.pcd", 307200, true, 640, 480 },
        { "pcd/binary_compressed/pcl_five_people.pcd", 307200, true, 640, 480 },
        { "pcd/binary_compressed/pcl_milk_color.pcd", 13704, true, 0, 0 },
        { "pcd/binary_compressed/pcl_chef.pcd", 5092, false, 0, 0 },
        { "pcd/binary_compressed/pcl_car6.pcd", 10031, false, 0, 0 },
        { "pcd/binary_compressed/pcl_pcl_logo.pcd", 12909, true, 0, 0 },
        { "text/open3d_bunnyData.pts", 30571, false, 0, 0 },
        { "text/pdal_gdal_data.xyz", 400, false, 0, 0 },
        { "text/pdal_autzen.pts", 10, true, 0, 0 },
        { "text/pdal_utm17_1.txt", 10, false, 0, 0 },
        { "text/pdal_autzen-bmx-largersample.txt", 103, true, 0, 0 },
        { "text/pdal_autzen-point-format-3.txt", 106, true, 0, 0 },
    };

    [PointCloudDataTheory]
    [MemberData(nameof(Files))]
    public void Every_shared_file_reads_with_the_listed_point_count(string file, int points, bool colours, int width, int height)
    {
        PointCloud cloud = new PointCloudReader().Read(Path.Combine(SharedPointClouds.Root!, file));

        Assert.Equal(points, cloud.Count + cloud.DroppedNonFinite);
        Assert.Equal(colours, cloud.Colors is not null);
        Assert.Equal((width, height), (cloud.OrganizedWidth, cloud.OrganizedHeight));
        (Vector3 min, Vector3 max) = cloud.GetBounds();
        Assert.True(float.IsFinite(min.X) && float.IsFinite(max.Z), cloud.ToString());
    }

    [PointCloudDataFact]
    public void Every_file_of_the_folder_is_covered_by_the_conformance_table()
    {
        string root = SharedPointClouds.Root!;
        var listed = Files.Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
        string[] present = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            .ToArray();

        Assert.All(present, f => Assert.Contains(f, listed));
    }

    [PointCloudDataFact]
    public void The_pcl_cube_is_a_cube_and_the_open3d_patch_is_about_two_by_one_by_two_centimetres()
    {
        var reader = new PointCloudReader();
        Vector3 cube = Extent(reader.Read(Path.Combine(SharedPointClouds.Root!, "ply/binary_little_endian/pcl_cube.ply")));
        Assert.True(cube.X > 0 && cube.X == cube.Y && cube.Y == cube.Z, $"extent {cube}");

        Vector3 extent = Extent(reader.Read(Path.Combine(SharedPointClouds.Root!, "ply/binary_little_endian/open3d_color.ply")));
        Assert.InRange(extent.X, 0.01f, 0.04f);
        Assert.InRange(extent.Y, 0.005f, 0.02f);
        Assert.InRange(extent.Z, 0.01f, 0.04f);
    }

    [PointCloudDataFact]
    public void Utm_coordinates_keep_their_large_values_in_every_encoding()
    {
        var reader = new PointCloudReader();
        foreach (string file in new[] { "pcd/ascii/pdal_utm17_space.pcd", "pcd/ascii/pdal_utm17_comma.pcd", "text/pdal_utm17_1.txt" })
        {
            (Vector3 min, Vector3 max) = reader.Read(Path.Combine(SharedPointClouds.Root!, file)).GetBounds();
            Assert.InRange(min.X, 289_000f, 290_000f);
            Assert.InRange(max.Y, 4_320_000f, 4_322_000f);
            Assert.InRange(min.Z, 100f, 300f);
        }
    }

    [PointCloudDataFact]
    public void The_threejs_simple_cloud_has_exactly_two_colours()
    {
        PointCloud cloud = new PointCloudReader().Read(Path.Combine(SharedPointClouds.Root!, "pcd/ascii/threejs_simple.pcd"));

        ReadOnlySpan<byte> rgb = cloud.Colors!.Value.Span;
        var distinct = new HashSet<int>();
        for (int i = 0; i < cloud.Count; i++)
        {
            distinct.Add((rgb[i * 3] << 16) | (rgb[(i * 3) + 1] << 8) | rgb[(i * 3) + 2]);
        }

        Assert.Equal(2, distinct.Count);
    }

    [PointCloudDataFact]
    public void The_organized_stereo_scan_keeps_its_grid_and_drops_its_invalid_pixels()
    {
        PointCloud cloud = new PointCloudReader().Read(Path.Combine(SharedPointClouds.Root!, "pcd/binary_compressed/pcl_table_scene_mug_stereo_textured.pcd"));

        Assert.True(cloud.IsOrganized);
        Assert.True(cloud.DroppedNonFinite > 0, cloud.ToString());
        int[] source = cloud.SourceIndices!.Value.ToArray();
        Assert.True(source.SequenceEqual(source.Order()), "source indices ascend");
        Assert.InRange(source[^1], 0, (640 * 480) - 1);
    }

    private static Vector3 Extent(PointCloud cloud)
    {
        (Vector3 min, Vector3 max) = cloud.GetBounds();
        return max - min;
    }
}
