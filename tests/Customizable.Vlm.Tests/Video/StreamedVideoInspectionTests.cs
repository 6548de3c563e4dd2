using Customizable.Vlm.Imaging;
using Customizable.Vlm.Tests.Imaging;
using Customizable.Vlm.Video;

namespace Customizable.Vlm.Tests.Video;

[Collection(MemoryMeasurementGroup.Name)]
public sealed class StreamedVideoInspectionTests : IDisposable
{
    private const int Width = 160, Height = 120;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Writes a folder of <paramref name="count"/> PNG frames: dark, with a bright frame run from 3/4 of the clip for 10 frames.</summary>
    private async Task<string> WriteClipAsync(string name, int count)
    {
        string folder = Directory.CreateDirectory(Path.Combine(_temp.Path, name)).FullName;
        int bright = count * 3 / 4;
        for (int i = 0; i < count; i++)
        {
            byte grey = (byte)(i >= bright && i < bright + 10 ? 230 : 40 + (i % 5));
            await ImageFiles.SavePngAsync(VideoTestData.Frame(Width, Height, grey, new PixelRect(i % 100, 20, 16, 16), 90), Path.Combine(folder, $"{i:00000}.png"));
        }

        return folder;
    }

    private static AnomalyInspector Inspector(IAnomalyReasoner reasoner, AnomalyInspectorOptions? options = null) =>
        new(reasoner, encoders: [new VideoEncoder(new VideoEncoderOptions { Sampling = FrameSampling.All, Decode = new VideoDecodeOptions { SequenceFramesPerSecond = 10 } })], options: options);

    [Fact]
    public async Task A_long_clip_is_scored_in_small_batches_and_live_managed_memory_does_not_grow_with_its_length()
    {
        string shortClip = await WriteClipAsync("short", 40);
        string longClip = await WriteClipAsync("long", 480);
        var spec = new InspectionSpec { ClassContext = "a corridor" };
        spec.References.Add(VideoObservation.FromFile(shortClip));

        var options = new AnomalyInspectorOptions { VideoAnomalyMapLimit = 8 };
        var shortReasoner = new PerViewReasoner { MeasureMemory = true };
        AnomalyInspector shortInspector = Inspector(shortReasoner, options);
        int shortFrames = (await shortInspector.InspectAsync(await shortInspector.CustomizeAsync(spec), VideoObservation.FromFile(shortClip))).FrameScores.Count;
        var longReasoner = new PerViewReasoner { MeasureMemory = true };
        AnomalyInspector longInspector = Inspector(longReasoner, options);
        AnomalyVerdict longVerdict = await longInspector.InspectAsync(await longInspector.CustomizeAsync(spec), VideoObservation.FromFile(longClip));

        // Every frame was scored, a batch at a time, and the bright run was found where it is (frames 360-369).
        Assert.Equal(40, shortFrames);
        Assert.Equal(480, longVerdict.FrameScores.Count);
        Assert.Equal(480, longVerdict.ViewScores.Count);
        Assert.InRange(longReasoner.MostViewsPerCall, 1, AnomalyInspector.VideoBatchViews);
        Assert.Equal(480 / AnomalyInspector.VideoBatchViews, longReasoner.Calls);
        var when = Assert.IsType<TimeRangeLocation>(Assert.Single(longVerdict.Regions).SourceLocation);
        Assert.InRange(when.FirstFrame, 359, 361);
        Assert.InRange(when.LastFrame, 368, 370);
        Assert.Equal(8, longVerdict.AnomalyMaps.Count);
        Assert.All(longVerdict.AnomalyMaps, m => Assert.InRange(m.ViewIndex, 0, 479));

        // Twelve times the frames: their pixels alone (RGB 160x120, 57.6 KB each) and their per-pixel maps (76.8 KB each) would add
        // about 60 MB if the views were held until scoring; streamed, the live memory at scoring time stays within a few MB.
        long growth = longReasoner.PeakLiveBytes - shortReasoner.PeakLiveBytes;
        Assert.True(growth < 8L << 20, $"Live managed memory grew by {growth / (1 << 20)} MB from a 40-frame clip to a 480-frame clip.");
    }

    [Fact]
    public async Task A_streamed_verdict_keeps_the_maps_and_masks_of_its_highest_scoring_views_only()
    {
        string clip = await WriteClipAsync("clip", 60);
        var spec = new InspectionSpec { ClassContext = "a corridor" };
        spec.References.Add(VideoObservation.FromFile(clip));
        AnomalyInspector inspector = Inspector(new PerViewReasoner(), new AnomalyInspectorOptions { VideoAnomalyMapLimit = 5, TemporalSmoothingRadius = 0 });

        AnomalyVerdict verdict = await inspector.InspectAsync(await inspector.CustomizeAsync(spec), VideoObservation.FromFile(clip));

        // The five brightest frames are 45-49 (the bright run starts at 3/4 of 60 = 45).
        Assert.Equal([45, 46, 47, 48, 49], verdict.AnomalyMaps.Select(m => m.ViewIndex));
        var when = Assert.IsType<TimeRangeLocation>(Assert.Single(verdict.Regions).SourceLocation);
        Assert.Equal((45, 54), (when.FirstFrame, when.LastFrame));
        Assert.Equal(TimeSpan.FromSeconds(4.5), when.Start);
        Assert.Equal(60, verdict.FrameScores.Count);
    }

    [Fact]
    public void The_map_limit_cannot_be_negative()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyInspectorOptions { VideoAnomalyMapLimit = -1 }.Validate());
    }
}
