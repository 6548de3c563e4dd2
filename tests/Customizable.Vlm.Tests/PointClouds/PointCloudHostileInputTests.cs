using System.Text;
using Customizable.Vlm.PointClouds;

namespace Customizable.Vlm.Tests.PointClouds;

public class PointCloudHostileInputTests
{
    private const string Xyz = "property float x\nproperty float y\nproperty float z\n";

    public static TheoryData<string, string, string> LyingHeaders => new()
    {
        { "more vertices than bytes", $"ply\nformat binary_little_endian 1.0\nelement vertex 1000000\n{Xyz}end_header\n" + new string('\0', 120), "vertex" },
        { "negative count", $"ply\nformat ascii 1.0\nelement vertex -5\n{Xyz}end_header\n1 2 3\n", "element" },
        { "absurd count", $"ply\nformat ascii 1.0\nelement vertex 99999999999999999999\n{Xyz}end_header\n1 2 3\n", "element" },
        { "unknown type", "ply\nformat ascii 1.0\nelement vertex 1\nproperty float128 x\nproperty float y\nproperty float z\nend_header\n1 2 3\n", "vertex" },
        { "missing z", "ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nend_header\n1 2\n", "vertex" },
        { "empty cloud", $"ply\nformat ascii 1.0\nelement vertex 0\n{Xyz}end_header\n", "vertex" },
        { "truncated ascii", $"ply\nformat ascii 1.0\nelement vertex 3\n{Xyz}end_header\n1 2 3\n4 5 6\n7\n", "vertex" },
        { "huge list", $"ply\nformat binary_little_endian 1.0\nelement vertex 1\n{Xyz}element face 1\nproperty list int int vertex_indices\nend_header\n" + new string('\0', 12) + "\u00ff\u00ff\u00ff\u007f", "face" },
        { "pcd points lie", "VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nCOUNT 1 1 1\nWIDTH 1000\nHEIGHT 1\nPOINTS 1000\nDATA binary\n" + new string('\0', 24), "POINTS" },
        { "pcd unknown type", "VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F Q F\nCOUNT 1 1 1\nWIDTH 1\nHEIGHT 1\nPOINTS 1\nDATA ascii\n1 2 3\n", "y" },
        { "pcd no x", "VERSION 0.7\nFIELDS a y z\nSIZE 4 4 4\nTYPE F F F\nCOUNT 1 1 1\nWIDTH 1\nHEIGHT 1\nPOINTS 1\nDATA ascii\n1 2 3\n", "'x'" },
        { "pcd width x height", "VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nCOUNT 1 1 1\nWIDTH 3\nHEIGHT 2\nPOINTS 5\nDATA ascii\n1 2 3\n", "POINTS" },
        { "pcd negative", "VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nCOUNT 1 1 1\nWIDTH -3\nHEIGHT 1\nPOINTS -3\nDATA ascii\n1 2 3\n", "WIDTH" },
        { "pcd compressed lie", "VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nCOUNT 1 1 1\nWIDTH 1000\nHEIGHT 1\nPOINTS 1000\nDATA binary_compressed\n\u0004\0\0\0\u00e0\u002e\0\0\0\0\0\0", "compressed" },
        { "all nan", $"ply\nformat ascii 1.0\nelement vertex 2\n{Xyz}end_header\nnan 1 1\n1 nan 1\n", "NaN" },
        { "text without points", "just words here\n", "x, y and z" },
    };

    [Theory]
    [MemberData(nameof(LyingHeaders))]
    public void A_lying_or_broken_header_raises_the_typed_error_naming_the_file_and_the_element(string what, string content, string mentioned)
    {
        byte[] data = Latin1(content);

        var error = Assert.ThrowsAny<InvalidObservationException>(() => new PointCloudReader().Read(data, "hostile.bin"));

        Assert.Contains("hostile.bin", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Contains(mentioned, StringComparison.Ordinal), $"{what}: {error.Message}");
    }

    [Fact]
    public void Declared_points_above_the_limit_are_refused_before_allocating()
    {
        byte[] data = Latin1($"ply\nformat binary_little_endian 1.0\nelement vertex 5000\n{Xyz}end_header\n" + new string('\0', 5000 * 12));

        var error = Assert.Throws<InputLimitExceededException>(() => new PointCloudReader(new PointCloudLoadOptions { MaxPoints = 1000 }).Read(data, "big.ply"));

        Assert.Equal(nameof(PointCloudLoadOptions.MaxPoints), error.LimitName);
        Assert.Equal(5000, error.Actual);
    }

    [Fact]
    public async Task A_stream_longer_than_max_bytes_is_refused()
    {
        using var stream = new MemoryStream(CloudFiles.PcdAscii(CloudFiles.Points(100)));

        var error = await Assert.ThrowsAsync<InputLimitExceededException>(() => new PointCloudReader(new PointCloudLoadOptions { MaxBytes = 500 }).ReadAsync(stream, "long.pcd"));

        Assert.Equal(nameof(PointCloudLoadOptions.MaxBytes), error.LimitName);
    }

    [Fact]
    public void A_corrupt_lzf_block_is_refused()
    {
        byte[] data = CloudFiles.PcdCompressed(CloudFiles.Points(40), CloudFiles.Colors(40));

        // The first LZF control byte becomes a back reference before the start of the output.
        int body = Encoding.ASCII.GetString(data).IndexOf("binary_compressed\n", StringComparison.Ordinal) + 18 + 8;
        data[body] = 0xE0;

        var error = Assert.Throws<InvalidObservationException>(() => new PointCloudReader().Read(data, "corrupt.pcd"));
        Assert.Contains("LZF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seeded_mutations_of_valid_files_yield_a_cloud_or_the_typed_error_and_nothing_else()
    {
        byte[][] seeds =
        [
            CloudFiles.PlyAscii(CloudFiles.Points(12), facesFirst: true, CloudFiles.Colors(12)),
            CloudFiles.PlyBinaryAllTypes(CloudFiles.Points(12), bigEndian: false, newNames: false),
            CloudFiles.PlyBinaryAllTypes(CloudFiles.Points(12), bigEndian: true, newNames: true),
            CloudFiles.PcdBinary(CloudFiles.Points(12), CloudFiles.Colors(12), 4, 3),
            CloudFiles.PcdCompressed(CloudFiles.Points(12), CloudFiles.Colors(12)),
            CloudFiles.PcdAscii(CloudFiles.Points(12), ','),
            CloudFiles.Text(CloudFiles.Points(12), "x,y,z", ','),
        ];
        var random = new Random(20261201);
        var reader = new PointCloudReader(new PointCloudLoadOptions { MaxPoints = 100_000, MaxBytes = 1 << 20 });
        int clouds = 0, errors = 0;
        for (int iteration = 0; iteration < 3500; iteration++)
        {
            byte[] data = Mutate(seeds[iteration % seeds.Length], random);
            try
            {
                PointCloud cloud = reader.Read(data, "mutant");
                Assert.True(cloud.Count > 0);
                clouds++;
            }
            catch (InvalidObservationException)
            {
                errors++;
            }
        }

        Assert.True(clouds > 100 && errors > 100, $"{clouds} clouds, {errors} errors: the mutations should produce both.");
    }

    private static byte[] Mutate(byte[] source, Random random)
    {
        var data = new List<byte>(source);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits && data.Count > 1; e++)
        {
            // Headers are where the lies are: aim half of the edits at the first 200 bytes.
            int at = random.Next(2) == 0 ? random.Next(Math.Min(200, data.Count)) : random.Next(data.Count);
            switch (random.Next(6))
            {
                case 0: data[at] = (byte)random.Next(256); break;
                case 1: data[at] = (byte)"0123456789-. \n"[random.Next(14)]; break;
                case 2: data.RemoveRange(at, Math.Min(data.Count - at, random.Next(1, 40))); break;
                case 3: data.InsertRange(at, Encoding.ASCII.GetBytes(random.Next(4) == 0 ? "99999999999" : random.Next(-5, 100000).ToString(System.Globalization.CultureInfo.InvariantCulture))); break;
                case 4: data.RemoveRange(at, data.Count - at); break;
                default: data[at] ^= (byte)(1 << random.Next(8)); break;
            }
        }

        return [.. data];
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);
}
