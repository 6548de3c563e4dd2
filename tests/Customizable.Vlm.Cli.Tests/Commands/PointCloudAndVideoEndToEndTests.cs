using System.Text.Json;
using Customizable.Vlm.Cli.Tests.Support;
using Customizable.Vlm.Evaluation.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;

namespace Customizable.Vlm.Cli.Tests.Commands;

/// <summary>One end-to-end case per modality with the embedded reasoner (the real model): a bumped sheet against flat ones, and an
/// object crossing a textured scene.</summary>
public sealed class PointCloudAndVideoEndToEndTests
{
    [Fact]
    public async Task The_embedded_reasoner_scores_a_bumped_cloud_above_a_normal_one_and_names_the_bump_s_points()
    {
        using var tree = new DatasetTree();
        MediaFiles.Cloud(tree, "normal/a.xyz", 1);
        MediaFiles.Cloud(tree, "normal/b.xyz", 2);
        MediaFiles.Cloud(tree, "normal/c.xyz", 3);
        string good = MediaFiles.Cloud(tree, "query/good.xyz", 4);
        string bumped = MediaFiles.Cloud(tree, "query/bumped.xyz", 5, bump: true);

        CliRun customize = await Cli.RunAsync("customize", "--references", tree.Path("normal"), "--out", tree.Path("p.cvlm"));
        CliRun inspect = await Cli.RunAsync("inspect", "--profile", tree.Path("p.cvlm"), good, bumped, "--json");

        Assert.True(customize.ExitCode == 0, customize.ToString());
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        // Six view slots, one decision: each slot's threshold is printed, the fused step once.
        Assert.Equal(6, System.Text.RegularExpressions.Regex.Count(customize.Output, @"Decision threshold \(view slot \d\): "));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(customize.Output, "One decision over all views: .*6 view slots' thresholds moved by"));
        using JsonDocument json = JsonDocument.Parse(inspect.Output);
        JsonElement goodVerdict = json.RootElement[0], bumpedVerdict = json.RootElement[1];
        Assert.True(bumpedVerdict.GetProperty("score").GetDouble() > goodVerdict.GetProperty("score").GetDouble(), inspect.Output);
        Assert.True(bumpedVerdict.GetProperty("is_anomalous").GetBoolean(), inspect.Output);

        // The bump (radius 0.15 around (0.5, 0.5)) is where the strongest region's points are.
        JsonElement points = bumpedVerdict.GetProperty("regions").EnumerateArray()
            .OrderByDescending(r => r.GetProperty("score").GetDouble())
            .Select(r => r.GetProperty("points")).First(p => p.GetProperty("count").GetInt32() > 0);
        double[] min = [.. points.GetProperty("min").EnumerateArray().Select(v => v.GetDouble())];
        double[] max = [.. points.GetProperty("max").EnumerateArray().Select(v => v.GetDouble())];
        Assert.True(min[0] <= 0.6 && max[0] >= 0.4 && min[1] <= 0.6 && max[1] >= 0.4, points.ToString());
    }

    [Fact]
    public async Task The_embedded_reasoner_finds_when_an_object_crosses_a_gif_clip()
    {
        using var tree = new DatasetTree();
        Scene(tree.Path("normal/a.gif"), seed: 1, objectFrom: -1, objectTo: -1);
        Scene(tree.Path("normal/b.gif"), seed: 2, objectFrom: -1, objectTo: -1);
        string query = tree.Path("query.gif");
        Scene(query, seed: 3, objectFrom: 20, objectTo: 30);

        CliRun customize = await Cli.RunAsync("customize", "--references", tree.Path("normal"), "--out", tree.Path("p.cvlm"));
        CliRun inspect = await Cli.RunAsync("inspect", "--profile", tree.Path("p.cvlm"), query, "--json");

        Assert.True(customize.ExitCode == 0, customize.ToString());
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        using JsonDocument json = JsonDocument.Parse(inspect.Output);
        JsonElement verdict = json.RootElement[0];
        Assert.True(verdict.GetProperty("is_anomalous").GetBoolean(), inspect.Output);
        JsonElement top = verdict.GetProperty("segments").EnumerateArray().OrderByDescending(s => s.GetProperty("score").GetDouble()).First();
        Assert.True(top.GetProperty("start_seconds").GetDouble() < 3.0 && top.GetProperty("end_seconds").GetDouble() > 2.0, top.ToString());
        Assert.InRange(verdict.GetProperty("frame_scores").GetArrayLength(), 30, 33); // about 32 uniform key frames of 40
    }

    /// <summary>A 4 s GIF at 10 fps, 96x72: a tiled floor, a blue bar sliding back and forth (period 2 s), little noise; in frames
    /// [objectFrom, objectTo) an orange ball crosses from left to right.</summary>
    private static void Scene(string path, int seed, int objectFrom, int objectTo)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var random = new Random(seed);
        using var gif = new Image<Rgb24>(96, 72);
        for (int i = 0; i < 40; i++)
        {
            using var frame = new Image<Rgb24>(96, 72);
            double phase = (i / 20.0) % 1.0;
            int barX = (int)(8 + (70 * (phase < 0.5 ? phase * 2 : 2 - (phase * 2))));
            bool ball = i >= objectFrom && i < objectTo;
            double ballX = 10 + (76.0 * (i - objectFrom) / Math.Max(1, objectTo - objectFrom)), ballY = 50;
            for (int y = 0; y < 72; y++)
            {
                for (int x = 0; x < 96; x++)
                {
                    int grey = (x % 12 < 1 || y % 12 < 1) ? 70 : 150 + (((x / 12) + (y / 12)) % 2 * 20);
                    var c = new Rgb24((byte)grey, (byte)grey, (byte)grey);
                    if (x >= barX && x < barX + 8 && y >= 8 && y < 30)
                    {
                        c = new Rgb24(40, 70, 200);
                    }

                    if (ball && ((x - ballX) * (x - ballX)) + ((y - ballY) * (y - ballY)) < 64)
                    {
                        c = new Rgb24(240, 140, 20);
                    }

                    int n = random.Next(-3, 4);
                    frame[x, y] = new Rgb24((byte)Math.Clamp(c.R + n, 0, 255), (byte)Math.Clamp(c.G + n, 0, 255), (byte)Math.Clamp(c.B + n, 0, 255));
                }
            }

            frame.Frames.RootFrame.Metadata.GetGifMetadata().FrameDelay = 10;
            gif.Frames.AddFrame(frame.Frames.RootFrame);
        }

        gif.Frames.RemoveFrame(0);
        gif.SaveAsGif(path);
    }
}
