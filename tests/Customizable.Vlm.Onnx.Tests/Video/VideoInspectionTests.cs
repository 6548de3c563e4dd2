using Customizable.Vlm.Imaging;
using Customizable.Vlm.Video;

namespace Customizable.Vlm.Onnx.Tests.Video;

[Collection(SharedReasoner.Name)]
public sealed class VideoInspectionTests
{
    private const double FramesPerSecond = 10;
    private static readonly TimeSpan ObjectFrom = TimeSpan.FromSeconds(2.0);
    private static readonly TimeSpan ObjectUntil = TimeSpan.FromSeconds(4.0);
    private static readonly (int X, int Y) ObjectCentre = (150, 100);

    private readonly ReasonerFixture _fixture;

    public VideoInspectionTests(ReasonerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task An_object_that_appears_for_two_seconds_is_located_in_time_by_the_top_region()
    {
        // Customize from every 5th frame of a normal clip; inspect every 4th frame of a 6 s clip in which a dark object sits in
        // the part from t = 2.0 s to 4.0 s (frames 20-39).
        var references = new AnomalyInspector(_fixture.Reasoner, encoders: [new VideoEncoder(new VideoEncoderOptions { Sampling = FrameSampling.EveryNth(5) }), new ImageEncoder()]);
        var inspector = new AnomalyInspector(_fixture.Reasoner, encoders: [new VideoEncoder(new VideoEncoderOptions { Sampling = FrameSampling.EveryNth(4) }), new ImageEncoder()]);
        RawFrame[] normal = [.. Enumerable.Range(0, 40).Select(i => SyntheticParts.Normal(300 + i).Frame)];
        PixelRect? plant = null;
        RawFrame[] query = new RawFrame[60];
        for (int i = 0; i < query.Length; i++)
        {
            bool present = i >= (int)(ObjectFrom.TotalSeconds * FramesPerSecond) && i < (int)(ObjectUntil.TotalSeconds * FramesPerSecond);
            SyntheticImage image = present ? SyntheticParts.WithDefect(400 + i, DefectKind.DarkBlob, ObjectCentre.X, ObjectCentre.Y) : SyntheticParts.Normal(400 + i);
            plant ??= image.Plant;
            query[i] = image.Frame;
        }

        var spec = new InspectionSpec { ClassContext = "synthetic striped part on a fixed camera" };
        spec.References.Add(VideoObservation.FromFrames(normal, FramesPerSecond, "normal-clip"));
        InspectionProfile profile = await references.CustomizeAsync(spec);

        AnomalyVerdict verdict = await inspector.InspectAsync(profile, VideoObservation.FromFrames(query, FramesPerSecond, "query-clip"));

        Assert.Equal(8, profile.References.Count);
        Assert.All(profile.References, r => Assert.Equal((0, ObservationModality.Video), (r.Slot, r.Modality)));
        Assert.True(verdict.IsAnomalous, verdict.ToString());
        Assert.Equal(15, verdict.AnomalyMaps.Count);
        Assert.Equal(15, verdict.FrameScores.Count);
        Assert.Equal(verdict.FrameScores.Max(f => f.SmoothedScore), verdict.Score);
        Assert.All(verdict.Regions, r => Assert.IsType<TimeRangeLocation>(r.SourceLocation));
        AnomalyRegion top = verdict.Regions.OrderByDescending(r => r.Score).First();
        var when = Assert.IsType<TimeRangeLocation>(top.SourceLocation);
        Assert.True(when.Start < ObjectUntil && when.End > ObjectFrom, $"The top region is at {when}, the object at {ObjectFrom}-{ObjectUntil}.");
        // Temporal smoothing may start the segment one sampled frame (4 frames) before the object appears.
        Assert.InRange(when.FirstFrame, 16, 39);
        Assert.NotNull(when.FrameBox);
        Assert.False(when.FrameBox!.Value.Intersect(plant!.Value).IsEmpty, $"The top region's box {when.FrameBox} misses the object at {plant}.");

        // The frame that scores highest shows the object.
        int hottest = verdict.AnomalyMaps.OrderByDescending(m => m.GridValues.Max()).First().ViewIndex;
        Assert.InRange(hottest * 4, 20, 39);
    }

    [Fact]
    public Task A_GIF_file_gives_a_verdict_whose_top_region_is_when_the_object_is_there() => FileScenarioAsync("gif");

    [FfmpegFact]
    public Task An_MP4_file_gives_a_verdict_whose_top_region_is_when_the_object_is_there() => FileScenarioAsync("mp4");

    private async Task FileScenarioAsync(string container)
    {

        string folder = Path.Combine(Path.GetTempPath(), "cvlm-video-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            // The same scenario as above, both clips written as files: GIF (10 fps: a delay of 10/100 s per frame) or H.264 MP4 (ffmpeg).
            PixelRect? plant = null;
            string normal = Write(container, folder, "normal", Enumerable.Range(0, 40).Select(i => SyntheticParts.Normal(300 + i).Frame));
            string query = Write(container, folder, "query", Enumerable.Range(0, 60).Select(i =>
            {
                bool present = i >= 20 && i < 40;
                SyntheticImage image = present ? SyntheticParts.WithDefect(400 + i, DefectKind.DarkBlob, ObjectCentre.X, ObjectCentre.Y) : SyntheticParts.Normal(400 + i);
                plant ??= image.Plant;
                return image.Frame;
            }));
            var references = new AnomalyInspector(_fixture.Reasoner, encoders: [new VideoEncoder(new VideoEncoderOptions { Sampling = FrameSampling.EveryNth(5) })]);
            var inspector = new AnomalyInspector(_fixture.Reasoner, encoders: [new VideoEncoder(new VideoEncoderOptions { Sampling = FrameSampling.EveryNth(4) })]);
            var spec = new InspectionSpec { ClassContext = "synthetic striped part on a fixed camera" };
            spec.References.Add(VideoObservation.FromFile(normal));
            InspectionProfile profile = await references.CustomizeAsync(spec);

            AnomalyVerdict verdict = await inspector.InspectAsync(profile, VideoObservation.FromFile(query));

            Assert.True(verdict.IsAnomalous, verdict.ToString());
            AnomalyRegion top = verdict.Regions.OrderByDescending(r => r.Score).First();
            var when = Assert.IsType<TimeRangeLocation>(top.SourceLocation);
            Assert.True(when.Start < ObjectUntil && when.End > ObjectFrom, $"The top region is at {when}, the object at {ObjectFrom}-{ObjectUntil}.");
            Assert.False(when.FrameBox!.Value.Intersect(plant!.Value).IsEmpty, $"The top region's box {when.FrameBox} misses the object at {plant}.");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Write(string container, string folder, string name, IEnumerable<RawFrame> frames) =>
        container == "gif" ? WriteGif(folder, name + ".gif", frames) : WriteMp4(folder, name, frames);

    private static string WriteMp4(string folder, string name, IEnumerable<RawFrame> frames)
    {
        string frameFolder = Directory.CreateDirectory(Path.Combine(folder, name)).FullName;
        int i = 0;
        foreach (RawFrame frame in frames)
        {
            ImageFiles.SavePngAsync(frame, Path.Combine(frameFolder, $"{i++:000}.png")).GetAwaiter().GetResult();
        }

        string path = Path.Combine(folder, name + ".mp4");
        var start = new System.Diagnostics.ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "-v", "error", "-y", "-framerate", "10", "-i", Path.Combine(frameFolder, "%03d.png"), "-c:v", "libx264", "-crf", "15", "-pix_fmt", "yuv420p", path })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
        return path;
    }

    private static string WriteGif(string folder, string name, IEnumerable<RawFrame> frames)
    {
        using var gif = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(SyntheticParts.Size, SyntheticParts.Size);
        bool first = true;
        foreach (RawFrame frame in frames)
        {
            using var image = SixLabors.ImageSharp.Image.LoadPixelData<SixLabors.ImageSharp.PixelFormats.Rgb24>(frame.Pixels.Span, frame.Width, frame.Height);
            SixLabors.ImageSharp.ImageFrame<SixLabors.ImageSharp.PixelFormats.Rgb24> added = first ? gif.Frames.RootFrame : gif.Frames.AddFrame(image.Frames.RootFrame);
            if (first)
            {
                image.Frames.RootFrame.ProcessPixelRows(gif.Frames.RootFrame, (source, target) =>
                {
                    for (int y = 0; y < source.Height; y++)
                    {
                        source.GetRowSpan(y).CopyTo(target.GetRowSpan(y));
                    }
                });
                first = false;
            }

            SixLabors.ImageSharp.MetadataExtensions.GetGifMetadata(added.Metadata).FrameDelay = 10;
        }

        string path = Path.Combine(folder, name);
        SixLabors.ImageSharp.ImageExtensions.SaveAsGif(gif, path);
        return path;
    }
}
