using System.Text.Json;
using Customizable.Vlm.Cli.Tests.Support;
using Customizable.Vlm.Evaluation.Tests.Support;

namespace Customizable.Vlm.Cli.Tests.Commands;

/// <summary><c>cvlm customize</c> and <c>cvlm inspect</c> with point clouds and videos, with the fast <see cref="PeakReasoner"/>: its
/// scores are the views' brightest pixels, so a white square in some frames of a dark clip gives a known segment.</summary>
public sealed class PointCloudAndVideoCommandTests
{
    private static Task<CliRun> RunAsync(params string[] args) => Cli.RunAsync(new PeakReasonerFactory(), CancellationToken.None, args);

    private static void AssertOneErrorLine(CliRun run, int exitCode, string mentioned)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("cvlm: error: ", line, StringComparison.Ordinal);
        Assert.Contains(mentioned, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    /// <summary>Checks the one segment of a clip whose frames 10-19 (of 30, 10 fps) show the square.</summary>
    private static void AssertSquareSegment(JsonElement verdict)
    {
        Assert.Equal("video", verdict.GetProperty("modality").GetString());
        Assert.True(verdict.GetProperty("is_anomalous").GetBoolean(), verdict.ToString());
        JsonElement segment = Assert.Single(verdict.GetProperty("segments").EnumerateArray());
        Assert.Equal(10, segment.GetProperty("first_frame").GetInt32());
        Assert.Equal(19, segment.GetProperty("last_frame").GetInt32());
        Assert.Equal(1.0, segment.GetProperty("start_seconds").GetDouble(), 3);
        Assert.Equal(2.0, segment.GetProperty("end_seconds").GetDouble(), 3);
        JsonElement box = segment.GetProperty("box");
        Assert.Equal(MediaFiles.Square.X, box.GetProperty("x").GetInt32());
        Assert.Equal(MediaFiles.Square.Y, box.GetProperty("y").GetInt32());
        Assert.Equal(MediaFiles.Square.Width, box.GetProperty("width").GetInt32());
        JsonElement[] frames = [.. verdict.GetProperty("frame_scores").EnumerateArray()];
        Assert.Equal(30, frames.Length);
        Assert.Equal(Enumerable.Range(0, 30), frames.Select(f => f.GetProperty("frame").GetInt32()));
        Assert.True(frames[15].GetProperty("score").GetDouble() > 0.9 && frames[2].GetProperty("score").GetDouble() < 0.3, verdict.ToString());
    }

    [Fact]
    public async Task A_frame_folder_profile_inspects_a_frame_folder_as_one_clip_and_json_lists_its_segment_and_frame_scores()
    {
        using var tree = new DatasetTree();
        MediaFiles.FrameFolder(tree, "normal/clip1", 30);
        MediaFiles.FrameFolder(tree, "normal/clip2", 30);
        string query = MediaFiles.FrameFolder(tree, "query", 30, objectFrom: 10, objectTo: 20);

        CliRun customize = await RunAsync("customize", "--references", tree.Path("normal"), "--out", tree.Path("p.cvlm"));
        CliRun inspect = await RunAsync("inspect", "--profile", tree.Path("p.cvlm"), query, "--json");

        Assert.True(customize.ExitCode == 0, customize.ToString());
        Assert.Contains("Customized from 2 reference(s)", customize.Output, StringComparison.Ordinal);
        Assert.Contains("References read as 2 video(s)", customize.Output, StringComparison.Ordinal);
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        using JsonDocument json = JsonDocument.Parse(inspect.Output);
        JsonElement verdict = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(query, verdict.GetProperty("path").GetString());
        AssertSquareSegment(verdict);
    }

    [Fact]
    public async Task An_animated_gif_is_inspected_as_a_video_and_the_text_shows_the_segment_times_and_frames()
    {
        using var tree = new DatasetTree();
        MediaFiles.Gif(tree, "normal/a.gif", 30);
        string query = MediaFiles.Gif(tree, "query.gif", 30, objectFrom: 10, objectTo: 20);

        CliRun customize = await RunAsync("customize", "--references", tree.Path("normal"), "--out", tree.Path("p.cvlm"));
        CliRun text = await RunAsync("inspect", "--profile", tree.Path("p.cvlm"), query);
        CliRun json = await RunAsync("inspect", "--profile", tree.Path("p.cvlm"), query, "--json");

        Assert.True(customize.ExitCode == 0, customize.ToString());
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains($"{query}: ANOMALOUS", text.Output, StringComparison.Ordinal);
        Assert.Contains("frames: 30 inspected from t=0.00s to t=3.00s", text.Output, StringComparison.Ordinal);
        Assert.Contains($"segment 1: t=1.00s-2.00s, frames 10-19, box x={MediaFiles.Square.X} y={MediaFiles.Square.Y} w={MediaFiles.Square.Width} h={MediaFiles.Square.Height} (frame pixels)", text.Output, StringComparison.Ordinal);
        using JsonDocument document = JsonDocument.Parse(json.Output);
        AssertSquareSegment(document.RootElement[0]);
    }

    [FfmpegFact]
    public async Task An_mp4_file_is_decoded_through_ffmpeg_and_located_in_time()
    {
        using var tree = new DatasetTree();
        Directory.CreateDirectory(tree.Path("normal"));
        MediaFiles.Mp4(MediaFiles.FrameFolder(tree, "frames/normal", 30), tree.Path("normal/a.mp4"));
        string query = MediaFiles.Mp4(MediaFiles.FrameFolder(tree, "frames/query", 30, objectFrom: 10, objectTo: 20), tree.Path("query.mp4"));

        CliRun customize = await RunAsync("customize", "--references", tree.Path("normal"), "--out", tree.Path("p.cvlm"));
        CliRun inspect = await RunAsync("inspect", "--profile", tree.Path("p.cvlm"), query, "--json");

        Assert.True(customize.ExitCode == 0, customize.ToString());
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        using JsonDocument json = JsonDocument.Parse(inspect.Output);
        JsonElement segment = Assert.Single(json.RootElement[0].GetProperty("segments").EnumerateArray());
        Assert.Equal(10, segment.GetProperty("first_frame").GetInt32());
        Assert.Equal(19, segment.GetProperty("last_frame").GetInt32());
        Assert.Equal(1.0, segment.GetProperty("start_seconds").GetDouble(), 2);
        Assert.Equal(2.0, segment.GetProperty("end_seconds").GetDouble(), 2);
    }

    [Fact]
    public async Task A_video_file_without_ffmpeg_is_one_line_with_exit_code_4_that_says_how_to_install_it()
    {
        using var tree = new DatasetTree();
        tree.Text("normal/a.mp4", "not decoded: ffmpeg is looked for first");

        CliRun run = await RunAsync("customize", "--references", tree.Path("normal"), "--ffmpeg", tree.Path("no-such-dir/ffmpeg"), "--out", tree.Path("p.cvlm"));

        AssertOneErrorLine(run, 4, "ffmpeg was not found at");
        Assert.Contains("apt-get install ffmpeg", run.Error, StringComparison.Ordinal);
        Assert.Contains("--ffmpeg", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(tree.Path("p.cvlm")));
    }

    [Fact]
    public async Task A_profile_customized_with_motion_views_is_inspected_with_its_gap_without_motion_and_a_contradicting_gap_is_bad_usage()
    {
        using var tree = new DatasetTree();
        MediaFiles.FrameFolder(tree, "normal/clip1", 30);
        string query = MediaFiles.FrameFolder(tree, "query", 30, objectFrom: 10, objectTo: 20);

        CliRun customize = await RunAsync("customize", "--references", tree.Path("normal"), "--motion", "2", "--out", tree.Path("p.cvlm"));
        CliRun inspect = await RunAsync("inspect", "--profile", tree.Path("p.cvlm"), query, "--json");
        CliRun same = await RunAsync("inspect", "--profile", tree.Path("p.cvlm"), query, "--json", "--motion", "2");
        CliRun other = await RunAsync("inspect", "--profile", tree.Path("p.cvlm"), query, "--json", "--motion", "3");
        CliRun none = await RunAsync("inspect", "--profile", tree.Path("p.cvlm"), query, "--motion", "0");

        Assert.True(customize.ExitCode == 0, customize.ToString());
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Equal(same.Output, inspect.Output);

        // The motion views (frame t against frame t - 2) see the square appear at frames 10-11 and leave at frames 20-21: the
        // segment runs to frame 21, where frame views alone end it at frame 19.
        using JsonDocument json = JsonDocument.Parse(inspect.Output);
        JsonElement segment = Assert.Single(json.RootElement[0].GetProperty("segments").EnumerateArray());
        Assert.Equal((10, 21), (segment.GetProperty("first_frame").GetInt32(), segment.GetProperty("last_frame").GetInt32()));

        AssertOneErrorLine(other, 2, "--motion 3 contradicts the profile");
        Assert.Contains("customized with --motion 2", other.Error, StringComparison.Ordinal);
        Assert.Empty(other.Output);
        AssertOneErrorLine(none, 2, "--motion 0 contradicts the profile");
    }

    [Fact]
    public async Task A_profile_customized_without_motion_views_refuses_an_inspection_gap()
    {
        using var tree = new DatasetTree();
        MediaFiles.FrameFolder(tree, "normal/clip1", 6);
        string query = MediaFiles.FrameFolder(tree, "query", 6);
        CliRun customize = await RunAsync("customize", "--references", tree.Path("normal"), "--out", tree.Path("p.cvlm"));

        CliRun run = await RunAsync("inspect", "--profile", tree.Path("p.cvlm"), query, "--motion", "2");
        CliRun zero = await RunAsync("inspect", "--profile", tree.Path("p.cvlm"), query, "--motion", "0");

        Assert.True(customize.ExitCode == 0, customize.ToString());
        AssertOneErrorLine(run, 2, "customized without motion views");
        Assert.True(zero.ExitCode == 0, zero.ToString());
    }

    [Fact]
    public async Task A_reference_folder_that_mixes_images_and_clips_is_bad_usage_with_exit_code_2()
    {
        using var tree = new DatasetTree();
        tree.Image("normal/part.png", 1);
        MediaFiles.FrameFolder(tree, "normal/clip", 3);

        CliRun run = await RunAsync("customize", "--references", tree.Path("normal"), "--out", tree.Path("p.cvlm"));

        AssertOneErrorLine(run, 2, "mixes modalities");
        Assert.Contains("'clip' is a video (a folder of frames)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspecting_an_image_with_a_video_profile_is_one_line_with_exit_code_3()
    {
        using var tree = new DatasetTree();
        MediaFiles.Gif(tree, "normal/a.gif", 5);
        string image = tree.Image("part.png", 1);
        CliRun customize = await RunAsync("customize", "--references", tree.Path("normal"), "--out", tree.Path("p.cvlm"));

        CliRun run = await RunAsync("inspect", "--profile", tree.Path("p.cvlm"), image);

        Assert.True(customize.ExitCode == 0, customize.ToString());
        AssertOneErrorLine(run, 3, "was customized from videos");
    }

    [Fact]
    public async Task A_cloud_profile_inspects_clouds_and_json_lists_each_region_s_points_and_3D_box()
    {
        using var tree = new DatasetTree();
        MediaFiles.Cloud(tree, "normal/a.xyz", 1, side: 30);
        MediaFiles.Cloud(tree, "normal/b.xyz", 2, side: 30);
        string query = MediaFiles.Cloud(tree, "query.xyz", 3, side: 30);

        CliRun customize = await RunAsync("customize", "--references", tree.Path("normal"), "--out", tree.Path("p.cvlm"));
        CliRun json = await RunAsync("inspect", "--profile", tree.Path("p.cvlm"), query, "--json");
        CliRun text = await RunAsync("inspect", "--profile", tree.Path("p.cvlm"), query);

        Assert.True(customize.ExitCode == 0, customize.ToString());
        Assert.Contains("References read as 2 point cloud(s)", customize.Output, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        using JsonDocument document = JsonDocument.Parse(json.Output);
        JsonElement verdict = document.RootElement[0];
        Assert.Equal("point_cloud", verdict.GetProperty("modality").GetString());
        JsonElement[] regions = [.. verdict.GetProperty("regions").EnumerateArray()];
        Assert.NotEmpty(regions);
        JsonElement points = regions.Select(r => r.GetProperty("points")).First(p => p.GetProperty("count").GetInt32() > 0);
        int[] indices = [.. points.GetProperty("indices").EnumerateArray().Select(i => i.GetInt32())];
        Assert.Equal(points.GetProperty("count").GetInt32(), indices.Length);
        Assert.All(indices, i => Assert.InRange(i, 0, (30 * 30) - 1));
        Assert.Equal(indices.Order(), indices);
        double[] min = [.. points.GetProperty("min").EnumerateArray().Select(v => v.GetDouble())];
        double[] max = [.. points.GetProperty("max").EnumerateArray().Select(v => v.GetDouble())];
        Assert.All(Enumerable.Range(0, 3), k => Assert.True(min[k] <= max[k], points.ToString()));
        Assert.True(min[0] >= -0.01 && max[0] <= 1.01 && min[1] >= -0.01 && max[1] <= 1.01, points.ToString());
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Matches(@"region 1: (\d+ points, box \(.+\) to \(.+\) \(cloud units\)|no points under it .+); seen in view \d+ at x=", text.Output);
    }

    [Fact]
    public async Task An_xyz_tiff_with_missing_pixels_lists_the_kept_points_and_their_pixel_indices_in_the_file()
    {
        using var tree = new DatasetTree();
        MediaFiles.XyzTiff(tree, "normal/a.tiff", 16, 12);
        MediaFiles.XyzTiff(tree, "normal/b.tiff", 16, 12);
        string query = MediaFiles.XyzTiff(tree, "query.tiff", 16, 12, missingRows: 4);

        CliRun customize = await RunAsync("customize", "--references", tree.Path("normal"), "--out", tree.Path("p.cvlm"));
        CliRun run = await RunAsync("inspect", "--profile", tree.Path("p.cvlm"), query, "--json");

        Assert.True(customize.ExitCode == 0, customize.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        using JsonDocument json = JsonDocument.Parse(run.Output);
        JsonElement points = json.RootElement[0].GetProperty("regions").EnumerateArray()
            .Select(r => r.GetProperty("points")).First(p => p.GetProperty("count").GetInt32() > 0);
        int[] indices = [.. points.GetProperty("indices").EnumerateArray().Select(i => i.GetInt32())];
        int[] inFile = [.. points.GetProperty("file_indices").EnumerateArray().Select(i => i.GetInt32())];

        // The first 4 rows (64 pixels) are missing: kept point k is pixel k + 64.
        Assert.All(indices, i => Assert.InRange(i, 0, (16 * 8) - 1));
        Assert.Equal(indices.Select(i => i + 64), inFile);
    }
}
