using Customizable.Vlm.Imaging;
using Customizable.Vlm.Video;

namespace Customizable.Vlm.Onnx.Tests.Video;

[Collection(SharedReasoner.Name)]
public sealed class UcsdPed2InspectionTests
{
    private readonly ReasonerFixture _fixture;

    public UcsdPed2InspectionTests(ReasonerFixture fixture) => _fixture = fixture;

    [UcsdPed2Fact]
    public async Task A_frame_folder_gives_a_verdict_whose_regions_are_located_in_time_and_in_the_frame()
    {
        string ped2 = UcsdPed2FactAttribute.Folder!;
        // References: 16 frames of normal training clip 01 (a folder of JPEGs). Query: every 10th frame of test clip 01, whose
        // frames 60-179 (t >= 6 s) show a bicycle on the walkway (UCSDped2.m: gt_frame = [61:180], 1-based).
        var references = new AnomalyInspector(_fixture.Reasoner, encoders: [new VideoEncoder(new VideoEncoderOptions { Sampling = FrameSampling.Uniform(16) }), new ImageEncoder()]);
        var inspector = new AnomalyInspector(_fixture.Reasoner, encoders: [new VideoEncoder(new VideoEncoderOptions { Sampling = FrameSampling.EveryNth(10) }), new ImageEncoder()]);
        var spec = new InspectionSpec { ClassContext = "pedestrian walkway seen by a fixed camera" };
        spec.References.Add(VideoObservation.FromFile(Path.Combine(ped2, "training", "frames", "01")));
        InspectionProfile profile = await references.CustomizeAsync(spec);

        AnomalyVerdict verdict = await inspector.InspectAsync(profile, VideoObservation.FromFile(Path.Combine(ped2, "testing", "frames", "01")));

        // Structure only: the few-shot frame ranking on this clip is weak (measured frame AUROC 0.43 over these 18 frames with
        // 16 references from one training clip; docs/video.md), so no quality bar is asserted here.
        Assert.Equal(18, verdict.AnomalyMaps.Count);
        Assert.Equal(Enumerable.Range(0, 18), verdict.AnomalyMaps.Select(m => m.ViewIndex).Order());
        Assert.NotEmpty(verdict.Regions);
        Assert.All(verdict.Regions, r =>
        {
            var when = Assert.IsType<TimeRangeLocation>(r.SourceLocation);
            // A run of inspected frames (every 10th frame at 10 fps, each standing for 1 s), its strongest frame inside it.
            Assert.Equal(0, when.FirstFrame % 10);
            Assert.InRange(r.ViewIndex * 10, when.FirstFrame, when.LastFrame);
            Assert.Equal(when.FirstFrame / 10.0, when.Start.TotalSeconds, 6);
            Assert.Equal((when.LastFrame / 10.0) + 1, when.End.TotalSeconds, 6);
            Assert.NotNull(when.FrameBox);
            Assert.True(when.FrameBox!.Value.Right <= 360 && when.FrameBox.Value.Bottom <= 240, $"{when.FrameBox} is outside the 360x240 frame.");
        });
    }
}
