using System.Numerics;
using System.Text;
using Customizable.Vlm.PointClouds;
using Customizable.Vlm.Testing.Fuzzing;
using Xunit.Abstractions;

namespace Customizable.Vlm.Tests.PointClouds;

/// <summary>
/// Seeded mutations of small valid clouds of every format (PLY ascii and binary, PCD ascii, binary and binary_compressed, text,
/// TIFF) through <see cref="PointCloudReader.Read(ReadOnlySpan{byte}, string?, PointCloudFormat)"/>: each gives a cloud within
/// the point limit or an <see cref="InvalidObservationException"/> (malformed, limit), within a time and an allocation bound.
/// </summary>
public class PointCloudReaderFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(5);
    /// <summary>One input running this long hangs (the bound per input is far lower; this only stops a run that would never end).</summary>
    private static readonly TimeSpan HangAfter = TimeSpan.FromSeconds(60);

    /// <summary>A header that lies can declare up to <see cref="Options"/>' 100,000 points; storing them (positions, colours,
    /// normals, the staging arrays) takes a few MiB, so 64 MiB bounds it with headroom and catches an allocation sized by an
    /// unchecked count.</summary>
    private const long MaxBytesPerInput = 64L * 1024 * 1024;

    private static readonly PointCloudLoadOptions Options = new() { MaxPoints = 100_000, MaxBytes = 16L * 1024 * 1024 };

    public static TheoryData<string> Formats => ["ply-ascii", "ply-binary", "pcd-ascii", "pcd-binary", "pcd-compressed", "text", "tiff"];

    private static List<byte[]> Seeds(string format)
    {
        Vector3[] points = CloudFiles.Points(24, seed: 3);
        byte[] colors = CloudFiles.Colors(24);
        return format switch
        {
            "ply-ascii" => [CloudFiles.PlyAscii(points), CloudFiles.PlyAscii(points, facesFirst: true, colors: colors)],
            "ply-binary" => [CloudFiles.PlyBinaryAllTypes(points, bigEndian: false, newNames: false), CloudFiles.PlyBinaryAllTypes(points, bigEndian: true, newNames: true)],
            "pcd-ascii" => [CloudFiles.PcdAscii(points), CloudFiles.PcdAscii(points, separator: '\t', version: ".7")],
            "pcd-binary" => [CloudFiles.PcdBinary(points, colors), CloudFiles.PcdBinary(points, colors, width: 6, height: 4)],
            "pcd-compressed" => [CloudFiles.PcdCompressed(points, colors)],
            "text" => [CloudFiles.Text(points), CloudFiles.Text(points, header: "x y z", separator: ',')],
            "tiff" => [TiffFiles.Write(TiffFiles.Grid4x3(), new TiffSpec()), TiffFiles.Write(TiffFiles.Grid4x3(), new TiffSpec { BigEndian = true, RowsPerStrip = 1 }), TiffFiles.Write(TiffFiles.Grid4x3(), new TiffSpec { TileSize = 16 })],
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    /// <summary>Header lines of text formats (each line a segment), so a duplicated or removed line is a header that lies.</summary>
    private static IReadOnlyList<(int Start, int Length)> Lines(byte[] data)
    {
        var list = new List<(int Start, int Length)>();
        int start = 0;
        int end = Math.Min(data.Length, 512);
        for (int i = 0; i < end; i++)
        {
            if (data[i] == (byte)'\n')
            {
                list.Add((start, i + 1 - start));
                start = i + 1;
            }
        }

        return list;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Mutated_clouds_give_a_cloud_or_an_invalid_observation_in_bounded_time_and_memory(string format)
    {
        List<byte[]> seeds = Seeds(format);
        var reader = new PointCloudReader(Options);
        foreach (byte[] seed in seeds)
        {
            Assert.True(reader.Read(seed, "seed").Count > 0, Encoding.ASCII.GetString(seed.AsSpan(0, Math.Min(64, seed.Length))));
        }

        FuzzSummary summary = await Fuzz.RunWithDeadlineAsync(
            $"PointCloudReader.Read({format})",
            Fuzz.Mutations(seeds, format == "tiff" ? null : Lines),
            data =>
            {
                PointCloud cloud = reader.Read(data, "fuzz");
                Assert.InRange(cloud.Count, 1, Options.MaxPoints);
            },
            ex => ex is InvalidObservationException,
            PerInput,
            MaxBytesPerInput,
            HangAfter,
            output.WriteLine);

        Assert.True(summary.Refused > 0, "no mutation was refused: the mutations do not reach the checks");
        Assert.True(summary.Results > 0, "every mutation was refused: the mutations do not reach the parser");
    }
}
