using System.Numerics;
using Customizable.Vlm.PointClouds;

namespace Customizable.Vlm.Tests.PointClouds;

public class TiffCloudParserTests
{
    public static TheoryData<bool, int, int> Layouts => new()
    {
        { false, 0, 0 },
        { true, 0, 0 },
        { false, 1, 0 },
        { true, 2, 0 },
        { false, 0, 2 },
        { true, 0, 2 },
        { false, 0, 16 },
        { true, 1, 0 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void An_xyz_tiff_keeps_its_grid_and_drops_and_counts_zero_and_nan_pixels(bool bigEndian, int rowsPerStrip, int tileSize)
    {
        float[] xyz = TiffFiles.Grid4x3();
        byte[] data = TiffFiles.Write(xyz, new TiffSpec { BigEndian = bigEndian, RowsPerStrip = rowsPerStrip, TileSize = tileSize });

        PointCloud cloud = new PointCloudReader().Read(data, "000.tiff");

        Assert.Equal("000.tiff", cloud.SourceName);
        Assert.True(cloud.IsOrganized);
        Assert.Equal((4, 3), (cloud.OrganizedWidth, cloud.OrganizedHeight));
        Assert.Equal(3, cloud.DroppedNonFinite);
        Assert.NotNull(cloud.SourceIndices);
        int[] expectedPixels = Enumerable.Range(0, 12).Where(i => i is not (1 or 6 or 9)).ToArray();
        Assert.Equal(expectedPixels, cloud.SourceIndices.Value.ToArray());
        Vector3[] positions = cloud.Positions.ToArray();
        for (int k = 0; k < expectedPixels.Length; k++)
        {
            int i = expectedPixels[k];
            Assert.Equal(new Vector3(xyz[i * 3], xyz[(i * 3) + 1], xyz[(i * 3) + 2]), positions[k]);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_format_is_detected_from_the_tiff_header_in_either_byte_order(bool bigEndian)
    {
        byte[] data = TiffFiles.Write(TiffFiles.Grid4x3(), new TiffSpec { BigEndian = bigEndian });

        Assert.Equal(PointCloudFormat.Tiff, PointCloudReader.Detect(data));
    }

    [Fact]
    public async Task A_tiff_file_reads_the_same_from_a_path_and_from_a_stream()
    {
        byte[] data = TiffFiles.Write(TiffFiles.Grid4x3(), new TiffSpec { RowsPerStrip = 1, BigEndian = true, DirectoryFirst = true });
        string path = Path.Combine(Path.GetTempPath(), $"cvlm-xyz-{Guid.NewGuid():N}.tiff");
        await File.WriteAllBytesAsync(path, data);
        try
        {
            var reader = new PointCloudReader();
            PointCloud fromFile = await reader.ReadAsync(path);
            using var stream = new MemoryStream(data);
            PointCloud fromStream = await reader.ReadAsync(stream, "part.tiff", PointCloudFormat.Tiff);

            Assert.Equal(Path.GetFileName(path), fromFile.SourceName);
            Assert.Equal(9, fromFile.Count);
            Assert.Equal(fromFile.Positions.ToArray(), fromStream.Positions.ToArray());
            Assert.Equal(fromFile.GetBounds(), fromStream.GetBounds());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_single_row_image_is_read_as_an_unorganized_cloud()
    {
        float[] xyz = [1, 2, 3, 4, 5, 6];
        byte[] data = TiffFiles.Write(xyz, new TiffSpec { Width = 2, Height = 1 });

        PointCloud cloud = new PointCloudReader().Read(data, "row.tif");

        Assert.False(cloud.IsOrganized);
        Assert.Equal([new Vector3(1, 2, 3), new Vector3(4, 5, 6)], cloud.Positions.ToArray());
        Assert.Equal(0, cloud.DroppedNonFinite);
    }

    public static TheoryData<string, TiffSpec, int, string> BrokenTiffs => new()
    {
        { "8-bit RGB", new TiffSpec { Bits = 8, SampleFormat = 1 }, 0, "8-bit" },
        { "16-bit float", new TiffSpec { Bits = 16 }, 0, "16-bit" },
        { "32-bit integer", new TiffSpec { SampleFormat = 1 }, 0, "unsigned integer" },
        { "one sample", new TiffSpec { Samples = 1 }, 0, "1 samples" },
        { "four samples", new TiffSpec { Samples = 4 }, 0, "4 samples" },
        { "LZW", new TiffSpec { Compression = 5 }, 0, "compression 5" },
        { "PackBits", new TiffSpec { Compression = 32773, RowsPerStrip = 1 }, 0, "compression 32773" },
        { "lying width", new TiffSpec { DeclaredWidth = 400 }, 0, "400" },
        { "lying height", new TiffSpec { DeclaredHeight = 30, RowsPerStrip = 1 }, 0, "30" },
        { "short strip count", new TiffSpec { RowsPerStrip = 1, ByteCountDelta = -12 }, 0, "strip 2" },
        { "short tile count", new TiffSpec { TileSize = 2, ByteCountDelta = -1 }, 0, "tile 3" },
        { "zero width", new TiffSpec { DeclaredWidth = 0 }, 0, "0 x 3" },
        { "truncated pixels", new TiffSpec { DirectoryFirst = true }, -20, "strip 0" },
        { "truncated last strip", new TiffSpec { DirectoryFirst = true, RowsPerStrip = 1, BigEndian = true }, -1, "strip 2" },
        { "truncated tiles", new TiffSpec { DirectoryFirst = true, TileSize = 2 }, -30, "tile 3" },
        { "truncated directory", new TiffSpec(), 150, "directory" },
        { "header only", new TiffSpec(), 8, "TIFF" },
    };

    [Theory]
    [MemberData(nameof(BrokenTiffs))]
    public void A_tiff_that_is_not_an_uncompressed_float_xyz_image_or_lies_raises_the_typed_error_naming_the_file(string what, TiffSpec spec, int keepBytes, string mentioned)
    {
        byte[] data = TiffFiles.Write(TiffFiles.Grid4x3(), spec);
        if (keepBytes != 0)
        {
            // A positive count keeps the first bytes, a negative one cuts that many from the end.
            data = keepBytes > 0 ? data[..keepBytes] : data[..^-keepBytes];
        }

        var error = Assert.ThrowsAny<InvalidObservationException>(() => new PointCloudReader().Read(data, "hostile.tiff", PointCloudFormat.Tiff));

        Assert.IsNotType<InputLimitExceededException>(error);
        Assert.Contains("hostile.tiff", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Contains(mentioned, StringComparison.Ordinal), $"{what}: {error.Message}");
    }

    [Theory]
    [InlineData(new byte[] { (byte)'I', (byte)'I', 43, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "BigTIFF")]
    [InlineData(new byte[] { (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 0 }, "directory")]
    [InlineData(new byte[] { (byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "0 entries")]
    public void A_bigtiff_or_a_missing_directory_is_refused(byte[] data, string mentioned)
    {
        Assert.Equal(PointCloudFormat.Tiff, PointCloudReader.Detect(data));

        var error = Assert.ThrowsAny<InvalidObservationException>(() => new PointCloudReader().Read(data, "odd.tiff"));

        Assert.Contains("odd.tiff", error.Message, StringComparison.Ordinal);
        Assert.Contains(mentioned, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_whose_every_pixel_is_zero_or_nan_is_an_empty_cloud_error()
    {
        float[] xyz = new float[12 * 3];
        xyz[0] = float.NaN;

        var error = Assert.ThrowsAny<InvalidObservationException>(() => new PointCloudReader().Read(TiffFiles.Write(xyz, new TiffSpec()), "blank.tiff"));

        Assert.Contains("blank.tiff", error.Message, StringComparison.Ordinal);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Width_times_height_above_max_points_is_refused_from_the_header()
    {
        byte[] data = TiffFiles.Write(TiffFiles.Grid4x3(), new TiffSpec());

        var error = Assert.Throws<InputLimitExceededException>(() => new PointCloudReader(new PointCloudLoadOptions { MaxPoints = 11 }).Read(data, "big.tiff"));

        Assert.Equal(nameof(PointCloudLoadOptions.MaxPoints), error.LimitName);
        Assert.Equal(12, error.Actual);
        Assert.Contains("big.tiff", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_declaring_more_pixel_bytes_than_max_bytes_is_refused_before_allocating()
    {
        // 10,000 x 10,000 pixels of 12 bytes = 1.2 GB declared in a file of a few hundred bytes.
        byte[] data = TiffFiles.Write(TiffFiles.Grid4x3(), new TiffSpec { DeclaredWidth = 10_000, DeclaredHeight = 10_000 });
        var options = new PointCloudLoadOptions { MaxPoints = 200_000_000, MaxBytes = 1L << 30 };

        var error = Assert.Throws<InputLimitExceededException>(() => new PointCloudReader(options).Read(data, "bomb.tiff"));

        Assert.Equal(nameof(PointCloudLoadOptions.MaxBytes), error.LimitName);
        Assert.Equal(10_000L * 10_000 * 12, error.Actual);
    }

    [Fact]
    public void Mutated_tiffs_only_ever_yield_a_cloud_or_the_typed_error()
    {
        var random = new Random(11);
        byte[][] seeds =
        [
            TiffFiles.Write(TiffFiles.Grid4x3(), new TiffSpec { RowsPerStrip = 1 }),
            TiffFiles.Write(TiffFiles.Grid4x3(), new TiffSpec { BigEndian = true, TileSize = 2 }),
        ];
        var reader = new PointCloudReader();
        int clouds = 0, errors = 0;
        for (int trial = 0; trial < 2000; trial++)
        {
            byte[] data = (byte[])seeds[trial % seeds.Length].Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                data[random.Next(data.Length)] = (byte)random.Next(256);
            }

            if (random.Next(8) == 0)
            {
                data = data[..random.Next(1, data.Length)];
            }

            try
            {
                PointCloud cloud = reader.Read(data, "mutant.tiff", PointCloudFormat.Tiff);
                Assert.InRange(cloud.Count, 1, 12);
                clouds++;
            }
            catch (InvalidObservationException)
            {
                errors++;
            }
        }

        Assert.True(clouds > 0 && errors > 0, $"{clouds} clouds, {errors} errors");
    }
}
