using System.Text.Json;
using Customizable.Vlm.Evaluation.Datasets;
using Customizable.Vlm.Evaluation.Reporting;
using Customizable.Vlm.Evaluation.Tests.Support;

namespace Customizable.Vlm.Evaluation.Tests;

public class ClipEvaluationTests
{
    [Fact]
    public async Task Every_frame_of_every_clip_is_scored_with_per_clip_smoothed_and_masked_clip_pixel_metrics()
    {
        using DatasetTree tree = UcsdTree.Create();
        using var reasoner = new BrightnessReasoner();
        var runner = new EvaluationRunner(new AnomalyInspector(reasoner), new EvaluationOptions { Shots = 4, Seed = 1, TemporalSmoothingRadius = 1 });

        EvaluationResult result = await runner.RunAsync(DatasetReader.Read(tree.Root, UcsdTree.Category));

        EvaluationMetrics m = result.Metrics;
        Assert.Equal("ucsd", m.Layout);
        Assert.Equal(22, result.Predictions.Count);
        Assert.Equal(4, result.References.Count);
        Assert.Equal((14, 8), (m.NormalCount, m.AnomalousCount));
        Assert.Equal(["01", "03"], m.PerClip.Keys);
        Assert.Equal((12, 4), (m.PerClip["01"].FrameCount, m.PerClip["01"].AnomalousCount));
        Assert.Equal((10, 4), (m.PerClip["03"].FrameCount, m.PerClip["03"].AnomalousCount));

        // The bright planted squares rank every anomalous frame first, within each clip and pooled.
        Assert.Equal(1.0, m.ImageAuroc);
        Assert.Equal(1.0, m.PerClip["01"].ImageAuroc);
        Assert.Equal(1.0, m.MeanClipAuroc);
        Assert.Equal(1, m.TemporalSmoothingRadius);
        Assert.NotNull(m.SmoothedImageAuroc);
        Assert.NotNull(m.PerClip["03"].SmoothedImageAuroc);

        // Only clip 01 has masks: pixel metrics over its frames (normal frames count as all-normal pixels).
        Assert.Equal(["01"], m.PixelMetricsClips);
        Assert.Equal(1.0, m.PixelAuroc);
        Assert.Equal((1.0, 4), (m.HitRate, m.HitRateCount));

        using var stream = new MemoryStream();
        MetricsJsonWriter.Write(result, stream);
        using JsonDocument json = JsonDocument.Parse(stream.ToArray());
        JsonElement root = json.RootElement;
        Assert.Equal(1.0, root.GetProperty("mean_clip_auroc").GetDouble());
        Assert.Equal(1, root.GetProperty("temporal_smoothing_radius").GetInt32());
        Assert.Equal(12, root.GetProperty("per_clip").GetProperty("01").GetProperty("n_frames").GetInt32());
        Assert.Equal(1.0, root.GetProperty("per_clip").GetProperty("03").GetProperty("image_auroc").GetDouble());
        Assert.Equal("01", root.GetProperty("pixel_metrics_clips")[0].GetString());
    }

    [Fact]
    public async Task Still_image_datasets_get_no_clip_fields()
    {
        using DatasetTree tree = DatasetTree.MvtecAd();
        using var reasoner = new BrightnessReasoner();
        EvaluationResult result = await new EvaluationRunner(new AnomalyInspector(reasoner), new EvaluationOptions { TemporalSmoothingRadius = 2 }).RunAsync(DatasetReader.Read(tree.Root, "widget"));

        Assert.Empty(result.Metrics.PerClip);
        Assert.Null(result.Metrics.SmoothedImageAuroc);
        using var stream = new MemoryStream();
        MetricsJsonWriter.Write(result, stream);
        using JsonDocument json = JsonDocument.Parse(stream.ToArray());
        Assert.False(json.RootElement.TryGetProperty("per_clip", out _));
    }
}
