using Customizable.Vlm.Evaluation.Datasets;

namespace Customizable.Vlm.Evaluation.Tests;

public class ClipScoringTests
{
    [Fact]
    public void Smoothing_averages_the_radius_neighbours_and_fewer_at_the_ends()
    {
        Assert.Equal([1.5, 3, 6, 7.5], ClipScoring.Smooth([0, 3, 6, 9], 1));
        Assert.Equal([0, 3, 6, 9], ClipScoring.Smooth([0, 3, 6, 9], 0));
        Assert.Equal([3, 4.5, 4.5, 6], ClipScoring.Smooth([0, 3, 6, 9], 2));
    }

    [Fact]
    public void Each_clip_is_ranked_only_against_its_own_frames_and_the_mean_skips_clips_without_both_labels()
    {
        // Clip a separates perfectly; clip b's anomalous 0.55 loses to its normal 0.6: 3 of 4 pairs, AUROC 0.75.
        // Clip c has only normal frames: its AUROC is undefined and left out of the mean.
        List<ItemPrediction> predictions =
        [
            .. Clip("a", (0.1, false), (0.2, false), (0.3, true), (0.4, true)),
            .. Clip("b", (0.5, false), (0.6, false), (0.55, true), (0.7, true)),
            .. Clip("c", (0.9, false), (0.8, false)),
        ];

        ClipSummary summary = ClipScoring.Compute(predictions, radius: 0);

        Assert.Equal(["a", "b", "c"], summary.PerClip.Keys);
        Assert.Equal(new ClipMetrics(4, 2, 1.0, null), summary.PerClip["a"]);
        Assert.Equal(0.75, summary.PerClip["b"].ImageAuroc);
        Assert.Null(summary.PerClip["c"].ImageAuroc);
        Assert.Equal(0.875, summary.MeanAuroc);
        Assert.Null(summary.MeanSmoothedAuroc);
        Assert.Null(summary.SmoothedPooledAuroc);
    }

    [Fact]
    public void Smoothed_metrics_follow_frame_order_not_prediction_order()
    {
        // Frame order 0..5: scores 0.1 0.9 0.1 | 0.5 0.6 0.7 (anomalous 3-5). The spike at frame 1 ranks above the anomalous run
        // raw (AUROC 6/9), but smoothing over +-1 frame flattens it below the run.
        (double, bool)[] frames = [(0.1, false), (0.9, false), (0.1, false), (0.5, true), (0.6, true), (0.7, true)];
        List<ItemPrediction> predictions = [.. Clip("a", frames)];
        predictions.Reverse();

        ClipSummary summary = ClipScoring.Compute(predictions, radius: 1);

        Assert.Equal(6.0 / 9, summary.PerClip["a"].ImageAuroc!.Value, 12);
        // Smoothed: 0.5 0.367 0.5 0.4 0.6 0.65 -> normals {0.5, 0.367, 0.5}, anomalous {0.4, 0.6, 0.65}: 7 of 9 pairs.
        Assert.Equal(7.0 / 9, summary.PerClip["a"].SmoothedImageAuroc!.Value, 12);
        Assert.Equal(7.0 / 9, summary.SmoothedPooledAuroc!.Value, 12);
    }

    [Fact]
    public void Still_images_have_no_clip_metrics()
    {
        var item = new DatasetItem("/x/a.png", "a.png", isAnomalous: true, "scratch");
        ClipSummary summary = ClipScoring.Compute([new ItemPrediction(item, 0.5, false, 1, string.Empty, null)], radius: 1);

        Assert.Empty(summary.PerClip);
        Assert.Null(summary.MeanAuroc);
        Assert.Null(summary.SmoothedPooledAuroc);
    }

    private static IEnumerable<ItemPrediction> Clip(string clip, params (double Score, bool Anomalous)[] frames) =>
        frames.Select((f, k) => new ItemPrediction(
            new DatasetItem($"/x/{clip}/{k}.png", $"{clip}/{k}.png", f.Anomalous, f.Anomalous ? "anomalous" : DatasetItem.NormalType) { Clip = clip, FrameIndex = k },
            f.Score,
            f.Score >= 0.5,
            1,
            string.Empty,
            null));
}
