using Customizable.Vlm.Video;

namespace Customizable.Vlm.Tests.Video;

public class TemporalSegmentsTests
{
    private static List<EncodedView> Frames(int count, double framesPerSecond)
    {
        var frame = new RawFrame(64, 48, PixelFormat.Rgb24, new byte[64 * 48 * 3]);
        return [.. Enumerable.Range(0, count).Select(i => new EncodedView(
            frame,
            new VideoProvenance([new VideoTile(new PixelRect(0, 0, 64, 48), i * 2, TimeSpan.FromSeconds(i * 2 / framesPerSecond), TimeSpan.FromSeconds(2 / framesPerSecond), 64, 48)]),
            $"frame {i * 2}",
            null,
            i) { Slot = 0 })];
    }

    [Fact]
    public void Runs_of_smoothed_frame_scores_above_the_threshold_become_time_located_regions_and_a_lone_spike_does_not()
    {
        List<EncodedView> views = Frames(10, 10);
        var verdict = new AnomalyVerdict
        {
            Score = 0.95,
            IsAnomalous = true,
            ViewScores = [0.1, 0.2, 0.9, 0.95, 0.8, 0.1, 0.1, 0.9, 0.1, 0.1],
            Regions = [new AnomalyRegion(3, new PixelRect(10, 10, 5, 5)) { Score = 0.95, Description = "a dark blob" }],
        };

        TemporalSegments.Apply(verdict, views, radius: 1);

        AnomalyRegion segment = Assert.Single(verdict.Regions);
        var when = Assert.IsType<TimeRangeLocation>(segment.SourceLocation);
        Assert.Equal((4, 8), (when.FirstFrame, when.LastFrame));
        Assert.Equal(TimeSpan.FromSeconds(0.4), when.Start);
        Assert.Equal(TimeSpan.FromSeconds(1.0), when.End);
        Assert.Equal(new PixelRect(10, 10, 5, 5), when.FrameBox);
        Assert.Equal(3, segment.ViewIndex);
        Assert.Equal(10, verdict.FrameScores.Count);
        Assert.Equal((0.9 + 0.95 + 0.8) / 3, verdict.Score, 9);
        Assert.True(verdict.IsAnomalous);
        Assert.Contains("t=0.40s-1.00s", verdict.Reasoning, StringComparison.Ordinal);
        Assert.True(verdict.FrameScores[7].SmoothedScore < 0.5, "the lone spike at frame 14 is smoothed below the threshold");
    }

    [Fact]
    public void A_video_whose_smoothed_scores_stay_below_the_threshold_is_normal_with_no_region()
    {
        List<EncodedView> views = Frames(5, 10);
        var verdict = new AnomalyVerdict { Score = 0.7, IsAnomalous = true, ViewScores = [0.1, 0.7, 0.1, 0.1, 0.1] };

        TemporalSegments.Apply(verdict, views, radius: 1);

        Assert.False(verdict.IsAnomalous);
        Assert.Empty(verdict.Regions);
        Assert.True(verdict.Score < 0.5);
    }

    [Fact]
    public void Views_that_are_not_frames_of_a_video_are_left_as_the_reasoner_gave_them()
    {
        var view = new EncodedView(new RawFrame(64, 48, PixelFormat.Rgb24, new byte[64 * 48 * 3]), ImageProvenance.Identity(64, 48));
        var verdict = new AnomalyVerdict { Score = 0.7, IsAnomalous = true, ViewScores = [0.7] };

        TemporalSegments.Apply(verdict, [view], radius: 1);

        Assert.True(verdict.IsAnomalous);
        Assert.Equal(0.7, verdict.Score);
        Assert.Empty(verdict.FrameScores);
    }
}
