using System.Numerics;
using System.Text;
using Customizable.Vlm.PointClouds;

namespace Customizable.Vlm.Tests.PointClouds;

public class PointCloudReaderTests
{
    private static readonly PointCloudReader Reader = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ascii_ply_reads_every_vertex_with_faces_before_or_after_the_vertices(bool facesFirst)
    {
        Vector3[] points = CloudFiles.Points(50);
        byte[] colors = CloudFiles.Colors(50);

        PointCloud cloud = Reader.Read(CloudFiles.PlyAscii(points, facesFirst, colors), "a.ply");

        Assert.Equal(points, cloud.Positions.ToArray());
        Assert.Equal(colors, cloud.Colors!.Value.ToArray());
        Assert.Null(cloud.Normals);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Binary_ply_reads_every_scalar_type_in_both_byte_orders_and_both_naming_schemes(bool bigEndian, bool newNames)
    {
        Vector3[] points = CloudFiles.Points(40);

        PointCloud cloud = Reader.Read(CloudFiles.PlyBinaryAllTypes(points, bigEndian, newNames), "b.ply");

        Assert.Equal(40, cloud.Count);
        for (int i = 0; i < points.Length; i++)
        {
            Vector3 p = cloud.Positions.Span[i];
            Assert.Equal(points[i].X, p.X, 5);
            Assert.Equal(points[i].Y, p.Y, 5);
            Assert.Equal(MathF.Round(points[i].Z * 1000), p.Z);
        }
    }

    [Fact]
    public void Pcd_binary_reads_packed_rgb_and_keeps_the_organized_grid()
    {
        Vector3[] points = CloudFiles.Points(48);
        byte[] colors = CloudFiles.Colors(48);

        PointCloud cloud = Reader.Read(CloudFiles.PcdBinary(points, colors, width: 8, height: 6), "c.pcd");

        Assert.Equal(points, cloud.Positions.ToArray());
        Assert.Equal(colors, cloud.Colors!.Value.ToArray());
        Assert.True(cloud.IsOrganized);
        Assert.Equal((8, 6), (cloud.OrganizedWidth, cloud.OrganizedHeight));
    }

    [Fact]
    public void Pcd_binary_compressed_decompresses_the_field_major_block()
    {
        Vector3[] points = CloudFiles.Points(100);
        byte[] colors = CloudFiles.Colors(100);

        PointCloud cloud = Reader.Read(CloudFiles.PcdCompressed(points, colors), "d.pcd");

        Assert.Equal(points, cloud.Positions.ToArray());
        Assert.Equal(colors, cloud.Colors!.Value.ToArray());
    }

    [Theory]
    [InlineData(' ', "0.7")]
    [InlineData(',', "0.7")]
    [InlineData(' ', ".5")]
    public void Pcd_ascii_reads_space_or_comma_separated_values_of_every_version(char separator, string version)
    {
        Vector3[] points = CloudFiles.Points(30);

        PointCloud cloud = Reader.Read(CloudFiles.PcdAscii(points, separator, version), "e.pcd");

        Assert.Equal(points, cloud.Positions.ToArray());
    }

    [Theory]
    [InlineData(null, ' ')]
    [InlineData("X,Y,Z", ',')]
    [InlineData("\"x\";\"y\";\"z\"", ';')]
    public void Text_reads_xyz_with_or_without_a_header(string? header, char separator)
    {
        Vector3[] points = CloudFiles.Points(25);

        PointCloud cloud = Reader.Read(CloudFiles.Text(points, header, separator), "f.xyz");

        Assert.Equal(points, cloud.Positions.ToArray());
    }

    [Fact]
    public void Text_reads_columns_out_of_order_with_colours_by_header_name()
    {
        byte[] data = Encoding.ASCII.GetBytes("\"Red\",\"Green\",\"X\",\"Y\",\"Blue\",\"Z\"\n10,20,1.5,2.5,30,3.5\n40,50,4,5,60,6\n");

        PointCloud cloud = Reader.Read(data, "g.txt");

        Assert.Equal([new Vector3(1.5f, 2.5f, 3.5f), new Vector3(4, 5, 6)], cloud.Positions.ToArray());
        Assert.Equal(new byte[] { 10, 20, 30, 40, 50, 60 }, cloud.Colors!.Value.ToArray());
    }

    [Fact]
    public void Pts_count_line_is_skipped_and_trailing_integer_columns_are_colours()
    {
        byte[] data = Encoding.ASCII.GetBytes("2\n1 2 3 -100 11 12 13\n4 5 6 -200 21 22 23\n");

        PointCloud cloud = Reader.Read(data, "h.pts");

        Assert.Equal(2, cloud.Count);
        Assert.Equal(new byte[] { 11, 12, 13, 21, 22, 23 }, cloud.Colors!.Value.ToArray());
    }

    [Fact]
    public void Non_finite_points_are_dropped_counted_and_their_source_indices_kept()
    {
        byte[] data = Encoding.ASCII.GetBytes("ply\nformat ascii 1.0\nelement vertex 4\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 1 1\nnan 0 0\n2 2 2\n3 inf 3\n");

        PointCloud cloud = Reader.Read(data, "nan.ply");

        Assert.Equal(2, cloud.Count);
        Assert.Equal(2, cloud.DroppedNonFinite);
        Assert.Equal([0, 2], cloud.SourceIndices!.Value.ToArray());
    }

    [Fact]
    public async Task Streams_files_and_bytes_give_the_same_cloud()
    {
        byte[] data = CloudFiles.PcdCompressed(CloudFiles.Points(64), CloudFiles.Colors(64));
        string path = Path.Combine(Path.GetTempPath(), $"cvlm-{Guid.NewGuid():N}.pcd");
        await File.WriteAllBytesAsync(path, data);
        try
        {
            PointCloud fromBytes = Reader.Read(data);
            PointCloud fromFile = Reader.Read(path);
            PointCloud fromFileAsync = await Reader.ReadAsync(path);
            using var stream = new MemoryStream(data);
            PointCloud fromStream = await Reader.ReadAsync(stream, "s");

            Assert.Equal(fromBytes.Positions.ToArray(), fromFile.Positions.ToArray());
            Assert.Equal(fromBytes.Positions.ToArray(), fromFileAsync.Positions.ToArray());
            Assert.Equal(fromBytes.Colors!.Value.ToArray(), fromStream.Colors!.Value.ToArray());
            Assert.Equal(Path.GetFileName(path), fromFile.SourceName);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
