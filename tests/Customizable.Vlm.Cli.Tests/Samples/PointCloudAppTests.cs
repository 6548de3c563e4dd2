using System.Globalization;
using System.Text;
using Customizable.Vlm.Evaluation.Tests.Support;
using PointCloud;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Cli.Tests.Samples;

/// <summary>The PointCloud sample run in-process: the generated demo must tell a dented tube from a normal one, and bad input is one line.</summary>
public class PointCloudAppTests
{
    private static async Task<CliRun> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await PointCloudApp.RunAsync(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static void AssertOneErrorLine(CliRun run, int exitCode, string mentioned)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        string line = Assert.Single(Lines(run.Error));
        Assert.StartsWith("pointcloud: error: ", line, StringComparison.Ordinal);
        Assert.Contains(mentioned, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    /// <summary>Writes a small ASCII XYZ cloud: a wavy 30 x 30 sheet, shifted by <paramref name="seed"/>.</summary>
    private static string Cloud(DatasetTree tree, string relative, int seed)
    {
        var text = new StringBuilder();
        var random = new Random(seed);
        for (int i = 0; i < 30; i++)
        {
            for (int j = 0; j < 30; j++)
            {
                double x = i / 29.0, y = j / 29.0, z = (0.1 * Math.Sin(6 * x)) + (random.NextDouble() * 0.002);
                text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{x:0.0000} {y:0.0000} {z:0.0000}"));
            }
        }

        return tree.Text(relative, text.ToString());
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_the_usage_and_exits_with_0_without_running_the_demo(string flag)
    {
        CliRun run = await RunAsync(flag);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage: PointCloud", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("writing", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Theory]
    [InlineData("normals")]
    [InlineData("normals", "--verbose")]
    [InlineData("normals", "q.ply", "--out")]
    [InlineData("normals", "q.ply", "--out", "a", "--out", "b")]
    public async Task A_folder_without_a_cloud_or_a_bad_option_prints_the_usage_and_exits_with_2(params string[] args)
    {
        CliRun run = await RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("pointcloud: error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("Usage: PointCloud", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task An_out_path_that_is_a_file_prints_the_usage_and_exits_with_2()
    {
        using var tree = new DatasetTree();
        Cloud(tree, "normals/a.xyz", 1);
        string query = Cloud(tree, "q.xyz", 2);
        string file = tree.Text("out.txt", "a file");

        CliRun run = await RunAsync(tree.Path("normals"), query, "--out", file);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith($"pointcloud: error: --out '{file}' is a file", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    /// <summary>Pixels the overlay turned red: the views themselves have R = B (shading) everywhere.</summary>
    private static (int Width, int Height, int Red) Overlaid(string png)
    {
        using var image = Image.Load<Rgb24>(png);
        int red = 0;
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                foreach (Rgb24 p in rows.GetRowSpan(y))
                {
                    red += p.R > p.B + 40 ? 1 : 0;
                }
            }
        });
        return (image.Width, image.Height, red);
    }

    [Fact]
    public async Task A_missing_normals_folder_is_one_line_with_exit_code_3()
    {
        using var tree = new DatasetTree();
        string query = Cloud(tree, "q.xyz", 1);

        AssertOneErrorLine(await RunAsync(tree.Path("missing"), query, "--out", tree.Path("out")), 3, "does not exist");
    }

    [Fact]
    public async Task An_empty_folder_and_a_folder_without_clouds_are_one_line_with_exit_code_3()
    {
        using var tree = new DatasetTree();
        Directory.CreateDirectory(tree.Path("empty"));
        tree.Text("texts/readme.txt", "no clouds here");
        string query = Cloud(tree, "q.xyz", 1);

        AssertOneErrorLine(await RunAsync(tree.Path("empty"), query, "--out", tree.Path("out")), 3, "holds no clouds");
        AssertOneErrorLine(await RunAsync(tree.Path("texts"), query, "--out", tree.Path("out")), 3, "holds no clouds");
    }

    [Fact]
    public async Task A_missing_cloud_to_inspect_is_one_line_with_exit_code_3()
    {
        using var tree = new DatasetTree();
        Cloud(tree, "normals/a.xyz", 1);

        AssertOneErrorLine(await RunAsync(tree.Path("normals"), tree.Path("nothere.ply"), "--out", tree.Path("out")), 3, "nothere.ply");
    }

    [Fact]
    public async Task A_file_that_is_not_a_cloud_is_one_line_with_exit_code_3()
    {
        using var tree = new DatasetTree();
        Cloud(tree, "normals/a.xyz", 1);
        tree.Text("normals/b.ply", "this is text, not a PLY file");
        string query = Cloud(tree, "q.xyz", 2);

        AssertOneErrorLine(await RunAsync(tree.Path("normals"), query, "--out", tree.Path("out")), 3, "b.ply");
    }

    [Fact]
    public async Task A_ply_whose_header_claims_more_points_than_it_holds_is_one_line_with_exit_code_3()
    {
        using var tree = new DatasetTree();
        Cloud(tree, "normals/a.xyz", 1);
        string lying = tree.Text(
            "q.ply",
            "ply\nformat binary_little_endian 1.0\nelement vertex 1000000\nproperty float x\nproperty float y\nproperty float z\nend_header\n0123456789ab");

        AssertOneErrorLine(await RunAsync(tree.Path("normals"), lying, "--out", tree.Path("out")), 3, "q.ply");
    }

    [Fact]
    public async Task A_folder_and_a_cloud_customize_inspect_and_write_the_profile()
    {
        using var tree = new DatasetTree();
        Cloud(tree, "normals/a.xyz", 1);
        Cloud(tree, "normals/b.xyz", 2);
        string query = Cloud(tree, "q.xyz", 3);

        CliRun run = await RunAsync(tree.Path("normals"), query, "--out", tree.Path("out"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Customized from 2 normal clouds", run.Output, StringComparison.Ordinal);
        Assert.Contains("q.xyz: ", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(tree.Path("out/inspection.cvlm")));
        (int width, int height, _) = Overlaid(tree.Path("out/views/q.png"));
        Assert.Equal((6 * 224, 224), (width, height));
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task The_generated_demo_flags_the_dented_and_holed_tubes_locates_the_dent_in_3D_and_passes_the_normal_one()
    {
        using var tree = new DatasetTree();

        CliRun run = await RunAsync("--out", tree.Path("out"));

        Assert.True(run.ExitCode == 0, run.ToString());
        string[] lines = Lines(run.Output);
        Assert.Contains(lines, l => l.StartsWith("query-normal.ply: normal ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("query-dent.ply: ANOMALOUS ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("query-hole.ply: ANOMALOUS ", StringComparison.Ordinal));

        // The dent's first region is a 3D box in the cloud's units that reaches the dent on the top line of the tube (0, 0, 0.5).
        int dent = Array.FindIndex(lines, l => l.StartsWith("query-dent.ply:", StringComparison.Ordinal));
        string region = lines.Skip(dent).First(l => l.TrimStart().StartsWith("region ", StringComparison.Ordinal));
        double[] box = [.. region[(region.IndexOf("box", StringComparison.Ordinal) + 3)..]
            .Split(['(', ')', ',', ' ', 't', 'o'], StringSplitOptions.RemoveEmptyEntries)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
        Assert.Equal(6, box.Length);
        Assert.True(box[0] <= 0.1 && box[3] >= -0.1 && box[1] <= 0.1 && box[4] >= -0.1 && box[5] > 0.4, region);
        Assert.True(File.Exists(tree.Path("out/inspection.cvlm")));
        Assert.True(File.Exists(tree.Path("out/demo-clouds/query-dent.ply")));

        // The dented tube's views are overlaid in red (map at or above the threshold); the normal tube's much less.
        (int width, int height, int dentRed) = Overlaid(tree.Path("out/views/query-dent.png"));
        int normalRed = Overlaid(tree.Path("out/views/query-normal.png")).Red;
        Assert.Equal((6 * 224, 224), (width, height));
        Assert.True(dentRed > 200 && dentRed > 3 * normalRed, $"red pixels: dent {dentRed}, normal {normalRed}");
        Assert.Contains(lines, l => l.Contains("with the anomaly map: ", StringComparison.Ordinal) && l.EndsWith("query-dent.png", StringComparison.Ordinal));
        Assert.Empty(run.Error);
    }
}
