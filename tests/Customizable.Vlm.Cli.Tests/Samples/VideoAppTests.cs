using System.Globalization;
using System.Text.RegularExpressions;
using Customizable.Vlm.Cli.Tests.Support;
using Customizable.Vlm.Evaluation.Tests.Support;
using VideoSample;

namespace Customizable.Vlm.Cli.Tests.Samples;

/// <summary>The Video sample run in-process: the drawn demo clip must be flagged during the ball's crossing, and bad input is one line.</summary>
public partial class VideoAppTests
{
    private static async Task<CliRun> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await VideoApp.RunAsync(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static void AssertOneErrorLine(CliRun run, int exitCode, string mentioned)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        string line = Assert.Single(Lines(run.Error));
        Assert.StartsWith("video: error: ", line, StringComparison.Ordinal);
        Assert.Contains(mentioned, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"segment: t=(\d+\.\d+)s-(\d+\.\d+)s \(frames (\d+)-(\d+)\)")]
    private static partial Regex Segment();

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_the_usage_and_exits_with_0_without_running_the_demo(string flag)
    {
        CliRun run = await RunAsync(flag);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage: Video", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("drew", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Theory]
    [InlineData("normals")]
    [InlineData("normals", "--verbose")]
    [InlineData("normals", "q.mp4", "--out")]
    [InlineData("normals", "q.mp4", "--out", "a", "--out", "b")]
    public async Task A_folder_without_a_clip_or_a_bad_option_prints_the_usage_and_exits_with_2(params string[] args)
    {
        CliRun run = await RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("video: error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("Usage: Video", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Missing_normals_a_folder_without_clips_and_a_missing_query_are_one_line_with_exit_code_3()
    {
        using var tree = new DatasetTree();
        string query = MediaFiles.Gif(tree, "q.gif", 3);
        tree.Text("texts/readme.txt", "no clips here");
        MediaFiles.Gif(tree, "normals/a.gif", 3);

        AssertOneErrorLine(await RunAsync(tree.Path("missing"), query, "--out", tree.Path("out")), 3, "do not exist");
        AssertOneErrorLine(await RunAsync(tree.Path("texts"), query, "--out", tree.Path("out")), 3, "holds no clips");
        AssertOneErrorLine(await RunAsync(tree.Path("normals"), tree.Path("nothere.mp4"), "--out", tree.Path("out")), 3, "nothere.mp4");
    }

    [Fact]
    public async Task A_clip_that_is_not_a_video_is_one_line_with_exit_code_3()
    {
        using var tree = new DatasetTree();
        MediaFiles.Gif(tree, "normals/a.gif", 3);
        tree.Text("normals/b.gif", "this is text, not a GIF");
        string query = MediaFiles.Gif(tree, "q.gif", 3);

        AssertOneErrorLine(await RunAsync(tree.Path("normals"), query, "--out", tree.Path("out")), 3, "b.gif");
    }

    [Fact]
    public async Task Frame_folders_customize_inspect_and_write_the_profile()
    {
        using var tree = new DatasetTree();
        MediaFiles.FrameFolder(tree, "normals/clip1", 12);
        MediaFiles.FrameFolder(tree, "normals/clip2", 12);
        string query = MediaFiles.FrameFolder(tree, "query", 12, objectFrom: 4, objectTo: 8);

        CliRun run = await RunAsync(tree.Path("normals"), query, "--out", tree.Path("out"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Customized from 2 normal clip(s) (24 frames)", run.Output, StringComparison.Ordinal);
        Assert.Contains("query: ", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(tree.Path("out/inspection.cvlm")));
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task The_demo_flags_the_clip_during_the_ball_s_crossing_and_prints_the_segment_times()
    {
        using var tree = new DatasetTree();

        CliRun run = await RunAsync("--out", tree.Path("out"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(Lines(run.Output), l => l.StartsWith("demo clip: ANOMALOUS ", StringComparison.Ordinal));
        Match[] segments = [.. Segment().Matches(run.Output).Cast<Match>()];
        Assert.NotEmpty(segments);

        // Every segment lies around the crossing (t = 7-10 s), and together they cover most of it.
        double covered = 0;
        foreach (Match m in segments)
        {
            double start = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), end = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            Assert.True(start >= 6.0 && end <= 11.0, m.Value);
            covered += Math.Min(end, 10.0) - Math.Max(start, 7.0);
        }

        Assert.True(covered >= 2.0, run.Output);
        Assert.True(File.Exists(tree.Path("out/inspection.cvlm")));
        Assert.Empty(run.Error);
    }
}
